"""The app as gunicorn serves it for bench/issuance_load.py, with one route more: the trivial
one-row write the issue endpoint is measured beside (the same session, CSRF check, unit of work
and write transaction; one INSERT). Run by the benchmark: gunicorn "issuance_app:make()"."""
from datetime import datetime, timezone

from flask import jsonify, request

from elections import access, create_app
from elections.accounts.models import LoginAttempt
from elections.extensions import db
from elections.roles import Role


def make():
    app = create_app()

    @app.post("/bench/write")
    @access.roles({Role.issuer})
    def bench_write():
        db.session.add(LoginAttempt(username="bench", address=request.remote_addr or "",
                                    at=datetime.now(timezone.utc)))
        db.session.flush()
        return jsonify({"ok": True}), 201

    return app
