"""Signing in and out, roles and someone else's edit, in a real browser with axe."""

import re

import pytest
from conftest import TEST_PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_sign_in_with_a_mistake_then_sign_out(page, live_server, check_a11y):
    page.goto(f"{live_server}/kilbrannan/priorities/")
    expect(page).to_have_title(re.compile("^Sign in"))
    check_a11y(page)
    page.get_by_label("Email address").fill("admin@kilbrannan.example")
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password"
    )
    check_a11y(page)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priorities register")
    page.goto(f"{live_server}/hatherdale/priorities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.goto(f"{live_server}/kilbrannan/admin/people")
    expect(page.get_by_role("heading", level=1)).to_have_text("People and roles")
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    page.goto(f"{live_server}/kilbrannan/priorities/")
    expect(page).to_have_title(re.compile("^Sign in"))


def test_a_viewer_reads_but_sees_no_edit_buttons(signed_in_page, live_server, check_a11y):
    page = signed_in_page("cwm-aderyn", "viewer")
    page.get_by_role("link", name="Priorities", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priorities register")
    expect(page.get_by_role("button", name="Add a priority")).to_have_count(0)
    page.locator("main table a").first.click()
    expect(page.get_by_role("button", name="Edit priority")).to_have_count(0)
    check_a11y(page)


def test_two_people_edit_one_clause(browser, live_server, check_a11y, signed_in_page):
    """The second save shows the first person's text and keeps the second person's."""
    first = signed_in_page("hatherdale", "commissioner")
    first.goto(f"{live_server}/hatherdale/procurements/new")
    first.get_by_label("Contract title").fill("Library cleaning")
    first.get_by_label("What will the contract buy?").fill("Cleaning the borough's libraries.")
    first.get_by_label("Services").check()
    first.get_by_label("Estimated value in pounds").fill("600000")
    first.get_by_label("Duration in months").fill("36")
    first.get_by_role("button", name="Save and find outcomes").click()
    first.locator("input[name=codes]").first.check()
    first.get_by_role("button", name="Use these outcomes").click()
    spec_url = first.url
    first.get_by_role("link", name="Edit clause 1.1").click()
    clause_url = first.url

    context = browser.new_context()
    second = context.new_page()
    second.goto(f"{live_server}/sign-in")
    second.get_by_label("Email address").fill("admin@hatherdale.example")
    second.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    second.get_by_role("button", name="Sign in").click()
    second.goto(clause_url)
    second.get_by_label("Clause wording").fill("Second person's wording.")

    first.get_by_label("Clause wording").fill("First person's wording.")
    first.get_by_role("button", name="Save clause").click()
    expect(first.locator(".govuk-notification-banner")).to_contain_text("Clause 1.1 saved")

    second.get_by_role("button", name="Save clause").click()
    summary = second.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Someone else changed clause 1.1")
    expect(second.locator("#their-version")).to_contain_text("First person's wording.")
    expect(second.locator("#their-version")).to_contain_text("commissioner@hatherdale.example")
    expect(second.get_by_label("Clause wording")).to_have_value("Second person's wording.")
    check_a11y(second)
    second.get_by_role("button", name="Save clause").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("Clause 1.1 saved")
    assert second.url.startswith(spec_url)
    context.close()


def _on_one_line_and_level(controls):
    """Assert each control's text sits on one line, all of them level with the first."""
    boxes = [control.bounding_box() for control in controls.all()]
    assert boxes, "nothing to check"
    for control, box in zip(controls.all(), boxes, strict=True):
        lines = control.evaluate(
            "e => { const s = getComputedStyle(e);"
            " const inner = e.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);"
            " return (e.clientHeight ? inner : e.getBoundingClientRect().height)"
            " / parseFloat(s.lineHeight); }"
        )
        assert lines < 1.5, f"{control.inner_text()!r} wraps onto {lines:.1f} lines"
        assert abs(box["y"] - boxes[0]["y"]) < 2, f"not level: {boxes}"


def test_people_and_audit_log_fit_a_phone(page, signed_in_page, live_server, check_a11y):
    """At 375px nothing spills sideways, and the audit log scrolls in a focusable region."""
    page.set_viewport_size({"width": 375, "height": 800})
    signed_in_page("kilbrannan")
    page.goto(f"{live_server}/kilbrannan/admin/people")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    check_a11y(page)
    page.get_by_role("button", name="Make commissioner (viewer@kilbrannan.example)").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "viewer@kilbrannan.example is now commissioner"
    )
    page.get_by_role("button", name="Make viewer (viewer@kilbrannan.example)").click()
    page.get_by_role("link", name="Audit log: who changed what, and when").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.locator("main time").first).to_have_text(
        re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d\d)?[ap]m|midnight|midday) UTC$")
    )
    check_a11y(page)


def test_each_persons_actions_line_up_on_a_desktop(page, signed_in_page, live_server):
    """At 1280px no action wraps mid-phrase, and each person's links and buttons are level."""
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in_page("kilbrannan")
    page.goto(f"{live_server}/kilbrannan/admin/people")
    expect(page.locator(".govuk-summary-card")).to_have_count(3)
    for card in page.locator(".govuk-summary-card").all():
        _on_one_line_and_level(card.locator(".govuk-summary-card__actions a"))
        _on_one_line_and_level(card.get_by_role("button"))


