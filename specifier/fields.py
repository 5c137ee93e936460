"""Small field rules shared by every record we accept from forms and files."""

import calendar
import datetime
import json
import math
import re

DATE_PATTERNS = (
    (re.compile(r"^\d{4}$"), "%Y"),
    (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
)


class Invalid(ValueError):
    """A record failed validation; `errors` maps field name to a GOV.UK-style message."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


# Characters no page, Word document (XML 1.0) or database text should hold: C0 controls other
# than tab and line breaks, DEL, lone surrogates and the two non-characters.
UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def plain(value):
    """Return text without characters a page, Word document or database cannot hold."""
    return UNSAFE_CHARACTERS.sub("", value)


def text(value):
    """Return a value as stripped text ('' for missing), without unsafe characters."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return plain(str(value)).strip()


# One set of limits for every way a record enters (forms, files, CLI, council imports), so that
# no file can store more than a page, a Word document or the database should hold.
MAX_SHORT = 200  # a title, a name, one item of a list
MAX_LONG = 2000  # a description, a statistic, a note
MAX_ITEMS = 200  # items in one list (target groups, places, postcode districts, keywords)
MAX_RECORD = 50_000  # characters in one record, every field and key together

# The kinds of value a record's fields hold, checked before anything is converted.
TEXT = "text"  # a string, number or date
LIST = "list"  # a list of TEXT, or TEXT holding items separated by semicolons
SCALARS = (str, int, float, datetime.date)


def _label(field):
    return field.replace("_", " ").capitalize()


def _kind_problem(value, kind, field):
    """A message when `value` is not of `kind` (TEXT, LIST, a mapping's shape or [shape])."""
    if value is None:
        return None
    if kind == TEXT:
        return None if isinstance(value, SCALARS) else f"{_label(field)} must be text, not a list"
    if kind == LIST:
        if isinstance(value, SCALARS):
            return None
        if not isinstance(value, list) or not all(isinstance(v, SCALARS) for v in value):
            return f"{_label(field)} must be a list of text"
        return None
    if isinstance(kind, list):  # a list whose items are text or mappings of kind[0]
        items = value if isinstance(value, list) else [value]
        problems = (
            _kind_problem(v, TEXT if isinstance(v, SCALARS) else kind[0], field) for v in items
        )
        return next((p for p in problems if p), None)
    if not isinstance(value, dict):
        return f"{_label(field)} must have the fields {', '.join(kind)}"
    problems = (_kind_problem(value.get(f), k, f) for f, k in kind.items())
    return next((p for p in problems if p), None)


def _size(value, budget):
    """Characters in a value and everything in it, counting no further than `budget`."""
    total, todo = 0, [value]
    while todo and total <= budget:
        item = todo.pop()
        if isinstance(item, dict):
            total += sum(len(str(key)) for key in item)
            todo.extend(item.values())
        elif isinstance(item, list):
            total += len(item)
            if total <= budget:
                todo.extend(item)
        else:
            total += len(item) if isinstance(item, str) else 8
    return total


def shape_problems(raw, shape, noun="record"):
    """Errors for a record too large, or with a value of the wrong kind (a list where text
    belongs, a mapping where a list does), found before any value is converted.

    `shape` maps each field to TEXT, LIST, a mapping's own shape, or [shape] for a list of them.
    """
    if not isinstance(raw, dict):
        return {noun: f"The {noun} must have fields such as title"}
    if _size(raw, MAX_RECORD) > MAX_RECORD:
        return {noun: f"The {noun} must be {MAX_RECORD:,} characters or fewer in all"}
    problems = {f: _kind_problem(raw.get(f), kind, f) for f, kind in shape.items()}
    return {f: p for f, p in problems.items() if p}


def text_list(value):
    """Return a list of non-empty strings from a list or a semicolon-separated string."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [text(item) for item in items if text(item)]


def from_json(value, field):
    """A list kept as JSON text (as the database and council exports keep them), decoded.

    Whatever it decodes to is returned for the field's own rules to judge; text that is not
    JSON at all raises Invalid.
    """
    if value is None or isinstance(value, list):
        return value
    try:
        return json.loads(value) if isinstance(value, str) else value
    except (ValueError, RecursionError):
        raise Invalid({field: 'must be a JSON list, like ["text"]'}) from None


def list_problem(items, field):
    """A message when a list has more than MAX_ITEMS items or an item over MAX_SHORT, else None."""
    if len(items) > MAX_ITEMS:
        return f"{_label(field)} must have {MAX_ITEMS} items or fewer"
    if any(len(item) > MAX_SHORT for item in items):
        return f"Each of the {field.replace('_', ' ')} must be {MAX_SHORT} characters or fewer"
    return None


MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# Dates as people write them, day first: "30/09/2025", "30 September 2025", "Sept 2025", "9/2025".
WRITTEN_DATES = (
    re.compile(r"^(?P<day>\d{1,2})[/. ](?P<month>\d{1,2})[/. ](?P<year>\d{4})$"),
    re.compile(r"^(?P<day>\d{1,2}) (?P<name>[a-z]+)\.? (?P<year>\d{4})$"),
    re.compile(r"^(?P<month>\d{1,2})/(?P<year>\d{4})$"),
    re.compile(r"^(?P<name>[a-z]+)\.? (?P<year>\d{4})$"),
)


def _as_iso(value):
    """Rewrite a date as people write it in ISO form; anything else comes back as it was."""
    spaced = " ".join(value.lower().replace(",", " ").split())
    for pattern in WRITTEN_DATES:
        found = pattern.match(spaced)
        if not found:
            continue
        parts = found.groupdict()
        month = MONTHS.get(parts["name"]) if parts.get("name") else int(parts["month"])
        if not month:
            return value
        iso = f"{parts['year']}-{month:02d}"
        return f"{iso}-{int(parts['day']):02d}" if parts.get("day") else iso
    return value


def partial_date(value, *, full_only=False):
    """Return an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD), or raise ValueError.

    Also reads dates as people write them ("September 2025", "30/09/2025"), day first.
    """
    value = _as_iso(text(value))
    for pattern, fmt in DATE_PATTERNS[2:] if full_only else DATE_PATTERNS:
        if pattern.match(value):
            datetime.datetime.strptime(value, fmt)  # rejects 2025-13 or 2025-02-30
            return value
    raise ValueError(value)


def number(value, *, minimum=None, maximum=None, integer=False):
    """Return a finite number from text such as '£100,000' or '15%', or raise ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    cleaned = text(value).replace(",", "").replace("£", "").rstrip("%").strip()
    result = int(cleaned) if integer else float(cleaned)
    if not math.isfinite(result):  # 'inf', 'nan' and '1e400' parse as floats but are no amount
        raise ValueError(value)
    if (minimum is not None and result < minimum) or (maximum is not None and result > maximum):
        raise ValueError(value)
    return result


def folded(text):
    """Text as compared for repeats (titles, theme names): capitals and runs of spaces ignored."""
    return " ".join(text.split()).casefold()
