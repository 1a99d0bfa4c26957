"""The record's problems in the reader's language: `record.py` stays free of Flask, so its messages
are msgids with their values apart, translated here."""
from flask_babel import gettext

from .parsing import Problem


def describe(problem: Problem) -> str:
    text = gettext(problem.message, **problem.params)
    return f"{problem.path}: {text}" if problem.path else text
