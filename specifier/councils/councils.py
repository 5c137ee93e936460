"""Councils: who they are, what "local" means to them and their social value policy."""

import contextvars
import json
import re

from specifier.fields import (
    LIST,
    TEXT,
    Invalid,
    list_problem,
    number,
    shape_problems,
    text,
    text_list,
)

NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
# Top-level paths a council slug must not shadow, including those sign-in may add.
RESERVED_SLUGS = {
    "setup",
    "static",
    "sign-in",
    "sign-out",
    "first-run",
    "account",
    "accounts",
    "admin",
    "api",
    "login",
    "logout",
}
GENERIC_NAME_WORDS = {"council", "borough", "county", "city", "district", "metropolitan"}


# Long enough for any real council and a paragraph on what counts as local; also keeps the
# set-up answers, which live in the session cookie until the council exists, under its 4 KB.
MAX_NAME = 120
MAX_LOCAL = 1500


# Every council starts with this policy until it sets its own (from a file, or the guided start).
DEFAULT_POLICY = {"weighting_pct": 10, "threshold_gbp": 100000, "max_outcomes": 6}
# The most outcomes any council's policy may allow per tender, whatever it says. Councils ask for
# about six; this keeps every specification, its pages and its exports small (one with a
# thousand outcomes took 8.8 s to export to Word, and its outcomes page was 6.8 MB).
MAX_OUTCOMES = 20


def outcome_limit(council):
    """The most outcomes one of the council's specifications may prescribe."""
    return min(council["max_outcomes"], MAX_OUTCOMES)


def has_own_policy(council):
    """Return True when a council's policy differs from the one every council starts with."""
    return any(council[field] != value for field, value in DEFAULT_POLICY.items())


def too_long(record):
    """Errors for a council name or local description longer than the limits."""
    errors = {}
    if len(record.get("name") or "") > MAX_NAME:
        errors["name"] = f"The council's name must be {MAX_NAME} characters or fewer"
    local = record.get("local_description") or ""
    if len(local) > MAX_LOCAL:
        errors["local_description"] = (
            f"Describe the local area in {MAX_LOCAL:,} characters or fewer (this has {len(local):,})"
        )
    return errors


POLICY_FIELDS = ("weighting_pct", "threshold_gbp", "max_outcomes")
# What each field may hold: flat, as forms and the database give it, or nested as in files.
SHAPE = {
    **{f: TEXT for f in ("name", "slug", "nation", "type", "local_description", *POLICY_FIELDS)},
    "local_postcode_districts": LIST,
    "local": {"description": TEXT, "postcode_districts": LIST},
    "policy": dict.fromkeys(POLICY_FIELDS, TEXT),
}


def clean(raw):
    """Validate a council record from a file or form; raise Invalid naming each bad field."""
    errors = shape_problems(raw, SHAPE, "council")
    if errors:
        raise Invalid(errors)
    local = raw.get("local") or {}
    policy = raw.get("policy") or {}
    record = {
        "name": text(raw.get("name")),
        "slug": text(raw.get("slug")),
        "nation": text(raw.get("nation")),
        "type": text(raw.get("type")),
        "local_description": text(local.get("description", raw.get("local_description"))),
    }
    if not record["name"]:
        errors["name"] = "Enter the council's name"
    errors.update(too_long(record))
    if not SLUG.match(record["slug"]):
        errors["slug"] = "Slug must use only lowercase letters, numbers and hyphens"
    if record["nation"] not in NATIONS:
        errors["nation"] = "Nation must be England, Wales, Scotland or Northern Ireland"
    districts = [
        d.upper()
        for d in text_list(local.get("postcode_districts", raw.get("local_postcode_districts")))
    ]
    bad = [d for d in districts if not POSTCODE_DISTRICT.match(d)]
    if bad:
        errors["postcode_districts"] = f"{bad[0]} is not a postcode district, like BF1 or CF44"
    elif list_problem(districts, "postcode_districts"):
        errors["postcode_districts"] = list_problem(districts, "postcode_districts")
    record["local_postcode_districts"] = districts
    rules = {
        "weighting_pct": ("social value weighting", "a number from 0 to 100", {"maximum": 100}),
        "threshold_gbp": ("threshold", "a whole number of pounds", {"integer": True}),
        "max_outcomes": (
            "maximum number of outcomes",
            f"a whole number from 1 to {MAX_OUTCOMES}",
            {"minimum": 1, "maximum": MAX_OUTCOMES, "integer": True},
        ),
    }
    for field, (label, allowed, limits) in rules.items():
        value = policy.get(field, raw.get(field, DEFAULT_POLICY[field]))
        try:
            record[field] = number(value, **{"minimum": 0, **limits})
        except ValueError:
            errors[field] = f"The {label} must be {allowed}"
    if errors:
        raise Invalid(errors)
    return record


def _row(row):
    row = dict(row)
    row["local_postcode_districts"] = json.loads(row["local_postcode_districts"])
    return row


# Ids of the councils created while a watcher is set (one per web request that may create one),
# so whoever created a council can be made its admin however the page created it.
_created = contextvars.ContextVar("councils_created", default=None)


def watch_created():
    """Collect the ids of councils created from now on in this context; return the list."""
    ids = []
    _created.set(ids)
    return ids


def create(db, record):
    """Insert a cleaned council record and return its id."""
    stored = {**record, "local_postcode_districts": json.dumps(record["local_postcode_districts"])}
    council_id = db.table("councils").insert(stored).last_pk
    watching = _created.get()
    if watching is not None:
        watching.append(council_id)
    return council_id


def get_by_slug(db, slug):
    """Return the council with this slug, or None."""
    rows = list(db.query("SELECT * FROM councils WHERE slug = ?", [slug]))
    return _row(rows[0]) if rows else None


def all_councils(db):
    """Return every council, by name."""
    return [_row(r) for r in db.query("SELECT * FROM councils ORDER BY name")]


def is_empty(db):
    """Return True when no council has been created yet."""
    return db.table("councils").count == 0


def update(db, council_id, record):
    """Replace a council's details and policy from a cleaned record; its slug never changes."""
    stored = {**record, "local_postcode_districts": json.dumps(record["local_postcode_districts"])}
    stored.pop("slug", None)
    cursor = db.execute(
        "UPDATE councils SET "
        + ", ".join(f"{f} = :{f}" for f in stored)
        + " WHERE id = :council_id",
        {**stored, "council_id": council_id},
    )
    return cursor.rowcount == 1


def slugs(db):
    """Return every slug in use."""
    return {row["slug"] for row in db.query("SELECT slug FROM councils")}


def make_slug(name, taken):
    """Return a short, unused web address part for a council, from its name."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    kept = [w for w in words if w not in GENERIC_NAME_WORDS | {"of", "the"}] or words or ["council"]
    base = "-".join(kept)[:50].strip("-")
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug
