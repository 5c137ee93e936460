"""Where one person, hire or pound could count under two outcomes, and where it counts.

The document states a rule for every such overlap, so bidders count the same way and the
council can check them. The rule is fixed: a thing that meets two outcomes counts under both,
unless both outcomes count the same narrow thing (two groups facing barriers, two kinds of
supplier) in the same unit, when it counts under the first of them only. So a care leaver who
was also long-term unemployed meets one targeted ask, not two, while a local apprentice counts
as an apprenticeship start and as local employment.
"""

import itertools
import re
from dataclasses import dataclass

# Rule families whose outcomes count people taken on or in work on the contract.
PEOPLE_FAMILIES = {
    "employment",
    "targeted-employment",
    "hires",
    "targeted-hires",
    "sustained-6",
    "sustained-12",
    "apprenticeships",
    "higher-apprenticeships",
    "apprentice-weeks",
    "completions",
}
# Rule families whose outcomes count pounds spent with suppliers.
SPEND_FAMILIES = {"local-spend", "sme-spend", "targeted-spend", "local-food"}
# Families that count one narrow group of people or kind of supplier.
NARROW_FAMILIES = {"targeted-employment", "targeted-hires", "targeted-spend"}
# Measures counting people of any other kind count hires only when their words say so:
# "Households helped out of fuel poverty" counts people, but not people taken on.
HIRE_WORDS = re.compile(
    r"\b(recruit\w*|hires?|hired|hiring|jobs?|employed|apprentic\w*|in (paid )?work)\b"
)
THINGS = {"people": "person", "spend": "pound"}


@dataclass(frozen=True)
class Overlap:
    """Two outcomes that could count the same thing, and whether it counts under both."""

    first: object
    second: object
    thing: str
    both: bool


def kind(family, measure):
    """Return what an outcome counts that another might too: 'people', 'spend' or None."""
    if family in PEOPLE_FAMILIES:
        return "people"
    if family in SPEND_FAMILIES:
        return "spend"
    words = f"{measure.get('title') or ''} {measure.get('outcome') or ''}".lower()
    if family in ("residents", "vacancy-linked") and HIRE_WORDS.search(words):
        return "people"
    return None


def _unit(measure):
    return " ".join((measure.get("unit") or "").lower().split())


def rule(first, second):
    """Return (thing, both) for two measures with their families, or None when they cannot overlap.

    `first` and `second` are (family, measure) pairs, the first listed first.
    """
    (family_a, measure_a), (family_b, measure_b) = first, second
    thing = kind(family_a, measure_a)
    if thing is None or thing != kind(family_b, measure_b):
        return None
    narrow = family_a in NARROW_FAMILIES and family_b in NARROW_FAMILIES
    same_unit = _unit(measure_a) == _unit(measure_b)
    return THINGS[thing], not (narrow and same_unit)


def overlaps(outcomes):
    """Return every pair of outcomes that could count the same thing, with its rule."""
    found = []
    for a, b in itertools.combinations(outcomes, 2):
        decided = rule((a.suggestion.family, a.measure), (b.suggestion.family, b.measure))
        if decided:
            found.append(Overlap(a, b, *decided))
    return found


def could_overlap(first, second):
    """Return True when two (family, measure) pairs could count the same thing."""
    return rule(first, second) is not None
