"""Loading priorities from YAML, CSV and JSON: all or nothing, with precise errors."""

import json

import pytest

from specifier.councils import councils
from specifier.priorities import files as priority_files
from specifier.priorities import priorities
from specifier.record_files import FileRejected

CSV_HEADER = "title,description,theme,importance,status,review_date,evidence_statistic,evidence_source,evidence_date,target_groups,places\n"


def count(db, council_id):
    return len(priorities.search(db, council_id))


@pytest.fixture
def council(db):
    return councils.get_by_slug(db, "hatherdale")


def test_loads_yaml_with_nested_evidence(db, council):
    data = b"""priorities:
  - title: Cut fuel poverty in Millbank
    description: Too many homes are cold.
    theme: communities
    evidence: {statistic: "19% of households", source: DESNZ, date: 2024}
    places: [Millbank]
"""
    before = count(db, council["id"])
    priority_files.load(db, council["id"], data, "new.yaml")
    assert count(db, council["id"]) == before + 1
    stored = priorities.search(db, council["id"], text_query="fuel poverty in Millbank")[0]
    assert stored["evidence_source"] == "DESNZ" and stored["places"] == ["Millbank"]


def test_loads_json(db, council):
    data = json.dumps({"priorities": [{"title": "A", "description": "B", "theme": "skills"}]})
    ids, skipped = priority_files.load(db, council["id"], data.encode(), "p.json")
    assert len(ids) == 1 and skipped == []


def test_csv_error_names_line_and_field_and_writes_nothing(db, council):
    data = (
        CSV_HEADER
        + "Good one,Fine,jobs,high,active,,,,,,\n"
        + '"Spans\ntwo lines",Fine,jobs,,,,,,,,\n'
        + "Bad one,Fine,sport,high,active,,,,,,\n"
    ).encode()
    before = count(db, council["id"])
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], data, "bad.csv")
    assert "bad.csv, line 5, theme: Select a theme" in str(caught.value)
    assert count(db, council["id"]) == before


def test_yaml_error_names_record_and_field(db, council):
    data = b"priorities:\n  - {title: A, description: B, theme: jobs}\n  - {title: C, theme: jobs, review_date: 2027-02-31}\n"
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], data, "bad.yaml")
    message = str(caught.value)
    assert "bad.yaml, priority 2, description: Enter a description" in message
    assert "bad.yaml, priority 2, review_date: Review date must be a real date" in message


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"priorities: [unclosed", "x.yaml", "x.yaml, line 1: not valid YAML"),
        (b'{"priorities": [', "x.json", "x.json, line 1: not valid JSON"),
        (b"title,theme\nA,jobs\n", "x.csv", "x.csv, line 1: missing column(s) description"),
        (b"\xff\xfe\x00bad", "x.csv", "x.csv: the file must be saved as UTF-8 text"),
        (b"priorities: {}", "x.yaml", "expected a list of priorities"),
        (b"priorities: [1]", "x.yaml", "x.yaml, priority 1: expected fields"),
        (b"a", "x.txt", "x.txt: the file must be YAML, CSV or JSON"),
        (CSV_HEADER.encode(), "x.csv", "x.csv: the file has no records"),
        (b"x" * (2 * 1024 * 1024 + 1), "x.csv", "smaller than 2 MB"),
    ],
)
def test_malformed_files_are_rejected(db, council, data, name, expected):
    before = count(db, council["id"])
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], data, name)
    assert expected in str(caught.value)
    assert count(db, council["id"]) == before


def test_export_round_trips(db, council):
    exported = priority_files.export_csv(db, council["id"])
    again = priority_files.parse(exported.encode(), "export.csv")
    assert [p["title"] for p in again] == [p["title"] for p in priorities.search(db, council["id"])]
    assert again[0]["target_groups"] == priorities.search(db, council["id"])[0]["target_groups"]


def test_export_guards_spreadsheet_formulas(db, council):
    priorities.create(
        db,
        council["id"],
        priorities.clean({"title": "=HYPERLINK(1)", "description": "d", "theme": "jobs"}),
    )
    exported = priority_files.export_csv(db, council["id"])
    assert "'=HYPERLINK(1)" in exported
    titles = [p["title"] for p in priority_files.parse(exported.encode(), "e.csv")]
    assert "=HYPERLINK(1)" in titles


