"""This request's database handle: opened on first use, closed at teardown."""

from flask import current_app, g

from specifier.db import connect


def get_db():
    """Return this request's database handle, opening it on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc=None):
    """Close this request's handle, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    """Close the request's handle at teardown."""
    app.teardown_appcontext(close_db)
