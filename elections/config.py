"""Configuration from the environment, so one build runs on a laptop (SQLite) and in production (PostgreSQL)."""
import os
import secrets
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """Use SECRET_KEY when set; otherwise keep one generated key in the instance folder.

    A key generated per process would log everybody out on each restart and break
    sessions between gunicorn workers.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance_path: str) -> str:
    return normalise_url(os.environ.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'elections.db'}")


def normalise_url(url: str) -> str:
    """postgres:// and bare postgresql:// would make SQLAlchemy pick psycopg2; we ship psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment(instance_path: str) -> dict:
    https = os.environ.get("HTTPS", "").lower() in ("1", "true", "yes", "on")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ("zh", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Served over HTTPS (as the deployment guide has it): cookies only over HTTPS, and HSTS.
        "HTTPS": https,
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,  # a clerk's form may stay open through a long election night
        # R-independent security settings: failed logins allowed per account and per address
        # within LOGIN_THROTTLE_WINDOW seconds before further attempts are refused.
        "LOGIN_MAX_FAILURES_PER_USER": int(os.environ.get("LOGIN_MAX_FAILURES_PER_USER", 5)),
        "LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", 30)),
        "LOGIN_THROTTLE_WINDOW": int(os.environ.get("LOGIN_THROTTLE_WINDOW", 15 * 60)),
        # Searches and views of personal data by readers who see ID numbers masked (observers):
        # at most this many within PERSONAL_LOOKUP_WINDOW seconds, so that no masked number is
        # rebuilt by trying its digits, nor a roll copied page by page.
        "PERSONAL_LOOKUPS": int(os.environ.get("PERSONAL_LOOKUPS", 120)),
        "PERSONAL_LOOKUP_WINDOW": int(os.environ.get("PERSONAL_LOOKUP_WINDOW", 10 * 60)),
        # The public verification page of certificates (R-CERT-2): the address printed in their QR
        # codes, and the look-ups one address may make within VERIFY_WINDOW seconds.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        "VERIFY_LOOKUPS": int(os.environ.get("VERIFY_LOOKUPS", 30)),
        "VERIFY_WINDOW": int(os.environ.get("VERIFY_WINDOW", 60)),
        # Batch printing in the background (documents.jobs): Huey's queue, on SQLite in the instance
        # folder unless REDIS_URL names a Redis server (production, several hosts), and where the
        # finished PDFs are kept (a shared volume when workers run on other hosts).
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "PRINTS_FOLDER": os.environ.get("PRINTS_FOLDER", str(Path(instance_path) / "prints")),
        # Uploads: a district's roll as CSV is ~30 MB; the city's goes through `flask rolls import`.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", 100)) * 1024 * 1024,
    }
