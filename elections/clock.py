"""Beijing time: what people read on pages and documents. The database keeps UTC."""
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def beijing_now() -> datetime:
    return datetime.now(BEIJING)
