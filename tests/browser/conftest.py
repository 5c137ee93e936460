"""Browser fixtures: the real app served on a free local port, driven in Debian's Chromium."""

import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import TEST_PASSWORD, add_test_users, email_for
from werkzeug.serving import make_server

from specifier import create_app, samples
from specifier.catalogue.files import load_builtin
from specifier.db import connect, migrate

CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the sample councils on 127.0.0.1 and a free port."""
    path = tmp_path_factory.mktemp("live") / "live.db"
    app = create_app(
        {"DATABASE": str(path), "SECRET_KEY": "browser-tests", "SIGN_IN_LIMIT": "1000 per minute"}
    )
    db = connect(str(path))
    migrate(db)
    load_builtin(db)
    for council_file in samples.council_files(app.config["PRIORITIES_DIR"]):
        samples.load_council_file(db, council_file)
    # The journeys start where a council starts: before any matching is decided.
    with db.conn:
        db.execute("DELETE FROM match_decisions")
    add_test_users(db)
    db.close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check_a11y(axe):
    """Run axe's WCAG 2.2 AA rules on the page as it is now; fail listing any violation."""

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def signed_in_page(page, live_server):
    """Sign in through the real sign-in page as a council's admin (or other role)."""

    def sign_in(slug="hatherdale", role="admin"):
        page.goto(f"{live_server}/sign-in")
        page.get_by_label("Email address").fill(email_for(slug, role))
        page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/{slug}/")
        return page

    return sign_in


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Fail a browser test whose pages broke the Content-Security-Policy."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    yield
    violations = [m for m in messages if "Content Security Policy" in m]
    assert not violations, violations
