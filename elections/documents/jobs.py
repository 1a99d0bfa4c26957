"""The job queue that prints batches in the background: Huey, on SQLite in the instance folder
(`instance/huey.db`, nothing to install) or, with REDIS_URL set, on Redis (production, workers on
several hosts sharing PRINTS_FOLDER).

A batch is queued as one task per part (documents.batches), so a consumer with several worker
processes renders parts side by side; the task that finishes the last part joins them. Run the
consumer beside gunicorn (scripts/demo.sh does):

    .venv/bin/huey_consumer elections.documents.jobs.huey -k process -w 2

Tasks are queued only once the request that made the job has committed (`transactions.after_commit`),
so a worker never looks for a job that is not there yet, and a refused request queues nothing.
"""
import os
import traceback
from contextlib import contextmanager
from pathlib import Path

from flask import has_app_context
from huey import RedisHuey, SqliteHuey

from .. import transactions
from ..database import reading
from . import batches

ROOT = Path(__file__).resolve().parent.parent.parent


def _make_huey():
    if os.environ.get("REDIS_URL"):
        return RedisHuey("bj-elections", url=os.environ["REDIS_URL"])
    path = Path(os.environ.get("HUEY_SQLITE", ROOT / "instance" / "huey.db"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("bj-elections", filename=str(path))


huey = _make_huey()
_app = None


@contextmanager
def _app_context():
    """The app of the worker process, made once; in a request or a test, the app already there."""
    global _app
    if has_app_context():
        yield
        return
    if _app is None:
        from .. import create_app

        _app = create_app()
    with _app.app_context():
        yield


@huey.task()
def render_part(job_id: int, index: int) -> None:
    """One part of a batch: its own units of work, the rendering in between read only."""
    with _app_context():
        try:
            if not batches.begin(job_id):
                return
            transactions.finish()
            with reading():
                pages = batches.render_part(job_id, index)
                transactions.rollback()  # only read: end the read before writing
            last = batches.part_done(job_id, pages)
            transactions.finish()
            if last:
                batches.finish(job_id)
                transactions.finish()
        except Exception:
            transactions.rollback()
            batches.fail(job_id, traceback.format_exc(limit=3))
            transactions.finish()
            raise


def start(job) -> None:
    """Queue the job's parts once the unit of work that planned it has committed."""
    job_id, parts = job.id, job.parts
    transactions.after_commit(lambda: [render_part(job_id, index) for index in range(parts)])
