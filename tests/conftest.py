"""Shared fixtures: an app over a temporary database, and a client that checks every page."""

import os
from collections import Counter

import lxml.html
import pytest
from flask.testing import FlaskClient

from specifier import create_app, samples
from specifier.catalogue_files import load_builtin
from specifier.db import connect, migrate

os.environ.setdefault("HF_HUB_OFFLINE", "1")


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
    with app.app_context():
        db = connect(app.config["DATABASE"])
        migrate(db)
        load_builtin(db)
        for path in samples.council_files(app.config["PRIORITIES_DIR"]):
            samples.load_council_file(db, path)
        db.close()
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.close()


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: browser tests must run, not skip."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("CI") == "true" and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1
