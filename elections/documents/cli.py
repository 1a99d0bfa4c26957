"""`flask documents certificates|announcements|cards --unit CODE --out FILE.pdf`: a jurisdiction's batch
as one PDF from the command line, its parts rendered by several processes (documents.batches)."""
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

import click
from flask_babel import gettext as _

from ..audit.services import record
from ..database import reading
from ..extensions import db
from ..geography.models import Division
from ..rounds import services as rounds
from ..transactions import CommandGroup
from . import batches

documents_cli = CommandGroup("documents", help="Printed documents: certificates, announcements and voter cards in batches.")


def _worker_start() -> None:
    """A forked worker opens its own database connections, never its parent's."""
    db.engine.dispose(close=False)


def _render_to(kind: str, ids: list[int], number: str, path: str) -> tuple[str, int]:
    with reading():  # the workers read side by side (WAL), never queueing for the write lock
        data = batches.render(kind, ids, number)
        db.session.rollback()
    Path(path).write_bytes(data)
    return path, len(ids)


def run_batch(kind: str, code: str, out: Path, round_id: int | None, only_new: bool, workers: int) -> None:
    round_ = rounds.get_round(round_id) if round_id is not None else rounds.current_round()
    unit = db.session.get(Division, code)
    if round_ is None or unit is None or unit.level == "committee":
        click.echo(_("Give the code of the city, a district or a township, and a round that exists."), err=True)
        sys.exit(2)
    try:
        parts, documents, pages = batches.plan_parts(kind, round_.id, unit, only_new=only_new)
    except batches.BatchError as error:
        click.echo(" ".join(p.text(_) for p in error.problems), err=True)
        sys.exit(2)
    number = batches.document_number(kind, code, time.strftime("%Y%m%d%H%M"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        paths = [str(Path(tmp) / f"part-{i:05d}.pdf") for i in range(len(parts))]
        db.session.commit()  # only reads so far: the workers start without an open transaction
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("fork"),
                                 initializer=_worker_start) as pool, \
                click.progressbar(length=documents, label=_("Printing"), file=sys.stderr, show_pos=True) as bar:
            futures = [pool.submit(_render_to, kind, ids, number, path) for ids, path in zip(parts, paths)]
            for future in as_completed(futures):
                bar.update(future.result()[1])
        printed_pages = batches.join([Path(p) for p in paths], out, kind)
    batches.mark_printed(kind, parts)
    record(None, code, "documents.batch", "round", round_.id,
           after={"kind": kind, "documents": documents, "only_new": only_new, "file": out.name})
    click.echo(_("%(name)s: %(documents)d documents, %(pages)d pages written to %(file)s in %(seconds).1f s.",
                 name=unit.name, documents=documents, pages=printed_pages, file=str(out),
                 seconds=time.perf_counter() - started))


def _command(kind: str, help_text: str):
    @documents_cli.command(kind, help=help_text)
    @click.option("--unit", "code", required=True, help="The code of the city, a district or a township.")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
                  help="The PDF file to write.")
    @click.option("--round", "round_id", type=int, help="The round (default: the open one).")
    @click.option("--workers", type=int, default=os.cpu_count() or 1, show_default=True,
                  help="Processes that render parts side by side.")
    @click.option("--only-new", is_flag=True, help="Only certificates not printed before.") if kind == "certificates" \
        else (lambda f: f)
    def command(code, out, round_id, workers, only_new=False):
        run_batch(kind, code, out, round_id, only_new, workers)

    return command


_command("certificates", "Every current certificate of election (R-CERT-2) of the unit, by committee code.")
_command("announcements", "Every results announcement (R-CERT-1) of the unit, by committee code and ballot.")
_command("cards", "The voter cards (R-ROLL-5) of every committee of the unit with a published list.")
