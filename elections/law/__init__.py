"""The law as officials read it: every rule of rules.md in words, with its source and rule set."""
