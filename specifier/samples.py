"""Sample councils shipped in priorities/councils/, loaded by `make run` on an empty database."""

from pathlib import Path

from specifier.accounts import users
from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.db import write_transaction
from specifier.fields import Invalid
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.priorities.files import parse
from specifier.record_files import FileRejected, decode, read_yaml


def council_files(priorities_dir):
    """Return the sample council files, in name order."""
    return sorted(Path(priorities_dir, "councils").glob("*.yaml"))


def _accepted(db, content, name):
    """Each priority's `accepted_measures` (the council's match decisions), checked against ours."""
    found = []
    for number, raw in enumerate(content.get("priorities") or [], start=1):
        codes = raw.get("accepted_measures") if isinstance(raw, dict) else None
        if codes is None:
            continue
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise FileRejected(
                f"{name}, priority {number}: accepted_measures must be a list of codes"
            )
        unknown = [c for c in codes if catalogue.get(db, None, c) is None]
        if unknown:
            raise FileRejected(
                f"{name}, priority {number}: accepted_measures: no measure with code "
                + ", ".join(unknown)
            )
        found.append((number - 1, codes))
    return found


def load_council_file(db, path):
    """Create the council described in a council file with its priorities, all or nothing.

    A priority's `accepted_measures` become the council's accepted matches for it, as if its
    commissioner had accepted them, so a sample council starts with its matching done.

    Returns its name and how many priorities were loaded, or None for the count when a council
    with its address is already here (it is left as it is).
    """
    data = path.read_bytes()
    content = read_yaml(decode(data, path.name), path.name)
    try:
        record = councils.clean((content.get("council") if isinstance(content, dict) else {}) or {})
    except Invalid as exc:
        raise FileRejected(f"{path.name}, council: {exc}") from exc
    if councils.get_by_slug(db, record["slug"]) is not None:
        return record["name"], None
    cleaned = parse(data, path.name)
    accepted = _accepted(db, content, path.name)
    with write_transaction(db):
        council_id = councils.create(db, record)
        ids = priorities.create_many(db, council_id, cleaned)
        for index, codes in accepted:
            for code in codes:
                decisions.record(db, council_id, ids[index], code, "accepted")
    return record["name"], len(cleaned)


# Local development only: `flask load-samples` refuses to make these in production.
DEMO_PASSWORD = "local-development-only"  # noqa: S105 - documented, never in production


def demo_email(slug):
    """The demo admin of a sample council, for example admin@hatherdale.example."""
    return f"admin@{slug}.example"


def ensure_demo_users(db, priorities_dir):
    """Give each sample council present a demo admin; return the emails created or kept."""
    emails = []
    for path in council_files(priorities_dir):
        council = councils.get_by_slug(db, path.stem)
        if council is None:
            continue
        email = demo_email(council["slug"])
        found = users.get_by_email(db, email)
        password_hash = None if found else users.hash_password(DEMO_PASSWORD)
        with write_transaction(db):
            user_id = found["id"] if found else users.create(db, email, password_hash, "Demo admin")
            users.grant(db, user_id, council["id"], "admin")
        emails.append(email)
    return emails
