"""Adding a person is an invitation they accept, and reveals nothing about other councils."""

import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from conftest import TEST_PASSWORD

from specifier.accounts import invitations, users
from specifier.councils import councils

NEW_PASSWORD = "kettle orchard lantern"  # noqa: S105 - a test password


def _invite(client, email, role="commissioner", slug="hatherdale"):
    return client.post(f"/{slug}/admin/people/new", data={"email": email, "role": role})


def _link(response):
    """The invitation link on the page an admin sees after inviting someone, as a path."""
    found = re.search(r'<code id="invitation-link">([^<]+)</code>', response.get_data(as_text=True))
    assert found, "no invitation link on the page"
    parts = urlsplit(found.group(1).replace("&amp;", "&"))
    return f"{parts.path}?{parts.query}"


def _council_id(db, slug):
    return councils.get_by_slug(db, slug)["id"]


def _sign_in(client, email, password=TEST_PASSWORD):
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302
    return response


def test_inviting_answers_alike_whether_or_not_the_email_has_an_account(client, db):
    """Someone who signs in to another council, and someone unknown: the same page."""
    elsewhere = _invite(client, "admin@kilbrannan.example")
    unknown = _invite(client, "nobody@example.org")
    assert elsewhere.status_code == unknown.status_code == 200

    def neutral(response, email):
        page = response.get_data(as_text=True)
        page = page.replace(_link(response).split("token=")[1], "TOKEN").replace(email, "EMAIL")
        return re.sub(r'(name="csrf_token" value|nonce)="[^"]*"', "", page)

    assert neutral(elsewhere, "admin@kilbrannan.example") == neutral(unknown, "nobody@example.org")
    assert "Kilbrannan" not in elsewhere.get_data(as_text=True)
    # Nobody was added and no account was made: each is only invited.
    hatherdale = _council_id(db, "hatherdale")
    kilbrannan_admin = users.get_by_email(db, "admin@kilbrannan.example")
    assert hatherdale not in users.memberships(db, kilbrannan_admin["id"])
    assert users.get_by_email(db, "nobody@example.org") is None
    people = client.get("/hatherdale/admin/people").get_data(as_text=True)
    assert "Invited, not yet accepted" in people
    assert "admin@kilbrannan.example" in people and "nobody@example.org" in people
    assert "Demo admin" not in people


