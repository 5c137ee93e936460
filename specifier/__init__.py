"""Outcome-focused, prescribed social value specifier for UK councils."""

import os
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from specifier import cli, config
from specifier.accounts import admin_views, invitation_views
from specifier.accounts import views as account_views
from specifier.catalogue import views as catalogue_views
from specifier.councils import views as council_views
from specifier.db import is_busy
from specifier.matching import views as matching_views
from specifier.priorities import views as priority_views
from specifier.record_files import MAX_BYTES
from specifier.setup import views as setup_views
from specifier.specification import views as specification_views
from specifier.specification import workspace_views
from specifier.web import access, db, health, security
from specifier.wording import FILTERS, utc_time

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
BLUEPRINTS = (
    account_views.bp,
    invitation_views.bp,
    health.bp,
    admin_views.bp,
    council_views.bp,
    council_views.council_bp,
    priority_views.bp,
    catalogue_views.bp,
    matching_views.bp,
    specification_views.bp,
    setup_views.setup_bp,
    setup_views.bp,
    workspace_views.bp,
)


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
        # Idle: a session unused for 8 hours ends (the cookie's signed time is checked).
        PERMANENT_SESSION_LIFETIME=8 * 60 * 60,
        # Absolute: however busy, a session ends 12 hours after signing in.
        SESSION_ABSOLUTE_LIFETIME=12 * 60 * 60,
        # A form open for as long as a signed-in session lasts still saves (not 1 hour's default).
        WTF_CSRF_TIME_LIMIT=8 * 60 * 60,
        # A download waits this many seconds for a turn in its worker's pool of renders.
        EXPORT_WAIT=30,
    )
    app.config.update(config.from_environment(os.environ))
    if test_config is not None:
        app.config.update(test_config)
    app.config["SECRET_KEY"] = config.ensure_secret_key(app.config, app.instance_path)
    app.config.setdefault("RATELIMIT_STORAGE_URI", config.rate_limit_storage(app.config))

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
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["utc_time"] = utc_time
    security.init_app(app)
    access.init_app(app)  # before CSRF, so a signed-out visitor is sent to sign in
    csrf.init_app(app)
    WTFormsHelpers(app)
    db.init_app(app)
    cli.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    security.limit(app, "auth.sign_in", lambda: app.config["SIGN_IN_LIMIT"])
    for code in (400, 403, 404, 413, 429):
        app.register_error_handler(code, _error_page(code))
    app.register_error_handler(500, _server_error)
    return app


def _server_error(error):
    """Sorry, there is a problem; a database kept locked too long means busy (503), not broken."""
    if is_busy(getattr(error, "original_exception", None)):
        return render_template("errors/503.html"), 503, {"Retry-After": "30"}
    return render_template("errors/500.html"), 500


def _error_page(code):
    def handler(_error):
        return render_template(f"errors/{code}.html"), code

    return handler
