"""The command-line contracts: every command works, fails cleanly and is documented."""

import csv
import json
from pathlib import Path

from specifier import audit
from specifier.accounts import users
from specifier.catalogue import catalogue
from specifier.cli import COMMANDS
from specifier.councils import councils
from specifier.priorities import priorities


def test_every_command_is_documented_in_the_readme():
    readme = Path("README.md").read_text()
    for command in COMMANDS:
        assert (
            f"flask {command.name}" in readme or f"flask --app specifier {command.name}" in readme
        ), command.name


def test_init_db_is_idempotent(runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "0 migration(s) applied" in second.output


def test_load_samples_if_empty_keeps_existing_data(runner, db):
    before = len(councils.all_councils(db))
    result = runner.invoke(args=["load-samples", "--if-empty"])
    assert result.exit_code == 0
    assert "already present" in result.output
    assert len(councils.all_councils(db)) == before
    again = runner.invoke(args=["load-samples"])
    assert again.exit_code == 0, again.output
    assert "Hatherdale Council: already here, left as it is." in again.output
    assert len(councils.all_councils(db)) == before


def test_load_priorities_reports_and_rejects(runner, db, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"title": "T", "description": "D", "theme": "jobs"}]))
    council = councils.get_by_slug(db, "hatherdale")
    before = len(priorities.search(db, council["id"]))
    result = runner.invoke(args=["load-priorities", str(good), "--council", "hatherdale"])
    assert result.exit_code == 0 and "Loaded 1 priorities" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("title,description,theme\nA,B,jobs\n,B,jobs\n")
    result = runner.invoke(args=["load-priorities", str(bad), "--council", "hatherdale"])
    assert result.exit_code == 1
    assert "bad.csv, line 3, title: Enter a title" in result.output
    assert len(priorities.search(db, council["id"])) == before + 1
    result = runner.invoke(args=["load-priorities", str(good), "--council", "nowhere"])
    assert result.exit_code == 1 and "No council with slug 'nowhere'" in result.output


def test_loading_the_same_priorities_again_skips_them_and_says_which(runner, db, tmp_path):
    old = "Youth jobs in Northgate,Jobs for 16-24s.,jobs\nWarm homes,Cold homes.,communities\n"
    path = tmp_path / "register.csv"
    path.write_text("title,description,theme\n" + old)
    council = councils.get_by_slug(db, "hatherdale")
    before = len(priorities.search(db, council["id"]))
    args = ["load-priorities", str(path), "--council", "hatherdale"]
    first = runner.invoke(args=args)
    assert first.output == "Loaded 2 priorities for Hatherdale Council.\n"
    again = runner.invoke(args=args)
    assert again.exit_code == 0
    assert again.output.splitlines() == [
        "Loaded 0 priorities for Hatherdale Council.",
        "Skipped 2 already in your register: “Youth jobs in Northgate”, “Warm homes”.",
    ]
    assert len(priorities.search(db, council["id"])) == before + 2
    # An updated spreadsheet: the old rows and a new one.
    path.write_text("title,description,theme\n" + old + "Clean air,Less NO2.,environment\n")
    updated = runner.invoke(args=args)
    assert updated.output.splitlines() == [
        "Loaded 1 priorities for Hatherdale Council.",
        "Skipped 2 already in your register: “Youth jobs in Northgate”, “Warm homes”.",
    ]
    assert len(priorities.search(db, council["id"])) == before + 3
    # Another council has none of these titles, so nothing is skipped there.
    elsewhere = runner.invoke(args=["load-priorities", str(path), "--council", "kilbrannan"])
    assert elsewhere.output == "Loaded 3 priorities for Kilbrannan Council.\n"


