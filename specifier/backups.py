"""Consistent copies of the live database, and putting one back.

SQLite's online backup API copies pages under a read transaction, so the copy is consistent
even while the app is writing (WAL mode), and it includes what is still only in the WAL.
"""

import sqlite3
from pathlib import Path

import sqlite_utils

from specifier.db import migrate, schema_problem
from specifier.migrations import migrations


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


def _check_is_ours(conn, label):
    """Raise BackupError unless a database records this app's migrations and none newer."""
    recorded = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = (
        {r[1] for r in conn.execute("PRAGMA table_info(_sqlite_migrations)")}
        if "_sqlite_migrations" in recorded
        else set()
    )
    applied = (
        {
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [migrations.name]
            )
        }
        if {"migration_set", "name"} <= columns
        else set()
    )
    if not applied:
        raise BackupError(
            f"{label} is not a social value specifier database: it has no record of this app's"
            " migrations (it may belong to another program)"
        )
    known = {m.name for m in migrations._migrations}  # noqa: SLF001 - names only
    newer = sorted(applied - known)
    if newer:
        raise BackupError(
            f"{label} comes from a newer version of the app ({newer[0]}); upgrade first"
        )


def prepare(backup_path, live_path):
    """Copy a backup beside the live database, check it and migrate the copy; return its path.

    Nothing live is touched: the copy must be intact, record this app's migrations (no newer
    ones), migrate cleanly, and then have every table and column the app needs, with no broken
    references. Raises BackupError saying what is wrong, and leaves no copy behind then.
    """
    path = Path(backup_path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    staged = Path(live_path).with_name(Path(live_path).name + ".restoring")
    staged.unlink(missing_ok=True)
    try:
        _stage(path, staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def _stage(path, staged):
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            copy = sqlite3.connect(staged)
            source.backup(copy)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from exc
    try:
        _check(copy, str(path))
        _check_is_ours(copy, str(path))
        db = sqlite_utils.Database(copy)
        db.execute("PRAGMA foreign_keys = ON")
        try:
            migrate(db)
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, say so and stop
            raise BackupError(f"{path} could not be brought up to date: {exc}") from exc
        problem = schema_problem(copy)
        if problem:
            raise BackupError(f"{path} is not a whole database of this app: {problem}")
        broken = copy.execute("PRAGMA foreign_key_check").fetchone()
        if broken:
            raise BackupError(f"{path} has a row in {broken[0]} that refers to a missing row")
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def restore(staged_path, live_path):
    """Replace the live database's contents with a prepared copy (see `prepare`), in one step."""
    source = sqlite3.connect(f"file:{staged_path}?mode=ro", uri=True)
    live = sqlite3.connect(live_path, timeout=30)
    try:
        source.backup(live)
        _check(live, "The restored database")
    finally:
        live.close()
        source.close()
