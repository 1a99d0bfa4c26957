"""Beijing time: what people read on pages and documents. The database keeps UTC."""
from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing_now() -> datetime:
    return datetime.now(BEIJING)


def beijing_today() -> date:
    """The day deadlines are about: statutory days are Beijing calendar days."""
    return beijing_now().date()
