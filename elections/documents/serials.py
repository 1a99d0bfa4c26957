"""Certificate serial numbers (R-CERT-2: "a serial number that can be verified").

A serial is 80 random bits from the operating system's generator, written as 16 characters of a
32-letter alphabet without 0/O and 1/I (which people misread when they type what they see) in four
groups: ``7KQH-3WXM-ZP9A-C4TB``. Random, not sequential, so that nobody finds another member's
certificate by counting; 2^80 possibilities, so that trying serials at the verification page's
rate finds nothing in the lifetime of the universe. Pure: no Flask, no database.
"""
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: 5 bits each
LENGTH = 16  # 16 × 5 = 80 bits
GROUP = 4


def new_serial() -> str:
    """A fresh serial in its printed form."""
    return printed("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def printed(compact: str) -> str:
    return "-".join(compact[i:i + GROUP] for i in range(0, len(compact), GROUP))


def normalise(typed: str) -> str | None:
    """The printed form of what someone typed (any case, spaces or dashes anywhere), or None when it
    cannot be a serial: wrong length or a character outside the alphabet (0, 1, O, I included)."""
    compact = "".join(ch for ch in (typed or "") if ch not in " -\u3000\t").upper()
    if len(compact) != LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return printed(compact)
