"""One file holding all of a council's data, to move it to another installation.

The file lists the council's rows table by table. Tables are found from the schema (every
table with a council_id column), so a table added by a later migration travels too. Import
gives every row a new id, follows the foreign keys to the new ids, and is all or nothing.
People and their roles, and the audit log, stay with the installation they belong to.
"""

import datetime
import json
import math
import sqlite3

from specifier.catalogue import files as catalogue_files
from specifier.councils import councils
from specifier.db import is_busy, write_transaction
from specifier.fields import Invalid, from_json, shape_problems
from specifier.matching import decisions
from specifier.priorities import priorities
from specifier.record_files import FileRejected
from specifier.setup import choosing, tasks
from specifier.specification import procurements, specifications

FORMAT = "social-value-specifier/council"
VERSION = 1
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
NOT_EXPORTED = {"memberships", "invitations", "audit_log", "embeddings"}
MAX_PROBLEMS = 20


def _columns(db, table):
    return [c.name for c in db.table(table).columns]


def _foreign_keys(db, table):
    """Return {column: referenced table} for a table's foreign keys."""
    return {row[3]: row[2] for row in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()}


def council_tables(db):
    """Return the tables holding council rows, each after the tables it refers to."""
    tables = [
        t
        for t in db.table_names()
        if "council_id" in _columns(db, t) and t not in NOT_EXPORTED and not t.startswith("_")
    ]
    ordered, placed = [], {"councils"}
    while tables:
        ready = [
            t
            for t in tables
            if all(ref in placed or ref == t for ref in _foreign_keys(db, t).values())
        ]
        if not ready:  # a cycle between tables: keep the schema order
            ready = tables[:1]
        for t in ready:
            ordered.append(t)
            placed.add(t)
            tables.remove(t)
    return ordered


def export_council(db, council_id):
    """Return a council's data as one JSON-ready object."""
    council = dict(next(iter(db.query("SELECT * FROM councils WHERE id = ?", [council_id]))))
    tables = {"councils": [council]}
    for table in council_tables(db):
        tables[table] = [
            dict(r)
            for r in db.query(
                f"SELECT * FROM [{table}] WHERE council_id = ? ORDER BY rowid", [council_id]
            )
        ]
    migrations_applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")]
    return {
        "format": FORMAT,
        "version": VERSION,
        "migrations": migrations_applied,
        "council": council["slug"],
        "tables": tables,
    }


def _reject(message):
    raise FileRejected(message)


