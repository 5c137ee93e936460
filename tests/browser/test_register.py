"""The priorities register as a council officer uses it, in a real browser, with axe checks."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_add_a_priority_meet_an_error_fix_it_and_find_it(signed_in_page, live_server, check_a11y):
    page = signed_in_page("hatherdale")
    page.goto(live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hatherdale Council")
    check_a11y(page)
    page.get_by_role("link", name="View the priorities register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priorities register")
    check_a11y(page)

    page.get_by_role("button", name="Add a priority").click()
    expect(page).to_have_title(re.compile("^Add a priority"))
    check_a11y(page)
    page.get_by_label("What does the council want to change, and why?").fill(
        "Older people in Millbank tell us they go days without speaking to anyone."
    )
    page.get_by_role("button", name="Save priority").click()

    expect(page).to_have_title(re.compile("^Error: Add a priority"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a title for the priority")
    expect(summary).to_contain_text("Select a theme")
    check_a11y(page)

    summary.get_by_role("link", name="Enter a title for the priority").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type("Fewer lonely older people in Millbank")
    page.get_by_label("Communities").check()
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save priority").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Priority added: Fewer lonely older people in Millbank"
    )
    check_a11y(page)
    page.get_by_role("link", name="Back to the register").click()
    page.get_by_label("Search").fill("lonely older")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Fewer lonely older people in Millbank")).to_be_visible()
    check_a11y(page)


def test_catalogue_search_and_measure_page(signed_in_page, live_server, check_a11y):
    page = signed_in_page("hatherdale")
    page.goto(f"{live_server}/hatherdale/catalogue/")
    check_a11y(page)
    page.get_by_label("Search measures").fill("apprenticeships")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("matching “apprenticeships”")
    page.locator("main ul.govuk-list a").first.click()
    expect(page.get_by_text("Evidence required")).to_be_visible()
    check_a11y(page)


def test_not_found_page_is_accessible(signed_in_page, live_server, check_a11y):
    page = signed_in_page("hatherdale")
    page.goto(f"{live_server}/nowhere/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_a11y(page)
