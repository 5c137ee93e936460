"""The labelled evaluation set stays well-formed: the matcher's figures are only as good as it."""

import collections
import csv

import pytest

from specifier.catalogue import files as catalogue_files
from specifier.catalogue.files import builtin_measures
from specifier.matching import evaluation


def _well_labelled(row, codes):
    assert row["title"].strip(), row["id"]
    assert set(row["relevant"] + row["partial"]) <= codes, row["id"]
    assert not set(row["relevant"]) & set(row["partial"]), row["id"]
    assert row["relevant"] or not row["partial"], row["id"]


def test_labels_refer_to_our_catalogue_and_each_body_is_in_one_split():
    codes = {m["code"] for m in builtin_measures()}
    seen_ids, split_of = set(), {}
    for split in evaluation.SPLITS:
        rows = evaluation.load_split(split)
        for row in rows:
            assert row["id"] not in seen_ids, row["id"]
            seen_ids.add(row["id"])
            _well_labelled(row, codes)
            assert split_of.setdefault(row["council"], split) == split, row["council"]
        no_match = sum(not row["relevant"] for row in rows) / len(rows)
        assert 0.15 <= no_match <= 0.25, (split, no_match)
    bodies = collections.Counter(split_of.values())
    assert len(seen_ids) >= 150 and bodies["dev"] >= 10 and bodies["heldout"] >= 5


def test_the_independent_catalogue_labels_every_priority_against_its_own_codes():
    path = evaluation.INDEPENDENT_DIR / "catalogue.csv"
    codes = {m["code"] for m in catalogue_files.parse(path.read_bytes(), path.name)}
    for split in evaluation.SPLITS:
        ours = evaluation.load_split(split)
        rows = evaluation.load_split(split, labels=evaluation.INDEPENDENT_DIR)
        with open(evaluation.INDEPENDENT_DIR / f"{split}.csv", newline="", encoding="utf-8") as f:
            assert [r["id"] for r in csv.DictReader(f)] == [r["id"] for r in ours]
        for row, own in zip(rows, ours, strict=True):
            assert row["title"] == own["title"]
            _well_labelled(row, codes)
        assert 0 < sum(not row["relevant"] for row in rows) < len(rows) / 2


def test_labels_for_other_priorities_are_refused_by_name(tmp_path):
    (tmp_path / "dev.csv").write_text("id,relevant,partial\ndev-001,X-1,\nnot-ours,X-2,\n")
    with pytest.raises(ValueError, match=r"missing ids \['dev-002'.*unknown ids \['not-ours'\]"):
        evaluation.load_split("dev", labels=tmp_path)


def test_published_statements_are_sourced_and_each_body_is_in_one_split():
    """A body's statements sit in one split only, so no held-out figure is learned from its words."""
    codes = {m["code"] for m in builtin_measures()}
    real = next(s for s in evaluation.SETS if s.section == "real text" and s.labels is None)
    files = [(split, split) for split in real.splits] + list(real.more)
    split_of = {}
    for split, name in files:
        rows = evaluation.load_split(name, real.priorities)
        with open(real.priorities / f"{name}-sources.csv", newline="", encoding="utf-8") as f:
            assert [r["id"] for r in csv.DictReader(f)] == [r["id"] for r in rows], name
        for row in rows:
            _well_labelled(row, codes)
            assert split_of.setdefault(row["council"], split) == split, (name, row["council"])
    assert set(split_of.values()) == {"dev", "heldout", *evaluation.FRESH_SPLITS}
