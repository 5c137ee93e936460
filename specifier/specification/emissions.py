"""Where a contract's own emissions come from (vehicles, plant, deliveries, buildings it runs),
from `emission_sources` in data/deliverables.yaml: an emissions outcome fits only a source the
contract has, so an office-based service is not asked to cut its fleet's nitrogen oxides."""

import functools
import re
from pathlib import Path

import yaml

from specifier import wording
from specifier.matching.text import phrase
from specifier.specification import sectors

DELIVERABLES = Path(__file__).resolve().parent.parent / "data" / "deliverables.yaml"


@functools.cache
def _rules():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]
    sources = [
        {
            "name": s["name"],
            "categories": tuple(s.get("categories", ())),
            "staples": [phrase(w) for w in s.get("staples", ())],
            "words": re.compile(
                r"\b(?:" + "|".join(re.escape(w) for w in s.get("words", ())) + r")\b", re.I
            ),
        }
        for s in data["sources"]
    ]
    needs = [([phrase(w) for w in n["measure"]], tuple(n["sources"])) for n in data["needs"]]
    return sources, needs, [phrase(w) for w in data["own"]], tuple(data["own_sources"])


@functools.cache
def _levels():
    data = yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))["emission_sources"]
    return [
        ([phrase(w) for w in pair["cut"]], [phrase(w) for w in pair["level"]], set(pair["where"]))
        for pair in data["levels"]
    ]


def level_instead(procurement, measure, others):
    """The first of `others` (measures the contract can carry) that is a share with fixed
    points serving the same aim as this cut (`levels`), or None: a bidder new to the work has
    no baseline to cut from, but every bidder can state a share of its fleet or plant."""
    title = _title(measure)
    for cuts, levels, on in _levels():
        if not any(w <= title for w in cuts) or not on & set(sources(procurement)):
            continue
        for level in levels:
            found = next((m for m in others if level <= _title(m)), None)
            if found is not None:
                return found
    return None


def _title(measure):
    return phrase(measure.get("catalogue_title") or measure.get("title") or "")


def sources(procurement):
    """The names of the emission sources the contract has, by its category, its markets'
    staples or its own words."""
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    found = [m for m in sectors.markets(procurement) if not m.get("unnamed")]
    told = [m["sources"] for m in found if m.get("sources") is not None]
    if told:  # the market says what the supplier runs on the contract
        return [s["name"] for s in _rules()[0] if any(s["name"] in t for t in told)]
    staples = [p for m in found for p in m["staples"]]
    return [
        s["name"]
        for s in _rules()[0]
        if sectors.physical_category(procurement) in s["categories"]
        or any(p in staples for p in s["staples"])
        or s["words"].search(said)
    ]


def missing(procurement, measure):
    """Why the measure counts emissions from a source the contract does not have, or None."""
    title = _title(measure)
    need = next((n for words, n in _rules()[1] if any(w <= title for w in words)), None)
    if need is None or set(need) & set(sources(procurement)):
        return None
    return (
        f"It counts the emissions of {wording.any_of(list(need))}, and nothing in this"
        " contract's market or description says it runs any"
    )


def own_small(procurement, measure):
    """Why a measured cut in the supplier's own emissions (scopes 1 and 2) is a weak use of a
    scored slot on this contract, or None: it runs no vehicles, plant or buildings for it."""
    _, _, own, own_sources = _rules()
    if sectors.physical_category(procurement) in ("goods", "works") or not any(
        w <= _title(measure) for w in own
    ):
        return None
    if set(own_sources) & set(sources(procurement)):
        return None
    return (
        "Its own emissions on this contract are small, as it runs no vehicles, plant or"
        " buildings for it: a measured cut is a weak use of a scored outcome, which the"
        " council's people or community priorities use better (ask for a carbon reduction"
        " plan as a condition instead)"
    )
