"""Concurrent edits, the audit log, backups and moving a council between installations."""

import json
import re
import sqlite3
import threading
from pathlib import Path

from conftest import after_progress

from specifier import audit, create_app
from specifier.catalogue.files import load_builtin
from specifier.councils import councils
from specifier.db import connect, migrate
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.setup import drafts
from specifier.specification import procurements, specifications

CONTRACT = {
    "title": "Street cleansing",
    "description": "Sweeping streets and emptying litter bins.",
    "category": "services",
    "value_gbp": "7200000",
    "duration_months": "36",
}
PRIORITY = {
    "title": "Warm homes",
    "description": "Cold homes make people ill.",
    "theme": "communities",
    "importance": "high",
    "status": "active",
}


def _hatherdale(db):
    return councils.get_by_slug(db, "hatherdale")


def _spec(db):
    council = _hatherdale(db)
    pid = procurements.create(
        db, council["id"], procurements.clean(CONTRACT, default_nation="England")
    )
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("SKL-01", None), ("JOB-01", None)])
    return council, pid, spec


def _hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_two_people_editing_a_clause_do_not_overwrite_each_other(client, client_for, db):
    council, pid, spec = _spec(db)
    url = f"/hatherdale/procurements/{pid}/specification/clauses/purpose.intro"
    other = client_for("hatherdale", "commissioner")
    mine = _hidden(client.get(url).get_data(as_text=True), "base_version")
    theirs = _hidden(other.get(url).get_data(as_text=True), "base_version")
    assert mine == theirs == "0"
    saved = other.post(url, data={"text": "Their wording.", "base_version": theirs})
    assert saved.status_code == 302
    clash = client.post(url, data={"text": "My <b>own</b> wording.", "base_version": mine})
    page = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "<title>Error: Edit clause 1.1" in page
    assert "Someone else changed clause 1.1 while you were editing it" in page
    assert "Their wording." in page and "commissioner@hatherdale.example" in page
    assert "My &lt;b&gt;own&lt;/b&gt; wording.</textarea>" in page
    edits = specifications.clause_edits(db, council["id"], spec["id"])
    assert edits["purpose.intro"] == "Their wording."
    again = client.post(
        url, data={"text": "My wording.", "base_version": _hidden(page, "base_version")}
    )
    assert again.status_code == 302
    history = specifications.clause_history(db, council["id"], spec["id"], "purpose.intro")
    assert [(h["version"], h["author"]) for h in history] == [
        (2, "admin@hatherdale.example"),
        (1, "commissioner@hatherdale.example"),
    ]


def test_concurrent_saves_of_one_version_keep_exactly_one(app, db):
    council, _pid, spec = _spec(db)
    results = []

    def save(n):
        conn = connect(app.config["DATABASE"])
        try:
            results.append(
                specifications.edit_clause(
                    conn, council["id"], spec["id"], "purpose.intro", f"text {n}", base_version=0
                )
            )
        finally:
            conn.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=str) == [1] + [None] * 7
    assert len(specifications.clause_history(db, council["id"], spec["id"], "purpose.intro")) == 1


def test_settings_and_minimum_conflicts_keep_your_values(client, db):
    council, pid, spec = _spec(db)
    base = f"/hatherdale/procurements/{pid}/specification"
    page = client.get(base).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)">\s*<div class="govuk-form-group', page)
    settings_version = _hidden(page.split('id="settings"')[1], "version")
    specifications.update_settings(
        db,
        council["id"],
        spec["id"],
        {"weighting_pct": 20, "scoring_scale": "0-100", "status": "draft", "forced": 0},
    )
    clash = client.post(
        base,
        data={
            "weighting_pct": "15",
            "scoring_scale": "0-5",
            "status": "draft",
            "version": settings_version,
        },
    )
    text = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Someone else changed the settings" in text
    assert "Their settings: weighting 20%, scoring scale 0-100" in text
    assert 'value="15"' in text
    assert specifications.for_procurement(db, council["id"], pid)["weighting_pct"] == 20

    minimum_version = str(
        specifications.outcome(db, council["id"], spec["id"], "SKL-01")["version"]
    )
    assert version is not None
    specifications.set_minimum(db, council["id"], spec["id"], "SKL-01", 9, "Their reason")
    clash = client.post(
        f"{base}/outcomes/SKL-01",
        data={"minimum": "12", "rationale": "My reason", "version": minimum_version},
    )
    text = clash.get_data(as_text=True)
    assert clash.status_code == 409
    assert "Someone else changed the minimum for SKL-01" in text
    assert "Their version: minimum 9" in text and "Their reason" in text
    assert 'value="12"' in text and "My reason</textarea>" in text
    assert specifications.outcome(db, council["id"], spec["id"], "SKL-01")["minimum"] == 9


