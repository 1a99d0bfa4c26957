"""The web layer's plumbing, once: loading the objects a URL names, breadcrumbs, problem texts, and
files with personal data (PDF prints and spreadsheet exports) with their audit entry.

Loading follows Arlo's access decorator: the object is found through the URL's unit, so a voter,
nominee or objection of another committee is "not found" here, whatever the reader may see
elsewhere; `access.roles(..., unit_arg=...)` has already checked the unit against the jurisdiction.
"""
from datetime import datetime, timedelta, timezone
from urllib.parse import quote
from functools import wraps

from flask import Response, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from .audit.models import AuditEntry
from .audit.services import record
from .extensions import db
from .geography import services as geo
from .geography.codes import within
from .law.views import rule_links
from .roles import MANAGERS
from .rolls import idnumber
from .rolls import services as rolls
from .rounds import services as rounds
from .transactions import declare_write
from .workbooks import XLSX_TYPE

NO_STORE = "no-store"
XLSX = XLSX_TYPE  # what every XLSX response names
# The audit actions of searches and views of personal data, limited for masked readers.
LOOKUP = "lookup."


def unit_or_404(code: str, levels: tuple[str, ...] | None = None):
    """The unit of the URL's code, of one of `levels` when they are given, or 404."""
    unit = geo.get_unit(code)
    if unit is None or (levels is not None and unit.level not in levels):
        abort(404)
    return unit


def round_or_404(round_id: int):
    return rounds.get_round(round_id) or abort(404)


def election_or_404(round_, code: str):
    """The committee election of the URL's committee in the URL's round."""
    return rounds.election_for(round_, code) or abort(404)


def loads_election(view):
    """Arlo's restrict_access: before the view runs, the round and the committee election the URL
    names are loaded (404 when there is none) and passed as `round_` and `election`. Placed under
    `access.roles(..., unit_arg="code")`, which has checked the committee against the jurisdiction."""
    @wraps(view)
    def loaded(*args, round_id: int, code: str, **kwargs):
        round_ = round_or_404(round_id)
        return view(*args, round_id=round_id, code=code, round_=round_, election=election_or_404(round_, code),
                    **kwargs)

    return loaded


def child_or_404(election, model, object_id: int):
    """A voter, group, objection or nominee of this committee election, or 404."""
    found = db.session.get(model, object_id) if 0 < object_id < 2**63 else None
    if found is None or found.election_id != election.id:
        abort(404)
    return found


MAX_PAGE = 1_000_000  # beyond any list here; a larger number would overflow the database's OFFSET


def page_number() -> int:
    """The `page` argument of a paged list: 1 when absent or unreadable, never beyond MAX_PAGE."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def breadcrumbs(unit) -> list:
    """The unit's ancestors the reader may open, from the top of their jurisdiction."""
    return [b for b in geo.breadcrumbs(unit) if within(current_user.unit_code, b.code)]


def problem_texts(problems) -> list:
    """Problems in the reader's language, each naming its rule in words and linking its id."""
    return [rule_links(p.text(_)) for p in problems]


def id_shown(election):
    """How a page shows ID numbers: whole to those who manage the committee's roll, masked to the
    rest (observers, vetting departments)."""
    return (lambda n: n) if rolls.is_manager(current_user, election) else idnumber.mask


def personal_lookup(unit_code: str, what: str, after: dict) -> None:
    """A search or a view of personal data: in the audit log (an ID number searched for is masked
    there like any other), and, for a reader who sees ID numbers masked, refused (429) beyond
    PERSONAL_LOOKUPS within PERSONAL_LOOKUP_WINDOW seconds."""
    if current_user.role not in MANAGERS:
        config = current_app.config
        since = datetime.now(timezone.utc) - timedelta(seconds=config["PERSONAL_LOOKUP_WINDOW"])
        recent = db.session.scalar(select(func.count()).where(
            AuditEntry.actor == current_user.username, AuditEntry.action.startswith(LOOKUP), AuditEntry.at >= since))
        if recent >= config["PERSONAL_LOOKUPS"]:
            abort(429)
    declare_write()
    record(current_user, unit_code, LOOKUP + what, "unit", unit_code, after=after)


def personal_file(data: bytes, filename: str, mimetype: str, *, unit_code: str, action: str, obj_type: str,
                  obj_id, after: dict, inline: bool = False) -> Response:
    """A file with personal data: its audit entry (who took what, when), and no copy in any cache."""
    declare_write()
    record(current_user, unit_code, action, obj_type, obj_id, after=after)
    response = Response(data, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{filename}"
    response.headers["Cache-Control"] = NO_STORE
    return response


def printed(data: bytes, filename: str, **audit) -> Response:
    """A printed document (PDF) with personal data, shown in the browser, audited."""
    return personal_file(data, filename, "application/pdf", inline=True, **audit)




def download(data: bytes, filename: str, mimetype: str, *, inline: bool = False) -> Response:
    """A file without personal data (statistics, which count people but name nobody)."""
    response = Response(data, mimetype=mimetype)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    return response
