"""Reading and writing the record files councils exchange with us (YAML, CSV, JSON)."""

import csv
import io
import json
from pathlib import Path

import yaml

from specifier.fields import Invalid

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "json"}


class _TextDatesLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is our error message, not a crash.

    It refuses anchors and aliases (&name, *name): a few hundred bytes of them can stand for
    gigabytes of text, and no record a council writes needs them.
    """

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not accepted", event.start_mark
            )
        return super().compose_node(parent, index)


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FileRejected(ValueError):
    """A file was not accepted; the message says where and why, one problem per line."""


def format_for(filename):
    """Return the format implied by a file name, or raise FileRejected."""
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise FileRejected(f"{Path(filename).name}: the file must be YAML, CSV or JSON")
    return FORMATS[suffix]


def decode(data, name):
    """Return file bytes as text, refusing files that are too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise FileRejected(f"{name}: the file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(f"{name}: the file must be saved as UTF-8 text") from exc


def read_csv(content, name, *, required_columns):
    """Return (location, record) pairs from CSV text, located by the line each record starts on."""
    reader = csv.DictReader(io.StringIO(content, newline=""))
    # Spreadsheets title-case headings: "Evidence required" is the column evidence_required.
    header = [h.strip().lower().replace(" ", "_") for h in (reader.fieldnames or [])]
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise FileRejected(f"{name}, line 1: missing column(s) {', '.join(missing)}")
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise FileRejected(f"{name}, line 1: column(s) {', '.join(repeated)} given twice")
    reader.fieldnames = header
    records, start = [], 2
    try:
        for row in reader:
            if None in row:
                raise FileRejected(f"{name}, line {start}: more values than columns")
            if any((v or "").strip() for v in row.values()):
                records.append((f"line {start}", {k: _unguard(v) for k, v in row.items()}))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileRejected(f"{name}, line {start}: {exc}") from exc
    return records


def read_yaml(content, name):
    """Parse YAML text safely, or raise FileRejected naming the line."""
    try:
        return yaml.load(content, _TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise FileRejected(
            f"{name}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        raise FileRejected(f"{name}: the file cannot be read: {_reason(exc)}") from exc


def _reason(exc):
    # ValueError: Python refuses to read a whole number of more than 4,300 digits.
    return "it is nested too deeply" if isinstance(exc, RecursionError) else "a number is too long"


def read_json(content, name):
    """Parse JSON text, or raise FileRejected naming the line."""
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise FileRejected(f"{name}, line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, deep nesting
        raise FileRejected(f"{name}: the file cannot be read: {_reason(exc)}") from exc


def read_structured(content, name, fmt, *, key, noun):
    """Return (location, record) pairs from YAML or JSON holding a list of `noun` under `key`."""
    data = read_yaml(content, name) if fmt == "yaml" else read_json(content, name)
    items = data.get(key) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise FileRejected(f"{name}: expected a list of {key} under '{key}:'")
    records = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FileRejected(f"{name}, {noun} {number}: expected fields such as title")
        records.append((f"{noun} {number}", item))
    return records


def clean_all(records, cleaner, name, *, limit, check=None):
    """Clean every record, or raise FileRejected listing every problem of every record.

    `check(location, cleaned)` returns a clean record's further problems (a code used twice,
    say), so they are listed with the rest instead of only after the others are fixed.
    """
    if len(records) > limit:
        raise FileRejected(f"{name}: at most {limit} records can be loaded at once")
    cleaned, problems = [], []
    for location, record in records:
        try:
            item = cleaner(record)
        except Invalid as exc:
            problems.extend(
                f"{name}, {location}, {field}: {msg}" for field, msg in exc.errors.items()
            )
            continue
        cleaned.append(item)
        if check:
            problems.extend(check(location, item))
    if problems:
        raise FileRejected("\n".join(problems))
    if not cleaned:
        raise FileRejected(f"{name}: the file has no records")
    return cleaned


# Spreadsheets run a cell starting with these as a formula, so exports guard them with a quote.
FORMULA_STARTS = ("=", "+", "-", "@")


def _guard(value):
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _unguard(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def write_csv(rows, columns):
    """Return CSV text with the given columns; lists are joined with '; '."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _guard(row.get(c)) for c in columns})
    return out.getvalue()
