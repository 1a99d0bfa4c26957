"""A throwaway app with the Beijing tree loaded, for the benchmarks (SQLite unless DATABASE_URL is set)."""
import os
import tempfile

from flask_migrate import upgrade

from elections import create_app
from elections.accounts.services import create_user
from elections.geography.services import import_divisions, shipped_list

PASSWORD = "bench-password"


def bench_app():
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        import_divisions(shipped_list())
        create_user("bench_city", PASSWORD, "city_admin", "110000000000")
    return app
