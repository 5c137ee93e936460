"""Sample councils arrive with their matching done: each priority's accepted measures."""

import yaml

from specifier import samples
from specifier.councils import councils
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.record_files import FileRejected

COUNCIL = {"name": "Brackenford Borough Council", "slug": "brackenford", "nation": "England"}


def _priority(title, **extra):
    return {"title": title, "description": "What we want to change.", "theme": "jobs", **extra}


def _write(tmp_path, listed):
    path = tmp_path / "brackenford.yaml"
    path.write_text(yaml.safe_dump({"council": COUNCIL, "priorities": listed}))
    return path


def test_a_council_files_accepted_measures_become_its_accepted_matches(db, tmp_path):
    path = _write(
        tmp_path,
        [
            _priority("Young people into work", accepted_measures=["JOB-06", "SKL-01"]),
            _priority("Older people back to work"),
        ],
    )
    samples.load_council_file(db, path)
    council = councils.get_by_slug(db, "brackenford")
    by_title = {p["title"]: p["id"] for p in priorities.search(db, council["id"])}
    accepted = decisions.accepted_codes(db, council["id"])
    assert accepted[by_title["Young people into work"]] == ["JOB-06", "SKL-01"]
    assert by_title["Older people back to work"] not in accepted


def test_an_unknown_code_refuses_the_whole_file_and_creates_nothing(db, tmp_path):
    path = _write(tmp_path, [_priority("Young people into work", accepted_measures=["JOB-999"])])
    try:
        samples.load_council_file(db, path)
    except FileRejected as exc:
        assert "priority 1: accepted_measures: no measure with code JOB-999" in str(exc)
    else:
        raise AssertionError("a file naming a measure we do not have was loaded")
    assert councils.get_by_slug(db, "brackenford") is None


def test_every_sample_council_has_accepted_matches_for_most_priorities(db):
    for path in samples.council_files("priorities"):
        council = councils.get_by_slug(db, path.stem)
        active = priorities.search(db, council["id"], status="active")
        accepted = decisions.accepted_codes(db, council["id"])
        assert sum(p["id"] in accepted for p in active) >= len(active) - 1, path.stem
