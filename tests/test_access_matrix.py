"""The access matrix: every route × every role × inside/outside the user's jurisdiction.

`MATRIX` below is the single table of who may reach what. Each endpoint names its HTTP method,
one URL per *target* ("inside" 东城区 › 东华门街道 › 多福巷社区 where the accounts live, "outside" in
西城区, and for unit routes the parents of the accounts' units), and the expected outcome for every
role and target. `test_matrix` turns each (endpoint, role, target) into its own test;
`test_every_route_is_in_the_matrix` fails as soon as a route is added without a row here.

Scoped list routes (search, audit log, accounts) answer 200 for everybody allowed, so for them the
question is what the page *shows*: their expectations list strings that must (not) appear, and
the tests at the end of the file check the lists in detail.

The rounds routes need a round: `rounds_setup` opens two, one that every case reads and one that
only the city admin's POST to rounds.close closes. POST cases check access only: they send an
empty form, which an allowed user gets back with its errors (422) or, where every field is
optional, as a save of nothing (a redirect); `test_matrix_posts_changed_nothing` proves it.

Two details of the harness:
* `shared_app` yields inside an app context, and a request reuses an app context that is already
  pushed: Flask-Login would then find the previous client's user cached in `g` and the requests
  would share one database session. So every request here runs in its own app context, as it does
  in production (`_send`).
* Logging in costs one scrypt hash (~90 ms), too slow for ~200 cases. Each account logs in once
  through `support.accounts.login`, and every case gets a fresh test client carrying that account's session
  cookie, which is what a browser holds after logging in.
"""
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sqlalchemy import func, select

from support.accounts import ACCOUNTS, IN_COMMITTEE, IN_DISTRICT, IN_TOWNSHIP, login
from support.rolls_data import person
from elections.accounts.models import User
from elections.audit.models import AuditEntry
from elections.audit.services import record
from elections.clock import beijing_today
from elections.extensions import db
from elections.rolls import services as roll_services
from elections.rolls.models import Objection, RollChange, RollVersion, Voter
from elections.rounds import services as rounds
from elections.rounds.models import CommitteeElection, ElectionCommitteeMember, Round, StageChange
from elections.candidates.models import CandidateList, Nomination, Nominee, Relative, VettingFile
from support.transactions import save

OUT_COMMITTEE, OUT_TOWNSHIP, OUT_DISTRICT = "110102001001", "110102001000", "110102000000"
OUT_COMMITTEE_NAME = "南北长街"  # 110102001001 南北长街社区居委会
IN_COMMITTEE_NAME = "多福巷"  # 110101001001 多福巷社区居委会
ANON = "anonymous"
# Every account that sits in 东城区 (or above it), plus nobody logged in.
ROLES = (ANON, "city", "district", "township", "committee", "clerk", "observer", "department", "issuer")
# Roles that read no unit pages: the clerk enters tallies, a vetting department answers its queue,
# an issuer issues ballots.
NON_READERS = ("clerk", "department", "issuer")
OUT_USERNAMES = tuple(name for name in ACCOUNTS if name.endswith("_out"))
IN_ACTION, OUT_ACTION = "test.in", "test.out"
ROUND_NAME, CLOSING_ROUND_NAME = "矩阵测试换届选举", "矩阵测试待关闭轮次"
ROLLS_ROUND_NAME = "矩阵测试选民名单"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the body of each download starts with (JSON: anything; the mimetype is checked).
MAGIC = {"application/pdf": b"%PDF", XLSX: b"PK\x03\x04", "application/json": b"", "image/svg+xml": b"<svg"}


@dataclass(frozen=True)
class Expect:
    """What one request must answer."""

    status: int
    location: str | None = None  # redirects: exact target; "{unit}" is the user's own unit, "{round}" etc. ids
    login_bounce: bool = False  # redirect to /login?next=<the requested URL>
    mimetype: str | None = None
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.status}{' → ' + self.location if self.location else ''}"


OK = Expect(200)
DENY = Expect(403)
NOT_FOUND = Expect(404)
LOGIN = Expect(302, login_bounce=True)  # a protected route, nobody logged in
TO_LOGIN_PAGE = Expect(302, location="/login")
TO_HOME = Expect(302, location="/")
OWN_UNIT = Expect(302, location="/geo/{unit}")
PDF = Expect(200, mimetype="application/pdf")
# The scoped lists: 200, and nothing from 西城区 unless the user is the city admin.
SEARCH_IN = Expect(200, present=(IN_COMMITTEE,))
SEARCH_OUT_HIDDEN = Expect(200, absent=(OUT_COMMITTEE,))
SEARCH_OUT_SHOWN = Expect(200, present=(OUT_COMMITTEE,))
AUDIT_IN = Expect(200, present=(IN_ACTION,), absent=(OUT_ACTION, *OUT_USERNAMES))
AUDIT_OUT_HIDDEN = Expect(200, absent=(OUT_ACTION, *OUT_USERNAMES))
AUDIT_OUT_SHOWN = Expect(200, present=(OUT_ACTION,), absent=(IN_ACTION,))
ACCOUNTS_ALL = Expect(200, present=OUT_USERNAMES)
ACCOUNTS_SCOPED = Expect(200, present=("township", "clerk", "observer"), absent=OUT_USERNAMES)
ROUND_LISTED = Expect(200, present=(ROUND_NAME,))
XLSX_FILE = Expect(200, mimetype=XLSX)
FORM_ERRORS = Expect(422)  # an allowed POST of an empty form: the page again, with the errors
TO_ROUND_CLOSED = Expect(302, location="/rounds/{closing}")
TO_ROUND = Expect(302, location="/rounds/{round}")
TO_ELECTION_IN = Expect(302, location=f"/rounds/{{round}}/elections/{IN_COMMITTEE}")
TO_ELECTION_OUT = Expect(302, location=f"/rounds/{{round}}/elections/{OUT_COMMITTEE}")
TO_QUEUE = Expect(302, location="/rounds/{round}/vetting/{unit}")


@dataclass(frozen=True)
class Route:
    """One endpoint: its method, its targets (name → URL, or a function of the account ids) and,
    for every role, one expectation per target, in the targets' order."""

    method: str
    targets: dict
    expect: dict = field(default_factory=dict)


def account(username: str):
    return lambda ids: f"/accounts/{ids[username]}"


def at(path: str):
    """A URL with looked-up ids: {round}, {closing}, {member_in}, {member_out} (see `rounds_setup`)."""
    return lambda ids: path.format(**ids)


def election_url(code: str, rest: str = "") -> str:
    return "/rounds/{round}/elections/" + code + rest


MATRIX: dict[str, Route] = {
    # ---- pages -----------------------------------------------------------------------------
    "pages.home": Route("GET", {"any": "/"}, {
        ANON: (TO_LOGIN_PAGE,),
        "city": (OWN_UNIT,),
        "district": (OWN_UNIT,),
        "township": (OWN_UNIT,),
        "committee": (OWN_UNIT,),
        "clerk": (OK,),  # the clerk's own home page: tallies, no tree
        "observer": (OWN_UNIT,),
        "department": (TO_QUEUE,),  # a vetting department's home is its queue in the current round
        "issuer": (Expect(302, location="/issue"),),  # an issuer's home is the issuance screen
    }),
    "pages.set_language": Route("GET", {"any": "/lang/en"}, {role: (TO_HOME,) for role in ROLES}),
    "pages.about": Route("GET", {"any": "/about"}, {role: (OK,) for role in ROLES}),
    # The law is public: anybody may read the rules a message cites.
    "law.index": Route("GET", {"any": "/rules"}, {role: (OK,) for role in ROLES}),
    "law.show": Route("GET", {"any": "/rules/R-ROLL-5"}, {role: (OK,) for role in ROLES}),
    "pages.me": Route("GET", {"any": "/me"}, {ANON: (LOGIN,), **{role: (OK,) for role in ROLES[1:]}}),
    # ---- accounts --------------------------------------------------------------------------
    "accounts.login": Route("GET", {"any": "/login"}, {role: (OK,) for role in ROLES}),
    "accounts.logout": Route("POST", {"any": "/logout"},
                             {ANON: (LOGIN,), **{role: (TO_LOGIN_PAGE,) for role in ROLES[1:]}}),
    "accounts.users": Route("GET", {"any": "/accounts/"}, {
        ANON: (LOGIN,),
        "city": (ACCOUNTS_ALL,),
        "district": (ACCOUNTS_SCOPED,),
        "township": (DENY,),
        "committee": (DENY,),
        "clerk": (DENY,),
        "observer": (DENY,),
    }),
    # GET only pre-fills the unit field; creating outside the jurisdiction: test_new_account_outside.
    "accounts.new_user": Route("GET", {
        "inside": f"/accounts/new?unit={IN_COMMITTEE}",
        "outside": f"/accounts/new?unit={OUT_COMMITTEE}",
    }, {
        #             inside  outside
        ANON:        (LOGIN, LOGIN),
        "city":      (OK,    OK),
        "district":  (OK,    OK),
        "township":  (DENY,  DENY),
        "committee": (DENY,  DENY),
        "clerk":     (DENY,  DENY),
        "observer":  (DENY,  DENY),
    }),
    # Another unit's account is 404 (its existence is not revealed); a role one may not grant is 403.
    "accounts.edit_user": Route("GET", {
        "inside": account("township"),
        "outside": account("township_out"),
        "outside_district": account("district_out"),
        "own_district": account("district"),
    }, {
        #             inside  outside    out_district own_district
        ANON:        (LOGIN, LOGIN,     LOGIN,     LOGIN),
        "city":      (OK,    OK,        OK,        OK),
        "district":  (OK,    NOT_FOUND, NOT_FOUND, DENY),
        "township":  (DENY,  DENY,      DENY,      DENY),
        "committee": (DENY,  DENY,      DENY,      DENY),
        "clerk":     (DENY,  DENY,      DENY,      DENY),
        "observer":  (DENY,  DENY,      DENY,      DENY),
    }),
    # ---- geography -------------------------------------------------------------------------
    "dashboard.city": Route("GET", {"any": "/geo/"}, {
        ANON: (LOGIN,),
        "city": (OK,),
        "district": (OWN_UNIT,),
        "township": (OWN_UNIT,),
        "committee": (OWN_UNIT,),
        "clerk": (DENY,),
        "observer": (OWN_UNIT,),
    }),
    "dashboard.unit": Route("GET", {
        "inside": f"/geo/{IN_COMMITTEE}",
        "outside": f"/geo/{OUT_COMMITTEE}",
        "parent_township": f"/geo/{IN_TOWNSHIP}",
        "parent_district": f"/geo/{IN_DISTRICT}",
    }, {
        #             inside  outside township district
        ANON:        (LOGIN, LOGIN,  LOGIN,   LOGIN),
        "city":      (OK,    OK,     OK,      OK),
        "district":  (OK,    DENY,   OK,      OK),
        "township":  (OK,    DENY,   OK,      DENY),
        "committee": (OK,    DENY,   DENY,    DENY),
        "clerk":     (DENY,  DENY,   DENY,    DENY),
        "observer":  (OK,    DENY,   OK,      OK),
    }),
    "geography.search": Route("GET", {
        "inside": f"/geo/search?q={IN_COMMITTEE_NAME}",
        "outside": f"/geo/search?q={OUT_COMMITTEE_NAME}",
    }, {
        ANON:        (LOGIN,     LOGIN),
        "city":      (SEARCH_IN, SEARCH_OUT_SHOWN),
        "district":  (SEARCH_IN, SEARCH_OUT_HIDDEN),
        "township":  (SEARCH_IN, SEARCH_OUT_HIDDEN),
        "committee": (SEARCH_IN, SEARCH_OUT_HIDDEN),
        "clerk":     (DENY,      DENY),
        "observer":  (SEARCH_IN, SEARCH_OUT_HIDDEN),
    }),
    # ---- audit log: a unit filter narrows the log, never widens it ---------------------------
    # The export: officials only, narrowed like the log (a unit outside falls back to their own).
    "audit.export": Route("GET", {
        "inside": f"/audit/export.xlsx?unit={IN_COMMITTEE}",
        "outside": f"/audit/export.xlsx?unit={OUT_COMMITTEE}",
    }, {
        ANON: (LOGIN, LOGIN), **{role: (XLSX_FILE, XLSX_FILE) for role in ("city", "district", "township")},
        **{role: (DENY, DENY) for role in ("committee", "clerk", "observer", "department")},
    }),
    "audit.log": Route("GET", {
        "inside": f"/audit/?unit={IN_COMMITTEE}&action=test.",
        "outside": f"/audit/?unit={OUT_COMMITTEE}&action=test.",
    }, {
        ANON:        (LOGIN,    LOGIN),
        "city":      (AUDIT_IN, AUDIT_OUT_SHOWN),
        "district":  (AUDIT_IN, AUDIT_OUT_HIDDEN),
        "township":  (AUDIT_IN, AUDIT_OUT_HIDDEN),
        "committee": (AUDIT_IN, AUDIT_OUT_HIDDEN),
        "clerk":     (DENY,     DENY),
        "observer":  (AUDIT_IN, AUDIT_OUT_HIDDEN),
    }),
    # ---- documents (committee and township codes: one small PDF each) ------------------------
    "documents.unit_list": Route("GET", {
        "inside": f"/documents/units/{IN_COMMITTEE}.pdf",
        "outside": f"/documents/units/{OUT_COMMITTEE}.pdf",
        "parent_township": f"/documents/units/{IN_TOWNSHIP}.pdf",
    }, {
        #             inside  outside township
        ANON:        (LOGIN, LOGIN,  LOGIN),
        "city":      (PDF,   PDF,    PDF),
        "district":  (PDF,   DENY,   PDF),
        "township":  (PDF,   DENY,   PDF),
        "committee": (PDF,   DENY,   DENY),
        "clerk":     (DENY,  DENY,   DENY),
        "observer":  (PDF,   DENY,   PDF),
    }),
    # ---- rounds (a round, its criteria, a township's plans, one committee's election) ---------
    "rounds.index": Route("GET", {"any": "/rounds/"}, {
        ANON: (LOGIN,), "clerk": (DENY,), **{role: (ROUND_LISTED,) for role in ROLES[1:] if role not in NON_READERS},
    }),
    "rounds.new": Route("GET", {"any": "/rounds/new"}, {
        ANON: (LOGIN,), "city": (OK,), **{role: (DENY,) for role in ROLES[2:]},
    }),
    "rounds.show": Route("GET", {"any": at("/rounds/{round}"), "missing": "/rounds/999999"}, {
        ANON: (LOGIN, LOGIN), "clerk": (DENY, DENY),
        **{role: (OK, NOT_FOUND) for role in ROLES[1:] if role not in NON_READERS},
    }),
    # Only the city admin's case closes a round, and that round is used by nothing else.
    # The round every case reads has work done (election committee members): deleting is refused.
    "rounds.delete": Route("POST", {"any": at("/rounds/{round}/delete")}, {
        ANON: (LOGIN,), "city": (TO_ROUND,), **{role: (DENY,) for role in ROLES[2:]},
    }),
    "rounds.close": Route("POST", {"any": at("/rounds/{closing}/close")}, {
        ANON: (LOGIN,), "city": (TO_ROUND_CLOSED,), **{role: (DENY,) for role in ROLES[2:]},
    }),
    "rounds.criteria": Route("GET", {"any": at("/rounds/{round}/criteria")}, {
        ANON: (LOGIN,), "clerk": (DENY,), **{role: (OK,) for role in ROLES[1:] if role not in NON_READERS},
    }),
    "rounds.edit_criteria": Route("GET", {"any": at("/rounds/{round}/criteria/edit")}, {
        ANON: (LOGIN,), "city": (OK,), **{role: (DENY,) for role in ROLES[2:]},
    }),
    # A township's plans: officials only. A committee's code is not a township: 404 once inside.
    "rounds.township_plan": Route("GET", {
        "inside": at(f"/rounds/{{round}}/plan/{IN_TOWNSHIP}"),
        "outside": at(f"/rounds/{{round}}/plan/{OUT_TOWNSHIP}"),
        "committee_code": at(f"/rounds/{{round}}/plan/{IN_COMMITTEE}"),
    }, {
        #             inside  outside committee_code
        ANON:        (LOGIN, LOGIN,  LOGIN),
        "city":      (OK,    OK,     NOT_FOUND),
        "district":  (OK,    DENY,   NOT_FOUND),
        "township":  (OK,    DENY,   NOT_FOUND),
        "committee": (DENY,  DENY,   DENY),
        "clerk":     (DENY,  DENY,   DENY),
        "observer":  (DENY,  DENY,   DENY),
    }),
    "rounds.plan_template": Route("GET", {
        "inside": at(f"/rounds/{{round}}/plan/{IN_TOWNSHIP}/template.xlsx"),
        "outside": at(f"/rounds/{{round}}/plan/{OUT_TOWNSHIP}/template.xlsx"),
        "committee_code": at(f"/rounds/{{round}}/plan/{IN_COMMITTEE}/template.xlsx"),
    }, {
        #             inside     outside    committee_code
        ANON:        (LOGIN,     LOGIN,     LOGIN),
        "city":      (XLSX_FILE, XLSX_FILE, NOT_FOUND),
        "district":  (XLSX_FILE, DENY,      NOT_FOUND),
        "township":  (XLSX_FILE, DENY,      NOT_FOUND),
        "committee": (DENY,      DENY,      DENY),
        "clerk":     (DENY,      DENY,      DENY),
        "observer":  (DENY,      DENY,      DENY),
    }),
    "rounds.plan_upload": Route("POST", {
        "inside": at(f"/rounds/{{round}}/plan/{IN_TOWNSHIP}/upload"),
        "outside": at(f"/rounds/{{round}}/plan/{OUT_TOWNSHIP}/upload"),
        "committee_code": at(f"/rounds/{{round}}/plan/{IN_COMMITTEE}/upload"),
    }, {
        #             inside       outside      committee_code
        ANON:        (LOGIN,       LOGIN,       LOGIN),
        "city":      (FORM_ERRORS, FORM_ERRORS, NOT_FOUND),
        "district":  (FORM_ERRORS, DENY,        NOT_FOUND),
        "township":  (FORM_ERRORS, DENY,        NOT_FOUND),
        "committee": (DENY,        DENY,        DENY),
        "clerk":     (DENY,        DENY,        DENY),
        "observer":  (DENY,        DENY,        DENY),
    }),
    # One committee's election: every reader inside; a township's code has no election (404).
    "rounds.election": Route("GET", {
        "inside": at(election_url(IN_COMMITTEE)),
        "outside": at(election_url(OUT_COMMITTEE)),
        "township_code": at(election_url(IN_TOWNSHIP)),
    }, {
        #             inside  outside township_code
        ANON:        (LOGIN, LOGIN,  LOGIN),
        "city":      (OK,    OK,     NOT_FOUND),
        "district":  (OK,    DENY,   NOT_FOUND),
        "township":  (OK,    DENY,   NOT_FOUND),
        "committee": (OK,    DENY,   DENY),
        "clerk":     (DENY,  DENY,   DENY),
        "observer":  (OK,    DENY,   NOT_FOUND),
    }),
    # Every plan field is optional: an empty plan form saves nothing and goes back to the page.
    "rounds.election_plan": Route("POST", {
        "inside": at(election_url(IN_COMMITTEE, "/plan")),
        "outside": at(election_url(OUT_COMMITTEE, "/plan")),
    }, {
        #             inside          outside
        ANON:        (LOGIN,          LOGIN),
        "city":      (TO_ELECTION_IN, TO_ELECTION_OUT),
        "district":  (TO_ELECTION_IN, DENY),
        "township":  (TO_ELECTION_IN, DENY),
        "committee": (TO_ELECTION_IN, DENY),
        "clerk":     (DENY,           DENY),
        "observer":  (DENY,           DENY),
    }),
    **{endpoint: Route("POST", {
        "inside": at(election_url(IN_COMMITTEE, rest)),
        "outside": at(election_url(OUT_COMMITTEE, rest)),
    }, {
        #             inside       outside
        ANON:        (LOGIN,       LOGIN),
        "city":      (FORM_ERRORS, FORM_ERRORS),
        "district":  (FORM_ERRORS, DENY),
        "township":  (FORM_ERRORS, DENY),
        "committee": (FORM_ERRORS, DENY),
        "clerk":     (DENY,        DENY),
        "observer":  (DENY,        DENY),
    }) for endpoint, rest in (("rounds.election_stage", "/stage"), ("rounds.add_member", "/members"))},
    # A member is left through their own committee's election only: another's member is 404.
    "rounds.member_leaves": Route("POST", {
        "inside": at(election_url(IN_COMMITTEE, "/members/{member_in}/leave")),
        "outside": at(election_url(OUT_COMMITTEE, "/members/{member_out}/leave")),
        "other_member": at(election_url(IN_COMMITTEE, "/members/{member_out}/leave")),
    }, {
        #             inside       outside      other_member
        ANON:        (LOGIN,       LOGIN,       LOGIN),
        "city":      (FORM_ERRORS, FORM_ERRORS, NOT_FOUND),
        "district":  (FORM_ERRORS, DENY,        NOT_FOUND),
        "township":  (FORM_ERRORS, DENY,        NOT_FOUND),
        "committee": (FORM_ERRORS, DENY,        NOT_FOUND),
        "clerk":     (DENY,        DENY,        DENY),
        "observer":  (DENY,        DENY,        DENY),
    }),
    # ---- results: the what-if page counts only the record the user brings (no jurisdiction) ---
    "results.what_if": Route("GET", {"any": "/results/what-if"}, {
        ANON: (LOGIN,),
        "city": (OK,),
        "district": (OK,),
        "township": (OK,),
        "committee": (OK,),
        "clerk": (DENY,),
        "observer": (OK,),
    }),
}

