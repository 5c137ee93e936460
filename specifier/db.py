"""Database connection, per-request handle and schema migrations."""

import sqlite3

import sqlite_utils
from flask import current_app, g

from specifier.migrations import migrations


def connect(path):
    """Open the database with WAL and enforced foreign keys, as every connection must."""
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    return db


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


def migrate(db):
    """Bring the schema up to date; safe to run at any time."""
    migrations.apply(db)


def init_app(app):
    """Close the request's handle at teardown."""
    app.teardown_appcontext(close_db)
