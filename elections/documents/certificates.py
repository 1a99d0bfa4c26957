"""Certificates of election (当选证书, R-CERT-2): issued by the township government or street office
to each member when it certifies the result (R-CERT-3), verified online by their serial.

- `issue`: one certificate per member who holds a seat and has no current certificate: name,
  committee, post, term with its first and last day (R-SIZE-2, from the rule set), the round's term
  number, the issuing authority (a setting of the township), the day and an unguessable serial.
- `end_for_annulment`: an annulled win (R-COUNT-11) ends the member's certificate, dated.
- `reissue`: a lost or damaged certificate is replaced by a new one with a new serial that names
  the one it replaces; the old serial then verifies as replaced, with the day.
- `certificates_pdf`: the certificates in the one print design, with a QR code of the
  verification address, one page each, in committee order.

Services flush; the request or command commits.
"""
from datetime import date

import segno
from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit.services import actor_name, record
from ..candidates.documents import POST_TEXT
from ..clock import beijing_today
from ..extensions import db
from ..geography.authority import issuing_authority
from ..messages import N_, Problem
from ..rolls.documents import cn_date, election_names
from ..rounds.labels import term_label
from ..rounds.models import CommitteeElection
from ..tallies import ballots as ballot_store
from ..transactions import Refusal
from . import serials, terms
from .models import Certificate
from .pdf import render_pdf

# R-CERT-2: certificates are the township government's or street office's (and the officials' above).
ISSUERS = ("township_official", "district_official", "city_admin")


class CertificateError(Refusal):
    pass


def certificates_of(election: CommitteeElection) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.election_id == election.id)
                                   .order_by(Certificate.id)))


def _unique_serial() -> str:
    """A fresh serial; a collision (one in 2^80 per pair) is simply drawn again."""
    while True:
        serial = serials.new_serial()
        if db.session.scalar(select(Certificate.id).where(Certificate.serial == serial)) is None:
            return serial


def issue(election: CommitteeElection, members: list[dict], actor=None, *, today: date | None = None) -> list[Certificate]:
    """R-CERT-2: a certificate for each member (results.services.members) without a current one."""
    today = today or beijing_today()
    held = {(c.post, c.name) for c in certificates_of(election) if c.status == "current"}
    days = {b.number: b.held_on for b in ballot_store.ballots(election)}
    first_day = days[1]
    township = election.committee.parent
    issued = []
    for member in members:
        if (member["post"], member["name"]) in held:
            continue
        start, end = terms.term(first_day, days[member["ballot"]], election.rules.term_years)  # R-SIZE-2
        certificate = Certificate(
            serial=_unique_serial(), election_id=election.id, ballot_number=member["ballot"], post=member["post"],
            name=member["name"], term_number=election.round.term_for(election.kind), term_start=start, term_end=end,
            issuing_authority=issuing_authority(township), issued_on=today, issued_by=actor_name(actor))
        db.session.add(certificate)
        issued.append(certificate)
    if issued:
        db.session.flush()
        record(actor, election.committee_code, "certificate.issued", "committee_election", election.id,
               after={"certificates": [f"{POST_TEXT[c.post]} {c.name} {c.serial}" for c in issued]})
    return issued


def end_for_annulment(election: CommitteeElection, post: str, name: str, reason: str, *, today: date) -> None:
    """R-COUNT-11: the certificate of an annulled win no longer verifies as current."""
    for certificate in certificates_of(election):
        if certificate.status == "current" and certificate.post == post and certificate.name == name:
            certificate.status, certificate.ended_on, certificate.ended_reason = "annulled", today, reason
    db.session.flush()


def reissue(certificate: Certificate, reason: str, actor=None, *, today: date | None = None) -> Certificate:
    """A new certificate in place of a lost or damaged one: the old serial verifies as replaced."""
    today = today or beijing_today()
    reason = (reason or "").strip()
    if getattr(actor, "role", None) not in ISSUERS:
        raise CertificateError([Problem(N_("Certificates are issued by the township government or street office."),
                                        rule="R-CERT-2")])
    if certificate.status != "current":
        raise CertificateError([Problem(N_("Only a current certificate can be re-issued."), rule="R-CERT-3")])
    if not reason:
        raise CertificateError([Problem(N_("Say why the certificate is re-issued."), field="reason")])
    certificate.status, certificate.ended_on, certificate.ended_reason = "replaced", today, reason
    township = certificate.election.committee.parent
    new = Certificate(serial=_unique_serial(), election_id=certificate.election_id,
                      ballot_number=certificate.ballot_number, post=certificate.post, name=certificate.name,
                      term_number=certificate.term_number, term_start=certificate.term_start,
                      term_end=certificate.term_end, issuing_authority=issuing_authority(township), issued_on=today,
                      issued_by=actor_name(actor), replaces=certificate)
    db.session.add(new)
    db.session.flush()
    record(actor, certificate.election.committee_code, "certificate.reissued", "certificate", new.id,
           before={"serial": certificate.serial}, after={"serial": new.serial, "reason": reason})
    return new


def find(typed: str) -> Certificate | None:
    serial = serials.normalise(typed)
    if serial is None:
        return None
    return db.session.scalar(select(Certificate).options(joinedload(Certificate.replaces))
                             .where(Certificate.serial == serial))


def verification_url(serial: str) -> str:
    """The address the QR code holds: the app's public base URL (a setting, PUBLIC_BASE_URL)."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/verify/{serial}"


def _qr_svg(url: str) -> str:
    """The QR code as inline SVG (one path), which WeasyPrint draws without fetching anything."""
    return segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True)


def _context(certificate: Certificate, names: dict) -> dict:
    election = certificate.election
    village = election.kind == "village"
    url = verification_url(certificate.serial)
    return {
        "serial": certificate.serial, "name": certificate.name, "post": POST_TEXT[certificate.post],
        "committee": f"{names['place']}{'村民委员会' if village else '居民委员会'}",
        "election": names["election"], "term": term_label(certificate.term_number),
        "years": election.rules.term_years, "start": cn_date(certificate.term_start), "end": cn_date(certificate.term_end),
        "authority": certificate.issuing_authority, "issued_on": cn_date(certificate.issued_on),
        "issuer": names["issuer"], "url": url, "qr": _qr_svg(url),
        "replaces": {"serial": certificate.replaces.serial, "on": cn_date(certificate.replaces.issued_on)}
        if certificate.replaces is not None else None,
    }


def contexts(certificates: list[Certificate]) -> list[dict]:
    names: dict[int, dict] = {}
    out = []
    for certificate in certificates:
        if certificate.election_id not in names:
            names[certificate.election_id] = election_names(certificate.election)
        out.append(_context(certificate, names[certificate.election_id]))
    return out


def certificates_pdf(certificates: list[Certificate], *, number: str) -> bytes:
    """The certificates, one A4 landscape page each, as one document (one font subset: see pdf.py)."""
    if not certificates:
        raise ValueError("no certificates to print")
    round_ = certificates[0].election.round
    return render_pdf("print/certificate.html", {"title": "当选证书", "certificates": contexts(certificates)},
                      number=number, round_=round_)