# ---- voter rolls: the `rolls` round has a published roll inside and outside (see rounds_setup) --
def roll_url(code: str, rest: str = ""):
    return at("/rounds/{rolls}/rolls/" + code + rest)


def _readers(inside, outside, *, committee_inside=None, observer_inside=None):
    """Expectations of a route every reader may use inside their jurisdiction."""
    return {ANON: (LOGIN, LOGIN), "city": (inside, inside), "district": (inside, DENY), "township": (inside, DENY),
            "committee": (committee_inside or inside, DENY), "clerk": (DENY, DENY),
            "observer": (observer_inside or inside, DENY)}


def _managers(inside):
    """Expectations of a route only the roll's managers (officials above it, its election committee) use."""
    return {ANON: (LOGIN, LOGIN), "city": (inside, inside), "district": (inside, DENY), "township": (inside, DENY),
            "committee": (inside, DENY), "clerk": (DENY, DENY), "observer": (DENY, DENY)}


def _with_cross(expect: dict, cross_allowed) -> dict:
    """Adds a third target, an object of the outside roll reached through the inside committee's URL:
    404 for whoever may use the inside URL."""
    return {role: (*cases, cross_allowed if cases[0] not in (LOGIN, DENY) else cases[0])
            for role, cases in expect.items()}


