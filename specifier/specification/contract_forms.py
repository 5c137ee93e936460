"""The form of contract the social value schedule goes into, read from the procurement, so the
schedule uses only remedies that work in it (data/contract-forms.yaml)."""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from specifier import wording
from specifier.specification import call_offs, legal

FORMS = Path(__file__).resolve().parent.parent / "data" / "contract-forms.yaml"


@dataclass(frozen=True)
class Form:
    """The contract form: its key ('nec', 'jct', 'nhs', 'insurance', 'council' or 'unknown'),
    its name, and the words or code it was read from ('' for the default)."""

    key: str
    name: str = ""
    read_from: str = ""
    # what an unknown form is likely to be, for the officer's check
    likely: str = ""
    # the reports a year the form's own cycle sets (an insurance programme renews yearly)
    reports_a_year: int | None = None
    # the form's own names for the parties, where the schedule's "supplier" and "council" differ
    supplier_term: str = ""
    client_term: str = ""
    # how the form itself changes a contract, where it has no change control procedure
    change: str = ""

    @property
    def change_control(self):
        """True where the contract changes through a change control procedure of its own
        terms: the council's, a concession's, a framework's call-off terms, an insurance
        agreement. A standard form (NEC, JCT, the NHS Standard Contract) has its own words."""
        return self.key in ("council", "concession", "call-off", "insurance")


@functools.cache
def forms():
    """Return the forms the description, CPV code or title can name."""
    return yaml.safe_load(FORMS.read_text(encoding="utf-8"))["forms"]


def form(procurement):
    """Return the form the schedule is written for: one the description names, else a call-off's
    terms as its framework sets them, else one the subject matter fixes, else the council's own
    terms, or unknown for works and health care."""
    if procurement.get("kind") == "concession":
        return Form("concession")
    description = procurement.get("description") or ""
    for f in forms():
        found = f.get("say") and re.search(f["say"], description, re.I)
        if found:
            return _form(f, f'the description says "{found.group(0)}"', procurement)
    if call_offs.call_off(procurement):  # the framework sets the call-off contract's terms
        return Form("call-off", "the framework's call-off terms", "a call-off under a framework")
    cpv = procurement.get("cpv_code") or ""
    for f in forms():
        if any(cpv.startswith(p) for p in f.get("cpv", ())):
            return _form(f, f"CPV code {cpv}")
        titled = f.get("title") and re.search(f["title"], procurement.get("title") or "", re.I)
        if titled:
            return _form(f, f'the title says "{titled.group(0)}"')
    if procurement.get("category") == "works":
        return Form("unknown", likely="an NEC4 or JCT contract")
    if legal.health_care(procurement) and procurement.get("regime") != "act":
        return Form("unknown", likely="the NHS Standard Contract or the council's own terms")
    return Form("council")


def _form(found, read_from, procurement=None):
    return Form(
        found["key"],
        found["name"],
        read_from,
        reports_a_year=found.get("reports_a_year"),
        supplier_term=_supplier_term(found, procurement or {}),
        client_term=found.get("client", ""),
        change=found.get("change", ""),
    )


def _supplier_term(found, procurement):
    """The form's name for the supplier: the one of the contract of its suite the description
    names, else the one every contract of the suite for works uses, else none."""
    description = procurement.get("description") or ""
    for party in found.get("parties", ()):
        if re.search(party["say"], description):
            return party["supplier"]
    if procurement.get("category") == "works":
        return found.get("works_supplier", "")
    return ""


@dataclass(frozen=True)
class Suppliers:
    """How many suppliers a framework has for each lot ('one' or 'several'), and how that was
    known: 'given' (framework_suppliers), 'description' or 'assumed'; `clash`: description
    words that say the other."""

    count: str
    known: str
    said: str = ""
    clash: str = ""


def framework_suppliers(procurement):
    """Return how many suppliers the framework has for each lot, or None for other kinds."""
    if procurement.get("kind") != "framework":
        return None
    words = yaml.safe_load(FORMS.read_text(encoding="utf-8"))["framework_suppliers"]
    description = procurement.get("description") or ""
    one = re.search(words["one"], description, re.I)
    several = re.search(words["several"], description, re.I)
    given = procurement.get("framework_suppliers")
    if given:
        other = several if given == "one" else one
        return Suppliers(given, "given", clash=other.group(0) if other else "")
    if one:
        return Suppliers("one", "description", one.group(0), several.group(0) if several else "")
    return Suppliers(
        "several", "description" if several else "assumed", several.group(0) if several else ""
    )


def framework_places(procurement):
    """Return how many suppliers the whole framework appoints, where it can be read, or None.

    From `framework_suppliers: one` (one a lot) or the description's "up to six contractors
    (for each lot)" or "four lots, each with up to three suppliers"; a figure for each lot
    counts once for every lot.
    """
    found = framework_suppliers(procurement)
    lots = max(len(procurement.get("lots") or ()), 1)
    if found is None:
        return None
    if found.count == "one":
        return lots
    words = yaml.safe_load(FORMS.read_text(encoding="utf-8"))["framework_suppliers"]
    said = re.search(words["places"], procurement.get("description") or "", re.I)
    if not said:
        return None
    n = said["n"].lower()
    count = int(n) if n.isdigit() else wording.NUMBER_WORDS.get(n)
    if not count:
        return None
    return count * lots if said["each"] or said["lots"] else count


def call_off_sizes(procurement):
    """Return the call-off sizes the description names as averages or typical values, in £."""
    words = yaml.safe_load(FORMS.read_text(encoding="utf-8"))["framework_suppliers"]
    scales = {"k": 1_000, "m": 1_000_000, "million": 1_000_000}
    return sorted(
        float(said["amount"].replace(",", "")) * scales.get((said["scale"] or "").lower(), 1)
        for said in re.finditer(words["sizes"], procurement.get("description") or "", re.I)
    )
