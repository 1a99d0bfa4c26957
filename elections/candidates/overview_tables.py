"""The overview of nomination and vetting (candidates.overview) as the tables of its XLSX export,
as the page shows them. The barred nominees' names are in it only for officials (`names`)."""
from flask_babel import gettext as _

from ..rounds.labels import STAGE_LABELS
from ..workbooks import Table
from .labels import VETTING_STAGE_LABELS
from .overview import VETTING_STAGES, Overview


def tables(o: Overview, *, names: bool) -> list[Table]:
    out = [Table("vetting", _("Nominees by stage of vetting"), [*(str(VETTING_STAGE_LABELS[s]) for s in VETTING_STAGES),
                                                                _("Total")],
                 [[*(o.by_stage[s] for s in VETTING_STAGES), o.nominees]])]
    township = o.unit.level == "township"
    out.append(Table("children", _("By child unit"),
                     [_("Unit"), _("Code"), _("Stage") if township else _("Committees"), _("Nominees"),
                      str(VETTING_STAGE_LABELS["qualified"]), str(VETTING_STAGE_LABELS["barred"]),
                      _("Candidate lists published")],
                     [[r.unit.name, r.unit.code, (str(STAGE_LABELS[r.stage]) if r.stage else "") if township else r.committees,
                       r.nominees, r.qualified, r.barred, int(r.published)] for r in o.children]))
    out.append(Table("barred-by-item", _("Barred nominees by criterion"), [_("Item"), _("Criterion"), _("Nominees")],
                     [[b.item_id, b.text, b.count] for b in o.barred_by_item]))
    if names:
        out.append(Table("barred", _("Barred nominees"), [_("Name"), _("Committee"), _("Items"), _("Decided on")],
                         [[b.name, b.committee_name, "、".join(b.items), b.decided_on.isoformat() if b.decided_on else ""]
                          for b in o.barred]))
    out.append(Table("without-woman", _("Committees without a woman candidate"),
                     [_("Committee"), _("Code"), _("Township"), _("Stage"), _("Candidates")],
                     [[c.committee_name, c.committee_code, c.township_name, str(STAGE_LABELS[c.stage]), c.candidates]
                      for c in o.without_woman]))
    out.append(Table("unpublished", _("Candidate lists not yet published"),
                     [_("Committee"), _("Code"), _("Township"), _("Stage"), _("Election day"), _("Publish by")],
                     [[c.committee_name, c.committee_code, c.township_name, str(STAGE_LABELS[c.stage]),
                       c.election_day.isoformat() if c.election_day else "", c.deadline.isoformat() if c.deadline else ""]
                      for c in o.unpublished]))
    return out
