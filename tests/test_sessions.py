"""Sessions really end: signing out ends them server-side, and no session outlives its limits."""

import time
from datetime import timedelta

from conftest import TEST_PASSWORD


def _sign_in(client, email="admin@hatherdale.example"):
    response = client.post("/sign-in", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _banner(client):
    return client.get("/sign-in").get_data(as_text=True)


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app):
    owner = _sign_in(app.test_client())
    assert owner.get("/hatherdale/priorities/").status_code == 200
    copied = owner.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/hatherdale/priorities/").status_code == 200  # a copy works while signed in

    owner.post("/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/hatherdale/priorities/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/hatherdale/priorities/"
    assert "You signed out, so this session has ended. Sign in again." in _banner(thief)
    assert thief.post("/hatherdale/priorities/new", data={"title": "x"}).status_code == 302


def test_signing_out_ends_every_session_of_the_account(app):
    laptop = _sign_in(app.test_client())
    phone = _sign_in(app.test_client())
    colleague = _sign_in(app.test_client(), "commissioner@hatherdale.example")
    laptop.post("/sign-out")
    assert phone.get("/hatherdale/").status_code == 302
    assert colleague.get("/hatherdale/").status_code == 200  # another account is not affected
    again = _sign_in(app.test_client())  # and signing in again works at once
    assert again.get("/hatherdale/").status_code == 200


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(app):
    client = _sign_in(app.test_client())
    limit = app.config["SESSION_ABSOLUTE_LIFETIME"]
    assert limit == 12 * 60 * 60
    with client.session_transaction() as session:
        session["signed_in_at"] -= limit - 60  # a minute to go: still fine
    assert client.get("/hatherdale/").status_code == 200
    with client.session_transaction() as session:
        session["signed_in_at"] -= 120
    response = client.post("/hatherdale/priorities/new", data={"title": "Late"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
    banner = _banner(client)
    assert "You have been signed in for 12 hours, the longest a session lasts. Sign in again." in (
        banner
    )
    assert "What you were saving was not saved" in banner


def test_a_session_without_its_sign_in_time_ends(app):
    client = _sign_in(app.test_client())
    with client.session_transaction() as session:
        del session["signed_in_at"]
    assert client.get("/hatherdale/").status_code == 302


def test_an_idle_session_ends_after_the_idle_limit(app):
    """The idle limit is the signed cookie's age, checked by the server (not the browser)."""
    assert app.config["PERMANENT_SESSION_LIFETIME"] == 8 * 60 * 60
    client = _sign_in(app.test_client())
    cookie = client.get_cookie("session").value
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    time.sleep(2.1)
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/hatherdale/").status_code == 302
