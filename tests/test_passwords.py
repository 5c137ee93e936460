"""Passwords: changing your own, an admin setting a new one, and the sessions that end."""

import pytest
from conftest import TEST_PASSWORD, email_for

from specifier import audit
from specifier.accounts import users
from specifier.councils import councils

NEW_PASSWORD = "a fresh and unusual passphrase"  # noqa: S105 - a test password


def _id(db, slug, role):
    return users.get_by_email(db, email_for(slug, role))["id"]


def _signed_in(app, slug="hatherdale", role="admin"):
    """A client signed in through the sign-in page, as a person would be."""
    client = app.test_client()
    response = client.post(
        "/sign-in", data={"email": email_for(slug, role), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def _log(db, slug):
    return audit.for_council(db, councils.get_by_slug(db, slug)["id"])


def test_an_admin_sets_a_new_password_for_someone_in_their_council(client, db):
    viewer = _id(db, "hatherdale", "viewer")
    people = client.get("/hatherdale/admin/people").get_data(as_text=True)
    assert f'href="/hatherdale/admin/people/{viewer}/password"' in people
    url = f"/hatherdale/admin/people/{viewer}/password"
    assert "Set a new password for viewer@hatherdale.example" in client.get(url).get_data(
        as_text=True
    )
    mismatch = client.post(url, data={"password": NEW_PASSWORD, "confirm_password": "other"})
    assert mismatch.status_code == 400
    assert "Passwords must match" in mismatch.get_data(as_text=True)
    weak = client.post(url, data={"password": "short", "confirm_password": "short"})
    assert "Password must be 12 characters or more" in weak.get_data(as_text=True)
    before = len(_log(db, "hatherdale"))
    done = client.post(
        url,
        data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "viewer@hatherdale.example has a new, temporary password" in done.get_data(as_text=True)
    assert users.authenticate(db, "viewer@hatherdale.example", NEW_PASSWORD)
    assert not users.authenticate(db, "viewer@hatherdale.example", TEST_PASSWORD)
    log = _log(db, "hatherdale")
    assert len(log) == before + 1
    assert (log[0]["action"], log[0]["summary"]) == (
        "new password set",
        email_for("hatherdale", "viewer"),
    )
    assert not any(NEW_PASSWORD in str(entry) for entry in log)


def test_an_admin_cannot_take_over_an_account_that_signs_in_elsewhere(client, db):
    """Someone with access to another council keeps their password unless that council's admin is you too."""
    viewer = _id(db, "hatherdale", "viewer")
    users.grant(db, viewer, councils.get_by_slug(db, "kilbrannan")["id"], "viewer")
    url = f"/hatherdale/admin/people/{viewer}/password"
    people = client.get("/hatherdale/admin/people").get_data(as_text=True)
    assert url not in people
    assert f"/hatherdale/admin/people/{_id(db, 'hatherdale', 'commissioner')}/password" in people
    before = len(_log(db, "hatherdale"))
    for response in (
        client.get(url),
        client.post(url, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
    ):
        assert response.headers["Location"] == "/hatherdale/admin/people"
    page = client.get("/hatherdale/admin/people").get_data(as_text=True)
    assert "they can also sign in to a council you are not an admin of" in page
    assert users.authenticate(db, "viewer@hatherdale.example", TEST_PASSWORD)
    assert len(_log(db, "hatherdale")) == before
    # An admin of both councils may.
    admin = _id(db, "hatherdale", "admin")
    users.grant(db, admin, councils.get_by_slug(db, "kilbrannan")["id"], "admin")
    assert client.get(url).status_code == 200


def test_your_own_row_offers_changing_your_password_instead(client, db):
    me = _id(db, "hatherdale", "admin")
    people = client.get("/hatherdale/admin/people").get_data(as_text=True)
    assert 'href="/account/password"' in people
    assert f"/hatherdale/admin/people/{me}/password" not in people
    assert client.get(f"/hatherdale/admin/people/{me}/password").headers["Location"] == (
        "/account/password"
    )


def test_a_new_password_from_an_admin_signs_the_person_out_everywhere(app, client, db):
    viewer = _signed_in(app, "hatherdale", "viewer")
    assert viewer.get("/hatherdale/").status_code == 200
    url = f"/hatherdale/admin/people/{_id(db, 'hatherdale', 'viewer')}/password"
    client.post(url, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    response = viewer.get("/hatherdale/")
    assert response.headers["Location"] == "/sign-in?next=/hatherdale/"
    page = viewer.get("/sign-in").get_data(as_text=True)
    assert "Your password has been changed, so you have been signed out here." in page
    assert viewer.get("/hatherdale/").status_code == 302


def test_a_save_cut_short_by_a_password_change_says_so_and_returns_to_the_page(app, client, db):
    commissioner = _signed_in(app, "hatherdale", "commissioner")
    url = f"/hatherdale/admin/people/{_id(db, 'hatherdale', 'commissioner')}/password"
    client.post(url, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    response = commissioner.post("/hatherdale/priorities/new", data={"title": "Lost"})
    assert response.headers["Location"] == "/sign-in?next=/hatherdale/priorities/new"
    page = commissioner.get("/sign-in").get_data(as_text=True)
    assert "What you were saving was not saved: sign in and enter it again." in page


def test_changing_your_own_password_keeps_this_session_and_ends_the_others(app, db):
    here, elsewhere = _signed_in(app), _signed_in(app)
    page = here.get("/account/password")
    assert page.status_code == 200 and "Change your password" in page.get_data(as_text=True)
    wrong = here.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 400
    assert "Your current password is not correct" in wrong.get_data(as_text=True)
    refused = _log(db, "hatherdale")[0]
    assert (refused["action"], refused["summary"]) == (
        "password change refused",
        email_for("hatherdale"),
    )
    logged = len(_log(db, "hatherdale"))
    empty = here.post("/account/password", data={}).get_data(as_text=True)
    assert "Enter your current password" in empty and "govuk-error-summary" in empty
    assert len(_log(db, "hatherdale")) == logged  # no guess, nothing to record
    done = here.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert done.headers["Location"] == "/hatherdale/"
    assert here.get("/hatherdale/").status_code == 200
    assert elsewhere.get("/hatherdale/").headers["Location"] == "/sign-in?next=/hatherdale/"
    assert users.authenticate(db, email_for("hatherdale"), NEW_PASSWORD)
    entry = _log(db, "hatherdale")[0]
    assert (entry["action"], entry["summary"]) == ("password changed", email_for("hatherdale"))


@pytest.mark.parametrize("role", ["commissioner", "viewer"])
def test_anyone_signed_in_can_change_their_own_password(app, db, role):
    client = _signed_in(app, "hatherdale", role)
    header = client.get("/hatherdale/").get_data(as_text=True)
    assert 'href="/account/password">Change your password</a>' in header
    done = client.post(
        "/account/password",
        data={
            "current_password": TEST_PASSWORD,
            "password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert done.headers["Location"] == "/hatherdale/"
    assert client.get("/hatherdale/").status_code == 200
    assert users.authenticate(db, email_for("hatherdale", role), NEW_PASSWORD)


def test_a_session_that_never_had_a_password_stamp_ends(app, db):
    """Sessions from before stamps, or made any other way, cannot outlive a password change."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(_id(db, "hatherdale", "admin"))
        session["_fresh"] = True
    assert client.get("/hatherdale/").headers["Location"] == "/sign-in?next=/hatherdale/"
    assert "Your session has ended. Sign in again." in client.get("/sign-in").get_data(as_text=True)


def test_the_session_stamp_is_keyed_and_says_nothing_of_the_hash(app, db):
    client = _signed_in(app)
    with client.session_transaction() as session:
        stamp = session["password_stamp"]
    [row] = db.query(
        "SELECT password_hash FROM users WHERE id = ?", [_id(db, "hatherdale", "admin")]
    )
    assert stamp == users.password_stamp(row["password_hash"], app.config["SECRET_KEY"])
    assert stamp != users.password_stamp(row["password_hash"], "another secret")
    assert stamp not in row["password_hash"]


def test_a_new_password_from_an_admin_is_logged_in_each_of_the_persons_councils(client, db):
    viewer = _id(db, "hatherdale", "viewer")
    admin = _id(db, "hatherdale", "admin")
    for slug in ("kilbrannan", "cwm-aderyn"):
        council_id = councils.get_by_slug(db, slug)["id"]
        users.grant(db, viewer, council_id, "viewer")
        users.grant(db, admin, council_id, "admin")
    url = f"/hatherdale/admin/people/{viewer}/password"
    client.post(url, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    for slug in ("hatherdale", "kilbrannan", "cwm-aderyn"):
        entry = _log(db, slug)[0]
        assert (entry["action"], entry["summary"]) == (
            "new password set",
            email_for("hatherdale", "viewer"),
        )
        assert NEW_PASSWORD not in str(entry)


def test_the_sign_in_page_says_who_can_set_a_new_password(anon_client):
    page = anon_client.get("/sign-in").get_data(as_text=True)
    assert "If you have forgotten your password" in page
    assert "ask whoever runs this service" in page


def test_guessing_your_current_password_is_rate_limited_like_signing_in(app):
    app.config["SIGN_IN_LIMIT"] = "2 per minute"
    client = _signed_in(app)
    data = {
        "current_password": "a guess",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    codes = [client.post("/account/password", data=data).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_a_password_someone_else_set_is_replaced_before_anything_else(app, client, db):
    viewer = _id(db, "hatherdale", "viewer")
    url = f"/hatherdale/admin/people/{viewer}/password"
    client.post(url, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    person = app.test_client()
    person.post(
        "/sign-in", data={"email": email_for("hatherdale", "viewer"), "password": NEW_PASSWORD}
    )
    for page in ("/hatherdale/", "/hatherdale/priorities/", "/"):
        assert person.get(page).headers["Location"] == "/account/password"
    form = person.get("/account/password").get_data(as_text=True)
    assert "The password you were given is temporary. Choose your own to carry on." in form
    own = "my very own long passphrase"
    done = person.post(
        "/account/password",
        data={"current_password": NEW_PASSWORD, "password": own, "confirm_password": own},
    )
    assert done.headers["Location"] == "/hatherdale/"
    assert person.get("/hatherdale/").status_code == 200
    assert not users.get(db, viewer)["password_temporary"]
