"""Importing a council checks every row as any other way in does, so no page of it answers 500.

Each case changes one field of a real export the way a hand-edited or hostile file might. The
import either refuses the file naming the table, row and field (writing nothing), or stores
what the domain rules make of it; then every page of the imported council (the whole URL map)
is opened and none may answer 500.
"""

import json

import pytest
from conftest import TEST_PASSWORD_HASH, session_for
from test_access import _url
from test_data_safety import _fill_hatherdale

from specifier import create_app
from specifier.catalogue.files import load_builtin
from specifier.councils import councils
from specifier.councils import files as council_files
from specifier.db import connect, migrate
from specifier.priorities import priorities
from specifier.record_files import FileRejected
from specifier.specification import procurements

KEYS = ("purpose.intro", "x")
FORMATS = ("docx", "html", "json", "x")
TASKS = ("council", "priorities", "policy", "measures", "specification", "x")
QUESTIONS = ("name", "local", "threshold", "title", "x")


@pytest.fixture
def export(db):
    """A real export of Hatherdale with a contract, lots, outcomes, clauses and set-up answers."""
    council = _fill_hatherdale(db)
    pid = procurements.for_council(db, council["id"])[0]["id"]
    record = procurements.clean(
        {
            **procurements.get(db, council["id"], pid),
            "lots": [{"title": "North", "value_gbp": "£1m"}, {"title": "South"}],
        },
        default_nation="England",
    )
    procurements.update(db, council["id"], pid, record)
    db.execute(
        "INSERT INTO wizard_tasks (council_id, task, answers) VALUES (?, 'specification', ?)",
        [council["id"], json.dumps({"procurement_id": pid, "title": "Street cleansing"})],
    )
    db.execute(
        "INSERT INTO wizard_tasks (council_id, task, answers) VALUES (?, 'policy', ?)",
        [council["id"], json.dumps({"threshold_gbp": "50000"})],
    )
    return council_files.export_council(db, council["id"])


