"""Restoring a backup: only a whole database of this app goes live, migrated before the swap.

Each refused file leaves the live database exactly as it was (same bytes, same councils), no
copy behind, and /healthz still ok; /healthz itself answers 503 when a table the app needs is
gone.
"""

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from specifier.db import connect, expected_schema, migrate
from specifier.migrations import migrations


def _fingerprint(app):
    """The live database's bytes, checkpointed so that everything is in the file."""
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return hashlib.sha256(Path(app.config["DATABASE"]).read_bytes()).hexdigest()


def _backup(runner, tmp_path, name="copy.db"):
    path = tmp_path / name
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _refused(app, runner, anon_client, path, expected):
    before = _fingerprint(app)
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Nothing was restored." in result.output
    assert "Traceback" not in result.output
    assert _fingerprint(app) == before
    assert not list(Path(app.config["DATABASE"]).parent.glob("*.restoring"))
    assert not (Path(app.config["DATABASE"]).parent / "backups").exists()
    assert anon_client.get("/healthz").status_code == 200


def _other_program(path, migration_set):
    """A database another program made, with tables named like ours."""
    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE councils (id INTEGER PRIMARY KEY, slug TEXT, name TEXT)")
    db.execute("CREATE TABLE priorities (id INTEGER PRIMARY KEY, council_id INTEGER)")
    if migration_set:
        db.execute(
            "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT,"
            " name TEXT, applied_at TEXT)"
        )
        db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name) VALUES (?, 'm001_start')",
            [migration_set],
        )
    else:
        db.execute("CREATE TABLE _sqlite_migrations (name TEXT, applied_at TEXT)")
    db.close()
    return path


@pytest.mark.parametrize("migration_set", ["tracker", None])
def test_another_programs_database_is_refused(app, runner, anon_client, tmp_path, migration_set):
    path = _other_program(tmp_path / "other.db", migration_set)
    _refused(
        app,
        runner,
        anon_client,
        path,
        "is not a social value specifier database: it has no record of this app's migrations",
    )


def test_a_copy_missing_a_table_is_refused(app, runner, anon_client, tmp_path):
    path = _backup(runner, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE memberships")
    conn.execute("DROP TABLE audit_log")
    conn.execute("DROP TABLE users")
    conn.commit()
    conn.close()
    _refused(app, runner, anon_client, path, "is not a whole database of this app: it has no table")


def test_a_copy_missing_a_column_is_refused(app, runner, anon_client, tmp_path):
    path = _backup(runner, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE users DROP COLUMN password_temporary")
    conn.commit()
    conn.close()
    _refused(
        app,
        runner,
        anon_client,
        path,
        "is not a whole database of this app: its table users has no column password_temporary",
    )


def test_a_copy_whose_migration_fails_is_refused_before_anything_is_swapped(
    app, runner, anon_client, tmp_path
):
    """Migrations run on a copy: one that fails leaves the live database as it was."""
    path = _backup(runner, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_temporary_passwords'")
    conn.commit()
    conn.close()  # m007 will try to add a column the table already has
    _refused(app, runner, anon_client, path, "could not be brought up to date")


def test_a_backup_from_a_newer_version_is_refused(app, runner, anon_client, tmp_path):
    path = _backup(runner, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name) VALUES (?, 'm999_from_the_future')",
        [migrations.name],
    )
    conn.commit()
    conn.close()
    _refused(app, runner, anon_client, path, "comes from a newer version of the app (m999")


def test_an_older_backup_is_migrated_and_restored(app, runner, anon_client, db, tmp_path):
    old = tmp_path / "old.db"
    older = sqlite_utils.Database(old)
    older.execute("PRAGMA foreign_keys = ON")
    migrations.apply(older, stop_before="m007_temporary_passwords")
    older.execute("INSERT INTO councils (slug, name, nation) VALUES ('old', 'Old', 'Wales')")
    older.close()
    result = runner.invoke(args=["restore", str(old), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Restored {old} into {app.config['DATABASE']}" in result.output
    fresh = connect(app.config["DATABASE"])
    assert [r[0] for r in fresh.execute("SELECT slug FROM councils")] == ["old"]
    assert "password_temporary" in {c.name for c in fresh.table("users").columns}
    fresh.close()
    assert anon_client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
    assert not list(Path(app.config["DATABASE"]).parent.glob("*.restoring"))


def test_declining_to_restore_leaves_no_copy(app, runner, tmp_path):
    path = _backup(runner, tmp_path)
    before = _fingerprint(app)
    result = runner.invoke(args=["restore", str(path)], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert _fingerprint(app) == before
    assert not list(Path(app.config["DATABASE"]).parent.glob("*.restoring"))


def test_health_check_answers_503_when_a_table_the_app_needs_is_gone(app, anon_client):
    assert anon_client.get("/healthz").status_code == 200
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE memberships")
    conn.commit()
    conn.close()
    response = anon_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "it has no table memberships",
    }


def test_the_expected_schema_is_every_table_the_migrations_make(tmp_path):
    db = sqlite_utils.Database(tmp_path / "fresh.db")
    migrate(db)
    assert set(expected_schema()) == set(db.table_names())
    assert expected_schema()["users"] >= {"email", "password_hash", "password_temporary"}
