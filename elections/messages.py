"""Messages from the pure law modules, which must not import Flask.

They mark their English message ids with `N_` (extracted by pybabel with `-k N_`) and return
`Problem`s; the web and CLI layers translate them with the user's gettext.
"""
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark `message` for extraction; translation happens where the problem is shown."""
    return message


@dataclass(frozen=True)
class Problem:
    message: str  # an English msgid with %(name)s placeholders
    params: dict = field(default_factory=dict)
    rule: str | None = None  # the rule of rules.md that the problem breaks, e.g. "R-ROLL-5"
    field: str | None = None  # the form field or file column it is about
    overridable: bool = False  # a district official may override it with a written reason

    def text(self, gettext) -> str:
        """The message in the user's language, then the rule in words and its id before the final stop:
        "…为12人（村民委员会由3至7人组成……，R-SIZE-1）。". Pages link the id to the rules page."""
        from .law.catalogue import rule  # the catalogue marks its words with N_ from here

        message = gettext(self.message, **self.params) if self.params else gettext(self.message)
        if not self.rule:
            return message
        stop = message[-1] if message[-1:] in ("。", ".") else ""
        cited = rule(self.rule)
        if cited is None:
            return gettext(N_("%(message)s (%(rule)s)"), message=message.removesuffix(stop), rule=self.rule) + stop
        return gettext(N_("%(message)s (rule: %(title)s, %(rule)s)"), message=message.removesuffix(stop),
                       title=gettext(cited.title), rule=self.rule) + stop
