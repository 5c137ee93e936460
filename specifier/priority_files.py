"""Priorities files: load a council's priorities from YAML, CSV or JSON; export them as CSV."""

from pathlib import Path

from specifier import priorities
from specifier.record_files import (
    clean_all,
    decode,
    format_for,
    read_csv,
    read_structured,
    write_csv,
)

REQUIRED_CSV_COLUMNS = ("title", "description", "theme")
MAX_PRIORITIES = 500


def _clean(record):
    return priorities.clean(priorities.flatten(record))


def parse(data, filename):
    """Return cleaned priorities from file bytes, or raise FileRejected naming record and field."""
    name = Path(filename).name
    fmt = format_for(filename)
    content = decode(data, name)
    if fmt == "csv":
        records = read_csv(content, name, required_columns=REQUIRED_CSV_COLUMNS)
    else:
        records = read_structured(content, name, fmt, key="priorities", noun="priority")
    first = {}

    def repeated(location, priority):
        key = (priority["title"].casefold(), priority["description"].casefold())
        first.setdefault(key, location)
        seen = first[key]
        return [] if seen == location else [f"{name}, {location}: the same priority as {seen}"]

    return clean_all(records, _clean, name, limit=MAX_PRIORITIES, check=repeated)


def load(db, council_id, data, filename):
    """Add every priority in the file to the council's register, or none of them."""
    return priorities.create_many(db, council_id, parse(data, filename))


def export_csv(db, council_id):
    """Return all the council's priorities as CSV in the same format `load` accepts."""
    return write_csv(priorities.search(db, council_id), priorities.COLUMNS)
