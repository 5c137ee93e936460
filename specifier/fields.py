"""Small field rules shared by every record we accept from forms and files."""

import calendar
import datetime
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


def not_text(raw, fields):
    """Errors for fields holding a list or mapping where text belongs (a slip in YAML or JSON)."""
    return {
        f: f"{f.replace('_', ' ').capitalize()} must be text, not a list"
        for f in fields
        if isinstance(raw.get(f), list | tuple | dict)
    }


def text_list(value):
    """Return a list of non-empty strings from a list or a semicolon-separated string."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    return [text(item) for item in items if text(item)]


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