def test_priority_procurement_and_outcome_conflicts(client, db):
    council, pid, spec = _spec(db)
    target = priorities.search(db, council["id"], status="active")[0]
    url = f"/hatherdale/priorities/{target['id']}/edit"
    version = _hidden(client.get(url).get_data(as_text=True), "version")
    priorities.update(db, council["id"], target["id"], priorities.clean(PRIORITY))
    clash = client.post(url, data={**PRIORITY, "title": "My title", "version": version})
    text = clash.get_data(as_text=True)
    assert clash.status_code == 409 and "Someone else changed this priority" in text
    assert "Warm homes" in text and 'value="My title"' in text

    url = f"/hatherdale/procurements/{pid}/edit"
    version = _hidden(client.get(url).get_data(as_text=True), "version")
    procurements.update(
        db,
        council["id"],
        pid,
        procurements.clean({**CONTRACT, "title": "Their title"}, default_nation="England"),
    )
    clash = client.post(url, data={**CONTRACT, "title": "My contract title", "version": version})
    text = clash.get_data(as_text=True)
    assert clash.status_code == 409 and "Their title" in text and "My contract title" in text
    their_version = text[text.index('id="their-version"') : text.index("</dl>")]
    assert "Contract title" in their_version  # what differs, and only that:
    assert "What will the contract buy?" not in their_version
    assert client.post(url, data={**CONTRACT, "title": "No version"}).status_code == 400

    url = f"/hatherdale/procurements/{pid}/outcomes"
    _, page = after_progress(client, url)  # the first visit reads the contract, then the page
    was = _hidden(page.get_data(as_text=True), "was")
    assert was == "SKL-01,JOB-01"
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    clash = client.post(url, data={"codes": ["SKL-01"], "was": was})
    assert clash.status_code == 409
    assert (
        "Their choice is JOB-01 (Jobs on the contract for local people who were out of work)"
        in (clash.get_data(as_text=True))
    )


def test_the_guided_set_ups_wording_and_evidence_do_not_overwrite_a_colleagues_edit(
    client, client_for, db
):
    """A register edit made while the set-up page was open is shown, never silently undone."""
    council = _hatherdale(db)
    target = priorities.search(db, council["id"], status="active")[0]
    colleague = client_for("hatherdale", "commissioner")
    pages = {
        "wording": {"title": "My title", "description": "My description."},
        "evidence": {"evidence_statistic": "My figure", "evidence_source": "My source"},
    }
    for page, mine in pages.items():
        url = f"/hatherdale/setup/priorities/{target['id']}/{page}"
        version = _hidden(client.get(url).get_data(as_text=True), "version")
        edit = f"/hatherdale/priorities/{target['id']}/edit"
        theirs = {**PRIORITY, "title": f"Their {page} title", "evidence_statistic": "Their figure"}
        their_version = _hidden(colleague.get(edit).get_data(as_text=True), "version")
        assert colleague.post(edit, data={**theirs, "version": their_version}).status_code == 302
        clash = client.post(url, data={**mine, "version": version})
        text = clash.get_data(as_text=True)
        assert clash.status_code == 409, page
        assert "<title>Error: " in text
        assert "Someone else changed this priority while you were editing it" in text
        shown = text[text.index('id="their-version"') : text.index("</dl>")]
        changed = "Their figure" if page == "evidence" else f"Their {page} title"
        assert changed in shown and next(iter(mine.values())) in shown
        assert next(iter(mine.values())) in text.split('id="their-version"')[1].split("</dl>")[1]
        stored = priorities.get(db, council["id"], target["id"])
        assert stored["title"] == f"Their {page} title" and stored["evidence_statistic"] == (
            "Their figure"
        )
        again = client.post(url, data={**mine, "version": _hidden(text, "version")})
        assert again.status_code == 302, page  # seen and saved again on purpose
        assert priorities.get(db, council["id"], target["id"])[next(iter(mine))] == next(
            iter(mine.values())
        )