@pytest.fixture
def other(tmp_path):
    """A second installation to import into."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "other.db"),
            "SECRET_KEY": "other",
            "WTF_CSRF_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False,  # a page that fails answers 500, for the walk to list
        }
    )
    db = connect(app.config["DATABASE"])
    migrate(db)
    load_builtin(db)
    yield app, db
    db.close()


def _import(db, data):
    return council_files.import_council(db, json.dumps(data).encode(), "moved.json")


def _walk(app, db, council_id):
    """Open every GET page of the imported council as its admin; return those answering 500."""
    council = next(c for c in councils.all_councils(db) if c["id"] == council_id)
    user_id = (
        db.table("users")
        .insert({"email": "a@moved.example", "password_hash": TEST_PASSWORD_HASH})
        .last_pk
    )
    db.table("memberships").insert({"user_id": user_id, "council_id": council_id, "role": "admin"})
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_for(app, user_id))
    own = [r[0] for r in db.execute("SELECT code FROM measures WHERE council_id = ?", [council_id])]
    values = {
        "council_slug": council["slug"],
        "priority_id": [p["id"] for p in priorities.search(db, council_id)][:3] or [1],
        "procurement_id": [p["id"] for p in procurements.for_council(db, council_id)] or [1],
        "user_id": [user_id],
        "code": [*own[:3], "JOB-01"],
        "key": KEYS,
        "fmt": FORMATS,
        "task": TASKS,
        "question": QUESTIONS,
        "theme": ("jobs", "x"),
    }
    failures = []
    for rule in app.url_map.iter_rules():
        if "council_slug" not in rule.arguments or "GET" not in rule.methods:
            continue
        for args in _combinations(rule, values):
            url = _url(rule, args)
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"GET {url} answered {status}")
    return failures


def _combinations(rule, values):
    combos = [{"council_slug": values["council_slug"]}]
    for name in sorted(rule.arguments - {"council_slug"}):
        options = values.get(name, ["x"])
        combos = [{**c, name: option} for c in combos for option in options]
    return combos


def _change(data, table, field, value, row=0):
    data["tables"][table][row][field] = value
    return data


def test_an_unchanged_export_imports_and_every_page_answers(export, other):
    app, db = other
    council_id, _ = _import(db, export)
    assert _walk(app, db, council_id) == []


ACCEPTED = {
    # A lot without a value is a lot whose value is not known, as in any other file.
    "a lot without a value": (
        "procurements",
        "lots",
        json.dumps([{"title": "North"}, "South"]),
    ),
    "lots as one line of text": ("procurements", "lots", json.dumps("North; South")),
    "a list given as text": ("priorities", "target_groups", json.dumps("carers; young people")),
    "a number where text belongs": ("clause_edits", "text", 12345),
}


@pytest.mark.parametrize("case", ACCEPTED, ids=list(ACCEPTED))
def test_a_file_the_rules_can_read_is_stored_as_they_read_it(export, other, case):
    app, db = other
    table, field, value = ACCEPTED[case]
    council_id, _ = _import(db, _change(export, table, field, value))
    assert _walk(app, db, council_id) == []


REFUSED = {
    "target groups not a list": (
        "priorities",
        "target_groups",
        json.dumps({"a": 1}),
        "priorities row 1, target_groups: Target groups must be a list of text",
    ),
    "target groups not JSON": (
        "priorities",
        "target_groups",
        "young people",
        'priorities row 1, target_groups: must be a JSON list, like ["text"]',
    ),
    "a list inside a list": (
        "priorities",
        "places",
        json.dumps([["North"]]),
        "priorities row 1, places: Places must be a list of text",
    ),
    "a theme we do not have": (
        "priorities",
        "theme",
        "housing",
        "priorities row 1, theme: Select a theme: 'housing' is not one of",
    ),
    "a lot that is a list": (
        "procurements",
        "lots",
        json.dumps([["North"]]),
        "procurements row 1, lots: Lots must have the fields title, value_gbp",
    ),
    "lots worth more than the contract": (
        "procurements",
        "lots",
        json.dumps([{"title": "North", "value_gbp": 99_000_000}]),
        "procurements row 1, lots: The lots' values add up to £99,000,000",
    ),
    "a measure code that climbs folders": (
        "measures",
        "code",
        "../../../etc/passwd",
        "measures row 1, code: Code must be up to 32 letters, numbers, dots, slashes or hyphens",
    ),
    "one of our measure codes": (
        "measures",
        "code",
        "JOB-01",
        "measures row 1, code: JOB-01 is a measure of our catalogue",
    ),
    "categories not a list": (
        "measures",
        "categories",
        json.dumps({"works": True}),
        "measures row 1, categories: Categories must be a list of text",
    ),
    "an outcome's minimum as text": (
        "specification_outcomes",
        "minimum",
        "lots",
        "specification_outcomes row 1, minimum: Minimum must be a number, like 12 or £300,000",
    ),
    "an outcome's code that climbs folders": (
        "specification_outcomes",
        "measure_code",
        "JOB/../../x",
        "specification_outcomes row 1, measure_code: Code must not have a '.' or '..' part",
    ),
    "a decision's code that is not a code": (
        "match_decisions",
        "measure_code",
        "<script>",
        "match_decisions row 1, measure_code: Code must be up to 32 letters",
    ),
    "a clause too long": (
        "clause_edits",
        "text",
        "x" * 6_000,
        "clause_edits row 1, text: Clause text must be 5,000 characters or fewer",
    ),
    "a row far too long": (
        "clause_edits",
        "generated",
        "x" * 60_000,
        "clause_edits row 1, row: The row must be 50,000 characters or fewer in all",
    ),
    "a postcode district that is not one": (
        "councils",
        "local_postcode_districts",
        json.dumps(["../etc"]),
        "councils row 1, postcode_districts: ../ETC is not a postcode district",
    ),
    "a time that is not a time": (
        "priorities",
        "created_at",
        "yesterday",
        "priorities row 1, created_at: must be a time, like 2026-12-06 09:30:00",
    ),
    "a version that is not a whole number": (
        "procurements",
        "version",
        "two",
        "procurements row 1, version: must be a whole number of 1 or more",
    ),
    "a weighting that is text": (
        "specifications",
        "weighting_pct",
        "high",
        "specifications row 1, weighting_pct: Weighting must be a percentage from 0 to 100",
    ),
    "set-up answers that are not a mapping": (
        "wizard_tasks",
        "answers",
        json.dumps(["title"]),
        "wizard_tasks row 1, answers: must be a JSON object of the task's answers",
    ),
    "set-up answers holding a list": (
        "wizard_tasks",
        "answers",
        json.dumps({"title": ["a", "b"]}),
        "wizard_tasks row 1, answers: Title must be text, not a list",
    ),
    "a set-up task we do not have": (
        "wizard_tasks",
        "task",
        "payroll",
        "wizard_tasks row 1, task: must be one of the set-up tasks",
    ),
    "a starter priority we do not have": (
        "starter_picks",
        "starter_key",
        "<b>",
        "starter_picks row 1, starter_key: must be a starter library key",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_row_any_other_way_in_would_refuse_is_refused_and_nothing_is_written(export, other, case):
    app, db = other
    table, field, value, expected = REFUSED[case]
    if table == "starter_picks":
        export["tables"]["starter_picks"] = [
            {"starter_key": "jobs-1", "priority_id": export["tables"]["priorities"][0]["id"]}
        ]
    with pytest.raises(FileRejected) as refused:
        _import(db, _change(export, table, field, value))
    assert f"moved.json, {expected}" in str(refused.value)
    assert councils.all_councils(db) == []
    assert db.execute("SELECT count(*) FROM priorities").fetchone()[0] == 0


def test_every_list_field_is_checked_in_every_table(export, other):
    """The JSON columns are found from the domain rules, so none is left unchecked."""
    app, db = other
    for table, field in (
        ("councils", "local_postcode_districts"),
        ("priorities", "places"),
        ("procurements", "lots"),
        ("measures", "categories"),
    ):
        data = json.loads(json.dumps(export))
        _change(data, table, field, "{not json")
        with pytest.raises(FileRejected) as refused:
            _import(db, data)
        assert f"{table} row 1, {field}: must be a JSON list" in str(refused.value), field