def test_the_invite_page_never_looks_an_account_up(client, db, monkeypatch):
    """Whether an email has an account is never asked, so nothing (timing included) can differ."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("Add person looked up an account by email")

    monkeypatch.setattr(users, "get_by_email", refuse)
    assert _invite(client, "admin@kilbrannan.example").status_code == 200
    assert _invite(client, "nobody@example.org").status_code == 200


def test_someone_already_here_is_not_invited_again(client):
    response = _invite(client, "viewer@hatherdale.example")
    assert response.status_code == 400
    assert "viewer@hatherdale.example already has access here: change their role on People" in (
        response.get_data(as_text=True)
    )


def test_a_new_person_sets_their_name_and_password_from_the_link(app, client, db):
    link = _link(_invite(client, "new.person@example.org", "viewer"))
    visitor = app.test_client()
    page = visitor.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Join Hatherdale Council" in text and "as viewer" in text
    assert "new.person@example.org" in text
    refused = visitor.post(link, data={"name": "", "password": "short", "confirm_password": "x"})
    assert refused.status_code == 400
    assert "Enter your name" in refused.get_data(as_text=True)
    joined = visitor.post(
        link,
        data={"name": "New Person", "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert joined.status_code == 302 and joined.headers["Location"] == "/hatherdale/"
    assert visitor.get("/hatherdale/").status_code == 200  # signed in as them
    account = users.get_by_email(db, "new.person@example.org")
    assert account["name"] == "New Person"
    assert users.memberships(db, account["id"]) == {_council_id(db, "hatherdale"): "viewer"}
    # The link works once.
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "This invitation link does not work" in again.get_data(as_text=True)
    log = client.get("/hatherdale/admin/audit").get_data(as_text=True)
    assert "Invited as viewer" in log and "Accepted an invitation as viewer" in log


def test_an_existing_account_accepts_after_signing_in(app, client, db):
    link = _link(_invite(client, "admin@kilbrannan.example", "commissioner"))
    person = app.test_client()
    page = person.get(link).get_data(as_text=True)
    assert "If you already use this service" in page
    # Signing in from the link comes back to it; signing in anyway lists the invitation.
    signed_in = person.post(
        "/sign-in",
        data={"email": "admin@kilbrannan.example", "password": TEST_PASSWORD, "next": link},
    )
    assert signed_in.headers["Location"] == link
    accept = person.get(link).get_data(as_text=True)
    assert "Accept and join Hatherdale Council" in accept
    other = app.test_client()
    assert _sign_in(other, "admin@kilbrannan.example").headers["Location"] == "/invitations/"
    listing = other.get("/invitations/").get_data(as_text=True)
    assert "Hatherdale Council" in listing and "Commissioner" in listing
    [pending] = invitations.pending_for_email(db, "admin@kilbrannan.example")
    response = other.post(f"/invitations/{pending['id']}")
    assert response.status_code == 302 and response.headers["Location"] == "/hatherdale/"
    account = users.get_by_email(db, "admin@kilbrannan.example")
    assert users.memberships(db, account["id"])[_council_id(db, "hatherdale")] == "commissioner"
    assert other.post(f"/invitations/{pending['id']}").status_code == 404  # once only
    assert person.get(link).status_code == 404
    assert "no invitations waiting" in other.get("/invitations/").get_data(as_text=True)


def test_an_existing_email_cannot_make_a_second_account_from_the_link(app, client, db):
    link = _link(_invite(client, "admin@kilbrannan.example"))
    visitor = app.test_client()
    response = visitor.post(
        link, data={"name": "Impostor", "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is already an account for admin@kilbrannan.example" in page
    assert visitor.get("/hatherdale/").status_code == 302  # not signed in
    assert users.authenticate(db, "admin@kilbrannan.example", NEW_PASSWORD) is None
    assert invitations.pending_for_email(db, "admin@kilbrannan.example")  # still to accept


def test_another_account_cannot_accept_someone_elses_invitation(app, client, db):
    link = _link(_invite(client, "admin@kilbrannan.example"))
    [pending] = invitations.pending_for_email(db, "admin@kilbrannan.example")
    stranger = app.test_client()
    _sign_in(stranger, "viewer@cwm-aderyn.example")
    assert "a different email address" in stranger.get(link).get_data(as_text=True)
    assert stranger.post(f"/invitations/{pending['id']}").status_code == 404
    assert invitations.pending_for_email(db, "admin@kilbrannan.example")


def test_tokens_are_random_kept_hashed_and_expire(app, client, db):
    first = _link(_invite(client, "a@example.org"))
    second = _link(_invite(client, "b@example.org"))
    tokens = [link.split("token=")[1] for link in (first, second)]
    assert tokens[0] != tokens[1] and all(len(t) >= 43 for t in tokens)
    stored = [r[0] for r in db.execute("SELECT token_hash FROM invitations")]
    assert not set(tokens) & set(stored)
    db.execute("UPDATE invitations SET expires_at = datetime('now', '-1 minute')")
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get("/invitations/accept?token=guess").status_code == 404
    assert "Invited, not yet accepted" not in client.get("/hatherdale/admin/people").get_data(
        as_text=True
    )


def test_inviting_again_replaces_the_earlier_link(app, client):
    old = _link(_invite(client, "a@example.org", "viewer"))
    new = _link(_invite(client, "a@example.org", "admin"))
    assert app.test_client().get(old).status_code == 404
    assert "as admin" in app.test_client().get(new).get_data(as_text=True)


def test_an_admin_withdraws_an_invitation(app, client, db, client_for):
    link = _link(_invite(client, "a@example.org"))
    [pending] = invitations.pending_for_council(db, _council_id(db, "hatherdale"))
    other_admin = client_for("kilbrannan", "admin")
    url = f"/hatherdale/admin/people/invitations/{pending['id']}/withdraw"
    assert other_admin.post(url).status_code == 404
    assert (
        other_admin.post(
            f"/kilbrannan/admin/people/invitations/{pending['id']}/withdraw"
        ).status_code
        == 404
    )
    response = client.post(url, follow_redirects=True)
    assert "The invitation for a@example.org has been withdrawn" in response.get_data(as_text=True)
    assert app.test_client().get(link).status_code == 404


def _last_signed_in_here(client, email):
    """The "Last signed in here" of one person's card on Hatherdale's People page."""
    tree = lxml.html.fromstring(client.get("/hatherdale/admin/people").get_data(as_text=True))
    [card] = [
        c
        for c in tree.xpath("//div[contains(concat(' ', @class, ' '), ' govuk-summary-card ')]")
        if c.xpath("string(.//h3)").strip() == email
    ]
    [value] = card.xpath(".//div[dt[normalize-space() = 'Last signed in here']]/dd[1]")
    return " ".join(value.text_content().split())


def test_people_shows_only_sign_ins_to_this_council(app, client, db):
    """Someone who also belongs elsewhere: their sign-ins there never show here."""
    email = "admin@kilbrannan.example"
    _link(_invite(client, email, "viewer"))
    person = app.test_client()
    _sign_in(person, email)
    [pending] = invitations.pending_for_email(db, email)
    person.post(f"/invitations/{pending['id']}")
    person.get("/kilbrannan/")  # using the other council is not shown at Hatherdale
    assert _last_signed_in_here(client, email) == "Never"
    person.get("/hatherdale/")
    first = _last_signed_in_here(client, email)
    assert first.endswith("UTC")
    again = app.test_client()  # a new session, used only in Kilbrannan
    _sign_in(again, email)
    again.get("/kilbrannan/priorities/")
    assert _last_signed_in_here(client, email) == first
    assert (
        db.execute(
            "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id"
            " WHERE u.email = ? AND m.last_signed_in_at IS NOT NULL",
            [email],
        ).fetchone()[0]
        == 2
    )


def test_create_user_still_works_for_whoever_runs_the_installation(runner, db):
    result = runner.invoke(
        args=["create-user", "ops@example.org", "--council", "hatherdale", "--role", "viewer"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    account = users.get_by_email(db, "ops@example.org")
    assert users.memberships(db, account["id"]) == {_council_id(db, "hatherdale"): "viewer"}


@pytest.mark.parametrize("role", ["commissioner", "viewer"])
def test_only_admins_invite(client_for, role):
    assert _invite(client_for("hatherdale", role), "a@example.org").status_code == 403