def _check_shape(data, db, name):
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _reject(f"{name}: this is not a council export from the social value specifier")
    if data.get("version") != VERSION:
        _reject(
            f"{name}: export version {data.get('version')!r} is not supported (expected {VERSION})"
        )
    known = {r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")}
    newer = [m for m in data.get("migrations") or [] if isinstance(m, str) and m not in known]
    if newer:
        _reject(
            f"{name}: the file comes from a newer version of the app ({newer[0]}); upgrade first"
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        _reject(f"{name}: expected the council's tables under 'tables'")
    allowed = {"councils", *council_tables(db)}
    total = 0
    for table, rows in tables.items():
        if table not in allowed:
            _reject(f"{name}: unknown table {table!r}")
        if not isinstance(rows, list):
            _reject(f"{name}, {table}: expected a list of rows")
        columns = set(_columns(db, table))
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                _reject(f"{name}, {table} row {number}: expected named fields")
            unknown = [k for k in row if k not in columns]
            if unknown:
                _reject(f"{name}, {table} row {number}: unknown field {unknown[0]!r}")
            bad = [k for k, v in row.items() if not isinstance(v, str | int | float | type(None))]
            if bad or any(isinstance(v, bool) for v in row.values()):
                _reject(
                    f"{name}, {table} row {number}: field {(bad or ['?'])[0]!r} must be text or a number"
                )
        total += len(rows)
    if total > MAX_ROWS:
        _reject(f"{name}: at most {MAX_ROWS:,} rows can be imported")
    if len(tables.get("councils") or []) != 1:
        _reject(f"{name}: the file must hold exactly one council")
    return tables


def _row_rules(db):
    """Each table's domain rule: the same validation as every other way its records come in."""
    ours = catalogue_files.our_codes(db)
    return {
        "priorities": priorities.clean_row,
        "measures": lambda row: catalogue_files.clean_own_row(row, ours),
        "match_decisions": decisions.clean_row,
        "procurements": procurements.clean_row,
        "specifications": specifications.clean_row,
        "specification_outcomes": specifications.clean_outcome_row,
        "clause_edits": specifications.clean_clause_row,
        "wizard_tasks": tasks.clean_row,
        "starter_picks": choosing.clean_pick_row,
    }


def _column_problem(column, value):
    """Why a value cannot go in a column the domain rules leave alone (ids, times, versions)."""
    if value is None:
        return "must be given" if column.notnull else None
    if column.name.endswith("_at"):
        try:
            datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a time, like 2026-12-06 09:30:00"
        return None
    if column.name == "version" and not (isinstance(value, int) and value >= 1):
        return "must be a whole number of 1 or more"
    kind = column.type.upper()
    if kind == "INTEGER" and not isinstance(value, int):
        return "must be a whole number"
    if kind == "REAL" and not (isinstance(value, int | float) and math.isfinite(value)):
        return "must be a number"
    if kind == "TEXT" and not isinstance(value, str):
        return "must be text"
    return None


def _check_rows(db, tables, name):
    """Check every row as its domain checks any record, and store what the rules make of it.

    Raises FileRejected listing the problems (the first MAX_PROBLEMS) naming table, row, field.
    """
    rules = _row_rules(db)
    problems = []
    for table in council_tables(db):
        columns = {c.name: c for c in db.table(table).columns}
        for number, row in enumerate(tables.get(table) or [], start=1):
            where = f"{name}, {table} row {number}"
            try:
                errors = shape_problems(row, {}, "row")
                if errors:
                    raise Invalid(errors)
                owned = rules[table](row) if table in rules else {}
            except Invalid as exc:
                problems.extend(f"{where}, {field}: {msg}" for field, msg in exc.errors.items())
                continue
            for column, value in row.items():
                problem = None if column in owned else _column_problem(columns[column], value)
                if problem:
                    problems.append(f"{where}, {column}: {problem}")
            row.update(owned)
    if problems:
        more = len(problems) - MAX_PROBLEMS
        _reject("\n".join(problems[:MAX_PROBLEMS]) + (f"\n... and {more} more" if more > 0 else ""))


def _clean_council(row, name, slug):
    districts = "local_postcode_districts"
    try:
        raw = {**row, districts: from_json(row.get(districts), districts)}
        return councils.clean({**raw, "slug": slug or row.get("slug")})
    except Invalid as exc:
        _reject("\n".join(f"{name}, councils row 1, {f}: {m}" for f, m in exc.errors.items()))


def import_council(db, data_bytes, name, *, slug=None):
    """Create the council in an export file with new ids; return (council id, row counts)."""
    if len(data_bytes) > MAX_BYTES:
        _reject(f"{name}: the file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        content = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(f"{name}: the file must be saved as UTF-8 text") from exc
    try:
        data = json.loads(content)
    except (ValueError, RecursionError) as exc:
        raise FileRejected(f"{name}: not valid JSON ({exc})") from exc
    tables = _check_shape(data, db, name)
    record = _clean_council(tables["councils"][0], name, slug)
    _check_rows(db, tables, name)
    if councils.get_by_slug(db, record["slug"]) is not None:
        _reject(
            f"{name}: a council with the address '{record['slug']}' already exists here."
            " Nothing was imported. Use --slug to import it under another address."
        )
    counts = {}
    try:
        with write_transaction(db):
            council_id = councils.create(db, record)
            new_ids = {"councils": {tables["councils"][0].get("id"): council_id}}
            for table in council_tables(db):
                rows = tables.get(table) or []
                counts[table] = len(rows)
                _insert_rows(db, table, rows, new_ids, council_id, name)
            _renumber_wizard_contract(db, council_id, new_ids.get("procurements", {}), name)
            _check_outcome_counts(db, council_id, name)
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                _reject(f"{name}: {problems[0][0]} refers to a row that is not in the file")
    except sqlite3.Error as exc:
        if is_busy(exc):  # not the file's fault: the command says the database is locked
            raise
        raise FileRejected(
            f"{name}: a row breaks a rule of the database ({exc}). Nothing was imported."
        ) from exc
    return council_id, counts


def _check_outcome_counts(db, council_id, name):
    """A specification prescribes at most councils.MAX_OUTCOMES outcomes, however it arrives."""
    most = db.execute(
        "SELECT count(*) FROM specification_outcomes WHERE council_id = ?"
        " GROUP BY specification_id ORDER BY count(*) DESC LIMIT 1",
        [council_id],
    ).fetchone()
    if most and most[0] > councils.MAX_OUTCOMES:
        _reject(
            f"{name}, specification_outcomes: a specification has {most[0]} outcomes;"
            f" one may have at most {councils.MAX_OUTCOMES}"
        )


def _renumber_wizard_contract(db, council_id, procurement_ids, name):
    """Point the set-up task's contract, kept in its JSON answers, at the contract's new id."""
    found = db.execute(
        "SELECT answers FROM wizard_tasks WHERE council_id = ? AND task = 'specification'",
        [council_id],
    ).fetchone()
    try:
        answers = json.loads(found[0]) if found else {}
    except ValueError:
        _reject(f"{name}, wizard_tasks: the first specification's answers are not valid JSON")
    if not isinstance(answers, dict) or "procurement_id" not in answers:
        return
    new_id = procurement_ids.get(answers.pop("procurement_id"))
    if new_id is not None:
        answers["procurement_id"] = new_id
    db.execute(
        "UPDATE wizard_tasks SET answers = ? WHERE council_id = ? AND task = 'specification'",
        [json.dumps(answers), council_id],
    )


def _insert_rows(db, table, rows, new_ids, council_id, name):
    columns = _columns(db, table)
    has_id = "id" in columns and db.table(table).pks == ["id"]
    refs = _foreign_keys(db, table)
    mapping = new_ids.setdefault(table, {})
    deferred = []
    for number, row in enumerate(rows, start=1):
        values = {k: v for k, v in row.items() if k != "id" or not has_id}
        values["council_id"] = council_id
        for column, target in refs.items():
            if column == "council_id" or values.get(column) is None:
                continue
            if target == table:  # a row pointing at another row of its own table
                deferred.append((row.get("id"), column, values.pop(column)))
                continue
            if target not in new_ids:
                values[column] = None  # for example a person who is not exported
                continue
            if values[column] not in new_ids[target]:
                _reject(f"{name}, {table} row {number}: {column} refers to a row not in the file")
            values[column] = new_ids[target][values[column]]
        try:
            pk = db.table(table).insert(values).last_pk
        except (sqlite3.Error, UnicodeEncodeError, OverflowError) as exc:
            raise FileRejected(
                f"{name}, {table} row {number}: a value is not allowed ({exc}). Nothing was imported."
            ) from exc
        if has_id:
            mapping[row.get("id")] = pk
    for old_id, column, old_target in deferred:
        if old_target not in mapping:
            _reject(f"{name}, {table}: {column} refers to a row not in the file")
        db.execute(
            f"UPDATE [{table}] SET [{column}] = ? WHERE id = ?",
            [mapping[old_target], mapping[old_id]],
        )
