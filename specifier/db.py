"""The database: connections with the settings every one needs, write transactions, migrations,
versioned updates."""

import contextlib
import functools
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


def _columns(conn):
    """{table: {column, ...}} for every table of a connection's database."""
    rows = conn.execute(
        "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p"
        " WHERE m.type = 'table'"
    ).fetchall()
    found = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return found


@functools.cache
def expected_schema():
    """{table: {column, ...}} as this app's migrations make it, from an empty database."""
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    return _columns(db.conn)


def schema_problem(conn):
    """What the database lacks of the tables and columns the app needs, or None when nothing.

    `conn` is a sqlite3 connection. A database another program made, or a copy missing a table,
    says here which table or column, instead of failing on the first page that uses it.
    """
    found = _columns(conn)
    for table, columns in sorted(expected_schema().items()):
        if table not in found:
            return f"it has no table {table}"
        missing = sorted(columns - found[table])
        if missing:
            return f"its table {table} has no column {missing[0]}"
    return None


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
