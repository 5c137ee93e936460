"""Outcome-focused, prescribed social value specifier for UK councils."""

import os
import secrets
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from specifier import cli, db
from specifier.record_files import MAX_BYTES
from specifier.themes import theme_label

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


def _secret_key(instance_path):
    """Use SPECIFIER_SECRET_KEY, else a random key kept in the instance folder."""
    if os.environ.get("SPECIFIER_SECRET_KEY"):
        return os.environ["SPECIFIER_SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def create_app(test_config=None):
    """Create and configure the app (flaskr-style factory)."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(ROOT / "templates"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        DATABASE=os.environ.get(
            "SPECIFIER_DATABASE", str(Path(app.instance_path) / "specifier.db")
        ),
        PRIORITIES_DIR=str(ROOT / "priorities"),
        MAX_CONTENT_LENGTH=MAX_BYTES + 256 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config is not None:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["theme_label"] = theme_label
    csrf.init_app(app)
    WTFormsHelpers(app)
    db.init_app(app)
    cli.init_app(app)

    from specifier.views import catalogue, councils, matching, priorities, procurements

    for blueprint in (
        councils.bp,
        councils.council_bp,
        priorities.bp,
        catalogue.bp,
        matching.bp,
        procurements.bp,
    ):
        app.register_blueprint(blueprint)

    for code in (400, 404, 413, 500):
        app.register_error_handler(code, _error_page(code))
    return app


def _error_page(code):
    def handler(_error):
        return render_template(f"errors/{code}.html"), code

    return handler