def test_an_admin_sets_a_new_password_for_someone(page, signed_in_page, live_server, check_a11y):
    """A mistake first, then a password the person signs in with; every page passes axe."""
    new_password = "kettle orchard lantern"  # noqa: S105 - a test password
    signed_in_page("kilbrannan")
    page.goto(f"{live_server}/kilbrannan/admin/people")
    page.get_by_role("link", name="Change your password (admin@kilbrannan.example)").click()
    page.get_by_role("button", name="Change password").click()
    expect(page).to_have_title(re.compile("^Error: Change your password"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your current password")
    check_a11y(page)
    page.goto(f"{live_server}/kilbrannan/admin/people")
    page.get_by_role("link", name="Set a new password (viewer@kilbrannan.example)").click()
    expect(page).to_have_title(re.compile("^Set a new password for viewer@kilbrannan.example"))
    check_a11y(page)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm the new password").fill("short")
    page.get_by_role("button", name="Set new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Password must be 12 characters or more"
    )
    check_a11y(page)
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Confirm the new password").fill(new_password)
    page.get_by_role("button", name="Set new password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "viewer@kilbrannan.example has a new, temporary password"
    )
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email address").fill("viewer@kilbrannan.example")
    page.get_by_label("Password", exact=True).fill(new_password)
    page.get_by_role("button", name="Sign in").click()
    # The password an admin set is temporary: the viewer chooses their own before anything else.
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The password you were given is temporary"
    )
    check_a11y(page)
    own_password = "a chosen and quite long passphrase"
    page.get_by_label("Current password").fill(new_password)
    page.get_by_label("New password", exact=True).fill(own_password)
    page.get_by_label("Confirm your new password").fill(own_password)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kilbrannan Council")


def test_an_admin_invites_someone_new_who_joins_from_the_link(
    browser, page, signed_in_page, live_server, check_a11y
):
    """Mistakes first on each form; every page passes axe; the link works once."""
    signed_in_page("cwm-aderyn")
    page.goto(f"{live_server}/cwm-aderyn/admin/people")
    page.get_by_role("button", name="Invite a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a person")
    check_a11y(page)
    page.get_by_role("button", name="Create invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a role")
    check_a11y(page)
    page.get_by_label("Email address").fill("new.colleague@example.org")
    page.get_by_label(re.compile("Commissioner:")).check()
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation created")
    check_a11y(page)
    link = page.locator("#invitation-link").inner_text()
    assert link.startswith(f"{live_server}/invitations/accept?token=")

    context = browser.new_context()
    visitor = context.new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Join Cwm Aderyn County Borough Council"
    )
    check_a11y(visitor)
    visitor.get_by_label("Your name").fill("New Colleague")
    visitor.get_by_label("Create a password").fill("kettle orchard lantern")
    visitor.get_by_label("Confirm your password").fill("kettle orchard lantern!")
    visitor.get_by_role("button", name="Create account and accept").click()
    expect(visitor.locator(".govuk-error-summary")).to_contain_text("Passwords must match")
    check_a11y(visitor)
    visitor.get_by_label("Create a password").fill("kettle orchard lantern")
    visitor.get_by_label("Confirm your password").fill("kettle orchard lantern")
    visitor.get_by_role("button", name="Create account and accept").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Cwm Aderyn County Borough Council"
    )
    expect(visitor.locator(".govuk-notification-banner")).to_contain_text(
        "You have joined Cwm Aderyn County Borough Council as commissioner"
    )
    context.close()

    again = browser.new_context().new_page()
    again.goto(link)
    expect(again.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")
    check_a11y(again)
    page.goto(f"{live_server}/cwm-aderyn/admin/people")
    expect(
        page.locator(".govuk-summary-card", has_text="new.colleague@example.org")
    ).to_contain_text("Commissioner")
    check_a11y(page)


def test_someone_with_an_account_accepts_after_signing_in(
    browser, page, signed_in_page, live_server, check_a11y
):
    signed_in_page("cwm-aderyn")
    page.goto(f"{live_server}/cwm-aderyn/admin/people/new")
    page.get_by_label("Email address").fill("commissioner@kilbrannan.example")
    page.get_by_label(re.compile("Viewer:")).check()
    page.get_by_role("button", name="Create invitation").click()
    page.goto(f"{live_server}/cwm-aderyn/admin/people")
    expect(page.get_by_role("heading", name="Invited, not yet accepted")).to_be_visible()
    check_a11y(page)

    person = browser.new_context().new_page()
    person.goto(f"{live_server}/sign-in")
    person.get_by_label("Email address").fill("commissioner@kilbrannan.example")
    person.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    person.get_by_role("button", name="Sign in").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Your invitations")
    check_a11y(person)
    person.get_by_role(
        "button", name="Accept the invitation to Cwm Aderyn County Borough Council"
    ).click()
    expect(person.locator(".govuk-notification-banner")).to_contain_text(
        "You have joined Cwm Aderyn County Borough Council as viewer"
    )
