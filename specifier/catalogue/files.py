"""Catalogue CSV files: our built-in catalogue, council imports and exports, all one format."""

from pathlib import Path

from specifier.catalogue import catalogue
from specifier.db import write_transaction
from specifier.fields import Invalid, folded
from specifier.record_files import FileRejected, clean_all, decode, read_csv, write_csv

BUILTIN = Path(__file__).resolve().parent.parent / "data" / "catalogue.csv"
MAX_MEASURES = 5000


def _parse_located(data, filename, check=None):
    """Return (location, measure) pairs from CSV bytes, or raise FileRejected listing problems.

    `check(location, measure)` returns a measure's further problems, listed with the rest.
    """
    name = Path(filename).name
    if Path(filename).suffix.lower() != ".csv":
        raise FileRejected(f"{name}: a catalogue must be a CSV file")
    records = read_csv(decode(data, name), name, required_columns=catalogue.REQUIRED)
    seen = {}

    def checks(location, measure):
        code = measure["code"]
        first = seen.setdefault(code, location)
        problems = (
            []
            if first == location
            else [f"{name}, {location}, code: {code} is already used on {first}"]
        )
        return problems + (check(location, measure) if check else [])

    measures = clean_all(records, catalogue.clean, name, limit=MAX_MEASURES, check=checks)
    return [(location, measure) for (location, _), measure in zip(records, measures, strict=True)]


def parse(data, filename):
    """Return cleaned measures from CSV bytes, or raise FileRejected naming line and field."""
    return [measure for _, measure in _parse_located(data, filename)]


def builtin_measures():
    """Return our open catalogue as shipped with the package."""
    return parse(BUILTIN.read_bytes(), BUILTIN.name)


def load_builtin(db):
    """Install or refresh our open catalogue; returns the number of measures."""
    measures = builtin_measures()
    catalogue.replace_builtin(db, measures)
    return len(measures)


def ours_message(code):
    """Why a council's own measure cannot have one of our codes."""
    return f"{code} is a measure of our catalogue; give your own measure a code of its own"


def clean_own_row(row, ours):
    """Validate a council's own measure as a council export keeps it; `ours` are our codes."""
    stored = catalogue.clean_row(row)
    if stored["code"] in ours:
        raise Invalid({"code": ours_message(stored["code"])})
    return stored


def our_codes(db):
    """The codes of our open catalogue, which no council's own measure may use."""
    return {m["code"] for m in catalogue.measures_for(db, None)}


def parse_for_council(db, data, filename):
    """Return a council's own measures from CSV bytes, refusing codes of our catalogue.

    A council's measure with one of our codes would shadow ours on every page, and the
    catalogue it exports (ours plus its own) would then repeat that code and not import again.
    A row exactly as in our catalogue (as in a re-imported export) is ours, so it is left out.
    """
    name = Path(filename).name
    ours = {m["code"]: m for m in catalogue.measures_for(db, None)}

    def is_ours(measure):
        return measure["code"] in ours

    def check(location, measure):
        code = measure["code"]
        if is_ours(measure) and any(measure[c] != ours[code][c] for c in catalogue.COLUMNS):
            return [f"{name}, {location}, code: {ours_message(code)}"]
        return []

    located = _parse_located(data, filename, check)
    measures = [measure for _, measure in located if not is_ours(measure)]
    if not measures:
        raise FileRejected(f"{name}: the file has none of your own measures, only ours")
    return measures


def import_changes(db, council_id, data, filename):
    """Add or update a council's own measures from a CSV file, all or nothing.

    Returns the codes added and the codes updated, each in file order, and the themes the file
    brought that the council's catalogue did not have.
    """
    measures = parse_for_council(db, data, filename)
    with write_transaction(db):  # what is added or updated is told as it is when written
        own = {m["code"] for m in catalogue.measures_for(db, council_id) if m["council_id"]}
        known = set(catalogue.themes_for(db, council_id))
        # One theme, however its capitals and spaces are typed: the spelling already in use wins.
        spelling = {folded(theme): theme for theme in known}
        for measure in measures:
            measure["theme"] = spelling.setdefault(folded(measure["theme"]), measure["theme"])
        catalogue.upsert_for_council(db, council_id, measures)
    added = [m["code"] for m in measures if m["code"] not in own]
    updated = [m["code"] for m in measures if m["code"] in own]
    new_themes = list(dict.fromkeys(m["theme"] for m in measures if m["theme"] not in known))
    return added, updated, new_themes


def export_csv(db, council_id):
    """Return the measures a council can see (ours and its own) in the import format."""
    return write_csv(catalogue.measures_for(db, council_id), catalogue.COLUMNS)
