"""The database: connections with the settings every one needs, migrations, versioned updates."""

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
