"""Our open catalogue, council imports and exports, and full-text search."""

import csv
import io
from pathlib import Path

import lxml.html
import pytest

from specifier.catalogue import catalogue
from specifier.catalogue import files as catalogue_files
from specifier.catalogue.catalogue import new_themes_notice
from specifier.councils import councils
from specifier.record_files import FileRejected
from specifier.themes import THEMES

TOMS_WORDING = ("no. of local people (fte) employed on contract", "national toms")


def test_builtin_catalogue_meets_the_brief():
    measures = catalogue_files.builtin_measures()
    assert len(measures) >= 120
    assert {m["theme"] for m in measures} == set(THEMES.values())
    for m in measures:
        assert m["unit"] and m["evidence_required"] and m["counting_notes"], m["code"]
        assert m["ocds_goal"], m["code"]
        text = (m["title"] + " " + m["description"]).lower()
        assert not any(phrase in text for phrase in TOMS_WORDING), m["code"]
        if m["proxy_value"] is not None:
            assert all(m[f] for f in catalogue.PROXY_PROVENANCE), m["code"]
            assert "hact" not in m["proxy_source"].lower(), m["code"]


def test_builtin_covers_the_named_topics():
    text = " ".join(
        (m["title"] + " " + m["description"]).lower() for m in catalogue_files.builtin_measures()
    )
    for topic in (
        "apprentic",
        "care leaver",
        "real living wage",
        "sme",
        "social enterprise",
        "fleet",
        "waste",
        "air quality",
        "biodiversity",
        "flood",
        "energy rating",
        "homeless",
        "isolated",
        "welsh",
        "gaelic",
        "culture",
        "accessib",
        "innovat",
        "carbon",
    ):
        assert topic in text, topic


def test_search_ranks_relevant_measures_first(db):
    council = councils.get_by_slug(db, "hatherdale")
    found = catalogue.search(db, council["id"], "apprenticeships")
    assert found and "apprentic" in (found[0]["title"] + found[0]["description"]).lower()
    assert catalogue.search(db, council["id"], 'quote " and OR NEAR(') is not None


def test_council_import_is_scoped_and_exports_in_the_same_format(db):
    council = councils.get_by_slug(db, "hatherdale")
    other = councils.get_by_slug(db, "kilbrannan")
    data = Path("tests/data/council-catalogue.csv").read_bytes()
    added, updated, _ = catalogue_files.import_changes(db, council["id"], data, "mine.csv")
    assert (added, updated) == (["NT1", "HC-7"], [])
    assert catalogue.get(db, council["id"], "NT1")["unit"] == "FTE years"
    assert catalogue.get(db, other["id"], "NT1") is None
    exported = catalogue_files.export_csv(db, council["id"])
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0]) == list(catalogue.COLUMNS)
    assert {"NT1", "HC-7"} <= {r["code"] for r in rows}
    again = catalogue_files.parse(exported.encode(), "again.csv")
    assert len(again) == len(rows)
    # Importing again updates rather than duplicates.
    assert catalogue_files.import_changes(db, council["id"], data, "mine.csv")[:2] == (
        [],
        ["NT1", "HC-7"],
    )
    assert len(catalogue.measures_for(db, council["id"])) == len(rows)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("code,theme,outcome,title,description\n", "line 1: missing column(s) unit"),
        (
            "code,theme,outcome,title,description,unit\nA1,Jobs,O,T,D,FTE\nA2,Jobs,O,,D,FTE\n",
            "bad.csv, line 3, title: Enter the measure's title",
        ),
        (
            "code,theme,outcome,title,description,unit\nA1,Jobs,O,T,D,FTE\nA1,Jobs,O,T,D,FTE\n",
            "bad.csv, line 3, code: A1 is already used on line 2",
        ),
        (
            "code,theme,outcome,title,description,unit,proxy_value\nA1,Jobs,O,T,D,FTE,100\n",
            "line 2, proxy_source: A proxy value needs its source",
        ),
        (
            "code,theme,outcome,title,description,unit,categories\nA1,Jobs,O,T,D,FTE,roads\n",
            "line 2, categories: Category 'roads' must be works, goods or services",
        ),
        (
            "code,theme,outcome,title,description,unit\nA1,Jobs,O,T,D,FTE,extra\n",
            "line 2: more values",
        ),
        (
            "code,theme,outcome,title,description,unit,Code\nA1,Jobs,O,T,D,FTE,A2\n",
            "bad.csv, line 1: column(s) code given twice",
        ),
    ],
)
def test_bad_catalogue_is_rejected_and_nothing_written(db, body, expected):
    council = councils.get_by_slug(db, "hatherdale")
    before = len(catalogue.measures_for(db, council["id"]))
    with pytest.raises(FileRejected) as caught:
        catalogue_files.import_changes(db, council["id"], body.encode(), "bad.csv")
    assert expected in str(caught.value)
    assert len(catalogue.measures_for(db, council["id"])) == before


