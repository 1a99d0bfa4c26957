"""What refuses an import as a whole."""
from ...messages import N_, Problem
from ...rounds.models import Round
from ...transactions import Refusal


class ImportRefused(Refusal):
    """Nothing was done: the round is closed, or the import cannot be applied (any longer)."""


def require_open(round_: Round) -> None:
    if not round_.is_open:
        raise ImportRefused([Problem(N_("This round is closed: it can be read but not changed."))])
