"""Consistent copies of the live database, and putting one back.

SQLite's online backup API copies pages under a read transaction, so the copy is consistent
even while the app is writing (WAL mode), and it includes what is still only in the WAL.
"""

import sqlite3
from pathlib import Path

from specifier.migrations import migrations

REQUIRED_TABLES = {"councils", "priorities", "_sqlite_migrations"}


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message says why."""


def _check(conn, label):
    row = conn.execute("PRAGMA integrity_check").fetchone()
    if not row or row[0] != "ok":
        raise BackupError(f"{label} failed SQLite's integrity check: {row[0] if row else '?'}")


def backup(live_path, target, *, overwrite=False):
    """Copy the live database to `target`; return the number of councils in the copy."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(live_path, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        _check(copy, "The backup")
        councils = copy.execute("SELECT count(*) FROM councils").fetchone()[0]
    finally:
        copy.close()
        source.close()
    partial.replace(target)
    target.chmod(0o600)
    return councils


def check_backup(path):
    """Raise BackupError unless `path` is an intact database of this app that we can migrate."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _check(conn, str(path))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables >= REQUIRED_TABLES:
                raise BackupError(f"{path} is not a social value specifier database")
            applied = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [migrations.name],
                )
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from exc
    known = {m.name for m in migrations._migrations}  # noqa: SLF001 - names only
    newer = sorted(applied - known)
    if newer:
        raise BackupError(
            f"{path} comes from a newer version of the app ({newer[0]}); upgrade first"
        )


def restore(backup_path, live_path):
    """Replace the live database's contents with the backup's, in one step."""
    check_backup(backup_path)
    source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
    live = sqlite3.connect(live_path, timeout=30)
    try:
        source.backup(live)
        _check(live, "The restored database")
    finally:
        live.close()
        source.close()
