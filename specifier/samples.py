"""Sample councils shipped in priorities/councils/, loaded by `make run` on an empty database."""

from pathlib import Path

from specifier import councils, priorities
from specifier.fields import Invalid
from specifier.priority_files import parse
from specifier.record_files import FileRejected, read_yaml


def council_files(priorities_dir):
    """Return the sample council files, in name order."""
    return sorted(Path(priorities_dir, "councils").glob("*.yaml"))


def load_council_file(db, path):
    """Create the council described in a council file with its priorities, all or nothing."""
    data = path.read_bytes()
    try:
        record = councils.clean(read_yaml(data.decode("utf-8"), path.name).get("council") or {})
    except Invalid as exc:
        raise FileRejected(f"{path.name}, council: {exc}") from exc
    cleaned = parse(data, path.name)
    with db.atomic():
        council_id = councils.create(db, record)
        priorities.create_many(db, council_id, cleaned)
    return record["name"], len(cleaned)
