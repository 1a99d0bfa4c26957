"""Importing a voter-roll file: checked whole into staging rows, then applied whole or discarded.

`check_import` reads the file as a stream (`roll_file`) and checks each row as it comes: the
committee (known, in the round, inside the unit the file is for, with an election day, its roll not
yet published), the person (name, ID number R-ROLL-6, 18 on election day R-ROLL-1, a category of the
committee's kind R-ROLL-2) and the household number. Good rows go to `roll_import_rows` and problems
to `roll_import_problems` in batches, through the driver's bulk path (sqlite3 `executemany`,
PostgreSQL `COPY`), so that a city-wide file of a million rows needs neither a million ORM objects
nor the memory for them. The checks across rows then run in SQL over the staging rows: one person
twice in the file or already on a roll of the round (R-ROLL-3, naming both committees), a household
in two groups, and in household elections one representative per household (R-MODE-2).

An import without errors is `checked`: `apply_import` writes its groups, households and voters with
INSERT … SELECT from the staging rows, all or nothing, and audits each committee; `discard_import`
drops it. An import with errors is `rejected` and keeps only its report, until the next file for
the same unit supersedes it. A person of a category
that needs consent, imported without it, is a notice, not an error: they are listed as not
registered until the consent is recorded (R-ROLL-2).

In three modules: `check` (the file and the law, row by row, then across rows in SQL), `bulk` (the
staging tables, written through the driver's bulk path) and `apply` (apply, discard, delete). All
of it flushes in the caller's unit of work (`transactions`); the request or command commits.
"""
from .apply import apply_import, delete_import, discard_import
from .bulk import BATCH
from .check import ERROR, NOTICE, check_import
from .refusals import ImportRefused

__all__ = ["BATCH", "ERROR", "NOTICE", "ImportRefused", "apply_import", "check_import", "delete_import",
           "discard_import"]
