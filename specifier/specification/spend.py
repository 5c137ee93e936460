"""What spend with suppliers counts on a contract: never payments the contract itself directs,
nor fees to individuals for their own work (data/who-counts.yaml, `spend`)."""

import functools
import re

import yaml

from specifier.specification.eligibility import VOCABULARY


@functools.cache
def _rules():
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))["spend"]


def _sentences(procurement):
    return re.split(r"(?<=[.;])\s+", procurement.get("description") or "")


def directed(procurement):
    """The providers the description says the supplier must pay under the contract ("GP
    practices", "community pharmacies"), in order; [] where it names none it directs."""
    rules = _rules()
    found = []
    for sentence in _sentences(procurement):
        if re.search(rules["directs"], sentence, re.I):
            found += [m.group(1) for m in re.finditer(rules["providers"], sentence)]
    return list(dict.fromkeys(found))


def individuals(procurement):
    """The description's words for people paid fees for their own work on it, or ''."""
    found = re.search(_rules()["individuals"], procurement.get("description") or "", re.I)
    return found.group(0).lower() if found else ""


def individual_kinds(procurement):
    """The kinds of individual paid for their own work that the description names ("sessional
    workers", "locums"), in the data's order: the who-counts text's examples."""
    said = procurement.get("description") or ""
    return [k["kind"] for k in _rules()["individual_kinds"] if re.search(k["words"], said, re.I)]


def no_gate(procurement):
    """Why no spend minimum can be set on a known base, in words for bidders, or ''."""
    providers = directed(procurement)
    if providers:
        named = " and ".join(providers)
        return (
            f"the contract itself directs payments to {named}, which do not count, so the spend"
            " that does count cannot be sized before tender"
        )
    if individuals(procurement):
        return (
            "much of the contract's cost is fees or wages paid to individuals for their own"
            " work, which do not count, so the spend that does count cannot be sized before"
            " tender"
        )
    return ""
