"""What kind of goods a contract buys: durable products that can be repaired or taken back
whole, or goods hired that come back anyway (`durable` and `hire` in data/deliverables.yaml)."""

import functools
import re
from pathlib import Path

import yaml

from specifier.matching.text import phrase

DELIVERABLES = Path(__file__).resolve().parent.parent / "data" / "deliverables.yaml"


@functools.cache
def _rules():
    return yaml.safe_load(DELIVERABLES.read_text(encoding="utf-8"))


def hire_rule():
    """The `hire` rule: what a hire already delivers, and the words and codes that say so."""
    return _rules()["hire"]


def counts_any(measure, wanted):
    """True when the measure's catalogue title has every word of one of the `wanted` phrases."""
    title = phrase(measure.get("catalogue_title") or measure.get("title") or "")
    return any(phrase(w) <= title for w in wanted)


def _any_word(words):
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)


def hired(procurement):
    """True when the council hires, rents or leases the goods, by CPV code, title or
    description: every item then comes back to the supplier anyway. A build is never a hire,
    whatever plant it hires in."""
    rule = hire_rule()
    if procurement.get("category") == "works":
        return False
    cpv = (procurement.get("cpv_code") or "").strip()
    if cpv and cpv.startswith(tuple(rule["cpv"])):
        return True
    if _any_word(rule["title"]).search(procurement.get("title") or ""):
        return True
    return any(re.search(said, procurement.get("description") or "", re.I) for said in rule["said"])


def durable(procurement):
    """True when the goods are durable products that can be repaired or taken back whole, by
    CPV class or the contract's words."""
    rule = _rules()["durable"]
    cpv = (procurement.get("cpv_code") or "").strip()
    if cpv.startswith(tuple(rule["cpv"])) and not cpv.startswith(tuple(rule["not_cpv"])):
        return True
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    return bool(_any_word(rule["words"]).search(said))


def not_durable(procurement, measure):
    """Why a share of units supplied repaired, refurbished or taken back cannot be measured on
    these goods (timber, cement, cable: bulk and consumable materials), or None."""
    if procurement.get("category") != "goods":
        return None
    if not counts_any(measure, _rules()["durable"]["measures"]) or durable(procurement):
        return None
    return (
        "It counts units supplied that are repaired, refurbished or taken back, and nothing in"
        " this contract's CPV code or description says the goods are durable products (equipment,"
        " furniture, devices, vehicles): bulk and consumable materials are not units that can be"
        " repaired or taken back, so it could not be measured"
    )
