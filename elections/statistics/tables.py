"""The statistics of a report as tables: what the page shows, the XLSX has as sheets, the CSV as
sections and the printed report as tables; one definition for all four."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..candidates.labels import EDUCATION_LABELS, POST_LABELS
from ..candidates.profile import EDUCATION
from ..rounds import stages
from ..rounds.labels import KIND_LABELS, MODE_LABELS, STAGE_LABELS
from ..workbooks import Table
from .composition import AGE_BANDS, share
from .report import Report, Row

AGE_BAND_LABELS = {"to35": "≤ 35", "36to45": "36–45", "46to55": "46–55", "over55": "> 55"}
PROGRESS_ORDER = (*stages.MAIN_LINE[:-2], *stages.SIDE_STAGES, *stages.MAIN_LINE[-2:])


def _summary_lines(row: Row) -> list[tuple[str, object]]:
    """(label, value) of the figures a unit has once; shares and averages are floats."""
    f = row.f
    return [
        (_("Committees"), row.committees),
        (_("Residents' committees"), row.residential),
        (_("Village committees"), row.village),
        (_("Certified"), row.certified),
        (_("Direct-election share of residents' committees (%)"), row.direct_share),
        (_("Committees voting or voted"), row.voting),
        (_("Electorate (committees voting or voted)"), row.electorate),
        (_("Ballots issued"), row.issued),
        (_("Turnout on election day, ballots issued (%)"), row.live_turnout),
        (_("Committees counted"), f("counted")),
        (_("Electorate (committees counted)"), f("electorate_counted")),
        (_("Ballots cast"), f("cast")),
        (_("Turnout, ballots cast (%)"), row.final_turnout),
        (_("Ballots invalid as a whole"), f("invalid")),
        (_("Ballots issued to proxy holders"), f("proxy")),
        (_("Ballots from the mobile box"), f("mobile")),
        (_("Ballots written by the ballot writer"), f("written")),
        (_("Central venues"), f("places_central")),
        (_("Polling stations"), f("places_station")),
        (_("Mobile ballot boxes"), f("places_mobile")),
        (_("First ballot counted"), f("first_ballot_counted")),
        (_("First ballot filled every seat"), f("first_ballot_success")),
        (_("First-ballot success rate (%)"), row.first_ballot_rate),
        (_("Revotes"), f("revotes")),
        (_("Supplementary elections"), f("supplementary")),
        (_("New elections"), f("new_elections")),
        (_("Members elected"), f("members")),
        (_("Women elected"), f("women")),
        (_("Women's share of members (%)"), row.women_share),
        (_("Committees with at least one woman"), f("has_woman")),
        (_("Average age of members"), row.average_age),
    ]


def summary(report: Report) -> Table:
    now = _summary_lines(report.total)
    before = _summary_lines(report.previous) if report.previous is not None else None
    headers = [_("Figure"), report.round.name]
    if before is not None:
        headers += [report.previous_round.name, _("Change")]
    rows = []
    for i, (label, value) in enumerate(now):
        line = [label, value]
        if before is not None:
            old = before[i][1]
            line += [old, round(value - old, 1) if value is not None and old is not None else None]
        rows.append(line)
    return Table("summary", _("Summary"), headers, rows)


CHILDREN_TITLES = {"city": _l("Districts"), "district": _l("Townships"), "township": _l("Committees")}
WHO_TITLES = {"city": _l("Districts: who was elected"), "district": _l("Townships: who was elected"),
              "township": _l("Committees: who was elected")}


def children(report: Report, link=None) -> list[Table]:
    """The child units' turnout, and who they elected: two tables, so that each fits a page."""
    links = [link(r.code) for r in report.children] if link else None
    turnout = Table("children", str(CHILDREN_TITLES[report.unit.level]),
                    [_("Unit name"), _("Code"), _("Committees"), _("Certified"), _("Electorate"), _("Ballots issued"),
                     _("Turnout on election day (%)"), _("Electorate (counted)"), _("Ballots cast"), _("Turnout (%)")],
                    [[r.name, r.code, r.committees, r.certified, r.electorate, r.issued, r.live_turnout,
                      r.f("electorate_counted"), r.f("cast"), r.final_turnout] for r in report.children],
                    links=links, hidden=frozenset({1}))
    who = Table("children-members", str(WHO_TITLES[report.unit.level]),
                [_("Unit name"), _("Code"), _("Direct-election share (%)"), _("First-ballot success rate (%)"),
                 _("Members elected"), _("Women's share (%)"), _("Committees with a woman"), _("Average age")],
                [[r.name, r.code, r.direct_share, r.first_ballot_rate, r.f("members"), r.women_share,
                  r.f("has_woman"), r.average_age] for r in report.children],
                links=links, hidden=frozenset({1}))
    return [turnout, who]