def test_including_a_section_from_the_set_up_never_undoes_a_colleagues_settings(
    client, db, monkeypatch
):
    """The set-up's Include button changes one flag; a colleague's save at that moment stands."""
    council, pid, spec = _spec(db)
    save = specifications.update_settings
    theirs = {"weighting_pct": 25, "scoring_scale": "0-100", "status": "draft", "forced": 0}

    def colleague_saves_first(db, council_id, specification_id, record, *, version=None):
        save(db, council_id, specification_id, theirs)
        return save(db, council_id, specification_id, record, version=version)

    monkeypatch.setattr(specifications, "update_settings", colleague_saves_first)
    page = client.post(
        f"/hatherdale/setup/specification/{pid}/review",
        data={"include": "1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Someone else changed the settings at the same moment: try again" in page
    stored = specifications.for_procurement(db, council["id"], pid)
    assert (stored["weighting_pct"], stored["scoring_scale"], stored["forced"]) == (25, "0-100", 0)
    monkeypatch.undo()
    page = client.post(
        f"/hatherdale/setup/specification/{pid}/review",
        data={"include": "1"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "A social value section is now included" in page
    stored = specifications.for_procurement(db, council["id"], pid)
    assert (stored["weighting_pct"], stored["scoring_scale"], stored["forced"]) == (25, "0-100", 1)


def test_every_edit_refuses_a_post_that_does_not_say_which_version_it_started_from(client, db):
    """Without the version it started from, a save could overwrite unseen: 400, nothing saved."""
    council, pid, spec = _spec(db)
    target = priorities.search(db, council["id"], status="active")[0]
    base = f"/hatherdale/procurements/{pid}/specification"
    before = (
        specifications.for_procurement(db, council["id"], pid),
        specifications.outcomes(db, council["id"], spec["id"]),
        specifications.clause_edits(db, council["id"], spec["id"]),
        priorities.get(db, council["id"], target["id"]),
        procurements.get(db, council["id"], pid),
    )
    posts = {
        f"{base}/clauses/purpose.intro": {"text": "Overwrite"},
        base: {"weighting_pct": "50", "scoring_scale": "0-100", "status": "draft"},
        f"{base}/outcomes/SKL-01": {"minimum": "99", "rationale": "Overwrite"},
        f"/hatherdale/procurements/{pid}/outcomes": {"codes": ["JOB-01"]},
        f"/hatherdale/procurements/{pid}/edit": {**CONTRACT, "title": "Overwrite"},
        f"/hatherdale/priorities/{target['id']}/edit": {**PRIORITY, "title": "Overwrite"},
        f"/hatherdale/setup/priorities/{target['id']}/wording": {
            "title": "Overwrite",
            "description": "Overwrite.",
        },
        f"/hatherdale/setup/priorities/{target['id']}/evidence": {"evidence_source": "Overwrite"},
        f"/hatherdale/setup/specification/{pid}/outcomes": {"codes": ["JOB-01"]},
        f"/hatherdale/setup/specification/{pid}/clauses/purpose.intro": {"text": "Overwrite"},
    }
    for url, data in posts.items():
        response = client.post(url, data=data)
        assert response.status_code == 400, url
    after = (
        specifications.for_procurement(db, council["id"], pid),
        specifications.outcomes(db, council["id"], spec["id"]),
        specifications.clause_edits(db, council["id"], spec["id"]),
        priorities.get(db, council["id"], target["id"]),
        procurements.get(db, council["id"], pid),
    )
    assert after == before


def test_changes_are_in_the_audit_log(client, client_for, db):
    council = _hatherdale(db)
    client.post("/hatherdale/priorities/new", data=PRIORITY)
    created = priorities.search(db, council["id"], text_query="Warm homes")[0]
    client.post(f"/hatherdale/priorities/{created['id']}/archive", data={})
    log = audit.for_council(db, council["id"])
    assert [(e["entity"], e["action"], e["summary"]) for e in log[:2]] == [
        ("priority", "archived", "Warm homes"),
        ("priority", "added", "Warm homes"),
    ]
    assert all(e["user_email"] == "admin@hatherdale.example" and e["at"] for e in log[:2])
    assert log[0]["entity_id"] == str(created["id"]) and log[0]["request_id"]
    page = client.get("/hatherdale/admin/audit").get_data(as_text=True)
    assert "priority" in page and "archived" in page and "admin@hatherdale.example" in page
    assert (
        client_for("hatherdale", "commissioner").get("/hatherdale/admin/audit").status_code == 403
    )
    other = councils.get_by_slug(db, "kilbrannan")
    assert audit.for_council(db, other["id"]) == []


def test_backup_while_writing_and_restore(app, runner, db, tmp_path):
    council = _hatherdale(db)
    stop = threading.Event()

    def write():
        conn = connect(app.config["DATABASE"])
        while not stop.is_set():
            priorities.create(conn, council["id"], priorities.clean(PRIORITY))
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Backed up 3 council(s)" in result.output
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = copy.execute("SELECT count(*) FROM priorities").fetchone()[0]
    copy.close()
    again = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    assert again.exit_code == 1 and "already exists" in again.output

    db.execute("DELETE FROM councils WHERE slug = 'kilbrannan'")
    assert councils.get_by_slug(db, "kilbrannan") is None
    result = runner.invoke(args=["restore", str(tmp_path / "copy.db"), "--yes"])
    assert result.exit_code == 0, result.output
    fresh = connect(app.config["DATABASE"])
    assert councils.get_by_slug(fresh, "kilbrannan") is not None
    assert fresh.execute("SELECT count(*) FROM priorities").fetchone()[0] == kept
    fresh.close()
    assert "previous database is kept" in result.output
    # Beside the database it replaced, never in the code's own instance folder.
    [kept_copy] = (Path(app.config["DATABASE"]).parent / "backups").glob("before-restore-*.db")
    assert str(kept_copy) in result.output

    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(tmp_path / "junk.db"), "--yes"])
    assert result.exit_code == 1 and "Nothing was restored" in result.output


def _fill_hatherdale(db):
    council, pid, spec = _spec(db)
    active = priorities.search(db, council["id"], status="active")
    decisions.record(db, council["id"], active[0]["id"], "SKL-01", "accepted")
    specifications.set_outcomes(
        db, council["id"], spec["id"], [("SKL-01", active[0]["id"]), ("JOB-01", None)]
    )
    specifications.set_minimum(db, council["id"], spec["id"], "SKL-01", 12, "Agreed")
    specifications.edit_clause(db, council["id"], spec["id"], "purpose.intro", "Our intro")
    specifications.edit_clause(db, council["id"], spec["id"], "purpose.intro", "Our intro, v2")
    db.execute(
        "INSERT INTO measures (council_id, code, theme, outcome, title, description, unit)"
        " VALUES (?, 'HF-1', 'Jobs', 'Work', 'Local hires', 'People hired', 'people')",
        [council["id"]],
    )
    return council


def _other_installation(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "other.db"), "SECRET_KEY": "o"})
    db = connect(app.config["DATABASE"])
    migrate(db)
    load_builtin(db)
    return app, db


