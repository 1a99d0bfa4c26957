"""Results: the counting law (`counting`), the election record and result formats (`record`),
the independent recount command (`cli`) and the what-if page (`views`).

`counting` and `record` are pure (no Flask, no database) so that the recount command, the what-if
page and the later tally screens all count with the very same code, and an auditor can read it
beside rules.md.
"""