def turnout_by_mode(report: Report) -> Table:
    """R-MODE-3: each mode's turnout against its own electorate (voters, households or representatives)."""
    headers = [_("Election mode"), _("Committees voting or voted"), _("Electorate"), _("Ballots issued"),
               _("Turnout on election day (%)"), _("Committees counted"), _("Electorate (counted)"),
               _("Ballots cast"), _("Turnout (%)")]
    rows = []
    for mode, t in sorted(report.total.turnout_by_mode.items(), key=lambda item: list(MODE_LABELS).index(item[0])):
        rows.append([str(MODE_LABELS.get(mode, mode)), t["voting"], t["electorate"], t["issued"],
                     share(t["issued"], t["electorate"]), t["counted"], t["electorate_counted"], t["cast"],
                     share(t["cast"], t["electorate_counted"])])
    return Table("turnout-by-mode", _("Turnout by election mode"), headers, rows)


def modes(report: Report) -> Table:
    """Committees by kind and mode, with each mode's share of its kind (直选率 and the others)."""
    total = report.total
    rows = []
    for (kind, mode), count in sorted(total.by_mode.items(),
                                      key=lambda item: (item[0][0] != "residential", list(MODE_LABELS).index(item[0][1]))):
        rows.append([str(KIND_LABELS[kind]), str(MODE_LABELS.get(mode, mode)), count,
                     share(count, getattr(total, kind))])
    return Table("modes", _("Committees by election mode"), [_("Kind"), _("Election mode"), _("Committees"),
                                                             _("Share of the kind (%)")], rows)


STEPS = (("preparing", stages.MAIN_LINE[:5]), ("voting", ("voting",)),
         ("counted", ("counted", *stages.SIDE_STAGES)), ("certified", ("certified",)))
STEP_LABELS = {"preparing": _l("Preparing"), "voting": _l("Voting"),
               "counted": _l("Counted, not yet certified"), "certified": _l("Certified")}


def progress(report: Report) -> Table:
    """Committees by step of the election (the stages gathered as the progress chart stacks them),
    for each child unit, or the unit alone."""
    lines = report.children or [report.total]

    def steps(r: Row) -> list[int]:
        return [sum(r.by_stage.get(s, 0) for s in members) for _step, members in STEPS]

    rows = [[r.name, *steps(r), r.committees] for r in lines]
    if report.children:
        rows.append([_("Total"), *steps(report.total), report.total.committees])
    return Table("progress", _("Committees by stage"),
                 [_("Unit name"), *(str(STEP_LABELS[step]) for step, _m in STEPS), _("Committees")], rows)


def stages_of(report: Report) -> Table:
    """Every stage of the unit's committees, with its share."""
    total = report.total
    return Table("stages", _("Committees by stage, in detail"), [_("Stage"), _("Committees"), _("Share (%)")],
                 [[str(STAGE_LABELS[s]), total.by_stage[s], share(total.by_stage[s], total.committees)]
                  for s in PROGRESS_ORDER if total.by_stage.get(s)])


def composition(report: Report) -> Table:
    """Who was elected (R-SIZE-3 women; R26-SIZE the dual role): each line with its share of the members."""
    row = report.total
    members = row.f("members")
    lines = [(str(POST_LABELS[p]), row.f(p)) for p in ("director", "deputy_director", "member")]
    lines += [(_("Women"), row.f("women")), (_("Men"), members - row.f("women"))]
    lines += [(_("Age %(band)s", band=AGE_BAND_LABELS[b]), row.f(f"age_{b}")) for b in AGE_BANDS]
    lines += [(_("Age not known"), members - row.f("age_known"))]
    lines += [(str(EDUCATION_LABELS[e]), row.f(f"edu_{e}")) for e in EDUCATION]
    lines += [(_("Education not recorded"), row.f("edu_unknown")),
              (_("Members of the Communist Party of China"), row.f("party_members")),
              (_("Party membership not recorded"), row.f("party_unknown")),
              (_("Ethnic minorities"), row.f("minority")),
              (_("Ethnic group not recorded"), row.f("ethnicity_unknown")),
              (_("Re-elected"), row.f("reelected")), (_("First-time members"), row.f("first_time")),
              (_("Incumbency not recorded"), row.f("incumbency_unknown")),
              (_("Directors who are also the Party secretary (dual role)"), row.f("dual_role"))]
    return Table("composition", _("Members elected"), [_("Figure"), _("Number of members"), _("Share of members (%)")],
                 [[label, n, share(n, members)] for label, n in lines])


def all_tables(report: Report, link=None) -> list[Table]:
    return [summary(report), *(children(report, link) if report.children else []), turnout_by_mode(report),
            modes(report), progress(report), stages_of(report), composition(report)]
