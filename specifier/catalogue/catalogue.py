"""The measure catalogue: our open measures plus each council's own, with full-text search."""

import difflib
import json
import re

from specifier.db import write_transaction
from specifier.fields import (
    LIST,
    MAX_LONG,
    MAX_SHORT,
    TEXT,
    Invalid,
    from_json,
    list_problem,
    number,
    shape_problems,
    text,
    text_list,
)
from specifier.themes import THEMES, theme_key
from specifier.wording import plural

CATEGORIES = ("works", "goods", "services")
REQUIRED = ("code", "theme", "outcome", "title", "description", "unit")
OPTIONAL = (
    "evidence_required",
    "counting_notes",
    "officer_notes",
    "higher_score",
    "categories",
    "keywords",
    "proxy_value",
    "proxy_unit",
    "proxy_source",
    "proxy_edition",
    "proxy_price_year",
    "proxy_licence",
    "gsvm_outcome",
    "ocds_goal",
    "toms_ref",
)
COLUMNS = REQUIRED + OPTIONAL
# Who reads each text column: bidders see it in the specification; officers see it only in the
# app (and in an appendix they remove before publishing). `higher_score` is a list of quality
# points separated by semicolons.
AUDIENCE = {
    "title": "bidder",
    "outcome": "bidder",
    "description": "bidder",
    "unit": "bidder",
    "evidence_required": "bidder",
    "counting_notes": "bidder",
    "higher_score": "bidder",
    "officer_notes": "officer",
}
PROXY_PROVENANCE = ("proxy_source", "proxy_edition", "proxy_price_year", "proxy_licence")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
LIST_FIELDS = ("categories", "keywords")
LONG_FIELDS = (
    "description",
    "evidence_required",
    "counting_notes",
    "officer_notes",
    "higher_score",
)
SHAPE = {**{field: TEXT for field in COLUMNS}, **{field: LIST for field in LIST_FIELDS}}


def clean(raw):
    """Validate one measure; return the record to store or raise Invalid naming each bad field."""
    errors = shape_problems(raw, SHAPE, "measure")
    if errors:
        raise Invalid(errors)
    record = {field: text(raw.get(field)) for field in COLUMNS if field not in LIST_FIELDS}
    for field, value in record.items():
        limit = MAX_LONG if field in LONG_FIELDS else MAX_SHORT
        if len(value) > limit:
            label = field.replace("_", " ").capitalize()
            errors[field] = f"{label} must be {limit:,} characters or fewer"
    for field in REQUIRED:
        if not record[field]:
            errors[field] = f"Enter the measure's {field}"
    record["theme"] = canonical_theme(record["theme"])
    if record["code"] and code_problem(record["code"]):
        errors["code"] = code_problem(record["code"])
    categories = [c.lower() for c in text_list(raw.get("categories"))] or list(CATEGORIES)
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        errors["categories"] = f"Category '{unknown[0]}' must be works, goods or services"
    record["categories"] = categories
    keywords = text_list(raw.get("keywords"))
    for field, items in (("categories", categories), ("keywords", keywords)):
        if list_problem(items, field):
            errors[field] = list_problem(items, field)
    record["keywords"] = "; ".join(keywords)
    if record["proxy_value"]:
        try:
            record["proxy_value"] = number(record["proxy_value"], minimum=0)
        except ValueError:
            errors["proxy_value"] = "Proxy value must be a number of pounds, like 241"
        missing = [f for f in PROXY_PROVENANCE if not record[f]]
        if missing:
            errors[missing[0]] = "A proxy value needs its source, edition, price year and licence"
    else:
        record["proxy_value"] = None
    if errors:
        raise Invalid(errors)
    return record


def code_problem(code):
    """Why a text cannot be a measure's code, or None when it can.

    Codes may contain "/" (the measure page's route takes a path), but a "." or ".." part
    between slashes is rewritten by browsers, so that measure's page could never be opened.
    """
    if not CODE.match(code):
        return "Code must be up to 32 letters, numbers, dots, slashes or hyphens"
    if any(part in (".", "..") for part in code.split("/")):
        return "Code must not have a '.' or '..' part between slashes"
    return None


def canonical_theme(theme):
    """One of our themes however it is written ("jobs", "JOBS", "fair-work"), else as given.

    A council's imported catalogue may bring its own themes; ours must not split in two.
    """
    key = theme_key(theme)
    return THEMES[key] if key else theme


def _row(row):
    row = dict(row)
    row["categories"] = json.loads(row["categories"])
    return row


def _stored(record):
    return {**record, "categories": json.dumps(record["categories"])}


