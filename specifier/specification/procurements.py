"""Procurement records: the contract a specification is written for, always per council."""

import json
import math
import re

from specifier.catalogue.catalogue import CATEGORIES
from specifier.councils.councils import NATIONS
from specifier.db import update_versioned
from specifier.fields import (
    MAX_SHORT,
    TEXT,
    Invalid,
    from_json,
    number,
    partial_date,
    shape_problems,
    text,
    text_list,
)
from specifier.specification import call_offs

MAX_TITLE = MAX_SHORT
MAX_DESCRIPTION = 4000
MAX_LOTS = 20
# £100 billion: more than any single UK public contract (the largest, such as HS2's main civil
# works, are tens of billions) and far inside the whole numbers the database can hold.
MAX_VALUE_GBP = 100_000_000_000
CPV = re.compile(r"^\d{8}(-\d)?$")
# "£1.2m" and "£250k", as people often write a lot's value.
SCALES = {"k": 1_000, "m": 1_000_000}
COLUMNS = (
    "title",
    "description",
    "category",
    "cpv_code",
    "value_gbp",
    "duration_months",
    "start_date",
    "nation",
    "lots",
    "reference",
    "kind",
    "light_touch",
    "guaranteed_value_gbp",
    "value_includes_vat",
    "social_public_works_clauses",
    "workforce_fte",
    "extension_months",
    "regime",
    "framework_suppliers",
    "call_off_under",
    "call_off_route",
)
# The most staff a contract's workforce may be given as: more than any UK council contract
# employs (the largest outsourced services employ tens of thousands).
MAX_WORKFORCE_FTE = 1_000_000
# A call-off under another body's framework is a contract: the framework's own terms govern it.
KINDS = ("contract", "framework", "concession")
# How many suppliers a framework (or each of its lots) has: one (call-offs are awarded to it
# directly) or several (further competition, or direct award by the framework's ordering rules).
FRAMEWORK_SUPPLIERS = ("one", "several")
# How files and forms may say yes or no; "" and None mean not said (light touch: decided
# from the CPV code).
YES = ("yes", "true", "1", "y")
NO = ("no", "false", "0", "n")

# Yes-or-no facts that change what the specification says, and the error when neither.
YES_NO_FIELDS = {
    "value_includes_vat": "Whether the value includes VAT must be yes, no or left blank",
    "social_public_works_clauses": (
        "Whether the contract includes the social public works clauses must be yes, no or left"
        " blank"
    ),
}

# What each field may hold; a lot is a title, or a title with its value.
SHAPE = {
    **{field: TEXT for field in COLUMNS},
    "lots": [{"title": TEXT, "value_gbp": TEXT}],
}