def test_a_list_where_text_belongs_is_an_error_not_python_text(db, council):
    data = (
        b"priorities:\n"
        b"  - {title: [a, b], description: {x: 1}, theme: jobs, places: [Ward A, Ward B]}\n"
    )
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], data, "typed.yaml")
    message = str(caught.value)
    assert "typed.yaml, priority 1, title: Title must be text, not a list" in message
    assert "typed.yaml, priority 1, description: Description must be text, not a list" in message
    assert "places" not in message  # a list is right for places


def test_a_priority_given_twice_in_one_file_is_refused(db, council):
    row = "Warm homes,Cold homes make people ill.,communities,high,active,,,,,,\n"
    data = (CSV_HEADER + row + row.replace("Warm", "WARM")).encode()
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], data, "twice.csv")
    assert "twice.csv, line 3: the same title as line 2" in str(caught.value)
    # Listed together with the rows' own problems, so one round of fixing is enough.
    bad = row.replace("communities", "sport")
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], (CSV_HEADER + row + row + bad).encode(), "t.csv")
    assert "t.csv, line 4, theme: Select a theme" in str(caught.value)
    assert "t.csv, line 3: the same title as line 2" in str(caught.value)
    # Titles are what the register compares, so a new description does not make a new priority.
    other = row.replace("Cold homes make people ill.", "Damp homes too.").replace("Warm", "warm ")
    with pytest.raises(FileRejected) as caught:
        priority_files.load(db, council["id"], (CSV_HEADER + row + other).encode(), "d.csv")
    assert "d.csv, line 3: the same title as line 2" in str(caught.value)


def test_a_title_already_in_the_register_is_skipped_not_added_again(db, council):
    old = "Warm homes,Cold homes make people ill.,communities,high,active,,,,,,\n"
    first, skipped = priority_files.load(db, council["id"], (CSV_HEADER + old).encode(), "a.csv")
    assert len(first) == 1 and skipped == []
    before = count(db, council["id"])
    # Capitals, spacing and a changed description do not make it a new priority.
    again = old.replace("Warm homes", "  warm   HOMES ").replace("ill", "very ill")
    new = "Fewer empty shops,Vacancy is up.,local-economy,,,,,,,,\n"
    data = (CSV_HEADER + again + new).encode()
    ids, skipped = priority_files.load(db, council["id"], data, "b.csv")
    assert skipped == ["warm   HOMES"] and len(ids) == 1
    assert count(db, council["id"]) == before + 1
    warm = [p for p in priorities.search(db, council["id"]) if "warm" in p["title"].lower()]
    assert [(p["title"], p["description"]) for p in warm] == [
        ("Warm homes", "Cold homes make people ill.")
    ]
    ids, skipped = priority_files.load(db, council["id"], data, "b.csv")
    assert ids == [] and skipped == ["warm   HOMES", "Fewer empty shops"]
    assert count(db, council["id"]) == before + 1


def test_an_archived_priority_is_still_in_the_register(db, council):
    data = (CSV_HEADER + "Warm homes,Cold homes.,communities,,archived,,,,,,\n").encode()
    priority_files.load(db, council["id"], data, "a.csv")
    assert priority_files.load(db, council["id"], data, "a.csv") == ([], ["Warm homes"])


def test_another_councils_titles_do_not_cause_a_skip(db, council):
    theirs = priorities.search(db, councils.get_by_slug(db, "kilbrannan")["id"])[0]
    row = f'"{theirs["title"]}",Our own words.,jobs,,,,,,,,\n'
    ids, skipped = priority_files.load(db, council["id"], (CSV_HEADER + row).encode(), "k.csv")
    assert len(ids) == 1 and skipped == []


def test_the_skipped_sentence_names_the_titles_or_the_first_few():
    titles = ["Youth jobs in Northgate", "Warm homes", "Clean air"]
    assert priority_files.skipped_sentence(titles) == (
        "Skipped 3 already in your register: “Youth jobs in Northgate”, “Warm homes”, “Clean air”."
    )
    assert priority_files.skipped_sentence(titles, 2) == (
        "Skipped 3 already in your register: “Youth jobs in Northgate”, “Warm homes” and 1 more."
    )
