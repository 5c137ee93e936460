"""Shared fixtures: an app over a temporary database, and a client that checks every page."""

import os
import time
from collections import Counter

import lxml.html
import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from werkzeug.security import generate_password_hash

from specifier import create_app, samples
from specifier.accounts import users
from specifier.catalogue.files import load_builtin
from specifier.councils import councils
from specifier.db import connect, migrate

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Property-based tests stay fast and repeatable: few examples, same examples every run.
settings.register_profile(
    "specifier",
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("specifier")

ROLES = ("admin", "commissioner", "viewer")
TEST_PASSWORD = "correct horse battery staple"
# Hashed once: scrypt is slow on purpose, and every test app needs these accounts.
TEST_PASSWORD_HASH = generate_password_hash(TEST_PASSWORD)


def email_for(slug, role="admin"):
    """The test account with a role in a sample council, like viewer@kilbrannan.example."""
    return f"{role}@{slug}.example"


def add_test_users(db):
    """Give every council an admin, a commissioner and a viewer (password TEST_PASSWORD)."""
    for council in councils.all_councils(db):
        for role in ROLES:
            user_id = (
                db.table("users")
                .insert(
                    {"email": email_for(council["slug"], role), "password_hash": TEST_PASSWORD_HASH}
                )
                .last_pk
            )
            db.table("memberships").insert(
                {"user_id": user_id, "council_id": council["id"], "role": role}
            )


def sign_in(client, slug="hatherdale", role="admin"):
    """Sign a test client in as the council's account with this role; return the client."""
    db = connect(client.application.config["DATABASE"])
    try:
        rows = list(db.query("SELECT id FROM users WHERE email = ?", [email_for(slug, role)]))
    finally:
        db.close()
    assert rows, f"no test account {email_for(slug, role)}"
    with client.session_transaction() as session:
        session.clear()
        session.update(session_for(client.application, rows[0]["id"]))
    return client


def session_for(app, user_id, secret=None):
    """The session signing in gives an account: its id, the stamp of its password, its session
    generation and when it signed in (now)."""
    db = connect(app.config["DATABASE"])
    try:
        stamp, generation = users.session_marks(db, user_id, secret or app.config["SECRET_KEY"])
    finally:
        db.close()
    return {
        "_user_id": str(user_id),
        "_fresh": True,
        "password_stamp": stamp,
        "session_generation": generation,
        "signed_in_at": int(time.time()),
    }


def check_page(html):
    """Assert the rules every page keeps: one h1, a title that starts with it, unique ids."""
    tree = lxml.html.fromstring(html)
    h1s = tree.xpath("//h1")
    assert len(h1s) == 1, f"expected one h1, found {len(h1s)}"
    heading = " ".join(h1s[0].text_content().split())
    title = " ".join(tree.findtext(".//title").split())
    assert title.removeprefix("Error: ").startswith(heading), f"title {title!r} vs h1 {heading!r}"
    ids = Counter(tree.xpath("//@id"))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"


def undecided(db, slug):
    """A sample council with its match decisions cleared, for tests that start from none."""
    council = councils.get_by_slug(db, slug)
    db.execute("DELETE FROM match_decisions WHERE council_id = ?", [council["id"]])
    return council


def after_progress(client, url):
    """GET a page that may first show progress (202), wait as its script does, and GET it again.

    Returns the first response and the page in the end: a person with a browser sees the
    progress page, which reloads when the background job reports it is ready.
    """
    first = client.get(url)
    if first.status_code != 202:
        return first, first
    progress_url = lxml.html.fromstring(first.get_data(as_text=True)).xpath(
        "//*[@id='match-progress']/@data-progress-url"
    )[0]
    for _ in range(1200):
        report = client.get(progress_url).json
        assert not report["error"], report
        if report["ready"]:
            break
        time.sleep(0.05)
    return first, client.get(url)


def hidden_fields(page, action=""):
    """The hidden fields of the page's post form whose action is `action` ("" for the page)."""
    for form in lxml.html.fromstring(page).xpath("//form[@method='post']"):
        if (form.get("action") or "") == action:
            return {
                i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@type='hidden']")
            }
    raise AssertionError(f"no form on the page posts to {action or 'itself'}")


def post_form(client, url, data, *, page=None, **kwargs):
    """Post a form as a browser would, with its hidden fields (the versions an edit started from).

    The form is the one on `page` (default: `url` itself) that posts to `url`.
    """
    _first, shown = after_progress(client, page or url)  # a page may first show progress
    fields = hidden_fields(shown.get_data(as_text=True), url if page else "")
    return client.post(url, data={**fields, **data}, **kwargs)


class CheckingClient(FlaskClient):
    """A test client that checks each HTML page it receives."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True))
        return response


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(tmp_path / "test.db"),
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.test_client_class = CheckingClient
    fill(app, users=True)
    return app


def fill(app, *council_files, users=False):
    """Make the app's database: our catalogue, the sample councils and any other council files."""
    with app.app_context():
        db = connect(app.config["DATABASE"])
        migrate(db)
        load_builtin(db)
        for path in [*samples.council_files(app.config["PRIORITIES_DIR"]), *council_files]:
            samples.load_council_file(db, path)
        if users:
            add_test_users(db)
        db.close()


@pytest.fixture
def client(app):
    """A client signed in as an admin of Hatherdale; see sign_in() for other councils."""
    return sign_in(app.test_client(), "hatherdale", "admin")


@pytest.fixture
def client_for(app):
    """Make a new client signed in as a council's admin, commissioner or viewer."""

    def make(slug="hatherdale", role="admin"):
        return sign_in(app.test_client(), slug, role)

    return make


@pytest.fixture
def anon_client(app):
    """A client that has not signed in."""
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def splits_read(monkeypatch):
    """The evaluation splits a fitting command reads, each cut to five statements for speed."""
    from specifier.matching import evaluation

    read = []
    real_load = evaluation.load_split

    def load_split(name, directory=evaluation.EVALUATION_DIR, labels=None):
        read.append(name)
        return real_load(name, directory, labels)[:5]

    monkeypatch.setattr(evaluation, "load_split", load_split)
    return read


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: browser tests must run, not skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") == "true" and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1
