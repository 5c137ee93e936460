"""What a catalogue goal promises: of a goal making several promises ("Less waste, more reuse
and responsibly sourced materials"), only those a measure keeps (data/aims.yaml)."""

import functools
import re
from pathlib import Path

import yaml

from specifier import wording

AIMS = Path(__file__).resolve().parent.parent / "data" / "aims.yaml"


@functools.cache
def _aims():
    return {a["outcome"]: a for a in yaml.safe_load(AIMS.read_text(encoding="utf-8"))}


def promises(measure):
    """The promises of its goal the measure keeps, in order: the goal itself where it makes one
    promise; none where it keeps none of several."""
    goal = measure.get("outcome") or ""
    found = _aims().get(goal)
    if found is None:
        return [goal] if goal else []
    said = f"{measure.get('title') or ''} {measure.get('description') or ''}"
    return [p["say"] for p in found["parts"] if re.search(p["when"], said, re.IGNORECASE)]


def kept_aim(measure):
    """The measure's goal, saying only the promises of a several-promise goal that the measure
    keeps ('' when it keeps none, so the outcome's title is said instead)."""
    goal = measure.get("outcome") or ""
    found = _aims().get(goal)
    if found is None:
        return goal
    kept = promises(measure)
    aim = wording.any_of(kept, "and")
    if aim and found.get("tail"):
        aim = f"{aim} {found['tail']}"
    return aim[:1].upper() + aim[1:]
