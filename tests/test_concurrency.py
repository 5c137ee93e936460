"""Colleagues of two councils writing at once through the production server: none sees an error.

gunicorn serves the app as `make serve` does (production settings, 2 workers x 8 threads) and
ten people of two councils choose outcomes, duplicate specifications, edit a clause, import
priorities and measures and add people, all at the same time, as a browser would.
"""

import collections
import concurrent.futures
import importlib

import pytest
import requests
from load import actions, prepare
from load.server import serving

from specifier.councils import councils
from specifier.db import connect
from specifier.specification import procurements

# The module itself: the package attribute `specifier.db` is the request handle (web/db.py).
database = importlib.import_module("specifier.db")
COUNCILS = ("hatherdale", "kilbrannan")
PEOPLE = 5  # in each council: officers, all admins (adding a person needs one)
ROUNDS = 2
# What each write may answer: a conflict (409) is the right answer when a colleague saved the
# same thing first, and the page says so; anything else is an error.
ACTIONS = {
    "choose outcomes": (lambda c, slug, pid: actions.choose_outcomes(c, slug, pid), {302, 409}),
    "edit a clause": (lambda c, slug, pid: actions.edit_clause(c, slug, pid), {302, 409}),
    "duplicate": (lambda c, slug, pid: actions.duplicate(c, slug, pid), {302}),
    "import priorities": (lambda c, slug, _pid: actions.import_priorities(c, slug), {302}),
    "import measures": (lambda c, slug, _pid: actions.import_catalogue(c, slug), {302}),
    "invite a person": (lambda c, slug, _pid: actions.invite_person(c, slug), {200}),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn in production mode over the load test's database: sample councils, officers."""
    folder = tmp_path_factory.mktemp("concurrency")
    path = str(folder / "live.db")
    prepare.main(path)
    log = folder / "server.log"
    with serving(path, log) as base:
        yield base, path, log


class Officer(requests.Session):
    """One person's browser: its own cookies, against the test server."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        return super().request(method, self.base + url, *args, timeout=120, **kwargs)


def _work(base, slug, email, contracts):
    """Sign in, then do every write ROUNDS times; return (action, status) for each."""
    officer = Officer(base)
    assert actions.sign_in(officer, email).status_code == 302
    done = []
    for n in range(ROUNDS):
        for name, (act, _allowed) in ACTIONS.items():
            response = act(officer, slug, contracts[n % len(contracts)])
            done.append((slug, name, response.status_code))
    return done


def test_ten_people_of_two_councils_writing_at_once_see_no_error(server):
    base, path, log = server
    db = connect(path)
    contracts = {
        slug: [p["id"] for p in procurements.for_council(db, councils.get_by_slug(db, slug)["id"])]
        for slug in COUNCILS
    }
    people = [(slug, f"officer{n}@{slug}.example") for slug in COUNCILS for n in range(PEOPLE)]
    with concurrent.futures.ThreadPoolExecutor(len(people)) as pool:
        runs = [pool.submit(_work, base, slug, email, contracts[slug]) for slug, email in people]
        done = [result for run in runs for result in run.result()]

    assert len(done) == len(people) * ROUNDS * len(ACTIONS)
    refused = [
        (slug, name, status) for slug, name, status in done if status not in ACTIONS[name][1]
    ]
    assert not refused, f"answers a person would see as an error: {refused}"
    server_log = log.read_text()
    assert "database is locked" not in server_log and "Traceback" not in server_log, server_log

    # Every save that said so is there: nothing half-written, nothing lost.
    saved = collections.Counter(
        (slug, name) for slug, name, status in done if status == (200 if "invite" in name else 302)
    )
    for slug in COUNCILS:
        council_id = councils.get_by_slug(db, slug)["id"]
        count = {
            "duplicate": "SELECT count(*) FROM procurements WHERE council_id = ?"
            " AND title LIKE 'Copy %'",
            "import priorities": "SELECT count(*) FROM priorities WHERE council_id = ?"
            " AND title LIKE 'Load test priority %'",
            "invite a person": "SELECT count(*) FROM invitations WHERE council_id = ?",
        }
        for name, sql in count.items():
            assert db.execute(sql, [council_id]).fetchone()[0] == saved[(slug, name)], (slug, name)
        own = db.execute(
            "SELECT count(*) FROM measures WHERE council_id = ? AND code LIKE '%-LOAD-%'",
            [council_id],
        ).fetchone()[0]
        assert own == 3
        assert saved[(slug, "choose outcomes")] >= 1 and saved[(slug, "edit a clause")] >= 1
    db.close()


@pytest.fixture
def locked(app, monkeypatch):
    """Another program holding the database's write lock, and a short wait for it."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    other = connect(app.config["DATABASE"])
    other.conn.execute("BEGIN IMMEDIATE")
    yield
    other.conn.execute("ROLLBACK")
    other.close()


def test_import_council_says_the_database_is_locked_not_that_the_file_is_wrong(
    runner, tmp_path, app, db, monkeypatch
):
    exported = tmp_path / "hatherdale.json"
    result = runner.invoke(args=["export-council", "--council", "hatherdale", "--output", exported])
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = connect(app.config["DATABASE"])
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(args=["import-council", str(exported), "--slug", "moved"])
    finally:
        holder.conn.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "Error: The database is locked: another program" in result.output
    assert "breaks a rule" not in result.output and "Traceback" not in result.output
    assert councils.get_by_slug(db, "moved") is None  # nothing half-written
    result = runner.invoke(args=["import-council", str(exported), "--slug", "moved"])
    assert result.exit_code == 0, result.output  # once the lock is gone, the same file imports


def test_a_save_that_waits_too_long_for_the_database_says_the_service_is_busy(
    app, client, db, locked
):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as the production server does
    response = client.post(
        "/hatherdale/priorities/new",
        data={"title": "Warm homes", "description": "Cold homes.", "theme": "communities"},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.get_data(as_text=True)
    assert "Sorry, the service is busy" in page and "it has not been saved" in page
