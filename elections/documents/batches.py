"""Batch printing: all certificates, results announcements or voter cards of a jurisdiction as one
PDF, ordered by committee code (or only the certificates not yet printed).

A batch is planned as parts of about PART_PAGES pages. Each part is one WeasyPrint document, so a
page costs the one-document rate (~25–30 ms; each document adds ~0.3 s for its font subset, see
pdf.py) while memory stays that of one part (WeasyPrint holds every laid-out page until it writes);
parts render in parallel in the job queue's workers (documents.jobs) or the command's processes
(documents.cli), and the last part to finish joins them (pypdf). A voter card deck is never split:
a committee's cards are numbered page by page within their own document.

`plan` makes the job's parts; `begin`, `render_part` and `part_done` render one and count its
progress; `finish` joins the parts. Services flush; the task or command commits.
"""
import io
import math
import shutil
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select, update

from ..audit.services import actor_name, record
from ..extensions import db
from ..messages import N_, Problem
from ..rolls import documents as roll_documents
from ..rolls.models import RollVersion
from ..rounds.models import CommitteeElection
from ..tallies.models import Ballot
from ..transactions import Refusal
from ..results import documents as announcements
from . import certificates
from .models import Certificate, PrintJob

KINDS = ("certificates", "announcements", "cards")
PART_PAGES = 100
CARDS_PER_PAGE = 8
POST_ORDER = {"director": 0, "deputy_director": 1, "member": 2}
TITLES = {"certificates": "当选证书", "announcements": "选举结果公告", "cards": "参选证"}


class BatchError(Refusal):
    pass


def _in_unit(level: str, code: str):
    column = {"district": CommitteeElection.district_code, "township": CommitteeElection.township_code,
              "committee": CommitteeElection.committee_code}.get(level)
    return True if column is None else column == code


def _items(kind: str, round_id: int, level: str, code: str, only_new: bool) -> list[tuple[int, int]]:
    """(item id, pages) in committee code order: certificates by post, announcements by ballot."""
    scope = (CommitteeElection.round_id == round_id, _in_unit(level, code))
    if kind == "certificates":
        rows = db.session.execute(
            select(Certificate.id, Certificate.post, CommitteeElection.committee_code)
            .join(CommitteeElection, CommitteeElection.id == Certificate.election_id)
            .where(*scope, Certificate.status == "current",
                   *((Certificate.printed_at.is_(None),) if only_new else ()))).all()
        rows.sort(key=lambda r: (r.committee_code, POST_ORDER[r.post], r.id))
        return [(r.id, 1) for r in rows]
    if kind == "announcements":
        rows = db.session.execute(
            select(Ballot.id).join(CommitteeElection, CommitteeElection.id == Ballot.election_id)
            .where(*scope, Ballot.status == "counted")
            .order_by(CommitteeElection.committee_code, Ballot.number)).all()
        return [(r.id, 1) for r in rows]
    latest = (select(RollVersion.election_id, func.max(RollVersion.number).label("number"))
              .group_by(RollVersion.election_id).subquery())
    rows = db.session.execute(
        select(RollVersion.id, RollVersion.registered)
        .join(latest, (latest.c.election_id == RollVersion.election_id) & (latest.c.number == RollVersion.number))
        .join(CommitteeElection, CommitteeElection.id == RollVersion.election_id)
        .where(*scope).order_by(CommitteeElection.committee_code)).all()
    return [(r.id, max(1, math.ceil(r.registered / CARDS_PER_PAGE))) for r in rows if r.registered]


def _parts(items: list[tuple[int, int]], kind: str) -> list[list[int]]:
    """Consecutive items of about PART_PAGES pages a part; a deck of cards is a part of its own."""
    parts, current, pages = [], [], 0
    for item, item_pages in items:
        if current and (kind == "cards" or pages + item_pages > PART_PAGES):
            parts.append(current)
            current, pages = [], 0
        current.append(item)
        pages += item_pages
    if current:
        parts.append(current)
    return parts


def plan_parts(kind: str, round_id: int, unit, *, only_new: bool = False) -> tuple[list[list[int]], int, int]:
    """(parts, documents, pages) of a batch for `unit` (a township, district or the city); refused
    when there is nothing to print."""
    if kind not in KINDS:
        raise ValueError(f"kind is one of {KINDS}, not {kind!r}")
    items = _items(kind, round_id, unit.level, unit.code, only_new and kind == "certificates")
    if not items:
        raise BatchError([Problem({"certificates": N_("There is no certificate to print here yet: certificates are "
                                                      "issued when the township certifies a result."),
                                   "announcements": N_("No ballot has been counted here yet."),
                                   "cards": N_("No committee here has published its voter list yet.")}[kind],
                                  rule={"certificates": "R-CERT-2", "announcements": "R-CERT-1",
                                        "cards": "R-ROLL-5"}[kind])])
    return _parts(items, kind), len(items), sum(p for _i, p in items)