def test_export_and_import_a_council_into_another_installation(runner, db, tmp_path):
    council = _fill_hatherdale(db)
    out = tmp_path / "hatherdale.json"
    result = runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert {
        "councils",
        "priorities",
        "measures",
        "match_decisions",
        "procurements",
        "specifications",
        "specification_outcomes",
        "clause_edits",
    } <= set(data["tables"])
    assert "users" not in data["tables"] and "password_hash" not in out.read_text()

    other_app, other = _other_installation(tmp_path)
    other.execute("INSERT INTO councils (slug, name, nation) VALUES ('elsewhere', 'E', 'Wales')")
    other_runner = other_app.test_cli_runner()
    result = other_runner.invoke(args=["import-council", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported Hatherdale Council as 'hatherdale'" in result.output
    moved = councils.get_by_slug(other, "hatherdale")
    assert moved["id"] != council["id"] or moved["id"] == 2
    assert len(priorities.search(other, moved["id"])) == len(priorities.search(db, council["id"]))
    pid = procurements.for_council(other, moved["id"])[0]["id"]
    spec = specifications.for_procurement(other, moved["id"], pid)
    chosen = specifications.outcomes(other, moved["id"], spec["id"])
    assert [(o["measure_code"], o["minimum"], o["rationale"]) for o in chosen] == [
        ("SKL-01", 12, "Agreed"),
        ("JOB-01", None, None),
    ]
    assert chosen[0]["priority_id"] in {p["id"] for p in priorities.search(other, moved["id"])}
    assert specifications.clause_edits(other, moved["id"], spec["id"]) == {
        "purpose.intro": "Our intro, v2"
    }
    assert len(specifications.clause_history(other, moved["id"], spec["id"], "purpose.intro")) == 2
    accepted = decisions.accepted_codes(other, moved["id"])
    original = decisions.accepted_codes(db, council["id"])
    assert sorted(accepted.values()) == sorted(original.values())  # every decision moved
    assert any("SKL-01" in codes for codes in accepted.values())
    assert (
        other.execute(
            "SELECT count(*) FROM measures WHERE council_id = ? AND code = 'HF-1'", [moved["id"]]
        ).fetchone()[0]
        == 1
    )

    clash = other_runner.invoke(args=["import-council", str(out)])
    assert clash.exit_code == 1
    assert "a council with the address 'hatherdale' already exists here" in clash.output
    assert "Nothing was imported" in clash.output
    renamed = other_runner.invoke(args=["import-council", str(out), "--slug", "hatherdale-copy"])
    assert renamed.exit_code == 0, renamed.output
    other.close()


def test_an_imported_specification_may_not_prescribe_more_than_twenty_outcomes(
    runner, db, tmp_path
):
    """However outcomes arrive, a specification has at most 20: a file with more is refused."""
    council, _pid, spec = _spec(db)
    codes = [r["code"] for r in db.query("SELECT code FROM measures WHERE council_id IS NULL")]
    specifications.set_outcomes(db, council["id"], spec["id"], [(c, None) for c in codes[:21]])
    out = tmp_path / "h.json"
    runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(out)])
    other_app, other = _other_installation(tmp_path)
    result = other_app.test_cli_runner().invoke(args=["import-council", str(out)])
    assert result.exit_code == 1
    assert (
        "h.json, specification_outcomes: a specification has 21 outcomes; one may have at most 20"
        in (result.output)
    )
    assert councils.all_councils(other) == []
    other.close()