def clean_row(row):
    """Validate a measure as the database and council exports keep it (categories as JSON), as
    any other measure is validated; return its fields as they are stored.
    """
    return _stored(clean({**row, "categories": from_json(row.get("categories"), "categories")}))


def _upsert(db, council_id, records):
    """Add or update measures by code within one scope (council_id None is our catalogue)."""
    scope = "council_id IS ?" if council_id is None else "council_id = ?"
    existing = {
        r["code"]: r["id"]
        for r in db.query(f"SELECT id, code FROM measures WHERE {scope}", [council_id])
    }
    for record in records:
        stored = _stored(record)
        if record["code"] in existing:
            db.table("measures").update(existing[record["code"]], stored)
        else:
            db.table("measures").insert({**stored, "council_id": council_id})
    return existing


def replace_builtin(db, records):
    """Make the shared open catalogue exactly these measures, keeping ids of unchanged codes."""
    with write_transaction(db):
        existing = _upsert(db, None, records)
        for code in set(existing) - {r["code"] for r in records}:
            db.execute("DELETE FROM measures WHERE council_id IS NULL AND code = ?", [code])


def upsert_for_council(db, council_id, records):
    """Add or update a council's own measures by code, all in one transaction."""
    with write_transaction(db):
        _upsert(db, council_id, records)
    return len(records)


def _scope(council_id):
    """SQL and params for the measures a council can see: ours plus its own."""
    if council_id is None:
        return "m.council_id IS NULL", []
    return "(m.council_id IS NULL OR m.council_id = ?)", [council_id]


def measures_for(db, council_id):
    """Return every measure the council can use, by theme, outcome and code."""
    where, params = _scope(council_id)
    sql = f"SELECT m.* FROM measures m WHERE {where} ORDER BY m.theme, m.outcome, m.code"
    return [_row(r) for r in db.query(sql, params)]


def get(db, council_id, code):
    """Return one measure the council can see, preferring the council's own over ours."""
    where, params = _scope(council_id)
    rows = list(
        db.query(
            f"SELECT m.* FROM measures m WHERE {where} AND m.code = ?"
            " ORDER BY m.council_id IS NULL LIMIT 1",
            [*params, code],
        )
    )
    return _row(rows[0]) if rows else None


def fts_query(words):
    """Turn free text into a safe FTS5 query: each word quoted, any may match."""
    tokens = re.findall(r"\w+", words.lower())
    return " OR ".join(f'"{t}"' for t in tokens)


def search(db, council_id, words, *, theme=None, category=None):
    """Return the council's measures matching the words (best first) and filters."""
    where, params = _scope(council_id)
    clauses = [where]
    if theme:
        clauses.append("m.theme = ?")
        params.append(theme)
    if category:
        clauses.append("EXISTS (SELECT 1 FROM json_each(m.categories) WHERE value = ?)")
        params.append(category)
    query = fts_query(words or "")
    if not query:
        sql = f"SELECT m.* FROM measures m WHERE {' AND '.join(clauses)}"
        return [_row(r) for r in db.query(sql + " ORDER BY m.theme, m.outcome, m.code", params)]
    sql = (
        "SELECT m.* FROM measures_fts JOIN measures m ON m.rowid = measures_fts.rowid"
        f" WHERE measures_fts MATCH ? AND {' AND '.join(clauses)}"
        " ORDER BY bm25(measures_fts, 3.0, 4.0, 1.5, 1.0, 1.5, 2.0)"
    )
    return [_row(r) for r in db.query(sql, [query, *params])]


def themes_for(db, council_id):
    """Return the theme names in the council's catalogue, in order."""
    where, params = _scope(council_id)
    sql = f"SELECT DISTINCT m.theme FROM measures m WHERE {where} ORDER BY m.theme"
    return [r["theme"] for r in db.query(sql, params)]


NEW_THEMES_NAMED = 5  # more would not fit in the banner's session cookie


def new_themes_notice(new_themes):
    """Name the themes an import created, with ours where one looks mistyped ("Enviroment")."""
    labels = {label.lower(): label for label in THEMES.values()}
    named = []
    for theme in new_themes[:NEW_THEMES_NAMED]:
        close = difflib.get_close_matches(theme.lower(), labels, n=1, cutoff=0.8)
        named.append(f"“{theme}”" + (f" (did you mean “{labels[close[0]]}”?)" if close else ""))
    more = len(new_themes) - len(named)
    return (
        f"New {plural('theme', len(new_themes))} in your catalogue:"
        f" {', '.join(named)}{f' and {more} more' if more else ''}."
        " Correct the file and import it again if that was not intended."
    )