ROLL_MATRIX: dict[str, Route] = {
    "rolls.roll": Route("GET", {
        "inside": roll_url(IN_COMMITTEE), "outside": roll_url(OUT_COMMITTEE), "township": roll_url(IN_TOWNSHIP),
    }, {
        #             inside  outside township
        ANON:        (LOGIN, LOGIN,  LOGIN),
        "city":      (OK,    OK,     OK),
        "district":  (OK,    DENY,   OK),
        "township":  (OK,    DENY,   OK),
        "committee": (OK,    DENY,   DENY),
        "clerk":     (DENY,  DENY,   DENY),
        "observer":  (OK,    DENY,   OK),
    }),
    "rolls.export_roll": Route("GET", {"inside": roll_url(IN_COMMITTEE, "/export.xlsx"),
                                       "outside": roll_url(OUT_COMMITTEE, "/export.xlsx")},
                               _readers(XLSX_FILE, XLSX_FILE)),
    "rolls.add_voter": Route("GET", {"inside": roll_url(IN_COMMITTEE, "/voters/new"),
                                     "outside": roll_url(OUT_COMMITTEE, "/voters/new")}, _managers(OK)),
    "rolls.voter": Route("GET", {
        "inside": roll_url(IN_COMMITTEE, "/voters/{voter_in}"), "outside": roll_url(OUT_COMMITTEE, "/voters/{voter_out}"),
        "cross": roll_url(IN_COMMITTEE, "/voters/{voter_out}"),
    }, _with_cross(_readers(OK, OK), NOT_FOUND)),
    "rolls.voter_action": Route("POST", {
        "inside": roll_url(IN_COMMITTEE, "/voters/{voter_in}/remove"),
        "outside": roll_url(OUT_COMMITTEE, "/voters/{voter_out}/remove"),
        "cross": roll_url(IN_COMMITTEE, "/voters/{voter_out}/remove"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    "rolls.voter_relative": Route("POST", {
        "inside": roll_url(IN_COMMITTEE, "/voters/{voter_in}/relatives"),
        "outside": roll_url(OUT_COMMITTEE, "/voters/{voter_out}/relatives"),
        "cross": roll_url(IN_COMMITTEE, "/voters/{voter_out}/relatives"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    # No near relatives are recorded: a manager of the roll finds no such link (404).
    "rolls.voter_relative_remove": Route("POST", {
        "inside": roll_url(IN_COMMITTEE, "/voters/{voter_in}/relatives/999999/remove"),
        "outside": roll_url(OUT_COMMITTEE, "/voters/{voter_out}/relatives/999999/remove"),
    }, _managers(NOT_FOUND)),
    "rolls.group": Route("GET", {
        "inside": roll_url(IN_COMMITTEE, "/groups/{group_in}"), "outside": roll_url(OUT_COMMITTEE, "/groups/{group_out}"),
        "cross": roll_url(IN_COMMITTEE, "/groups/{group_out}"),
    }, _with_cross(_readers(OK, OK), NOT_FOUND)),
    "rolls.group_representatives": Route("POST", {
        "inside": roll_url(IN_COMMITTEE, "/groups/{group_in}"), "outside": roll_url(OUT_COMMITTEE, "/groups/{group_out}"),
        "cross": roll_url(IN_COMMITTEE, "/groups/{group_out}"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    # Both rolls are published with nothing changed since: publishing again is refused (422).
    "rolls.publish": Route("POST", {"inside": roll_url(IN_COMMITTEE, "/publish"),
                                    "outside": roll_url(OUT_COMMITTEE, "/publish")}, _managers(FORM_ERRORS)),
    "rolls.version_pdf": Route("GET", {"inside": roll_url(IN_COMMITTEE, "/versions/1/list.pdf"),
                                       "outside": roll_url(OUT_COMMITTEE, "/versions/1/cards.pdf")},
                               _readers(PDF, PDF)),
    "rolls.batch_pdf": Route("GET", {
        "inside": roll_url(IN_TOWNSHIP, "/batch/list.pdf"), "outside": roll_url(OUT_TOWNSHIP, "/batch/list.pdf"),
        "committee_code": roll_url(IN_COMMITTEE, "/batch/list.pdf"),
    }, {
        #             inside  outside committee_code
        ANON:        (LOGIN, LOGIN,  LOGIN),
        "city":      (PDF,   PDF,    NOT_FOUND),
        "district":  (PDF,   DENY,   NOT_FOUND),
        "township":  (PDF,   DENY,   NOT_FOUND),
        "committee": (DENY,  DENY,   NOT_FOUND),
        "clerk":     (DENY,  DENY,   DENY),
        "observer":  (PDF,   DENY,   NOT_FOUND),
    }),
    "rolls.lodge_objection": Route("POST", {"inside": roll_url(IN_COMMITTEE, "/objections"),
                                            "outside": roll_url(OUT_COMMITTEE, "/objections")},
                                   _managers(FORM_ERRORS)),
    "rolls.objection": Route("GET", {
        "inside": roll_url(IN_COMMITTEE, "/objections/{objection_in}"),
        "outside": roll_url(OUT_COMMITTEE, "/objections/{objection_out}"),
        "cross": roll_url(IN_COMMITTEE, "/objections/{objection_out}"),
    }, _with_cross(_readers(OK, OK), NOT_FOUND)),
    "rolls.decide_objection": Route("POST", {
        "inside": roll_url(IN_COMMITTEE, "/objections/{objection_in}"),
        "outside": roll_url(OUT_COMMITTEE, "/objections/{objection_out}"),
        "cross": roll_url(IN_COMMITTEE, "/objections/{objection_out}"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    "rolls.objection_notice": Route("GET", {
        "inside": roll_url(IN_COMMITTEE, "/objections/{objection_in}/notice.pdf"),
        "outside": roll_url(OUT_COMMITTEE, "/objections/{objection_out}/notice.pdf"),
        "cross": roll_url(IN_COMMITTEE, "/objections/{objection_out}/notice.pdf"),
    }, _with_cross(_readers(PDF, PDF), NOT_FOUND)),
}
MATRIX.update(ROLL_MATRIX)


# ---- roll imports: three rejected imports of the matrix round, for the committee inside, the
# committee outside and the township inside (see roll_imports_setup); apply and discard refuse them --
def import_url(rest: str = ""):
    return at("/rounds/{round}/rolls" + rest)


def _importers(inside, outside, township, other):
    """Expectations of the import routes: officials and the committee's election committee, each
    inside their jurisdiction (a committee's account does not see its township's imports)."""
    return {ANON: (LOGIN,) * 4, "city": (inside, outside, township, other),
            "district": (inside, DENY, township, other), "township": (inside, DENY, township, other),
            "committee": (inside, DENY, DENY, other), "clerk": (DENY,) * 4, "observer": (DENY,) * 4}


def _import_targets(rest: str = "") -> dict:
    return {"inside": import_url("/imports/{import_in}" + rest),
            "outside": import_url("/imports/{import_out}" + rest),
            "township": import_url("/imports/{import_township}" + rest),
            "missing": import_url("/imports/999999" + rest)}


IMPORT_MATRIX: dict[str, Route] = {
    # A roll file is for a township or a committee: a district's code is 404 once inside.
    "roll_imports.import_roll": Route("GET", {
        "inside": import_url(f"/import/{IN_COMMITTEE}"), "outside": import_url(f"/import/{OUT_COMMITTEE}"),
        "township": import_url(f"/import/{IN_TOWNSHIP}"), "district_code": import_url(f"/import/{IN_DISTRICT}"),
    }, {**_importers(OK, OK, OK, NOT_FOUND), "township": (OK, DENY, OK, DENY), "committee": (OK, DENY, DENY, DENY)}),
    "roll_imports.roll_template": Route("GET", {
        "inside": import_url(f"/template/{IN_COMMITTEE}.xlsx"),
        "outside": import_url(f"/template/{OUT_COMMITTEE}.xlsx"),
        "township": import_url(f"/template/{IN_TOWNSHIP}.xlsx"),
        "district_code": import_url(f"/template/{IN_DISTRICT}.xlsx"),
    }, {**_importers(XLSX_FILE, XLSX_FILE, XLSX_FILE, NOT_FOUND), "township": (XLSX_FILE, DENY, XLSX_FILE, DENY),
        "committee": (XLSX_FILE, DENY, DENY, DENY)}),
    "roll_imports.report": Route("GET", _import_targets(), _importers(OK, OK, OK, NOT_FOUND)),
    "roll_imports.problems_csv": Route("GET", _import_targets("/problems.csv"), _importers(OK, OK, OK, NOT_FOUND)),
    "roll_imports.apply_import": Route("POST", _import_targets("/apply"),
                                       _importers(FORM_ERRORS, FORM_ERRORS, FORM_ERRORS, NOT_FOUND)),
    "roll_imports.discard_import": Route("POST", _import_targets("/discard"),
                                         _importers(FORM_ERRORS, FORM_ERRORS, FORM_ERRORS, NOT_FOUND)),
}
MATRIX.update(IMPORT_MATRIX)


@pytest.fixture(scope="module")
def roll_imports_setup(shared_app, rounds_setup) -> dict[str, int]:
    """Rejected imports (the matrix round has no election days) for a committee inside and outside
    and for the township inside: every import route has something to show, and nothing to apply."""
    from elections.rolls import importer

    found = {}
    with shared_app.app_context():
        round_ = db.session.get(Round, rounds_setup["round"])
        for name, code, committee in (("import_in", IN_COMMITTEE, IN_COMMITTEE),
                                      ("import_out", OUT_COMMITTEE, OUT_COMMITTEE),
                                      ("import_township", IN_TOWNSHIP, IN_COMMITTEE)):
            data = ("村(居)委会代码,姓名,公民身份号码,性别,出生日期,户号,居民小组,登记类别,户籍地,户代表\r\n"
                    f"{committee},张伟,110101198005170011,,,0001,,1,,是\r\n").encode()
            roll_import = importer.check_import(round_, data, "roll.csv", code, None)
            assert roll_import.status == "rejected"
            found[name] = roll_import.id
        db.session.commit()
    return found


# ---- candidates and vetting: the `cands` round is at nomination inside and outside, each with a
# nominee in vetting, one barred (its written decision) and a published list (see _candidates) ------
def cand_url(code: str, rest: str = ""):
    return at("/rounds/{cands}/candidates/" + code + rest)


def vet_url(code: str, rest: str = ""):
    return at("/rounds/{cands}/vetting/" + code + rest)


def _vetters(inside, outside, cross, *, committee=(DENY, DENY, DENY), department=None):
    """Officials inside their jurisdiction; the vetting department of the inside township too."""
    return {ANON: (LOGIN,) * 3, "city": (inside, outside, cross), "district": (inside, DENY, cross),
            "township": (inside, DENY, cross), "committee": committee, "clerk": (DENY,) * 3,
            "observer": (DENY,) * 3, "department": department or (DENY,) * 3}


def _vet_targets(rest: str = "", nominee: str = "nominee") -> dict:
    return {"inside": vet_url(IN_COMMITTEE, "/nominees/{%s_in}%s" % (nominee, rest)),
            "outside": vet_url(OUT_COMMITTEE, "/nominees/{%s_out}%s" % (nominee, rest)),
            "cross": vet_url(IN_COMMITTEE, "/nominees/{%s_out}%s" % (nominee, rest))}


def _cand_posts(rest: str) -> Route:
    return Route("POST", {"inside": cand_url(IN_COMMITTEE, rest), "outside": cand_url(OUT_COMMITTEE, rest)},
                 _managers(FORM_ERRORS))


CANDIDATE_MATRIX: dict[str, Route] = {
    "candidates.committee": Route("GET", {"inside": cand_url(IN_COMMITTEE), "outside": cand_url(OUT_COMMITTEE)},
                                  _readers(OK, OK)),
    "candidates.nominee": Route("GET", {
        "inside": cand_url(IN_COMMITTEE, "/nominees/{nominee_in}"),
        "outside": cand_url(OUT_COMMITTEE, "/nominees/{nominee_out}"),
        "cross": cand_url(IN_COMMITTEE, "/nominees/{nominee_out}"),
    }, _with_cross(_readers(OK, OK), NOT_FOUND)),
    "candidates.list_pdf": Route("GET", {"inside": cand_url(IN_COMMITTEE, "/lists/1.pdf"),
                                         "outside": cand_url(OUT_COMMITTEE, "/lists/1.pdf")}, _readers(PDF, PDF)),
    # Both elections are at nomination already, their forms are empty, nothing is published yet
    # from the services' point of view (the list is the set-up's), so every POST is refused (422).
    "candidates.open_nomination": _cand_posts("/open"),
    "candidates.meeting": _cand_posts("/meeting"),
    "candidates.joint": _cand_posts("/joint"),
    "candidates.party": _cand_posts("/party"),
    "candidates.margin": _cand_posts("/margin/member"),
    "candidates.tie": _cand_posts("/tie/member"),
    "candidates.publish": _cand_posts("/publish"),
    "candidates.reissue": _cand_posts("/reissue"),
    "candidates.add_relative": Route("POST", {
        "inside": cand_url(IN_COMMITTEE, "/nominees/{nominee_in}/relatives"),
        "outside": cand_url(OUT_COMMITTEE, "/nominees/{nominee_out}/relatives"),
        "cross": cand_url(IN_COMMITTEE, "/nominees/{nominee_out}/relatives"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    "candidates.withdraw": Route("POST", {
        "inside": cand_url(IN_COMMITTEE, "/nominees/{nominee_in}/withdraw"),
        "outside": cand_url(OUT_COMMITTEE, "/nominees/{nominee_out}/withdraw"),
        "cross": cand_url(IN_COMMITTEE, "/nominees/{nominee_out}/withdraw"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
    "vetting.queue": Route("GET", {"inside": vet_url(IN_TOWNSHIP), "outside": vet_url(OUT_TOWNSHIP),
                                   "committee_code": vet_url(IN_COMMITTEE)}, {
        #              inside outside committee_code
        ANON:         (LOGIN, LOGIN, LOGIN),
        "city":       (OK,    OK,    OK),
        "district":   (OK,    DENY,  OK),
        "township":   (OK,    DENY,  OK),
        "committee":  (DENY,  DENY,  DENY),
        "clerk":      (DENY,  DENY,  DENY),
        "observer":   (DENY,  DENY,  DENY),
        "department": (OK,    DENY,  OK),
    }),
    "vetting.file": Route("GET", _vet_targets(), _vetters(OK, OK, NOT_FOUND, committee=(OK, DENY, NOT_FOUND),
                                                          department=(OK, DENY, NOT_FOUND))),
    "vetting.assess": Route("POST", _vet_targets("/assess"), _vetters(FORM_ERRORS, FORM_ERRORS, NOT_FOUND)),
    "vetting.findings": Route("POST", _vet_targets("/findings"), _vetters(
        FORM_ERRORS, FORM_ERRORS, NOT_FOUND, department=(FORM_ERRORS, DENY, NOT_FOUND))),
    "vetting.decide": Route("POST", _vet_targets("/decide"), _vetters(FORM_ERRORS, FORM_ERRORS, NOT_FOUND)),
    "vetting.letter": Route("GET", {"inside": vet_url(IN_TOWNSHIP, "/letters/公安.pdf"),
                                    "outside": vet_url(OUT_TOWNSHIP, "/letters/公安.pdf")}, {
        ANON: (LOGIN, LOGIN), "city": (PDF, PDF), "district": (PDF, DENY), "township": (PDF, DENY),
        **{role: (DENY, DENY) for role in ("committee", "clerk", "observer", "department")},
    }),
    "vetting.returned": Route("POST", {"inside": vet_url(IN_TOWNSHIP, "/findings-file"),
                                       "outside": vet_url(OUT_TOWNSHIP, "/findings-file")}, {
        ANON: (LOGIN, LOGIN), "city": (FORM_ERRORS, FORM_ERRORS), "district": (FORM_ERRORS, DENY),
        "township": (FORM_ERRORS, DENY), "department": (FORM_ERRORS, DENY),
        **{role: (DENY, DENY) for role in ("committee", "clerk", "observer")},
    }),
    "vetting.decision_pdf": Route("GET", _vet_targets("/decision.pdf", "barred"), _vetters(
        PDF, PDF, NOT_FOUND, committee=(PDF, DENY, NOT_FOUND))),
    "candidate_overview.overview": Route("GET", {
        "inside": at("/rounds/{cands}/candidates-overview/" + IN_TOWNSHIP),
        "outside": at("/rounds/{cands}/candidates-overview/" + OUT_TOWNSHIP),
    }, {**_readers(OK, OK), "committee": (DENY, DENY)}),
}
MATRIX.update(CANDIDATE_MATRIX)


# ---- election day: the `cands` round's elections have published rolls and lists; objects of the
# places that do not exist (999999) are "not found" to whoever may reach the URL ---------------------
def poll_url(code: str, rest: str = ""):
    return at("/rounds/{cands}/polling/" + code + rest)


def _poll_posts(rest: str, expected=FORM_ERRORS) -> Route:
    return Route("POST", {"inside": poll_url(IN_COMMITTEE, rest), "outside": poll_url(OUT_COMMITTEE, rest)},
                 _managers(expected))


API_DENY, API_LOGIN = Expect(403, mimetype="application/json"), Expect(401, mimetype="application/json")
API_OK, API_NOT_FOUND = Expect(200, mimetype="application/json"), Expect(404, mimetype="application/json")


def _issuers_only(issuer) -> dict:
    return {ANON: (API_LOGIN,), "issuer": (issuer,), **{role: (API_DENY,) for role in ROLES[1:-1]}}


POLLING_MATRIX: dict[str, Route] = {
    "polling.committee": Route("GET", {"inside": poll_url(IN_COMMITTEE), "outside": poll_url(OUT_COMMITTEE)},
                               _readers(OK, OK)),
    "polling.add_place": _poll_posts("/places"),
    "polling.remove_place": _poll_posts("/places/999999/remove", NOT_FOUND),
    "polling.assign_staff": _poll_posts("/places/999999/staff", NOT_FOUND),
    "polling.unassign_staff": _poll_posts("/staff/999999/remove", NOT_FOUND),
    "polling.issuer_account": _poll_posts("/staff/999999/account", NOT_FOUND),
    "polling.record_proxy": _poll_posts("/proxies"),
    "polling.withdraw_proxy": _poll_posts("/proxies/999999/withdraw", NOT_FOUND),
    "polling.places_pdf": Route("GET", {"inside": poll_url(IN_COMMITTEE, "/places.pdf"),
                                        "outside": poll_url(OUT_COMMITTEE, "/places.pdf")}, _readers(PDF, PDF)),
    "polling.proxies_pdf": Route("GET", {"inside": poll_url(IN_COMMITTEE, "/proxies.pdf"),
                                         "outside": poll_url(OUT_COMMITTEE, "/proxies.pdf")}, _readers(PDF, PDF)),
    "polling.ballot_pdf": Route("GET", {"inside": poll_url(IN_COMMITTEE, "/specimen.pdf"),
                                        "outside": poll_url(OUT_COMMITTEE, "/specimen.pdf")}, _readers(PDF, PDF)),
    "polling.place_voters_pdf": Route("GET", {"inside": poll_url(IN_COMMITTEE, "/places/999999/voters.pdf"),
                                              "outside": poll_url(OUT_COMMITTEE, "/places/999999/voters.pdf")},
                                      _readers(NOT_FOUND, NOT_FOUND)),
    "issuance.tablet": Route("GET", {"any": "/issue"}, {
        ANON: (LOGIN,), "issuer": (OK,), **{role: (DENY,) for role in ROLES[1:-1]}}),
    "issuance.places": Route("GET", {"any": "/api/issuance/places"}, _issuers_only(API_OK)),
    "issuance.voters": Route("GET", {"any": "/api/issuance/places/999999/voters?q=1"},
                             _issuers_only(API_NOT_FOUND)),
    "issuance.issue": Route("POST", {"any": "/api/issuance/places/999999/issue"}, _issuers_only(API_NOT_FOUND)),
    "issuance.turnout": Route("GET", {"inside": f"/api/issuance/elections/{IN_COMMITTEE}/turnout",
                                      "outside": f"/api/issuance/elections/{OUT_COMMITTEE}/turnout"}, {
        **{role: (API_OK if cases[0] == OK else cases[0], API_OK if cases[1] == OK else API_DENY)
           for role, cases in _readers(OK, OK).items()},
        ANON: (API_LOGIN, API_LOGIN), "department": (API_DENY, API_DENY), "issuer": (API_OK, API_DENY)}),
}
MATRIX.update(POLLING_MATRIX)


# ---- counting night: the same round, nothing voted yet: no ballot 999999 to find, nothing counted
# to certify or annul (the page again, with the refusal) ---------------------------------------------
def count_url(code: str, rest: str = ""):
    return at("/rounds/{cands}/count/" + code + rest)


def _count_route(method: str, rest: str, expect: dict) -> Route:
    return Route(method, {"inside": count_url(IN_COMMITTEE, rest), "outside": count_url(OUT_COMMITTEE, rest)}, expect)


def _only(roles: tuple[str, ...], inside) -> dict:
    """A POST only `roles` may send (officials above the committee: their own jurisdiction)."""
    return {**{role: (DENY, DENY) for role in ROLES}, ANON: (LOGIN, LOGIN),
            **{role: (inside, inside if role == "city" else DENY) for role in roles}}


_NOT_CLERKS = {"department": (DENY, DENY), "issuer": (DENY, DENY)}  # clerks count; these do not
_VIEWERS = {**_readers(OK, OK), "clerk": (OK, DENY), **_NOT_CLERKS}
_BOX = "/ballots/999999/boxes/999999"
TALLY_MATRIX: dict[str, Route] = {
    "tallies.committee": _count_route("GET", "", _VIEWERS),
    "tallies.box": _count_route("GET", _BOX, {**_readers(NOT_FOUND, NOT_FOUND), "clerk": (NOT_FOUND, DENY),
                                                      **_NOT_CLERKS}),
    "tallies.save_box": _count_route("POST", _BOX, {**_readers(NOT_FOUND, NOT_FOUND), "clerk": (NOT_FOUND, DENY),
                                                    **_NOT_CLERKS}),
    "tallies.next_ballot": _count_route("POST", "/next", _managers(FORM_ERRORS)),
    "tallies.seats_left_empty": _count_route("POST", "/seats-left-empty", _managers(FORM_ERRORS)),
    "tallies.certify": _count_route("POST", "/certify", _only(("city", "district", "township"), FORM_ERRORS)),
    "tallies.annul": _count_route("POST", "/annul", _only(("city", "district"), FORM_ERRORS)),
    "tallies.record_file": _count_route("GET", "/ballots/999999/record.json", _readers(NOT_FOUND, NOT_FOUND)),
    "tallies.announcement": _count_route("GET", "/ballots/999999/announcement.pdf", _readers(NOT_FOUND, NOT_FOUND)),
}
MATRIX.update(TALLY_MATRIX)


# ---- certificates, their public verification, and batches printed in the background: nothing
# certified yet, so no certificate or job 999999 to find ----------------------------------------------
def doc_url(rest: str):
    return at("/documents/rounds/{cands}" + rest)


_OFFICIALS_ONLY = {**{role: (DENY, DENY) for role in ROLES}, ANON: (LOGIN, LOGIN),
                   "city": (OK, OK), "district": (OK, DENY), "township": (OK, DENY)}
BAD_FORM = Expect(400)
TO_AUTHORITY = Expect(302)  # an empty name: the customary one, saved
DOCUMENTS_MATRIX: dict[str, Route] = {
    "documents.committee_certificates": Route("GET", {
        "inside": doc_url(f"/certificates/{IN_COMMITTEE}.pdf"), "outside": doc_url(f"/certificates/{OUT_COMMITTEE}.pdf")},
        _only(("city", "district", "township"), NOT_FOUND)),
    "documents.reissue": Route("POST", {
        "inside": doc_url(f"/certificates/{IN_COMMITTEE}/999999/reissue"),
        "outside": doc_url(f"/certificates/{OUT_COMMITTEE}/999999/reissue")},
        _only(("city", "district", "township"), NOT_FOUND)),
    # R-CERT-2: anybody may check a certificate, logged in or not.
    "verify.verify_form": Route("GET", {"any": "/verify"}, {role: (OK,) for role in ROLES}),
    "verify.verify": Route("GET", {"any": "/verify/ABCD-EFGH-JKLM-NPQR"}, {role: (NOT_FOUND,) for role in ROLES}),
    "documents.batches_page": Route("GET", {"inside": doc_url(f"/batches/{IN_TOWNSHIP}"),
                                            "outside": doc_url(f"/batches/{OUT_TOWNSHIP}")}, _OFFICIALS_ONLY),
    "documents.start_batch": Route("POST", {"inside": doc_url(f"/batches/{IN_TOWNSHIP}"),
                                            "outside": doc_url(f"/batches/{OUT_TOWNSHIP}")},
                                   {role: tuple(BAD_FORM if e == OK else e for e in cases)
                                    for role, cases in _OFFICIALS_ONLY.items()}),
    "documents.issuing_authority": Route("POST", {"inside": doc_url(f"/batches/{IN_TOWNSHIP}/issuing-authority"),
                                                  "outside": doc_url(f"/batches/{OUT_TOWNSHIP}/issuing-authority")},
                                         {role: tuple(TO_AUTHORITY if e == OK else e for e in cases)
                                          for role, cases in _OFFICIALS_ONLY.items()}),
    "documents.job_progress": Route("GET", {"any": "/documents/jobs/999999.json"}, {
        **{role: (DENY,) for role in ROLES}, ANON: (LOGIN,), "city": (NOT_FOUND,), "district": (NOT_FOUND,),
        "township": (NOT_FOUND,)}),
    "documents.job_file": Route("GET", {"any": "/documents/jobs/999999.pdf"}, {
        **{role: (DENY,) for role in ROLES}, ANON: (LOGIN,), "city": (NOT_FOUND,), "district": (NOT_FOUND,),
        "township": (NOT_FOUND,)}),
}
MATRIX.update(DOCUMENTS_MATRIX)


# ---- statistics, and the progress and overview tables as XLSX ----------------------------------------
def stats_url(code: str, rest: str = ""):
    return at("/stats/{cands}/" + code + rest)


STATS_MATRIX: dict[str, Route] = {
    "statistics.home": Route("GET", {"any": "/stats/"}, {
        ANON: (LOGIN,), **{role: (Expect(302),) for role in ("city", "district", "township", "committee", "observer")},
        "clerk": (DENY,)}),
    "statistics.page": Route("GET", {"inside": stats_url(IN_COMMITTEE), "outside": stats_url(OUT_COMMITTEE)},
                             _readers(OK, OK)),
    "statistics.chart": Route("GET", {"inside": stats_url(IN_COMMITTEE, "/charts/ages.svg"),
                                      "outside": stats_url(OUT_COMMITTEE, "/charts/ages.svg")},
                              _readers(Expect(200, mimetype="image/svg+xml"), Expect(200, mimetype="image/svg+xml"))),
    "statistics.live": Route("GET", {"inside": stats_url(IN_COMMITTEE, "/live"), "outside": stats_url(OUT_COMMITTEE, "/live")},
                             _readers(Expect(200, mimetype="application/json"), Expect(200, mimetype="application/json"))),
    "statistics.export": Route("GET", {"inside": stats_url(IN_COMMITTEE, "/export.xlsx"),
                                       "outside": stats_url(OUT_COMMITTEE, "/export.xlsx")}, _readers(XLSX_FILE, XLSX_FILE)),
    "dashboard.progress_export": Route("GET", {"inside": f"/geo/{IN_COMMITTEE}/progress.xlsx",
                                               "outside": f"/geo/{OUT_COMMITTEE}/progress.xlsx"},
                                       _readers(XLSX_FILE, XLSX_FILE)),
    "candidate_overview.export": Route("GET", {
        "inside": at("/rounds/{cands}/candidates-overview/" + IN_TOWNSHIP + ".xlsx"),
        "outside": at("/rounds/{cands}/candidates-overview/" + OUT_TOWNSHIP + ".xlsx"),
    }, {**_readers(XLSX_FILE, XLSX_FILE), "committee": (DENY, DENY)}),
    "candidates.profile": Route("POST", {
        "inside": cand_url(IN_COMMITTEE, "/nominees/{nominee_in}/profile"),
        "outside": cand_url(OUT_COMMITTEE, "/nominees/{nominee_out}/profile"),
        "cross": cand_url(IN_COMMITTEE, "/nominees/{nominee_out}/profile"),
    }, _with_cross(_managers(FORM_ERRORS), NOT_FOUND)),
}
MATRIX.update(STATS_MATRIX)
# Everywhere else a vetting department and an issuer reach what a clerk reaches: public pages and
# their account.
for _route in MATRIX.values():
    _route.expect.setdefault("department", _route.expect["clerk"])
    _route.expect.setdefault("issuer", _route.expect["clerk"])


def _cases():
    for endpoint, route in MATRIX.items():
        for role in ROLES:
            for target, expected in zip(route.targets, route.expect[role], strict=True):
                yield pytest.param(endpoint, role, target, expected, id=f"{endpoint}-{role}-{target}")


# ---- harness ---------------------------------------------------------------------------------

def _send(app, client, method: str, url: str, **kwargs):
    """One request in its own app context (see the module docstring)."""
    with app.app_context():
        return client.open(url, method=method, **kwargs)


@pytest.fixture(scope="module")
def account_ids(shared_app) -> dict[str, int]:
    with shared_app.app_context():
        return {username: id_ for username, id_ in db.session.execute(select(User.username, User.id))}


def _session_cookie(app, username: str) -> str:
    client = app.test_client()
    with app.app_context():
        login(client, username)
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


@pytest.fixture(scope="module")
def session_cookies(shared_app) -> dict[str, str]:
    """Each account logs in once, through the login form (and again after the logout case)."""
    return {username: _session_cookie(shared_app, username) for username in ACCOUNTS}


@pytest.fixture(scope="module", autouse=True)
def audit_entries(shared_app, rounds_setup):
    """One audit entry in 多福巷社区 and one in 西城区's 南北长街社区, the newest of the set-up, so that
    they are on the audit log's first page."""
    with shared_app.app_context():
        record(None, IN_COMMITTEE, IN_ACTION, "x", 1)
        record(None, OUT_COMMITTEE, OUT_ACTION, "x", 1)
        db.session.commit()


@pytest.fixture(scope="module", autouse=True)
def rounds_setup(shared_app) -> dict[str, int]:
    """Two open rounds (`closing` first, so that `round` is the current one the unit pages show)
    and a member of the election committee inside and outside, for rounds.member_leaves."""
    today = beijing_today()
    window = (today + timedelta(days=30), today + timedelta(days=90))
    with shared_app.app_context():
        closing = rounds.open_round(CLOSING_ROUND_NAME, *window, village_term=12, residential_term=11,
                                    ruleset="national-2026")
        cands = _candidates()
        rolls = _published_rolls()
        round_ = rounds.open_round(ROUND_NAME, *window, village_term=15, residential_term=14,
                                   ruleset="national-2026")  # each round its own terms: they overlap
        inside = rounds.add_member(rounds.election_for(round_, IN_COMMITTEE), "王建国", "chair", "")
        outside = rounds.add_member(rounds.election_for(round_, OUT_COMMITTEE), "李秀英", "chair", "")
        db.session.commit()
        return {"round": round_.id, "closing": closing.id, "member_in": inside.id, "member_out": outside.id,
                **rolls, **cands}


CANDIDATES_ROUND_NAME = "矩阵测试候选人"


def _candidates() -> dict[str, int]:
    """A round at nomination inside and outside: a nominee whose vetting has begun and one barred,
    and a published list written straight into its table (the matrix tests access, not the law)."""
    from elections.candidates import services as candidates
    from elections.candidates.models import CandidateList

    today = beijing_today()
    round_ = rounds.open_round(CANDIDATES_ROUND_NAME, today - timedelta(days=30), today + timedelta(days=60),
                               village_term=13, residential_term=12, ruleset="national-2026")
    found = {"cands": round_.id}
    for side, code, first in (("in", IN_COMMITTEE, 101), ("out", OUT_COMMITTEE, 201)):
        election = rounds.election_for(round_, code)
        rounds.update_plan(election, {"mode": "direct", "election_day": today + timedelta(days=25),
                                      "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
                                      "ballot_method": "single"})
        for n in range(first, first + 12):
            save(roll_services.add_voter, election, person(n), today=today - timedelta(days=10))
        roll_services.publish(election, today=today - timedelta(days=10))
        candidates.open_nomination(election, today=today - timedelta(days=2))
        people = []
        for nominee_n, post in ((first, "director"), (first + 1, "member")):
            people.append(save(
                candidates.add_joint_nomination, election, who=person(nominee_n).id_number, post=post,
                method="voters", signers=[person(n).id_number for n in range(first + 2, first + 12)],
                submitted_on=today, today=today))
        nominee, barred = people
        save(candidates.assess, nominee, "FG-1", True, "")
        for item in candidates.criteria_items(barred):
            if item["list"] == "five_good":
                save(candidates.assess, barred, item["id"], True, "")
            for department in item.get("departments") or []:
                save(candidates.record_finding, barred, item["id"], department, item["id"] == "TC-3",
                     "测试证据" if item["id"] == "TC-3" else "", today, today=today)
        save(candidates.decide, barred, "barred", ["TC-3"], "测试证据", today=today)
        db.session.add(CandidateList(election_id=election.id, number=1, published_on=today, published_by="test",
                                     entries=[{"post": "director", "nominee": nominee.id, "name": nominee.name,
                                               "sex": nominee.sex, "votes": 10}], withdrawn=[]))
        db.session.commit()
        found |= {f"nominee_{side}": nominee.id, f"barred_{side}": barred.id}
    return found


def _published_rolls() -> dict[str, int]:
    """A round with a published roll inside and outside, each with a decided objection. Opened
    before `round`, so that the unit pages still show `round` as the current one."""
    today = beijing_today()
    round_ = rounds.open_round(ROLLS_ROUND_NAME, today - timedelta(days=5), today + timedelta(days=60),
                               village_term=14, residential_term=13, ruleset="national-2026")
    found = {"rolls": round_.id}
    for side, code, n in (("in", IN_COMMITTEE, 1), ("out", OUT_COMMITTEE, 2)):
        election = rounds.election_for(round_, code)
        rounds.update_plan(election, {"mode": "direct", "election_day": today + timedelta(days=30),
                                      "seats_director": 1, "seats_deputy_director": 1, "seats_member": 3,
                                      "ballot_method": "single"})
        voter = save(roll_services.add_voter, election, person(n))
        save(roll_services.add_voter, election, person(n + 10))
        roll_services.publish(election)
        objection = roll_services.lodge_objection(
            election, lodged_by="某某", contact="", request="remove", subject_name=voter.name, subject_id_number=None,
            subject_voter=voter, grounds="测试", received_on=today)
        roll_services.decide_objection(objection, "rejected", "经核实，异议不成立。", today)
        found |= {f"voter_{side}": voter.id, f"group_{side}": voter.household.group_id,
                  f"objection_{side}": objection.id}
    return found


@pytest.fixture(scope="module")
def ids(account_ids, rounds_setup, roll_imports_setup) -> dict:
    return {**account_ids, **rounds_setup, **roll_imports_setup}


@pytest.fixture
def client_for(shared_app, session_cookies):
    """A fresh test client, logged in as `username` (or anonymous)."""

    def make(username: str):
        client = shared_app.test_client()
        if username != ANON:
            client.set_cookie(shared_app.config["SESSION_COOKIE_NAME"], session_cookies[username])
        return client

    return make


def check(response, expected: Expect, *, url: str, username: str, ids: dict) -> None:
    body = response.get_data()
    where = f"{response.status_code} {response.headers.get('Location', '')}\n{body[:300]!r}"
    assert response.status_code == expected.status, where
    location = response.headers.get("Location")
    if expected.login_bounce:
        parts = urlsplit(location)
        assert parts.path == "/login", where
        assert unquote(parse_qs(parts.query)["next"][0]) == unquote(url), where
    if expected.location is not None:
        unit = ACCOUNTS[username][1] if username in ACCOUNTS else None
        assert location == expected.location.format(unit=unit, **ids), where
    if expected.mimetype:
        assert response.mimetype == expected.mimetype, where
        assert body.startswith(MAGIC[expected.mimetype]), where
    text = body.decode("utf-8", "replace") if (expected.present or expected.absent) else ""
    for needle in expected.present:
        assert needle in text, f"{needle!r} missing from {url} as {username}"
    for needle in expected.absent:
        assert needle not in text, f"{needle!r} leaked into {url} as {username}"


# ---- the matrix ------------------------------------------------------------------------------

@pytest.mark.parametrize(("endpoint", "role", "target", "expected"), list(_cases()))
def test_matrix(shared_app, client_for, session_cookies, ids, endpoint, role, target, expected):
    route = MATRIX[endpoint]
    url = route.targets[target]
    url = url(ids) if callable(url) else url
    response = _send(shared_app, client_for(role), route.method, url)
    check(response, expected, url=url, username=role, ids=ids)
    if endpoint == "accounts.logout" and role != ANON:
        session_cookies[role] = _session_cookie(shared_app, role)  # logging out ended every session of it
    elif route.method == "POST":
        _posts_changed_nothing(shared_app, ids)


def _posts_changed_nothing(shared_app, rounds_setup):
    """The matrix sends its POSTs to the round every other case reads: were one of them to save
    something (a stage, a member leaving, a plan), other cases would test a different state and
    the "access only" expectations above would be wrong. Checked after every POST case, so that it
    holds whatever the order of the cases."""
    with shared_app.app_context():
        round_ = db.session.get(Round, rounds_setup["round"])
        assert round_.is_open
        elections = db.session.execute(select(
            CommitteeElection.stage, CommitteeElection.mode, CommitteeElection.election_day,
            CommitteeElection.seats_member, func.count()).where(CommitteeElection.round_id == round_.id)
            .group_by(CommitteeElection.stage, CommitteeElection.mode, CommitteeElection.election_day,
                      CommitteeElection.seats_member)).all()
        assert [row[:4] for row in elections] == [("setup", "direct", None, None)]
        assert db.session.scalar(select(func.count()).select_from(StageChange).join(CommitteeElection).where(
            CommitteeElection.round_id == round_.id)) == 0
        members = db.session.scalars(select(ElectionCommitteeMember)).all()
        assert sorted((m.id, m.left_on) for m in members) == sorted(
            [(rounds_setup["member_in"], None), (rounds_setup["member_out"], None)])
        assert db.session.scalar(select(func.count()).select_from(RollVersion)) == 4
        assert db.session.scalar(select(func.count()).select_from(RollChange)) == 0
        assert sorted(db.session.scalars(select(Voter.status))) == ["registered"] * 28
        assert [o.decision for o in db.session.scalars(select(Objection))] == ["rejected", "rejected"]
        roll_writes = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("roll.%"), AuditEntry.action.not_in(("roll.export", "roll.print"))).order_by(AuditEntry.id)).all()
        assert roll_writes[-1] == "roll.objection.decide"  # the set-up's last write
        writes = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("election%") | AuditEntry.action.like("round.%"))).all()
        assert sorted(a for a in writes if a != "round.close") == [
            *["election.plan"] * 4, *["election.stage"] * 10,  # the rolls and candidates rounds' set-up
            "election_committee.add", "election_committee.add", *["round.open"] * 4]
        assert list(db.session.scalars(select(Nominee.withdrawn_on))) == [None] * 4
        assert db.session.scalar(select(func.count()).select_from(Nomination)) == 4
        assert db.session.scalar(select(func.count()).select_from(Relative)) == 0
        assert db.session.scalar(select(func.count()).select_from(CandidateList)) == 2
        assert sorted(str(f.decision) for f in db.session.scalars(select(VettingFile))) == [
            "None", "None", "barred", "barred"]
        candidate_writes = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("nomination.%") | AuditEntry.action.like("vetting.%")
            | AuditEntry.action.like("candidates.%") | AuditEntry.action.like("nominee.%"),
            AuditEntry.action.not_like("%.print"), AuditEntry.action.not_like("%.export"),
            AuditEntry.action != "vetting.letter").order_by(AuditEntry.id)).all()
        assert candidate_writes[-1] == "vetting.decide"  # the set-up's last write


def test_every_route_is_in_the_matrix(shared_app):
    routes = {rule.endpoint: rule for rule in shared_app.url_map.iter_rules() if rule.endpoint != "static"}
    missing = sorted(set(routes) - set(MATRIX))
    assert not missing, f"routes without a row in the access matrix: {missing}"
    assert not sorted(set(MATRIX) - set(routes)), "matrix rows for routes that no longer exist"
    for endpoint, route in MATRIX.items():
        assert route.method in routes[endpoint].methods, endpoint


def test_matrix_rows_are_complete(shared_app):
    """Every row has an expectation per role and target; unit routes test both sides of the border."""
    for endpoint, route in MATRIX.items():
        assert set(route.expect) == set(ROLES), endpoint
        for role, expected in route.expect.items():
            assert len(expected) == len(route.targets), (endpoint, role)
        rule = shared_app.view_functions[endpoint].access
        if rule.unit_arg or endpoint in ("accounts.edit_user", "geography.search", "audit.log"):
            assert {"inside", "outside"} <= set(route.targets), endpoint
        for role in ROLES[1:]:
            if ACCOUNTS[role][0] not in rule.roles and not rule.public:
                assert {e.status for e in route.expect[role]} == {403}, f"{endpoint}: {role} is not allowed, must be 403"


# ---- scoped lists in detail ------------------------------------------------------------------

@pytest.mark.parametrize(("username", "prefix"), [
    ("city", "11"), ("district", "110101"), ("observer", "110101"),
    ("township", "110101001"), ("committee", IN_COMMITTEE),
])
def test_search_stays_in_jurisdiction(shared_app, client_for, username, prefix):
    client = client_for(username)
    headers = {"Accept": "application/json"}
    found = _send(shared_app, client, "GET", "/geo/search?q=社区", headers=headers).get_json()
    assert found and all(unit["code"].startswith(prefix) for unit in found), found
    by_code = _send(shared_app, client, "GET", "/geo/search?q=110102", headers=headers).get_json()
    assert bool(by_code) == (username == "city"), by_code


@pytest.mark.parametrize("username", ["city", "district", "township", "committee", "observer"])
# Each narrowed to the test's two entries ("test."): the log's first page of 50 is theirs, whatever
# the other cases of the module have written before.
@pytest.mark.parametrize("query", ["?action=test.", "?action=test.out", f"?unit={OUT_DISTRICT}&action=test.",
                                   f"?unit={OUT_TOWNSHIP}&action=test.", "?unit=11&action=test.",
                                   "?unit=110102%25&action=test."])
def test_audit_log_stays_in_jurisdiction(shared_app, client_for, username, query):
    response = _send(shared_app, client_for(username), "GET", f"/audit/{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True).split('id="audit"', 1)[1]  # the entries, not the filter form
    if username == "city":
        assert OUT_ACTION in page
    else:
        assert OUT_ACTION not in page
        assert not [name for name in OUT_USERNAMES if name in page]
        if query in ("?action=test.", "?unit=11&action=test."):
            assert IN_ACTION in page


def test_accounts_list_stays_in_jurisdiction(shared_app, client_for):
    district = _send(shared_app, client_for("district"), "GET", "/accounts/").get_data(as_text=True)
    assert not [name for name in OUT_USERNAMES if name in district]
    for name in ("township", "committee", "clerk", "observer"):
        assert f"<td>{name}</td>" in district
    city = _send(shared_app, client_for("city"), "GET", "/accounts/").get_data(as_text=True)
    assert all(f"<td>{name}</td>" in city for name in ACCOUNTS)


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_district_official_opens_only_grantable_accounts_in_its_district(
        shared_app, client_for, account_ids, username):
    response = _send(shared_app, client_for("district"), "GET", f"/accounts/{account_ids[username]}")
    expected = (404 if username.endswith("_out") or username == "city"
                else 403 if ACCOUNTS[username][0] == "district_official"
                else 200)
    assert response.status_code == expected


# ---- writes across the border are refused too ------------------------------------------------

def _user(app, username):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return None if user is None else (user.role, user.unit_code, user.display_name, user.active)


def test_new_account_outside_is_refused(shared_app, client_for):
    data = {"username": "probe_outside", "password": "long-enough-1", "role": "clerk",
            "unit_code": OUT_COMMITTEE, "display_name": "x"}
    response = _send(shared_app, client_for("district"), "POST", "/accounts/new", data=data)
    assert response.status_code == 200  # the form again, with the refusal
    assert _user(shared_app, "probe_outside") is None
    response = _send(shared_app, client_for("township"), "POST", "/accounts/new", data=data)
    assert response.status_code == 403
    assert _user(shared_app, "probe_outside") is None


def test_edit_account_across_the_border_is_refused(shared_app, client_for, account_ids):
    client = client_for("district")
    # An account outside: not found, and untouched.
    before = _user(shared_app, "clerk_out")
    data = {"role": "clerk", "unit_code": OUT_COMMITTEE, "display_name": "hijacked", "active": "y"}
    response = _send(shared_app, client, "POST", f"/accounts/{account_ids['clerk_out']}", data=data)
    assert response.status_code == 404
    assert _user(shared_app, "clerk_out") == before
    # An account inside cannot be moved out of the district.
    before = _user(shared_app, "clerk")
    data = {"role": "clerk", "unit_code": OUT_COMMITTEE, "display_name": "moved", "active": "y"}
    response = _send(shared_app, client, "POST", f"/accounts/{account_ids['clerk']}", data=data)
    assert response.status_code == 200
    assert _user(shared_app, "clerk") == before
