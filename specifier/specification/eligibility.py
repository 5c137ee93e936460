"""Who counts towards an outcome: the places and groups its priority names, once confirmed.

A priority that names places ("Brindley Moor East, Millbank") or groups ("young people aged
18-24") should not become an outcome that counts anyone anywhere. The places and groups are
proposed as the outcome's eligibility rule; it reaches bidders only once the commissioner has
seen and confirmed it (or changed it, or said that anyone counts).
"""

import json

from specifier.fields import Invalid, text, text_list

MAX_ITEMS = 20
MAX_ITEM = 200
# Families whose outcomes count people (residents, recruits, staff) or spend with suppliers.
PEOPLE = {
    "employment",
    "targeted-employment",
    "hires",
    "targeted-hires",
    "sustained-6",
    "sustained-12",
    "vacancy-linked",
    "apprenticeships",
    "higher-apprenticeships",
    "apprentice-weeks",
    "completions",
    "placements",
    "residents",
}
SUPPLIERS = {"local-spend", "sme-spend", "targeted-spend", "local-food"}
ANYONE = {"places": [], "groups": []}


def applies_to(family):
    """Return what an eligibility rule limits for this family: 'people', 'suppliers' or None."""
    if family in PEOPLE:
        return "people"
    if family in SUPPLIERS:
        return "suppliers"
    return None


def proposed(priority):
    """Return the places and groups a priority names, or None when it names neither."""
    if not priority:
        return None
    rule = {
        "places": list(priority.get("places") or []),
        "groups": list(priority.get("target_groups") or []),
    }
    return rule if rule["places"] or rule["groups"] else None


def resolve(stored, priority, family):
    """Return (rule, state) for an outcome.

    `stored` is the confirmed rule (a dict, or None when not yet confirmed). State is 'none'
    (the outcome cannot be limited, or its priority names nothing), 'proposed' (from the
    priority, not yet confirmed: it stays out of the document) or 'confirmed'.
    """
    if applies_to(family) is None:
        return None, "none"
    if stored is not None:
        return stored, "confirmed"
    suggestion = proposed(priority)
    return (suggestion, "proposed") if suggestion else (None, "none")


def clean(places, groups):
    """Return a rule from text (one a line, or separated by semicolons) or lists; raise Invalid naming the field at fault."""
    rule, errors = {}, {}
    for field, value, label in (("places", places, "place"), ("groups", groups, "group")):
        if not isinstance(value, list | tuple):
            value = [part for line in str(value or "").splitlines() for part in text_list(line)]
        items = value
        items = list(dict.fromkeys(" ".join(text(i).split()) for i in items if text(i)))
        if len(items) > MAX_ITEMS:
            errors[field] = f"Give at most {MAX_ITEMS} of them, one a line"
        elif any(len(i) > MAX_ITEM for i in items):
            errors[field] = f"Each {label} must be {MAX_ITEM} characters or fewer"
        rule[field] = items
    if errors:
        raise Invalid(errors)
    return rule


def load(stored):
    """Return a stored rule (JSON text) as a dict, or None when not confirmed or unreadable."""
    if not stored:
        return None
    try:
        rule = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(rule, dict):
        return None
    try:
        return clean(rule.get("places") or [], rule.get("groups") or [])
    except Invalid:
        return None


def dump(rule):
    """Return a rule as the JSON text stored."""
    return json.dumps({"places": rule["places"], "groups": rule["groups"]})
