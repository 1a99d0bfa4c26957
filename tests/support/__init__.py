"""What the tests share: databases and apps, accounts, PDFs, statement counts, units of work and
the builders of rolls, candidates and ballots. No test module imports another."""
