"""Who may see and change what: every route in the URL map, including routes added later."""

import re

import lxml.html
import pytest

from specifier import audit
from specifier.accounts import users
from specifier.councils import councils
from specifier.matching import service
from specifier.priorities import priorities
from specifier.specification import procurements, specifications
from specifier.web import access
from specifier.web.access import PUBLIC, SIGNED_IN_ACTIONS

METHODS = ("GET", "POST")
CONTRACT = {
    "title": "Grounds maintenance",
    "description": "Grass cutting and shrub beds in parks.",
    "category": "services",
    "value_gbp": "900000",
    "duration_months": "24",
}


def _records(db, slug):
    """Ids a URL can name for one council: a priority, a procurement with a spec, a person."""
    council = councils.get_by_slug(db, slug)
    pid = procurements.create(
        db, council["id"], procurements.clean(CONTRACT, default_nation=council["nation"])
    )
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    user = db.execute("SELECT id FROM users WHERE email = ?", [f"viewer@{slug}.example"]).fetchone()
    return {
        "council_slug": slug,
        "priority_id": priorities.search(db, council["id"])[0]["id"],
        "procurement_id": pid,
        "user_id": user[0],
        "code": "JOB-01",
        "key": "purpose.intro",
        "fmt": "docx",
        "task": "council",
        "question": "name",
        "theme": "jobs",
    }


def _url(rule, values):
    """Build a rule's URL, with a sample value for any argument a later route may add."""
    args = {}
    for name in rule.arguments:
        if name in values:
            args[name] = values[name]
        elif type(rule._converters[name]).__name__ == "IntegerConverter":
            args[name] = values["priority_id"]
        else:
            args[name] = "x"
    return rule.build(args, append_unknown=False)[1]


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]


@pytest.fixture
def ids(db):
    return {"A": _records(db, "hatherdale"), "B": _records(db, "kilbrannan")}


def test_every_route_sends_a_signed_out_visitor_to_sign_in(app, anon_client, ids):
    checked = 0
    for rule in _rules(app):
        for method in METHODS:
            if method not in rule.methods:
                continue
            url = _url(rule, ids["A"])
            response = anon_client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url} answered {response.status_code}"
            assert response.headers["Location"].startswith("/sign-in"), f"{method} {url}"
            checked += 1
    assert checked >= 30


def test_another_councils_addresses_answer_404_on_every_route(app, client, ids):
    council_rules = [r for r in _rules(app) if "council_slug" in r.arguments]
    assert len(council_rules) > 25
    for rule in council_rules:
        for method in METHODS:
            if method not in rule.methods:
                continue
            url = _url(rule, ids["B"])
            response = client.open(url, method=method)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"


def test_another_councils_records_answer_404_under_your_own_address(app, client, ids):
    """Your council's address with the other council's ids finds nothing."""
    record_args = {"priority_id", "procurement_id", "user_id"}
    checked = 0
    for rule in _rules(app):
        if "council_slug" not in rule.arguments or not record_args & rule.arguments:
            continue
        values = {**ids["B"], "council_slug": "hatherdale"}
        for method in METHODS:
            if method not in rule.methods:
                continue
            url = _url(rule, values)
            response = client.open(url, method=method)
            assert response.status_code == 404, f"{method} {url} answered {response.status_code}"
            checked += 1
    assert checked > 10


def test_a_viewer_cannot_change_anything(app, client_for, ids):
    viewer = client_for("hatherdale", "viewer")
    for rule in _rules(app):
        if "POST" not in rule.methods or rule.endpoint in SIGNED_IN_ACTIONS:
            continue
        url = _url(rule, ids["A"])
        response = viewer.post(url, data={"title": "Changed by a viewer"})
        assert response.status_code == 403, f"POST {url} answered {response.status_code}"
        assert "You cannot do this" in response.get_data(as_text=True)
        council_page = "council_slug" in rule.arguments
        if council_page and "GET" in rule.methods and rule.endpoint not in access.READABLE_FORMS:
            # A page that is only a form to change things is refused before anything is typed.
            assert viewer.get(url).status_code == 403, f"GET {url} opened for a viewer"
    page = viewer.get(f"/hatherdale/priorities/{ids['A']['priority_id']}").get_data(as_text=True)
    assert "/edit" not in page and "/archive" not in page
    assert "Add a priority" not in viewer.get("/hatherdale/priorities/").get_data(as_text=True)