def clean(raw, *, default_nation=None):
    """Validate a procurement record; return it or raise Invalid naming each bad field."""
    errors = shape_problems(raw, SHAPE, "procurement")
    if errors:
        raise Invalid(errors)
    record = {
        field: text(raw.get(field))
        for field in ("title", "description", "category", "cpv_code", "nation", "reference")
    }
    if not record["title"]:
        errors["title"] = "Enter the contract's title"
    elif len(record["title"]) > MAX_TITLE:
        errors["title"] = f"Title must be {MAX_TITLE} characters or fewer"
    if not record["description"]:
        errors["description"] = "Enter a description of what the contract will buy"
    elif len(record["description"]) > MAX_DESCRIPTION:
        errors["description"] = f"Description must be {MAX_DESCRIPTION} characters or fewer"
    record["category"] = record["category"].lower()
    if record["category"] not in CATEGORIES:
        errors["category"] = "Select whether the contract is for works, goods or services"
    if len(record["reference"]) > MAX_SHORT:
        errors["reference"] = f"Reference must be {MAX_SHORT} characters or fewer"
    if record["cpv_code"] and not CPV.match(record["cpv_code"]):
        errors["cpv_code"] = (
            "CPV code must be 8 digits, like 90910000, or 8 digits and a check digit"
        )
    try:
        record["value_gbp"] = number(raw.get("value_gbp"), minimum=1, integer=True)
    except ValueError:
        errors["value_gbp"] = "Estimated value must be a whole number of pounds, like 2400000"
    else:
        if record["value_gbp"] > MAX_VALUE_GBP:
            errors["value_gbp"] = "Estimated value must be £100 billion or less"
    try:
        record["duration_months"] = number(
            raw.get("duration_months"), minimum=1, maximum=600, integer=True
        )
    except ValueError:
        errors["duration_months"] = "Duration must be a whole number of months, from 1 to 600"
    start = text(raw.get("start_date"))
    record["start_date"] = None
    if start:
        try:
            record["start_date"] = partial_date(start, full_only=True)
        except ValueError:
            errors["start_date"] = "Start date must be a real date, like 2026-04-01"
    record["nation"] = record["nation"] or (default_nation or "")
    if record["nation"] not in NATIONS:
        errors["nation"] = "Nation must be England, Wales, Scotland or Northern Ireland"
    try:
        contract_value = None if "value_gbp" in errors else record["value_gbp"]
        record["lots"] = _clean_lots(raw.get("lots"), contract_value)
    except ValueError as exc:
        errors["lots"] = str(exc)
    _clean_regime(raw, record, errors)
    _clean_staffing(raw, record, errors)
    if errors:
        raise Invalid(errors)
    return record


# How a file may say which regime governs a health care contract (data/law/health-care.yaml):
# the Procurement Act 2023, or a Provider Selection Regime; blank: not yet decided.
REGIME_WORDS = {"act": "act", "procurement act": "act", "psr": "psr"}
REGIME_WORDS["provider selection regime"] = "psr"


def _clean_health_regime(raw, record, errors):
    """Add the regime the officer says governs a health care contract (None: not said)."""
    said = text(raw.get("regime")).lower()
    record["regime"] = REGIME_WORDS.get(said) if said else None
    if said and record["regime"] is None:
        errors["regime"] = (
            "Regime must be psr (a Provider Selection Regime), act (the Procurement Act 2023) or"
            " left blank"
        )
    elif record["regime"] == "psr" and record["nation"] not in ("England", "Wales"):
        errors["regime"] = "A Provider Selection Regime applies only in England and in Wales"
    elif record["regime"] == "psr" and record["category"] != "services":
        errors["regime"] = (
            "Only a services contract can be arranged under a Provider Selection Regime"
        )


def _clean_staffing(raw, record, errors):
    """Add the workforce (FTE) and the months of the duration that are options, or errors.

    Both are optional: without them minimums are sized from the contract's value over its whole
    duration, as before they existed.
    """
    workforce = text(raw.get("workforce_fte"))
    record["workforce_fte"] = None
    if workforce:
        try:
            record["workforce_fte"] = number(workforce, minimum=0.1, maximum=MAX_WORKFORCE_FTE)
        except ValueError:
            errors["workforce_fte"] = (
                "Workforce must be the number of full-time equivalent staff on the contract,"
                " like 150 or 42.5, or blank"
            )
    extension = text(raw.get("extension_months"))
    record["extension_months"] = None
    if not extension:
        return
    duration = record.get("duration_months")
    try:
        record["extension_months"] = number(extension, minimum=0, integer=True)
    except ValueError:
        errors["extension_months"] = (
            "Extension period must be a whole number of months, like 24, or blank if the"
            " contract has no option to extend"
        )
        return
    if isinstance(duration, int) and record["extension_months"] >= duration:
        errors["extension_months"] = (
            f"Extension period must be less than the duration ({duration} months): the duration"
            " includes the extension, and the firm term before it must be at least a month"
        )


