"""A unit's election progress (rounds.progress) as the tables its XLSX export has, in the order
of the page: committees by stage and mode, by child unit, by election day, the overdue ones, and
a township's committees."""
from flask_babel import gettext as _

from ..workbooks import Table
from . import stages
from .labels import KIND_LABELS, MODE_LABELS, OVERDUE_LABELS, STAGE_LABELS
from .progress import Progress

ORDER = stages.MAIN_LINE[:-1] + stages.SIDE_STAGES + stages.MAIN_LINE[-1:]


def tables(p: Progress, names: dict[str, str]) -> list[Table]:
    """`names`: the child units' names by code."""
    shown = [s for s in ORDER if s in p.by_stage]
    columns = sorted(p.by_kind_mode.items())
    by_stage = Table("stages", _("Committees by stage"),
                     [_("Stage"), *(f"{KIND_LABELS[k]} · {MODE_LABELS.get(m, m)}" for (k, m), _c in columns), _("Total")],
                     [[str(STAGE_LABELS[s]), *(counts.get(s, 0) for _k, counts in columns), p.by_stage[s]] for s in shown])
    by_stage.rows.append([_("Total"), *(sum(counts.values()) for _k, counts in columns), p.total])
    out = [by_stage]
    if p.by_child:
        out.append(Table("children", _("By child unit"), [_("Unit name"), _("Code"), *(str(STAGE_LABELS[s]) for s in ORDER),
                                                          _("Total")],
                         [[names.get(code, code), code, *(counts.get(s, 0) for s in ORDER), sum(counts.values())]
                          for code, counts in sorted(p.by_child.items())]))
    out.append(Table("days", _("Election days"), [_("Election day"), _("Committee elections")],
                     [[day.isoformat() if day else _("not set"), n] for day, n in p.days]))
    out.append(Table("overdue", _("Overdue committee elections"),
                     [_("Committee"), _("Code"), _("Township"), _("Election day"), _("Stage"), _("Overdue")],
                     [[name, e.committee_code, township, e.election_day.isoformat() if e.election_day else "",
                       str(STAGE_LABELS[e.stage]), "；".join(str(OVERDUE_LABELS[r]) for r in late)]
                      for (e, name, township), late in p.overdue]))
    if p.elections:
        out.append(Table("elections", _("Committee elections"),
                         [_("Committee"), _("Code"), _("Election mode"), _("Election day"), _("Stage")],
                         [[name, e.committee_code, str(MODE_LABELS.get(e.mode, e.mode)),
                           e.election_day.isoformat() if e.election_day else "", str(STAGE_LABELS[e.stage])]
                          for (e, name), _late in p.elections]))
    return out