def test_catalogue_import_and_export(runner, db, tmp_path):
    result = runner.invoke(
        args=[
            "import-catalogue",
            "tests/data/council-catalogue.csv",
            "--council",
            "hatherdale",
            "--no-embed",
        ]
    )
    assert result.exit_code == 0 and "Imported 2 measures" in result.output
    out = tmp_path / "out.csv"
    result = runner.invoke(
        args=["export-catalogue", "--council", "hatherdale", "--output", str(out)]
    )
    assert result.exit_code == 0
    assert "NT1" in out.read_text()
    result = runner.invoke(args=["export-catalogue", "--output", str(out)])
    with out.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert "NT1" not in {r["code"] for r in rows}
    assert len(rows) == len(catalogue.measures_for(db, None))


def test_export_priorities_round_trips(runner, tmp_path):
    out = tmp_path / "p.csv"
    result = runner.invoke(
        args=["export-priorities", "--council", "kilbrannan", "--output", str(out)]
    )
    assert result.exit_code == 0
    result = runner.invoke(args=["load-priorities", str(out), "--council", "hatherdale"])
    assert result.exit_code == 0, result.output


def test_import_catalogue_embeds_it_for_matching_with_progress(runner, db, tmp_path):
    rows = "\n".join(f"B{i},Jobs,Work,Measure {i},Description {i},people" for i in range(30))
    path = tmp_path / "big.csv"
    path.write_text("code,theme,outcome,title,description,unit\n" + rows + "\n")
    result = runner.invoke(args=["import-catalogue", str(path), "--council", "hatherdale"])
    assert result.exit_code == 0, result.output
    assert "Embedding" in result.output and "ready for matching" in result.output
    cached = db.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    assert cached >= 30 * 3  # three views for each new measure, at least
    again = runner.invoke(args=["import-catalogue", str(path), "--council", "hatherdale"])
    assert "Embedding" not in again.output  # nothing changed, nothing to embed


def test_create_user_makes_an_account_or_adds_a_role_and_says_which(runner, db):
    args = ["create-user", "new.officer@hatherdale.example", "--council", "hatherdale"]
    password = "a long and unusual passphrase 42\n"
    made = runner.invoke(args=[*args, "--role", "viewer"], input=password * 2)
    assert made.exit_code == 0, made.output
    assert made.output.strip().endswith(
        "Created an account for new.officer@hatherdale.example."
        " Gave new.officer@hatherdale.example the viewer role in Hatherdale Council."
    )
    again = runner.invoke(args=[*args[:2], "--council", "kilbrannan", "--role", "commissioner"])
    assert again.exit_code == 0, again.output
    assert again.output == (
        "Gave new.officer@hatherdale.example the commissioner role in Kilbrannan Council.\n"
    )


def test_set_password_replaces_a_forgotten_password_and_refuses_clearly(runner, db):
    password = "a long and unusual passphrase 42"
    args = ["set-password", "Viewer@Hatherdale.example"]
    done = runner.invoke(args=args, input=f"{password}\n{password}\n")
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[-1] == (
        "Set a new password for viewer@hatherdale.example. Anyone signed in as them has been"
        " signed out; they choose their own password when they next sign in."
    )
    assert users.get_by_email(db, "viewer@hatherdale.example")["id"]
    assert users.get(db, users.get_by_email(db, "viewer@hatherdale.example")["id"])[
        "password_temporary"
    ]
    assert password not in done.output
    assert users.authenticate(db, "viewer@hatherdale.example", password)
    council = councils.get_by_slug(db, "hatherdale")
    entry = audit.for_council(db, council["id"])[0]
    assert (entry["user_email"], entry["action"]) == ("command line", "new password set")
    unknown = runner.invoke(args=["set-password", "nobody@hatherdale.example"])
    assert unknown.exit_code == 1
    assert unknown.output == "Error: No account with email 'nobody@hatherdale.example'\n"
    weak = runner.invoke(args=args, input="short\nshort\n")
    assert weak.exit_code == 1
    assert "Password must be 12 characters or more. The password was not changed." in weak.output
    assert users.authenticate(db, "viewer@hatherdale.example", password)
