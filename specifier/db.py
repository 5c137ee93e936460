"""The database: connections with the settings every one needs, write transactions, migrations,
versioned updates."""

import contextlib
import sqlite3

import sqlite_utils

from specifier.migrations import migrations

# How long a write waits for another connection's write to finish before giving up. Writes take
# milliseconds and the largest import a second or two, so waiting this long means something is
# wrong; gunicorn's request timeout (120 s) is well beyond it.
BUSY_TIMEOUT_MS = 30_000


def connect(path):
    """Open the database with WAL, enforced foreign keys and a busy timeout, as every connection must.

    Single writes outside `write_transaction` also take the write lock up front (IMMEDIATE), so
    any write waits its turn rather than failing.
    """
    conn = sqlite3.connect(
        path,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level="IMMEDIATE",
    )
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    return db


@contextlib.contextmanager
def write_transaction(db):
    """Group reads and writes that belong together in one transaction holding the write lock.

    The one way to open a write transaction here. It starts with BEGIN IMMEDIATE, so it waits
    (up to the busy timeout) for other writers before it reads anything. A plain BEGIN, as
    sqlite-utils' atomic() issues, reads first and asks for the lock at its first write; when
    another connection has written in between, SQLite cannot wait and fails with "database is
    locked". Inside another write transaction this is a savepoint of it.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def is_busy(error):
    """True when a database error means another connection kept the database locked too long."""
    code = getattr(error, "sqlite_errorcode", None)
    return (
        isinstance(error, sqlite3.OperationalError)
        and code is not None
        and (code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED))
    )


def migrate(db):
    """Bring the schema up to date; safe to run at any time."""
    migrations.apply(db)


def update_versioned(db, table, council_id, row_id, values, version=None):
    """Update one council-owned row; False when it is not the council's, or (given `version`,
    the one the editor started from) when someone else has saved it since: optimistic locking.
    """
    cursor = db.execute(
        f"UPDATE {table} SET "  # table and column names are constants, values are bound
        + ", ".join(f"{f} = :{f}" for f in values)
        + ", updated_at = datetime('now'), version = version + 1"
        " WHERE id = :id AND council_id = :council_id AND (:version IS NULL OR version = :version)",
        {**values, "id": row_id, "council_id": council_id, "version": version},
    )
    return cursor.rowcount == 1