def _clean_regime(raw, record, errors):
    """Add kind, light touch, guaranteed spend and the yes-or-no facts to the record, or errors."""
    record["kind"] = text(raw.get("kind")).lower() or "contract"
    if record["kind"] not in KINDS:
        errors["kind"] = "Select whether this is a contract, a framework or a concession"
    elif record["kind"] == "concession" and record["category"] == "goods":
        errors["kind"] = "A concession is for works or services, not goods"
    for name, problem in YES_NO_FIELDS.items():
        record[name] = yes_or_no(raw.get(name))
        if record[name] == "bad":
            errors[name] = problem
    record["light_touch"] = yes_or_no(raw.get("light_touch"))
    if record["light_touch"] == "bad":
        errors["light_touch"] = (
            "Light touch must be yes, no or left blank to decide from the CPV code"
        )
    elif record["light_touch"] and record["category"] != "services":
        errors["light_touch"] = "Only a services contract can be a light touch contract"
    _clean_health_regime(raw, record, errors)
    record["framework_suppliers"] = text(raw.get("framework_suppliers")).lower() or None
    if record["framework_suppliers"] not in (None, *FRAMEWORK_SUPPLIERS):
        errors["framework_suppliers"] = (
            "Framework suppliers must be one (one supplier for each lot), several or left blank"
        )
    elif record["framework_suppliers"] and record["kind"] != "framework":
        errors["framework_suppliers"] = "Only a framework has framework suppliers: leave it blank"
    _clean_call_off(raw, record, errors)
    guaranteed = text(raw.get("guaranteed_value_gbp"))
    record["guaranteed_value_gbp"] = None
    if not guaranteed:
        return
    if record["kind"] != "framework":
        errors["guaranteed_value_gbp"] = "Only a framework has a guaranteed spend: leave it blank"
        return
    try:
        record["guaranteed_value_gbp"] = number(guaranteed, minimum=0, integer=True)
    except ValueError:
        errors["guaranteed_value_gbp"] = (
            "Guaranteed spend must be a whole number of pounds, like 500000, or blank"
        )
        return
    value = record.get("value_gbp")
    if isinstance(value, int) and record["guaranteed_value_gbp"] > value:
        errors["guaranteed_value_gbp"] = (
            f"Guaranteed spend must not be more than the framework's estimated value, £{value:,}"
        )


def _clean_call_off(raw, record, errors):
    """Add the framework a call-off is under and its route (None: not said), or errors."""
    record["call_off_under"] = text(raw.get("call_off_under")) or None
    route = call_offs.route_of(text(raw.get("call_off_route")))
    record["call_off_route"] = route or None
    if route is None:
        errors["call_off_route"] = (
            "Call-off route must be further competition, direct award or left blank"
        )
    elif record["call_off_under"] and len(record["call_off_under"]) > MAX_SHORT:
        errors["call_off_under"] = f"Framework must be {MAX_SHORT} characters or fewer"
    if (record["call_off_under"] or route) and record["kind"] != "contract":
        errors["call_off_under" if record["call_off_under"] else "call_off_route"] = (
            "A call-off under another body's framework is a contract: leave kind blank, or"
            " leave the call-off fields blank for the council's own framework or a concession"
        )


def yes_or_no(value):
    """Return True, False or None (not said) from a yes/no answer; 'bad' when it is neither."""
    if isinstance(value, bool) or value is None:
        return value
    said = text(value).lower()
    if not said:
        return None
    if said in YES:
        return True
    return False if said in NO else "bad"


def lot_value(value):
    """Return a lot's value in whole pounds (at least £1) from '£1,200,000', '£1.2m' or '£250k'."""
    written = text(value).lower()
    scale = SCALES.get(written[-1:], 1)
    amount = number(written[:-1] if scale > 1 else written) * scale
    if not math.isfinite(amount) or round(amount) < 1:
        raise ValueError(value)
    return round(amount)


LOT_KEYS = {"title", "value_gbp"}


