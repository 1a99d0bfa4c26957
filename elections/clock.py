"""Beijing time: what people read on pages and documents. The database keeps UTC."""
from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing_now() -> datetime:
    return datetime.now(BEIJING)


def beijing_today() -> date:
    """The day deadlines are about: statutory days are Beijing calendar days."""
    return beijing_now().date()


def beijing_time(moment: datetime) -> str:
    """A stored moment as people read it: in Beijing time (SQLite hands UTC back naive)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