def test_a_broken_import_writes_nothing(runner, db, tmp_path):
    _fill_hatherdale(db)
    out = tmp_path / "h.json"
    runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(out)])
    data = json.loads(out.read_text())
    data["tables"]["specification_outcomes"][0]["specification_id"] = 999999
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    other_app, other = _other_installation(tmp_path)
    result = other_app.test_cli_runner().invoke(args=["import-council", str(bad)])
    assert result.exit_code == 1
    assert "specification_outcomes row 1: specification_id refers to a row not in the file" in (
        result.output
    )
    assert councils.all_councils(other) == []
    assert other.execute("SELECT count(*) FROM priorities").fetchone()[0] == 0
    other.close()


def test_an_admin_downloads_the_council_export(client):
    response = client.get("/hatherdale/admin/export.json")
    assert response.headers["Content-Disposition"].endswith('filename="hatherdale-export.json"')
    data = response.get_json()
    assert data["council"] == "hatherdale"
    slugs = {row["slug"] for row in data["tables"]["councils"]}
    assert slugs == {"hatherdale"}
    assert all(
        r["council_id"] == data["tables"]["councils"][0]["id"] for r in data["tables"]["priorities"]
    )


def test_a_priority_conflict_shows_every_field_their_save_changed(client, db):
    """A colleague's change to places must be visible, or saving again would undo it unseen."""
    council = _hatherdale(db)
    target = priorities.search(db, council["id"], status="active")[0]
    url = f"/hatherdale/priorities/{target['id']}/edit"
    page = client.get(url).get_data(as_text=True)
    theirs = priorities.clean({**PRIORITY, "places": ["Millbank North"]})
    priorities.update(db, council["id"], target["id"], theirs)
    mine = {**PRIORITY, "title": "My title", "places": "", "version": _hidden(page, "version")}
    text = client.post(url, data=mine).get_data(as_text=True)
    their_version = text[text.index('id="their-version"') : text.index("</dl>")]
    assert "Places" in their_version and "Millbank North" in their_version
    assert "<strong>Theirs:</strong> Warm homes" in their_version  # the title differs too
    assert "Importance" not in their_version  # the same on both sides, so not listed
    assert client.post(url, data={**PRIORITY, "title": "No version"}).status_code == 400