def _lot(item):
    """A lot as given: a title, or a mapping with a title and perhaps a value_gbp.

    Any other key is refused: in a file, `{title: Streets, play area, value_gbp: 1}` reads as
    the title "Streets" and a key "play area", which would silently cut the title short.
    """
    if isinstance(item, dict) and set(item) - LOT_KEYS:
        unknown = ", ".join(f"'{k}'" for k in item if k not in LOT_KEYS)
        raise ValueError(
            f"Lot '{text(item.get('title'))}' has {unknown}, which a lot does not have (only"
            " title and value_gbp). If its title has a comma, put the title in quotes"
        )
    title, value = (
        (item.get("title"), item.get("value_gbp")) if isinstance(item, dict) else (item, None)
    )
    # One line: a line break in a title would split the lots clause into paragraphs.
    return {"title": " ".join(text(title).split()), "value_gbp": value}


def _clean_lots(value, contract_value):
    """Return lots as [{"title", "value_gbp"}]; a ValueError's message names the lot at fault."""
    items = value if isinstance(value, list | tuple) else text_list(value)
    lots = [lot for lot in map(_lot, items) if lot["title"]]
    if len(lots) > MAX_LOTS:
        raise ValueError(f"A procurement can have at most {MAX_LOTS} lots")
    if any(len(lot["title"]) > MAX_TITLE for lot in lots):
        raise ValueError(f"Each lot title must be {MAX_TITLE} characters or fewer")
    for lot in lots:
        if text(lot["value_gbp"]) == "":
            lot["value_gbp"] = None
            continue
        try:
            lot["value_gbp"] = lot_value(lot["value_gbp"])
        except ValueError:
            raise ValueError(
                f"Value of lot '{lot['title']}' must be an amount in pounds more than 0,"
                " like £1,200,000"
            ) from None
    total = sum(lot["value_gbp"] or 0 for lot in lots)
    if contract_value is not None and total > contract_value:
        raise ValueError(
            f"The lots' values add up to £{total:,}: they must not be more than the contract's"
            f" estimated value, £{contract_value:,}"
        )
    return lots


def years(procurement):
    """Return the contract's length in years (at least a month's worth)."""
    return procurement["duration_months"] / 12


def annual_value(procurement):
    """Return the average value per year: the scale proportionality rules use."""
    return procurement["value_gbp"] / max(years(procurement), 1 / 12)


def _stored(record):
    return {**record, "lots": json.dumps(record["lots"])}


def clean_row(row):
    """Validate a procurement as the database and council exports keep it (lots as JSON), as
    any other procurement is validated; return its fields as they are stored.
    """
    return _stored(clean({**row, "lots": from_json(row.get("lots"), "lots")}))


def _stored_lot(lot):
    """A stored lot; rows saved before lots had values hold only its title."""
    return {"title": lot, "value_gbp": None} if isinstance(lot, str) else lot


def _row(row):
    row = dict(row)
    row["lots"] = [_stored_lot(lot) for lot in json.loads(row["lots"])]
    for name in ("light_touch", *YES_NO_FIELDS):
        if row.get(name) is not None:
            row[name] = bool(row[name])
    return row


def create(db, council_id, record):
    """Add a cleaned procurement to a council's records and return its id."""
    return db.table("procurements").insert({**_stored(record), "council_id": council_id}).last_pk


def update(db, council_id, procurement_id, record, *, version=None):
    """Replace a procurement's fields; return False when the council has no such record.

    With `version` (the one the editor started from) it also returns False, changing nothing,
    when someone else saved the record since.
    """
    stored = _stored(record)
    values = {f: stored[f] for f in COLUMNS}
    return update_versioned(db, "procurements", council_id, procurement_id, values, version)


def get(db, council_id, procurement_id):
    """Return one of the council's procurements, or None."""
    rows = list(
        db.query(
            "SELECT * FROM procurements WHERE id = ? AND council_id = ?",
            [procurement_id, council_id],
        )
    )
    return _row(rows[0]) if rows else None


def for_council(db, council_id):
    """Return the council's procurements, newest first."""
    return [
        _row(r)
        for r in db.query(
            "SELECT * FROM procurements WHERE council_id = ? ORDER BY id DESC", [council_id]
        )
    ]
