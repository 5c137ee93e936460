"""Catalogue CSV files: our built-in catalogue, council imports and exports, all one format."""

from pathlib import Path

from specifier import catalogue
from specifier.record_files import FileRejected, clean_all, decode, read_csv, write_csv

BUILTIN = Path(__file__).parent / "data" / "catalogue.csv"
MAX_MEASURES = 5000


def parse(data, filename):
    """Return cleaned measures from CSV bytes, or raise FileRejected naming line and field."""
    name = Path(filename).name
    if Path(filename).suffix.lower() != ".csv":
        raise FileRejected(f"{name}: a catalogue must be a CSV file")
    records = read_csv(decode(data, name), name, required_columns=catalogue.REQUIRED)
    measures = clean_all(records, catalogue.clean, name, limit=MAX_MEASURES)
    seen = {}
    for (location, _), measure in zip(records, measures, strict=True):
        if measure["code"] in seen:
            raise FileRejected(
                f"{name}, {location}, code: {measure['code']} is already used on {seen[measure['code']]}"
            )
        seen[measure["code"]] = location
    return measures


def builtin_measures():
    """Return our open catalogue as shipped with the package."""
    return parse(BUILTIN.read_bytes(), BUILTIN.name)


def load_builtin(db):
    """Install or refresh our open catalogue; returns the number of measures."""
    measures = builtin_measures()
    catalogue.replace_builtin(db, measures)
    return len(measures)


def import_for_council(db, council_id, data, filename):
    """Add or update a council's own measures from a CSV file, all or nothing."""
    return catalogue.upsert_for_council(db, council_id, parse(data, filename))


def export_csv(db, council_id):
    """Return the measures a council can see (ours and its own) in the import format."""
    return write_csv(catalogue.measures_for(db, council_id), catalogue.COLUMNS)
