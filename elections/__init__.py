"""bj-elections: election management for Beijing's village and residents' committees."""
from pathlib import Path

from flask import Flask, has_request_context, session

from . import config as config_module
from .extensions import babel, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """Simplified Chinese unless the user chose English with the switch in the header.

    Outside a request (the CLI) the default locale applies.
    """
    if not has_request_context():
        return None
    lang = session.get("lang")
    return lang if lang in ("zh", "en") else None


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)
        if "DATABASE_URL" in config:
            app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_url(config["DATABASE_URL"])

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "translations"))
    login_manager.init_app(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            from .database import configure_sqlite

            configure_sqlite(db.engine)

    from . import models  # noqa: F401  (every model, for Alembic and relationships)
    from .web import register_web

    register_web(app)

    from .access import check_declarations

    check_declarations(app)
    return app
