"""The database: connections with the settings every one needs, migrations, versioned updates."""

import functools
import sqlite3

import sqlite_utils

from specifier.migrations import migrations


def connect(path):
    """Open the database with WAL and enforced foreign keys, as every connection must."""
    conn = sqlite3.connect(path, check_same_thread=False, timeout=10)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    return db


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
