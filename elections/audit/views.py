"""The audit log page and its export: entries of the reader's jurisdiction, filtered by the URL's
arguments, with action names and changes in the reader's language."""
import io
from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from openpyxl import Workbook

from .. import access
from ..clock import beijing_time
from ..geography import services as geo
from ..geography.codes import is_code, within
from ..roles import OFFICIALS, READERS
from ..rolls.idnumber import mask_within
from ..spreadsheets import neutralised_row
from ..view_helpers import XLSX, page_number, personal_file
from . import browse
from .labels import ACTION_GROUPS, ACTION_LABELS, FIELD_LABELS, OBJECT_LABELS, VALUE_LABELS
from .models import AuditEntry

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50
EXPORT_LIMIT = 200_000  # a district's log of a whole round; a larger export is narrowed by its filters
EXPORTERS = OFFICIALS


def _day(value: str | None) -> date | None:
    """A day of the filter; one the calendar cannot follow to its next day (9999-12-31) is no bound."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is None or day < date.max else None


def _filters() -> browse.Filters:
    """The URL's filters; a unit filter narrows the reader's jurisdiction, never widens it."""
    args = request.args
    unit = args.get("unit", "").strip()
    if unit and not is_code(unit):  # a name, or "name code" as the unit picker fills it
        found, _candidates = geo.resolve(unit, current_user.unit_code)
        unit = found.code if found is not None else ""
    if not (is_code(unit) and within(current_user.unit_code, unit)):
        unit = current_user.unit_code
    return browse.Filters(unit, actor=args.get("actor", "").strip()[:80], action=args.get("action", "").strip()[:60],
                          start=_day(args.get("from")), end=_day(args.get("to")))


def _shown(entry: AuditEntry) -> dict:
    """What the reader sees of an entry: ID numbers masked (entries written before they were masked
    on writing included), and the vetting departments' evidence only for the officials who may open
    the vetting file (R-CAND-3); observers and election committees see that evidence was given."""
    def redact(value):
        value = mask_within(value)
        if isinstance(value, dict) and "evidence" in value and entry.action.startswith("vetting.") \
                and current_user.role not in OFFICIALS:
            value = {**value, "evidence": _("(withheld)") if value["evidence"] else value["evidence"]}
        return value
    return {"changes": browse.changes(redact(entry.before), redact(entry.after))}


def readable(value, field: str = "") -> str:
    """A value of an entry as people read it: codes of the field in words (a role, a status),
    yes/no, lists with 、, nested fields as "name: value"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "、".join(readable(v, field) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(k, k)}: {readable(v, k)}" for k, v in value.items())
    if isinstance(value, str) and value in VALUE_LABELS.get(field, {}):
        return str(VALUE_LABELS[field][value])
    return str(value)


@bp.get("/")
@access.roles(READERS)
def log():
    filters = _filters()
    page = page_number()
    found, has_more = browse.entries(filters, page=page, size=PAGE_SIZE)
    return render_template("audit/log.html", entries=[(e, _shown(e)) for e in found], has_more=has_more,
                           page=page, filters=filters, args=filters.args(), action_labels=ACTION_LABELS,
                           action_groups=ACTION_GROUPS, object_labels=OBJECT_LABELS, field_labels=FIELD_LABELS,
                           readable=readable, can_export=current_user.role in EXPORTERS)


@bp.get("/export.xlsx")
@access.roles(EXPORTERS)
def export():
    """The filtered log as a workbook, newest first; the export is itself in the log."""
    filters = _filters()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit log"))
    sheet.append([_("Time"), _("Actor"), _("Unit"), _("Action"), _("Action code"), _("Object"), _("Field"),
                  _("Before"), _("After")])
    rows = 0
    for entry in browse.all_entries(filters, EXPORT_LIMIT):
        moment = beijing_time(entry.at)
        action = str(ACTION_LABELS.get(entry.action, entry.action))
        target = f"{OBJECT_LABELS.get(entry.object_type, entry.object_type)} {entry.object_id or ''}".strip()
        for field, before, after in _shown(entry)["changes"] or [("", None, None)]:
            sheet.append(neutralised_row((moment, entry.actor, entry.unit_code, action, entry.action, target,
                                          str(FIELD_LABELS.get(field, field)), readable(before, field),
                                          readable(after, field))))
        rows += 1
    out = io.BytesIO()
    book.save(out)
    return personal_file(out.getvalue(), f"audit-{filters.unit}.xlsx", XLSX, unit_code=filters.unit,
                         action="audit.export", obj_type="unit", obj_id=filters.unit,
                         after={**filters.args(), "rows": rows})