def test_only_admins_manage_people(client_for):
    commissioner = client_for("hatherdale", "commissioner")
    assert commissioner.get("/hatherdale/admin/people").status_code == 403
    assert commissioner.get("/hatherdale/admin/export.json").status_code == 403
    assert commissioner.get("/hatherdale/priorities/new").status_code == 200
    page = client_for("hatherdale", "admin").get("/hatherdale/admin/people").get_data(as_text=True)
    assert "viewer@hatherdale.example" in page and "kilbrannan" not in page


def test_csrf_is_checked_on_every_form(app, client, ids):
    app.config["WTF_CSRF_ENABLED"] = True
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        url = _url(rule, ids["A"])
        response = client.post(url, data={"title": "No token"})
        assert response.status_code == 400, f"POST {url} answered {response.status_code}"


def test_sign_in_sign_out_and_next(anon_client):
    page = anon_client.get("/hatherdale/priorities/")
    assert page.headers["Location"] == "/sign-in?next=/hatherdale/priorities/"
    form = anon_client.get(page.headers["Location"]).get_data(as_text=True)
    assert 'value="/hatherdale/priorities/"' in form
    wrong = anon_client.post(
        "/sign-in", data={"email": "admin@hatherdale.example", "password": "wrong password!"}
    )
    assert wrong.status_code == 400
    assert "Enter a correct email address and password" in wrong.get_data(as_text=True)
    right = anon_client.post(
        "/sign-in",
        data={
            "email": "Admin@Hatherdale.example",
            "password": "correct horse battery staple",
            "next": "/hatherdale/priorities/",
        },
    )
    assert right.headers["Location"] == "/hatherdale/priorities/"
    assert anon_client.get("/hatherdale/priorities/").status_code == 200
    anon_client.post("/sign-out")
    assert anon_client.get("/hatherdale/priorities/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_sign_in_never_sends_you_to_another_site(anon_client, target):
    response = anon_client.post(
        "/sign-in",
        data={
            "email": "admin@hatherdale.example",
            "password": "correct horse battery staple",
            "next": target,
        },
    )
    assert response.headers["Location"] == "/hatherdale/"


@pytest.mark.parametrize(
    "target",
    ["/hatherdale/\r\nSet-Cookie: session=stolen", "/hatherdale/\n", "/hatherdale/\x00", "/\t/x"],
)
def test_a_next_with_a_line_break_signs_in_and_goes_home_safely(anon_client, target):
    form = anon_client.get("/sign-in", query_string={"next": target})
    assert form.status_code == 200
    response = anon_client.post(
        "/sign-in",
        data={
            "email": "admin@hatherdale.example",
            "password": "correct horse battery staple",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/hatherdale/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")
    assert anon_client.get("/hatherdale/priorities/").status_code == 200


def test_sign_in_is_rate_limited(app, anon_client):
    app.config["SIGN_IN_LIMIT"] = "3 per minute"
    data = {"email": "admin@hatherdale.example", "password": "not the password"}
    codes = [anon_client.post("/sign-in", data=data).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    page = anon_client.post("/sign-in", data=data).get_data(as_text=True)
    assert "Too many attempts" in page


def test_first_run_creates_the_council_and_its_admin(tmp_path):
    from specifier import create_app
    from specifier.db import connect, migrate

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "new.db"), "SECRET_KEY": "t"})
    app.config["WTF_CSRF_ENABLED"] = False
    db = connect(app.config["DATABASE"])
    migrate(db)
    db.close()
    client = app.test_client()
    assert client.get("/").headers["Location"] == "/first-run"
    assert client.get("/sign-in").headers["Location"] == "/first-run"
    bad = client.post("/first-run", data={"council_name": "", "password": "short"})
    assert bad.status_code == 400
    for message in ("Enter your council", "Select the nation", "Password must be 12"):
        assert message in bad.get_data(as_text=True)
    done = client.post(
        "/first-run",
        data={
            "council_name": "Barrowmere Borough Council",
            "nation": "England",
            "email": "lead@barrowmere.example",
            "password": "three random words here",
            "confirm_password": "three random words here",
        },
    )
    assert done.status_code == 302
    slug = re.match(r"/([^/]+)/", done.headers["Location"]).group(1)
    expected = "/setup/" if "wizard.index" in app.view_functions else "/"
    assert done.headers["Location"] == f"/{slug}{expected}"
    assert client.get(f"/{slug}/priorities/").status_code == 200
    assert client.get(f"/{slug}/admin/people").status_code == 200
    assert app.test_client().get("/first-run").status_code == 404


def test_security_headers_and_nonce(client):
    response = client.get("/hatherdale/")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for part in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    page = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all(f'nonce="{nonce}"' in s or "src=" in s for s in scripts)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/hatherdale/").headers["Content-Security-Policy"] != csp  # fresh nonce


def test_session_cookie_flags(anon_client):
    response = anon_client.post(
        "/sign-in",
        data={"email": "admin@hatherdale.example", "password": "correct horse battery staple"},
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_whoever_creates_a_council_from_any_page_becomes_its_admin(app, client_for, db):
    """Creating further councils is an admin's action; the creator administers the new one."""

    def create():
        from specifier.web.db import get_db

        record = councils.clean({"name": "New Council", "slug": "new-council", "nation": "Wales"})
        councils.create(get_db(), record)
        return "", 302, {"Location": "/new-council/"}

    app.add_url_rule("/make-council", "make_council", create, methods=["POST"])
    viewer = client_for("hatherdale", "viewer")
    assert viewer.post("/make-council").status_code == 403
    assert councils.get_by_slug(db, "new-council") is None
    admin = client_for("kilbrannan", "admin")
    assert admin.post("/make-council").status_code == 302
    assert admin.get("/new-council/admin/people").status_code == 200
    assert client_for("hatherdale", "admin").get("/new-council/").status_code == 404


def test_a_viewer_is_offered_nothing_it_may_not_do(client_for, db, monkeypatch):
    """Crawl what a viewer can reach: no link or form on it may lead to a refusal."""
    # The matching pages would start embedding in a thread the test would leave running.
    monkeypatch.setattr(service, "start_build", lambda open_db, council_id: None)
    viewer = client_for("hatherdale", "viewer")
    council = councils.get_by_slug(db, "hatherdale")
    seen, queue, refused = set(), ["/hatherdale/"], []
    while queue and len(seen) < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = viewer.get(url)
        if response.status_code == 403:
            refused.append(url)
            continue
        if response.status_code != 200 or "html" not in response.mimetype:
            continue
        tree = lxml.html.fromstring(response.get_data(as_text=True))
        for form in tree.xpath("//form[@method='post' or @method='POST']"):
            action = form.get("action") or url
            if action.startswith("/hatherdale/"):  # not signing out, which anyone may
                refused.append(f"{url} (a form that changes {action})")
        for href in tree.xpath("//a/@href"):
            path = href.split("#")[0].split("?")[0]
            if path.startswith("/hatherdale/") and path not in seen:
                queue.append(path)
    assert council and not refused, "\n".join(refused)
    assert len(seen) > 40  # the crawl reached the register, catalogue and specifications


def test_removing_someones_access_asks_first(client_for, db):
    admin = client_for("hatherdale", "admin")
    viewer = db.execute(
        "SELECT id FROM users WHERE email = ?", ["viewer@hatherdale.example"]
    ).fetchone()[0]
    people = admin.get("/hatherdale/admin/people").get_data(as_text=True)
    assert f'href="/hatherdale/admin/people/{viewer}/remove"' in people
    assert "Last signed in here" in people
    ask = admin.get(f"/hatherdale/admin/people/{viewer}/remove").get_data(as_text=True)
    assert "Remove access for viewer@hatherdale.example?" in ask
    council = councils.get_by_slug(db, "hatherdale")
    assert [m for m in users.members(db, council["id"]) if m["id"] == viewer]  # not yet
    admin.post(f"/hatherdale/admin/people/{viewer}", data={"action": "remove"})
    assert not [m for m in users.members(db, council["id"]) if m["id"] == viewer]
    assert admin.get("/hatherdale/admin/people/999999/remove").status_code == 404


def test_the_last_admin_cannot_be_removed_and_is_told_so_as_a_warning(client_for, db):
    admin = client_for("hatherdale", "admin")
    me = db.execute("SELECT id FROM users WHERE email = ?", ["admin@hatherdale.example"]).fetchone()
    page = admin.post(
        f"/hatherdale/admin/people/{me[0]}", data={"action": "remove"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "must keep at least one admin" in page
    assert "govuk-notification-banner--success" not in page


def test_a_form_lasts_as_long_as_the_session(app):
    """A long wizard or clause edit must not fail on an expired form token while signed in."""
    assert app.config["WTF_CSRF_TIME_LIMIT"] == app.config["PERMANENT_SESSION_LIFETIME"]


def test_a_refused_change_leaves_no_audit_entry_and_a_real_one_says_what_changed(client_for, db):
    """Refusing to demote the only admin is not a change; changing a role is logged readably."""
    admin = client_for("hatherdale", "admin")
    council = councils.get_by_slug(db, "hatherdale")
    me = users.get_by_email(db, "admin@hatherdale.example")["id"]
    before = audit.for_council(db, council["id"])
    refused = admin.post(
        f"/hatherdale/admin/people/{me}", data={"action": "role", "role": "viewer"}
    )
    assert refused.status_code == 302
    assert audit.for_council(db, council["id"]) == before
    viewer = users.get_by_email(db, "viewer@hatherdale.example")["id"]
    admin.post(f"/hatherdale/admin/people/{viewer}", data={"action": "role", "role": "viewer"})
    assert audit.for_council(db, council["id"]) == before  # already a viewer: nothing changed
    admin.post(
        f"/hatherdale/admin/people/{viewer}", data={"action": "role", "role": "commissioner"}
    )
    entry = audit.for_council(db, council["id"])[0]
    assert (entry["entity"], entry["action"], entry["summary"]) == (
        "member",
        "role changed from viewer to commissioner",
        "viewer@hatherdale.example",
    )


def test_the_audit_log_shows_times_readably_and_keeps_the_exact_one(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    for at in ("2026-11-26T14:40:08Z", "2026-11-27T00:00:00Z", "2026-11-27T12:05:00Z"):
        db.table("audit_log").insert(
            {
                "council_id": council["id"],
                "user_email": "admin@hatherdale.example",
                "entity": "match",
                "entity_id": "24/ENV-06",
                "action": "accepted",
                "summary": "ENV-06 accepted for Clean air",
                "at": at,
            }
        )
    page = client.get("/hatherdale/admin/audit").get_data(as_text=True)
    assert '<time datetime="2026-11-26T14:40:08Z">26 November 2026, 2:40pm UTC</time>' in page
    assert ">27 November 2026, midnight UTC</time>" in page
    assert ">27 November 2026, 12:05pm UTC</time>" in page
    assert "ENV-06 accepted for Clean air" in page
    assert 'tabindex="0" role="region" aria-label="Changes to Hatherdale Council' in page


def test_an_empty_audit_log_says_so(client, db):
    db.execute("DELETE FROM audit_log")
    page = client.get("/hatherdale/admin/audit").get_data(as_text=True)
    assert "No changes to Hatherdale" in page and "have been recorded yet" in page
    assert "<table" not in page and "The newest 0" not in page