def test_spreadsheet_headings_are_read_whatever_their_case(db):
    """A catalogue saved from a spreadsheet often has headings such as "Evidence required"."""
    council = councils.get_by_slug(db, "hatherdale")
    body = (
        "\ufeffCode, Theme ,Outcome,Title,Description,Unit,Evidence Required\r\n"
        "OWN-9,Jobs,Work,Local hires,Residents hired,people,Payroll extract\r\n"
    )
    catalogue_files.import_changes(db, council["id"], body.encode(), "sheet.csv")
    measure = {m["code"]: m for m in catalogue.measures_for(db, council["id"])}["OWN-9"]
    assert (measure["theme"], measure["evidence_required"]) == ("Jobs", "Payroll extract")


def test_our_themes_are_recognised_however_they_are_written():
    """An import writing "jobs" or "FAIR-WORK" files the measure under our theme, not a new one."""
    base = {"code": "X1", "outcome": "O", "title": "T", "description": "D", "unit": "u"}
    assert catalogue.clean({**base, "theme": "jobs"})["theme"] == "Jobs"
    assert catalogue.clean({**base, "theme": " FAIR-WORK "})["theme"] == "Fair work"
    assert catalogue.clean({**base, "theme": "Innovation and accessibility"})["theme"] == (
        "Innovation and accessibility"
    )
    assert catalogue.clean({**base, "theme": "Social housing"})["theme"] == "Social housing"


def test_a_council_measure_cannot_take_a_code_of_our_catalogue(db):
    """COM-17 of the council's own would shadow ours, and its export would not import again."""
    council = councils.get_by_slug(db, "hatherdale")
    body = (
        "code,theme,outcome,title,description,unit\n"
        "OWN-1,Jobs,Work,Local hires,Residents hired,people\n"
        "COM-17,Communities,Mine,My wording,Mine,hours\n"
    )
    with pytest.raises(FileRejected) as caught:
        catalogue_files.import_changes(db, council["id"], body.encode(), "clash.csv")
    assert str(caught.value) == (
        "clash.csv, line 3, code: COM-17 is a measure of our catalogue;"
        " give your own measure a code of its own"
    )
    assert catalogue.get(db, council["id"], "COM-17")["council_id"] is None
    assert catalogue.get(db, council["id"], "OWN-1") is None


def test_an_export_with_our_measures_imports_again_leaving_ours_alone(db):
    council = councils.get_by_slug(db, "hatherdale")
    data = Path("tests/data/council-catalogue.csv").read_bytes()
    catalogue_files.import_changes(db, council["id"], data, "mine.csv")
    exported = "\n".join(
        line.replace("FTE years", "FTE weeks") if line.startswith("NT1,") else line
        for line in catalogue_files.export_csv(db, council["id"]).split("\n")
    )
    added, updated, _ = catalogue_files.import_changes(
        db, council["id"], exported.encode(), "e.csv"
    )
    assert (added, sorted(updated)) == ([], ["HC-7", "NT1"])
    own = [m for m in catalogue.measures_for(db, council["id"]) if m["council_id"]]
    assert {m["code"] for m in own} == {"NT1", "HC-7"}
    assert catalogue.get(db, council["id"], "NT1")["unit"] == "FTE weeks"
    again = catalogue_files.parse(catalogue_files.export_csv(db, council["id"]).encode(), "x.csv")
    assert len(again) == len(catalogue.measures_for(db, council["id"]))


def test_codes_with_slashes_are_kept_but_not_dot_parts(db):
    council = councils.get_by_slug(db, "hatherdale")
    header = "code,theme,outcome,title,description,unit\n"
    body = header + "HF/JOB/1,Jobs,Work,Local hires,Residents hired,people\n"
    catalogue_files.import_changes(db, council["id"], body.encode(), "slash.csv")
    assert catalogue.get(db, council["id"], "HF/JOB/1")["title"] == "Local hires"
    for code in ("HF/./1", "HF/..", "HF/../JOB"):
        with pytest.raises(FileRejected, match=r"dots\.csv, line 2, code: Code must not have"):
            catalogue_files.import_changes(
                db, council["id"], (header + f"{code},Jobs,W,T,D,people\n").encode(), "dots.csv"
            )


def test_every_kind_of_problem_in_a_catalogue_file_is_listed_at_once(db):
    """A bad row, a repeated code and one of our codes: all three in one report."""
    council = councils.get_by_slug(db, "hatherdale")
    body = (
        "code,theme,outcome,title,description,unit\n"
        "OWN-1,Jobs,Work,,Residents hired,people\n"
        "OWN-2,Jobs,Work,Local hires,Residents hired,people\n"
        "OWN-2,Jobs,Work,Local hires again,Residents hired,people\n"
        "COM-17,Communities,Mine,My wording,Mine,hours\n"
    )
    with pytest.raises(FileRejected) as caught:
        catalogue_files.import_changes(db, council["id"], body.encode(), "all.csv")
    assert str(caught.value).splitlines() == [
        "all.csv, line 2, title: Enter the measure's title",
        "all.csv, line 4, code: OWN-2 is already used on line 3",
        "all.csv, line 5, code: COM-17 is a measure of our catalogue;"
        " give your own measure a code of its own",
    ]


