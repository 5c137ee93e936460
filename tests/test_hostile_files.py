"""Hostile files: every way data enters refuses them quickly, clearly and without writing.

The files are built like those a red team used: a few hundred bytes of YAML aliases that stand
for gigabytes, a small file whose one field would be tens of megabytes once stored, and a 1.8 MB
file that would grow the database by hundreds of megabytes. Time and memory are checked only as
bounds a refusal meets by orders of magnitude (the expansion itself takes minutes and gigabytes).
"""

import json
import os
import time
import tracemalloc

import pytest
from test_imports_web import PRIORITIES, summary_items, upload

from specifier.catalogue.files import parse as parse_catalogue
from specifier.councils import councils
from specifier.fields import MAX_ITEMS, MAX_RECORD, MAX_SHORT
from specifier.priorities import files as priority_files
from specifier.priorities import priorities
from specifier.record_files import FileRejected
from specifier.samples import load_council_file
from specifier.specification import files as procurement_files

# Each level repeats the one before nine times: nine levels of "lol" are 9**9 (387 million).
LEVELS = "abcdefghi"


def laughs(levels=LEVELS):
    """YAML lines defining anchors, each level nine aliases of the one before."""
    lines = [f'{levels[0]}: &{levels[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, name in zip(levels, levels[1:], strict=False):
        lines.append(f"{name}: &{name} [{','.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


EXPANDING = (laughs() + "priorities:\n- {title: Laughs, theme: jobs, description: *i}\n").encode()
# A small file whose one field would hold millions of characters once each item became text.
STORING = (
    laughs("abcdef")
    + "priorities:\n- {title: Big, theme: jobs, description: d, target_groups: [*f, *f, *f]}\n"
).encode()


def growing():
    """About 1.8 MB: 500 priorities, each of whose places would hold megabytes once stored."""
    head = laughs("abcd") + "priorities:\n"
    padding = "x" * 3400
    rows = [
        f"- {{title: P{n}, theme: jobs, description: {padding}, places: [*d, *d]}}\n"
        for n in range(500)
    ]
    return (head + "".join(rows)).encode()


def refused_within_bounds(action):
    """Run `action`, which must refuse the file; return its message, checking time and memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FileRejected) as refused:
            action()
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    # Expanding these files takes minutes and gigabytes; refusing them, milliseconds and kilobytes.
    assert elapsed < 5, f"took {elapsed:.1f} s to refuse"
    assert peak < 100 * 1024 * 1024, f"used {peak / 1e6:.0f} MB to refuse"
    return str(refused.value)


def test_the_files_are_as_small_as_the_ones_that_did_harm():
    assert len(EXPANDING) < 600
    assert len(STORING) < 450
    assert 1_700_000 < len(growing()) < 2_000_000


@pytest.mark.parametrize(
    "data", [EXPANDING, STORING, growing()], ids=["expanding", "storing", "growing"]
)
def test_a_priorities_file_with_aliases_is_refused_at_once(data):
    message = refused_within_bounds(lambda: priority_files.parse(data, "hostile.yaml"))
    assert message == (
        "hostile.yaml, line 1: not valid YAML (anchors and aliases (&name, *name) are not accepted)"
    )


def test_the_command_line_and_the_web_refuse_it_and_write_nothing(client, runner, db, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(growing())
    council_id = councils.get_by_slug(db, "hatherdale")["id"]
    before = priorities.search(db, council_id)
    size = os.path.getsize(client.application.config["DATABASE"])
    result = runner.invoke(args=["load-priorities", str(path), "--council", "hatherdale"])
    assert result.exit_code == 1
    assert "anchors and aliases (&name, *name) are not accepted" in result.output
    response = upload(client, PRIORITIES, EXPANDING, "hostile.yaml")
    assert response.status_code == 400
    assert any("anchors and aliases" in item for item in summary_items(response))
    assert priorities.search(db, council_id) == before
    assert os.path.getsize(client.application.config["DATABASE"]) <= size + 64 * 1024


def test_a_procurement_file_with_aliases_is_refused(runner, tmp_path):
    path = tmp_path / "contract.yaml"
    path.write_text(
        laughs()
        + "procurement: {title: Roads, description: *i, category: works, value_gbp: 900000,"
        " duration_months: 12}\n"
    )
    message = refused_within_bounds(
        lambda: procurement_files.parse(
            path.read_bytes(), path.name, council={"nation": "England", "max_outcomes": 6}
        )
    )
    assert "anchors and aliases (&name, *name) are not accepted" in message
    out = tmp_path / "spec.html"
    result = runner.invoke(
        args=[
            "generate-spec",
            "--council",
            "hatherdale",
            "--procurement",
            str(path),
            "--format",
            "html",
            "--output",
            str(out),
        ]
    )
    assert result.exit_code == 1 and "anchors and aliases" in result.output
    assert not out.exists()


def test_a_council_file_with_aliases_is_refused(db, tmp_path):
    path = tmp_path / "brackenford.yaml"
    path.write_text(
        laughs() + "council: {name: Brackenford, slug: brackenford, nation: England,"
        " local: {description: *i}}\npriorities: []\n"
    )
    assert "anchors and aliases" in refused_within_bounds(lambda: load_council_file(db, path))
    assert councils.get_by_slug(db, "brackenford") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b"priorities: [" * 20_000,
            "hostile.yaml: the file cannot be read: it is nested too deeply",
        ),
        (b"a: 1" + b"9" * 5000, "hostile.yaml: the file cannot be read: a number is too long"),
    ],
)
def test_nesting_and_huge_numbers_are_refused_clearly_in_yaml(body, expected):
    assert refused_within_bounds(lambda: priority_files.parse(body, "hostile.yaml")) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"[" * 200_000, "hostile.json: the file cannot be read: it is nested too deeply"),
        (b"[1" + b"9" * 5000 + b"]", "hostile.json: the file cannot be read: a number is too long"),
    ],
)
def test_nesting_and_huge_numbers_are_refused_clearly_in_json(body, expected):
    assert refused_within_bounds(lambda: priority_files.parse(body, "hostile.json")) == expected


def _priority(**fields):
    return {"title": "Warm homes", "description": "Cold homes.", "theme": "communities", **fields}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"target_groups": [["nested"]]},
            "priority 1, target_groups: Target groups must be a list of text",
        ),
        (
            {"places": {"ward": "North"}},
            "priority 1, places: Places must be a list of text",
        ),
        (
            {"evidence": "Nomis, 2025"},
            "priority 1, evidence: Evidence must have the fields statistic, source, date",
        ),
        (
            {"evidence": {"statistic": ["8.1%"]}},
            "priority 1, evidence: Statistic must be text, not a list",
        ),
        (
            {"title": {"text": "Warm homes"}},
            "priority 1, title: Title must be text, not a list",
        ),
        (
            {"target_groups": ["group"] * (MAX_ITEMS + 1)},
            f"priority 1, target_groups: Target groups must have {MAX_ITEMS} items or fewer",
        ),
        (
            {"places": "; ".join(f"Ward {n}" for n in range(MAX_ITEMS + 1))},
            f"priority 1, places: Places must have {MAX_ITEMS} items or fewer",
        ),
        (
            {"places": ["x" * (MAX_SHORT + 1)]},
            f"priority 1, places: Each of the places must be {MAX_SHORT} characters or fewer",
        ),
        (
            {"notes": "x" * MAX_RECORD},
            f"priority 1, priority: The priority must be {MAX_RECORD:,} characters or fewer in all",
        ),
    ],
)
def test_each_value_is_checked_for_its_kind_and_size_before_it_is_stored(fields, expected):
    body = json.dumps({"priorities": [_priority(**fields)]}).encode()
    with pytest.raises(FileRejected) as refused:
        priority_files.parse(body, "register.json")
    assert str(refused.value) == f"register.json, {expected}"


def test_a_full_size_file_without_aliases_grows_the_database_by_about_its_size(client, db):
    """Without aliases nothing expands: 1.9 MB of priorities stores about 1.9 MB."""
    records = [
        _priority(
            title=f"Priority {n}",
            description="d" * 2000,
            evidence={"statistic": "s" * 1500},
            target_groups=[f"group {g}" for g in range(20)],
        )
        for n in range(500)
    ]
    body = json.dumps({"priorities": records}).encode()
    assert 1_800_000 < len(body) < 2 * 1024 * 1024
    database = client.application.config["DATABASE"]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = os.path.getsize(database)
    response = upload(client, PRIORITIES, body, "register.json")
    assert response.status_code == 302
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert os.path.getsize(database) - before < 2 * len(body)


def test_a_procurement_file_checks_each_value_before_using_it(tmp_path):
    contract = (
        "procurement: {title: Roads, description: Resurfacing, category: works,"
        " value_gbp: 900000, duration_months: 12, lots: [[North, South]]}\n"
    )
    with pytest.raises(FileRejected) as refused:
        procurement_files.parse(
            contract.encode(), "c.yaml", council={"nation": "England", "max_outcomes": 6}
        )
    assert (
        str(refused.value)
        == "c.yaml, procurement, lots: Lots must have the fields title, value_gbp"
    )
    outcome = contract.replace("[[North, South]]", "[North]") + (
        "specification: {outcomes: [{measure: JOB-01, rationale: [a, b]}]}\n"
    )
    with pytest.raises(FileRejected) as refused:
        procurement_files.parse(
            outcome.encode(), "c.yaml", council={"nation": "England", "max_outcomes": 6}
        )
    assert str(refused.value) == (
        "c.yaml, specification, outcomes: Rationale must be text, not a list"
    )


def test_a_catalogue_caps_each_measure():
    header = "code,theme,outcome,title,description,unit,keywords\n"
    long_description = f"X-1,Jobs,Work,Title,{'d' * 2001},people,\n"
    many_keywords = "X-2,Jobs,Work,Title,Description,people," + ";".join(["k"] * 201) + "\n"
    with pytest.raises(FileRejected) as refused:
        parse_catalogue((header + long_description + many_keywords).encode(), "own.csv")
    assert str(refused.value).splitlines() == [
        "own.csv, line 2, description: Description must be 2,000 characters or fewer",
        f"own.csv, line 3, keywords: Keywords must have {MAX_ITEMS} items or fewer",
    ]
