"""Procurement files for `flask generate-spec`: YAML describing a contract and, optionally, its outcomes."""

import functools
from pathlib import Path

from specifier.catalogue.files import builtin_measures
from specifier.councils import councils
from specifier.fields import MAX_LONG, TEXT, Invalid, number, shape_problems, text
from specifier.record_files import FileRejected, decode, read_yaml
from specifier.specification import eligibility, procurements, relevance, specifications

OUTCOME = {"measure": TEXT, "priority": TEXT, "rationale": TEXT, "minimum": TEXT}
# What the specification section may hold, checked before anything in it is converted.
SPECIFICATION = {
    "weighting_pct": TEXT,
    "weighting_confirmed_pct": TEXT,
    "scoring_scale": TEXT,
    "force": TEXT,
    "outcomes": [OUTCOME],
}


@functools.cache
def _condition_codes():
    """Our catalogue's pass or fail contract conditions, which no outcome cap counts."""
    return frozenset(m["code"] for m in builtin_measures() if relevance.is_condition(m))


def _outcome(item, where):
    if isinstance(item, str):
        item = {"measure": item}
    if not isinstance(item, dict) or not text(item.get("measure")):
        raise FileRejected(f"{where}: give the measure's code, like measure: JOB-01")
    outcome = {
        "measure": text(item["measure"]),
        "priority": text(item.get("priority")),
        "rationale": text(item.get("rationale")),
        "minimum": None,
    }
    if len(outcome["rationale"]) > MAX_LONG:
        raise FileRejected(f"{where}, rationale: must be {MAX_LONG:,} characters or fewer")
    try:
        outcome["minimum"] = specifications.clean_minimum(item.get("minimum"), "minimum")
    except Invalid as exc:
        raise FileRejected(f"{where}, {exc.errors['minimum']}") from exc
    # Who counts: places and groups as the file gives them ([] for anyone); when the file
    # gives neither, the priority's are proposed and the checks ask for them to be confirmed.
    outcome["eligibility"] = None
    if "places" in item or "groups" in item:
        try:
            outcome["eligibility"] = eligibility.clean(
                item.get("places") or [], item.get("groups") or []
            )
        except Invalid as exc:
            field, message = next(iter(exc.errors.items()))
            raise FileRejected(f"{where}, {field}: {message}") from exc
    return outcome


def parse(data, filename, *, council):
    """Return {"procurement", "settings", "outcomes"} from YAML bytes, or raise FileRejected.

    The council's nation is the contract's unless the file names one, and its policy caps the
    outcomes the file may name.
    """
    default_nation = council["nation"]
    name = Path(filename).name
    if Path(filename).suffix.lower() not in (".yaml", ".yml"):
        raise FileRejected(f"{name}: a procurement file must be YAML (.yaml or .yml)")
    content = read_yaml(decode(data, name), name)
    if not isinstance(content, dict) or not isinstance(content.get("procurement"), dict):
        raise FileRejected(
            f"{name}: expected a 'procurement:' section with title, value_gbp and so on"
        )
    try:
        procurement = procurements.clean(content["procurement"], default_nation=default_nation)
    except Invalid as exc:
        raise FileRejected(
            "\n".join(f"{name}, procurement, {field}: {msg}" for field, msg in exc.errors.items())
        ) from exc
    spec = content.get("specification") or {}
    if not isinstance(spec, dict):
        raise FileRejected(f"{name}, specification: expected fields such as weighting_pct")
    problems = shape_problems(spec, SPECIFICATION, "specification")
    if problems:
        raise FileRejected(
            "\n".join(f"{name}, specification, {field}: {msg}" for field, msg in problems.items())
        )
    settings = {"weighting_pct": None, "scoring_scale": text(spec.get("scoring_scale")) or "0-5"}
    if spec.get("weighting_pct") not in (None, ""):
        try:
            settings["weighting_pct"] = number(spec["weighting_pct"], minimum=0, maximum=100)
        except ValueError as exc:
            raise FileRejected(f"{name}, specification, weighting_pct: must be 0 to 100") from exc
    # The officer's confirmation of a weighting the rules lower from the council's: the figure
    # they accept, so a confirmation given for another figure does not carry over.
    settings["weighting_confirmed_pct"] = None
    if spec.get("weighting_confirmed_pct") not in (None, ""):
        try:
            settings["weighting_confirmed_pct"] = number(
                spec["weighting_confirmed_pct"], minimum=0, maximum=100
            )
        except ValueError as exc:
            raise FileRejected(
                f"{name}, specification, weighting_confirmed_pct: must be 0 to 100"
            ) from exc
    if settings["scoring_scale"] not in ("0-5", "0-100"):
        raise FileRejected(f"{name}, specification, scoring_scale: must be 0-5 or 0-100")
    settings["force"] = bool(spec.get("force"))
    items = spec.get("outcomes") or []
    limit = councils.outcome_limit(council)
    shape = f"{name}, specification, outcomes: a list of at most {limit}"
    if not isinstance(items, list):
        raise FileRejected(f"{shape}, the most {council['name']}'s policy allows in one tender")
    outcomes = [
        _outcome(item, f"{name}, specification, outcome {n}") for n, item in enumerate(items, 1)
    ]
    # The cap is on scored outcomes: a contract condition (the real Living Wage) uses no slot.
    conditions = _condition_codes()
    if len([o for o in outcomes if o["measure"].upper() not in conditions]) > limit:
        raise FileRejected(
            f"{shape} scored outcomes (contract conditions are not counted), the most"
            f" {council['name']}'s policy allows in one tender"
        )
    return {"procurement": procurement, "settings": settings, "outcomes": outcomes}
