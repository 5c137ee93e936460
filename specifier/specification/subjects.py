"""What an outcome counts within its aim (an emission source, a group of people, a need), and
whether a council priority is about it, from data/subjects.yaml: sharing an aim never credits
an outcome to a priority about another subject (embodied carbon to a vehicles priority)."""

import functools
import re
from pathlib import Path

import yaml

from specifier import wording
from specifier.matching.text import phrase
from specifier.specification import emissions

SUBJECTS = Path(__file__).resolve().parent.parent / "data" / "subjects.yaml"


def _words(found):
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in found) + r")\b", re.I)


@functools.cache
def _dimensions():
    dimensions = []
    for d in yaml.safe_load(SUBJECTS.read_text(encoding="utf-8")):
        whole = d.get("whole") or {}
        dimensions.append(
            {
                "name": d["dimension"],
                "whole_words": _words(whole["words"]) if whole.get("words") else None,
                "whole_measures": [phrase(w) for w in whole.get("measures", ())],
                "by_sources": [phrase(w) for w in d.get("by_sources", ())],
                "subjects": [
                    {
                        "key": s["key"],
                        "measures": [phrase(w) for w in s.get("measures", ())],
                        "words": _words(s["words"]),
                        "sources": set(s.get("sources", ())),
                    }
                    for s in d["subjects"]
                ],
            }
        )
    return dimensions


def _title(measure):
    return phrase(measure.get("catalogue_title") or measure.get("title") or "")


def counts(measure, procurement=None):
    """{dimension: the subjects the measure counts}, for each dimension it counts any of: a
    subject kept to the emission sources the contract has where it has some of them (nitrogen
    oxides on a fleet contract count its vehicles, not plant it does not run)."""
    title = _title(measure)
    held = set(emissions.sources(procurement)) if procurement else set()
    found = {}
    for d in _dimensions():
        keys = [s for s in d["subjects"] if any(w <= title for w in s["measures"])]
        if any(w <= title for w in d["whole_measures"]):
            keys = list(d["subjects"])
        elif any(w <= title for w in d["by_sources"]):
            keys = [s for s in d["subjects"] if s["sources"]]
        run = [s for s in keys if not s["sources"] or s["sources"] & held]
        keys = run or keys
        if keys:
            found[d["name"]] = {s["key"] for s in keys}
    return found


def unserved(priority, measure, procurement):
    """Why a priority the council accepted a measure for is not served by it on this contract,
    or None: a measure counting whatever the contract runs (`by_sources`) serves a priority about
    vehicles only where the contract's own sources include them (FINDINGS-19a-u 1.2: a cut in
    an office's energy credited to "Cut carbon from the vehicles that deliver council
    services")."""
    title = _title(measure)
    if not any(w <= title for d in _dimensions() for w in d["by_sources"]):
        return None
    return outside(priority, counts(measure, procurement))


def named(priority):
    """{dimension: the subjects the priority's title or groups name}; a dimension they name none
    of, or name as a whole (the council's footprint from all it buys), is absent: it is about
    all. The description gives evidence and examples ("vehicles are the largest source"), not
    the priority's reach, so "Cut the carbon and air pollution from council services" is about
    every source and "Cut carbon from the vehicles that deliver council services" its fleet."""
    said = " ".join([priority.get("title") or "", *(priority.get("target_groups") or ())])
    found = {}
    for d in _dimensions():
        if d["whole_words"] is not None and d["whole_words"].search(said):
            continue
        keys = {s["key"] for s in d["subjects"] if s["words"].search(said)}
        if keys:
            found[d["name"]] = keys
    return found


def outside(priority, counted):
    """What an outcome counts (`counts`) that the priority is not about, said plainly, or None
    when the priority covers it: every subject the outcome counts must be one the priority
    names, in each dimension the priority names any."""
    about = named(priority)
    for dimension, keys in counted.items():
        if dimension in about and not keys <= about[dimension]:
            return (
                f"it counts {wording.any_of(sorted(keys - about[dimension]), 'and')}, and the"
                f" priority is about {wording.any_of(sorted(about[dimension]), 'and')}"
            )
    return None


def elsewhere(priority, site):
    """Why a priority bound to places (the air on two named streets) is not served by an outcome
    delivered where the contract works (`site`: its title and description), or None: the
    contract names none of its places (the site itself, as relevance._site_air)."""
    places = [p for p in priority.get("places") or () if p]
    if not places or site is None or _words(places).search(site):
        return None
    return (
        f"it is delivered where this contract works, and the priority is about"
        f" {wording.any_of(places, 'and')}, which the contract does not name"
    )
