"""The labelled evaluation set stays well-formed: the matcher's figures are only as good as it."""

import collections

from specifier.catalogue_files import builtin_measures
from specifier.matching import evaluation


def test_labels_refer_to_our_catalogue_and_each_body_is_in_one_split():
    codes = {m["code"] for m in builtin_measures()}
    seen_ids, split_of = set(), {}
    for split in evaluation.SPLITS:
        rows = evaluation.load_split(split)
        for row in rows:
            assert row["id"] not in seen_ids, row["id"]
            seen_ids.add(row["id"])
            assert row["title"].strip(), row["id"]
            assert set(row["relevant"] + row["partial"]) <= codes, row["id"]
            assert not set(row["relevant"]) & set(row["partial"]), row["id"]
            assert row["relevant"] or not row["partial"], row["id"]
            assert split_of.setdefault(row["council"], split) == split, row["council"]
        no_match = sum(not row["relevant"] for row in rows) / len(rows)
        assert 0.15 <= no_match <= 0.25, (split, no_match)
    bodies = collections.Counter(split_of.values())
    assert len(seen_ids) >= 150 and bodies["dev"] >= 10 and bodies["heldout"] >= 5