def test_an_import_names_the_themes_it_creates_and_suggests_ours_for_a_typo(
    runner, client, tmp_path
):
    body = (
        "code,theme,outcome,title,description,unit\n"
        "T1,Enviroment,Cleaner air,Electric vans,Miles driven by electric vans,miles\n"
        "T2,Heritage,Historic places,Listed buildings repaired,Buildings repaired,buildings\n"
        "T3,jobs,More local people in work,Local hires,Local people hired,people\n"
    )
    path = tmp_path / "themes.csv"
    path.write_text(body)
    args = ["import-catalogue", str(path), "--council", "hatherdale", "--no-embed"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert (
        "New themes in your catalogue: “Enviroment” (did you mean “Environment”?), “Heritage”."
        in result.output
    )
    assert "New theme" not in runner.invoke(args=args).output  # known now: nothing new
    body = body.replace("Heritage", "Culture").replace("T2,", "T4,")
    response = client.post(
        "/hatherdale/catalogue/import",
        data={"file": (io.BytesIO(body.encode()), "themes.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    banners = {
        " ".join(b.text_content().split()): b.get("class")
        for b in lxml.html.fromstring(response.get_data()).find_class("govuk-notification-banner")
    }
    notice = next(text for text in banners if "New theme" in text)
    assert "New theme in your catalogue: “Culture”. Correct the file" in notice
    assert "--success" not in banners[notice]  # a warning, not a success
    assert any("1 measure added, 2 updated" in text for text in banners)


def test_a_councils_own_theme_is_one_theme_however_it_is_typed(db):
    council = councils.get_by_slug(db, "hatherdale")
    header = "code,theme,outcome,title,description,unit\n"
    first = header + "G1,Green spaces,Parks,Park benches,Benches,benches\n"
    assert catalogue_files.import_changes(db, council["id"], first.encode(), "a.csv")[2] == [
        "Green spaces"
    ]
    again = header + (
        "G2,green spaces,Parks,Trees,Trees planted,trees\n"
        "G3,Green  Spaces ,Parks,Paths,Paths mended,paths\n"
    )
    assert catalogue_files.import_changes(db, council["id"], again.encode(), "b.csv")[2] == []
    themes = catalogue.themes_for(db, council["id"])
    assert [t for t in themes if "green" in t.lower()] == ["Green spaces"]


def test_many_new_themes_are_named_five_at_a_time():
    notice = new_themes_notice([f"Theme {i}" for i in range(12)])
    assert notice.startswith("New themes in your catalogue: “Theme 0”, “Theme 1”")
    assert "“Theme 4” and 7 more." in notice and "Theme 5" not in notice


def test_a_councils_officer_notes_and_quality_points_import_and_reach_the_right_reader(db):
    """Old files without the two columns still import (above); files with them keep both."""
    council = councils.get_by_slug(db, "hatherdale")
    body = (
        "code,theme,outcome,title,description,unit,counting_notes,higher_score,officer_notes\n"
        "HC-9,Jobs,More local jobs,Local drivers trained,Residents trained as HGV drivers,people,"
        "Count each person once.,a training partner; a route to a driving job,"
        "Use only where the contract runs a fleet.\n"
    )
    catalogue_files.import_changes(db, council["id"], body.encode(), "mine.csv")
    stored = catalogue.get(db, council["id"], "HC-9")
    assert stored["officer_notes"] == "Use only where the contract runs a fleet."
    assert stored["higher_score"] == "a training partner; a route to a driving job"
    exported = catalogue_files.export_csv(db, council["id"])
    assert "officer_notes" in exported.splitlines()[0] and "Use only where" in exported
    from specifier.specification import document

    contract = {
        "title": "Fleet",
        "description": "Vehicles.",
        "category": "services",
        "value_gbp": 3_000_000,
        "duration_months": 36,
        "start_date": None,
        "cpv_code": "",
        "reference": "",
        "nation": "England",
        "lots": [],
    }
    doc = document.build(
        document.Inputs(council, contract, [{"measure": stored, "priority": None}])
    )
    bidders = "\n".join(c.text for c in doc.clauses())
    assert "- a training partner;" in bidders and "Use only where" not in bidders
    assert "Use only where the contract runs a fleet." in doc.outcomes[0].officer_notes


def test_a_staff_language_measure_is_evidenced_by_its_staff_not_by_materials():
    """FINDINGS-19a-u ferry 4: staff using or learning Gaelic were evidenced by "an audit of
    bilingual materials", which proves nothing about staff; what earns a higher score asked how
    materials are produced. A measure counting staff is evidenced by records of those staff."""
    by_code = {m["code"]: m for m in catalogue_files.builtin_measures()}
    for code in ("COM-21", "COM-22"):
        m = by_code[code]
        assert "materials" not in m["evidence_required"].lower(), code
        assert "materials" not in m["higher_score"].lower(), code
        assert "course provider" in m["evidence_required"].lower(), code
