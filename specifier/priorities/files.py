"""Priorities files: load a council's priorities from YAML, CSV or JSON; export them as CSV."""

from pathlib import Path

from specifier.db import write_transaction
from specifier.fields import folded
from specifier.priorities import priorities
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
        # Compared as the register compares them (title only), so one cannot slip in twice.
        first.setdefault(folded(priority["title"]), location)
        seen = first[folded(priority["title"])]
        return [] if seen == location else [f"{name}, {location}: the same title as {seen}"]

    return clean_all(records, _clean, name, limit=MAX_PRIORITIES, check=repeated)


def load(db, council_id, data, filename):
    """Add the file's priorities the register lacks (none if the file has a problem).

    Returns the new ids and the titles skipped because the register already has them.
    """
    records = parse(data, filename)
    with write_transaction(db):
        present = priorities.title_keys(db, council_id)
        new = [r for r in records if folded(r["title"]) not in present]
        skipped = [r["title"] for r in records if folded(r["title"]) in present]
        return priorities.create_many(db, council_id, new), skipped


def skipped_sentence(titles, limit=None):
    """Say which priorities were skipped as already in the register (naming at most `limit`)."""
    named = ", ".join(f"“{' '.join(title.split())}”" for title in titles[:limit])
    more = len(titles) - len(titles[:limit])
    return f"Skipped {len(titles)} already in your register: {named}" + (
        f" and {more} more." if more else "."
    )


def export_csv(db, council_id):
    """Return all the council's priorities as CSV in the same format `load` accepts."""
    return write_csv(priorities.search(db, council_id), priorities.COLUMNS)