def test_an_imported_council_keeps_its_set_up_contract(runner, db, tmp_path):
    """The set-up task names its contract by id inside its answers: the import renumbers it."""
    council, pid, _ = _spec(db)
    drafts.save(db, council["id"], "specification", {"procurement_id": pid})
    out = tmp_path / "h.json"
    runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(out)])
    other_app, other = _other_installation(tmp_path)
    other.execute("INSERT INTO councils (slug, name, nation) VALUES ('elsewhere', 'E', 'Wales')")
    elsewhere = councils.get_by_slug(other, "elsewhere")
    for _ in range(pid + 2):  # the ids the exported contract had are taken here
        procurements.create(
            other, elsewhere["id"], procurements.clean(CONTRACT, default_nation="Wales")
        )
    result = other_app.test_cli_runner().invoke(args=["import-council", str(out)])
    assert result.exit_code == 0, result.output
    moved = councils.get_by_slug(other, "hatherdale")
    answers = drafts.draft(other, moved["id"], "specification")
    mine = [
        p["id"]
        for p in procurements.for_council(other, moved["id"])
        if p["title"] == CONTRACT["title"]
    ]
    assert answers["procurement_id"] == mine[0] != pid
    other.close()


def test_a_contracts_kind_light_touch_and_guaranteed_spend_move_with_the_council(
    runner, db, tmp_path
):
    council, pid, _spec_row = _spec(db)
    db.execute(
        "UPDATE procurements SET kind = 'framework', light_touch = 1, guaranteed_value_gbp = 5000"
        " WHERE id = ?",
        [pid],
    )
    out = tmp_path / "hatherdale.json"
    runner.invoke(args=["export-council", "--council", "hatherdale", "--output", str(out)])
    other_app, other = _other_installation(tmp_path)
    result = other_app.test_cli_runner().invoke(args=["import-council", str(out)])
    assert result.exit_code == 0, result.output
    moved = procurements.for_council(other, councils.get_by_slug(other, "hatherdale")["id"])[0]
    assert (moved["kind"], moved["light_touch"], moved["guaranteed_value_gbp"]) == (
        "framework",
        True,
        5000,
    )
    # A kind the app does not know is refused, and nothing is imported.
    data = json.loads(out.read_text())
    data["tables"]["procurements"][0]["kind"] = "lease"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    (tmp_path / "third").mkdir()
    third_app, third = _other_installation(tmp_path / "third")
    refused = third_app.test_cli_runner().invoke(args=["import-council", str(bad)])
    assert refused.exit_code == 1 and "Nothing was imported" in refused.output
    assert councils.get_by_slug(third, "hatherdale") is None
