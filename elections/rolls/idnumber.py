"""R-ROLL-6: the 18-character resident ID number (GB 11643) and what it says about its holder.

Pure: no Flask, no database. `check` returns the normalised number (a lower-case `x` becomes `X`)
or the problems with it; `agreement` compares the number with a birth date and sex given beside it.
"""
import re
from dataclasses import dataclass
from datetime import date
from operator import mul

from ..messages import N_, Problem

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum modulo 11 (ISO 7064 MOD 11-2)
RULE = "R-ROLL-6"


_ZERO_OFFSET = ord("0") * sum(WEIGHTS)  # the weighted sum of the ASCII codes, less that, is the digits'


def check_character(first17: str) -> str:
    # Weights times ASCII codes: twice as fast as int() per digit, which a million-row import feels.
    return CHECK_CHARACTERS[(sum(map(mul, first17.encode(), WEIGHTS)) - _ZERO_OFFSET) % 11]


@dataclass(frozen=True)
class IdNumber:
    number: str  # 18 characters, upper-case X
    birth_date: date
    sex: str  # "M" / "F": the sequence's last digit, odd = male


def _problem(message: str, **params) -> Problem:
    return Problem(message, params, rule=RULE)


def check(raw: str, today: date) -> IdNumber | Problem:
    """The ID number `raw` read and checked, or the first thing wrong with it.

    `today` bounds the birth date: a number whose birth date is in the future is not real.
    """
    number = raw.strip().upper()
    if not number:
        return _problem(N_("The ID number is missing."))
    if len(number) == 15 and number.isdigit() and number.isascii():
        return _problem(N_("This is an old 15-digit ID number; enter the 18-character number on the "
                           "person's current ID card."))
    if len(number) != 18:
        return _problem(N_("An ID number has 18 characters; this one has %(count)d."), count=len(number))
    if not (number[:17].isdigit() and number[:17].isascii()) or number[17] not in CHECK_CHARACTERS:
        return _problem(N_("An ID number is 17 digits followed by a digit or X."))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _problem(N_("The birth date in the ID number, %(digits)s, is not a real date."), digits=number[6:14])
    if born > today:
        return _problem(N_("The birth date in the ID number, %(day)s, is in the future."), day=born.isoformat())
    expected = check_character(number[:17])
    if number[17] != expected:
        return _problem(N_("The check character of the ID number is wrong (it should be %(expected)s): "
                           "a character was probably mistyped."), expected=expected)
    return IdNumber(number, born, "M" if int(number[16]) % 2 else "F")


def agreement(id_number: IdNumber, birth_date: date | None, sex: str | None) -> list[Problem]:
    """R-ROLL-6: a birth date or sex stored beside the number must be the number's."""
    problems = []
    if birth_date is not None and birth_date != id_number.birth_date:
        problems.append(Problem(
            N_("The birth date %(given)s does not agree with the ID number, which says %(expected)s."),
            {"given": birth_date.isoformat(), "expected": id_number.birth_date.isoformat()},
            rule=RULE, field="birth_date"))
    if sex is not None and sex != id_number.sex:
        message = (N_("The sex does not agree with the ID number, whose sequence digit says male.")
                   if id_number.sex == "M" else
                   N_("The sex does not agree with the ID number, whose sequence digit says female."))
        problems.append(Problem(message, rule=RULE, field="sex"))
    return problems


def mask(number: str) -> str:
    """The number as shown to those who do not manage the roll: the first 6 and last 4 characters."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


_ANYWHERE = re.compile(r"(?<![0-9])[0-9]{6}(?:[0-9]{8}|[0-9]{11})[0-9X]?(?![0-9])", re.IGNORECASE)


def mask_within(value):
    """`value` (text, or dicts and lists of it, as an audit entry holds) with every 15- or
    18-character ID number in it masked; other values unchanged."""
    if isinstance(value, str):
        return _ANYWHERE.sub(lambda m: mask(m.group()) if len(m.group()) in (15, 18) else m.group(), value)
    if isinstance(value, dict):
        return {k: mask_within(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_within(v) for v in value]
    return value


def make(area: str, born: date, sequence: int) -> str:
    """A valid number for an area code, birth date and 3-digit sequence (odd = male): for tests,
    the demo and the synthetic rolls of the benchmark."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
