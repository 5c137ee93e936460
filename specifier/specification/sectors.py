"""What suppliers in a contract's market can credibly deliver, from data/sectors.yaml."""

import functools
from pathlib import Path

import yaml

from specifier.matching.text import phrase

SECTORS = Path(__file__).resolve().parent.parent / "data" / "sectors.yaml"


@functools.cache
def _loaded():
    data = yaml.safe_load(SECTORS.read_text(encoding="utf-8"))
    markets = [
        {
            "name": m["name"],
            "cpv": tuple(m.get("cpv", ())),
            "category": m.get("category"),
            "staples": [phrase(w) for w in m.get("staples", ())],
            "remote": [phrase(w) for w in m.get("remote", ())],
        }
        for m in data["markets"]
    ]
    groups = [[phrase(w) for w in ([g] if isinstance(g, str) else g)] for g in data["serves"]]
    needs = [
        {
            "measure": [phrase(w) for w in n["measure"]],
            "contract": [phrase(w) for w in n.get("contract", ())],
            "categories": tuple(n.get("categories", ())),
            "subject": n["subject"],
        }
        for n in data["needs"]
    ]
    return markets, groups, needs, [phrase(w) for w in data["corporate"]]


def markets(procurement):
    """The markets a contract is in: by its CPV code's leading digits, and by its category."""
    cpv = str(procurement.get("cpv_code") or "").strip()
    return [
        m
        for m in _loaded()[0]
        if (cpv and cpv.startswith(m["cpv"])) or m["category"] == procurement.get("category")
    ]


def _title(measure):
    return phrase(measure.get("title") or "")


def staple(procurement, measure):
    """Return why the measure is a staple of the contract's market, or None.

    A staple is what suppliers there commonly deliver (apprenticeships on works), or a measure
    for the very people the contract serves (paid work on a learning disability day service).
    """
    title = _title(measure)
    for market in markets(procurement):
        if any(p <= title for p in market["staples"]):
            return f"Commonly delivered by suppliers of {market['name']}"
    bought = phrase(f"{procurement.get('title') or ''} {procurement.get('description') or ''}")
    for group in _loaded()[1]:
        if any(p <= title for p in group) and any(p <= bought for p in group):
            return "It is for the people this contract serves"
    return None


def remote(procurement, measure):
    """Return why the measure is not this contract's to deliver, or None.

    Suppliers in its market can barely deliver it; or it goes only with contracts about a
    subject this one is not about; or it is about the supplier's whole business, which an award
    criterion may not be.
    """
    title = _title(measure)
    for market in markets(procurement):
        if any(p <= title for p in market["remote"]):
            return (
                f"Suppliers of {market['name']} can do little to deliver it through this contract"
            )
    _, _, needs, corporate = _loaded()
    bought = phrase(f"{procurement.get('title') or ''} {procurement.get('description') or ''}")
    for need in needs:
        met = procurement.get("category") in need["categories"] or any(
            p <= bought for p in need["contract"]
        )
        if not met and any(p <= title for p in need["measure"]):
            return f"It goes with {need['subject']}, which this contract does not buy"
    if any(p <= title for p in corporate):
        return (
            "It is about the supplier's whole business, not this contract, which an award"
            " criterion must relate to (Procurement Act 2023 s.23): ask for it at selection or"
            " as a condition instead"
        )
    return None