def plan(kind: str, round_id: int, unit, actor=None, *, only_new: bool = False) -> PrintJob:
    """A new background job for the batch (documents.jobs.start queues it), in the audit log."""
    parts, documents, pages = plan_parts(kind, round_id, unit, only_new=only_new)
    job = PrintJob(kind=kind, round_id=round_id, unit_code=unit.code, only_new=only_new and kind == "certificates",
                   documents=documents, pages_total=pages, parts=len(parts), plan=parts,
                   requested_by=actor_name(actor))
    db.session.add(job)
    db.session.flush()
    record(actor, unit.code, "documents.batch", "print_job", job.id,
           after={"kind": kind, "documents": documents, "only_new": job.only_new})
    return job


def folder(job_id: int) -> Path:
    return Path(current_app.config["PRINTS_FOLDER"]) / f"job-{job_id}"


def output(job: PrintJob) -> Path:
    return Path(current_app.config["PRINTS_FOLDER"]) / f"job-{job.id}.pdf"


def document_number(kind: str, unit_code: str, suffix: str) -> str:
    return f"{kind[:2].upper()}-{unit_code}-{suffix}"


def render(kind: str, ids: list[int], number: str) -> bytes:
    """One part: certificates as one document; announcements and a deck of cards as printed alone."""
    if kind == "certificates":
        chosen = list(db.session.scalars(select(Certificate).where(Certificate.id.in_(ids))))
        chosen.sort(key=lambda c: ids.index(c.id))
        return certificates.certificates_pdf(chosen, number=number)
    if kind == "announcements":
        writer = PdfWriter()
        for ballot in sorted(db.session.scalars(select(Ballot).where(Ballot.id.in_(ids))), key=lambda b: ids.index(b.id)):
            writer.append(PdfReader(io.BytesIO(announcements.announcement_pdf(ballot))))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    version = db.session.get(RollVersion, ids[0])
    return roll_documents.voter_cards_pdf(version.election, version.number)


def begin(job_id: int) -> bool:
    """A part starts: the job is running (from its first part); False when the job failed already."""
    job = db.session.get(PrintJob, job_id)
    if job.status == "failed":
        return False
    if job.started_at is None:
        db.session.execute(update(PrintJob).where(PrintJob.id == job_id, PrintJob.started_at.is_(None))
                           .values(started_at=datetime.now(timezone.utc), status="running"))
    return True


def render_part(job_id: int, index: int) -> int:
    """Render part `index` of the job into its folder; its pages. Reads only: the caller ends the
    read before `part_done` writes (on SQLite a write held through the rendering would lock out
    every other writer for its seconds)."""
    job = db.session.get(PrintJob, job_id)
    data = render(job.kind, job.plan[index], number=document_number(job.kind, job.unit_code, f"J{job.id}"))
    target = folder(job_id)
    target.mkdir(parents=True, exist_ok=True)
    (target / f"part-{index:05d}.pdf").write_bytes(data)
    return len(PdfReader(io.BytesIO(data)).pages)


def part_done(job_id: int, pages: int) -> bool:
    """Count a part's pages done; True when it was the last part, whose caller then calls `finish`."""
    done, parts = db.session.execute(update(PrintJob).where(PrintJob.id == job_id)
                                     .values(pages_done=PrintJob.pages_done + pages, parts_done=PrintJob.parts_done + 1)
                                     .returning(PrintJob.parts_done, PrintJob.parts)).one()
    return done == parts


def join(paths: list[Path], target: Path, kind: str) -> int:
    """Join the parts in order into `target`; its number of pages."""
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    writer.add_metadata({"/Title": TITLES[kind]})
    with open(target, "wb") as out:
        writer.write(out)
    return len(writer.pages)


def mark_printed(kind: str, parts: list[list[int]]) -> None:
    """Certificates printed in a batch are no longer new (`--only-new`, the "not yet printed" batch)."""
    if kind != "certificates":
        return
    now = datetime.now(timezone.utc)
    for ids in parts:
        db.session.execute(update(Certificate).where(Certificate.id.in_(ids), Certificate.printed_at.is_(None))
                           .values(printed_at=now))


def finish(job_id: int) -> PrintJob:
    """Join the job's parts into its PDF and mark what it printed."""
    job = db.session.get(PrintJob, job_id)
    parts = folder(job_id)
    target = output(job)
    pages = join([parts / f"part-{index:05d}.pdf" for index in range(job.parts)], target, job.kind)
    shutil.rmtree(parts, ignore_errors=True)
    mark_printed(job.kind, job.plan)
    job.status, job.finished_at, job.size = "done", datetime.now(timezone.utc), target.stat().st_size
    job.pages_done = job.pages_total = pages
    db.session.flush()
    return job


def fail(job_id: int, error: str) -> None:
    db.session.execute(update(PrintJob).where(PrintJob.id == job_id)
                       .values(status="failed", error=error[:2000], finished_at=datetime.now(timezone.utc)))


def progress(job: PrintJob) -> dict:
    """Pages done of the total and the time left, estimated from the pages done so far."""
    left = None
    if job.status == "running" and job.started_at is not None and job.pages_done:
        started = job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=timezone.utc)
        spent = (datetime.now(timezone.utc) - started).total_seconds()
        left = max(0, round(spent / job.pages_done * (job.pages_total - job.pages_done)))
    return {"id": job.id, "status": job.status, "documents": job.documents, "pages_done": job.pages_done,
            "pages_total": job.pages_total, "seconds_left": left, "size": job.size}
