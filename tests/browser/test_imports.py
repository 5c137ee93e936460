"""Importing a priorities file through the register's page, with the keyboard, checked by axe."""

import re

import pytest
from playwright.sync_api import expect

from .pages import Page

pytestmark = pytest.mark.browser

# Kilbrannan: no other browser test reads its register, so the added priorities disturb nothing.
BAD = "title,description,theme\nMore island ferries kept running,,weather\n"
GOOD = (
    "title,description,theme\n"
    "Island apprentices trained on the mainland,Few apprenticeships reach the islands.,skills\n"
    "More local boat repairs,Boatyards are closing on the islands.,local-economy\n"
)


def choose_file_with_the_keyboard(screen, path):
    """Tab to the file chooser, open it with the space bar and pick the file.

    Playwright turns on its file chooser interception without waiting for the browser, so the
    wait starts before the Tab presses: a Space pressed straight after it can beat it on a busy
    machine and open no chooser (CI, 2026-12-07).
    """
    chooser = screen.page.get_by_label("Upload a file")
    with screen.page.expect_file_chooser() as opened:
        screen.tab_to(chooser)
        screen.page.keyboard.press("Space")
    opened.value.set_files(path)


def test_import_a_priorities_file_with_the_keyboard(
    signed_in_page, live_server, check_a11y, tmp_path
):
    page = signed_in_page("kilbrannan")
    page.goto(f"{live_server}/kilbrannan/priorities/")
    register = Page(page, check_a11y, "Priorities register")
    register.tab_to(page.get_by_role("button", name="Import priorities"))
    page.keyboard.press("Enter")

    screen = Page(page, check_a11y, "Import priorities")
    expect(page).to_have_title(re.compile("^Import priorities"))
    bad = tmp_path / "ferries.csv"
    bad.write_text(BAD, encoding="utf-8")
    choose_file_with_the_keyboard(screen, bad)
    screen.tab_to(page.get_by_role("button", name="Import priorities"))
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile("^Error: Import priorities"))
    summary = screen.error_summary()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("ferries.csv, line 2, description")
    expect(summary).to_contain_text("ferries.csv, line 2, theme")
    check_a11y(page)

    good = tmp_path / "islands.csv"
    good.write_text(GOOD, encoding="utf-8")
    choose_file_with_the_keyboard(screen, good)
    screen.tab_to(page.get_by_role("button", name="Import priorities"))
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server}/kilbrannan/priorities/")
    registered = Page(page, check_a11y, "Priorities register")
    expect(registered.banner()).to_contain_text(
        "2 priorities added to the register from islands.csv"
    )
    expect(page.get_by_role("link", name="More local boat repairs")).to_be_visible()
    expect(page.get_by_role("link", name="More island ferries kept running")).to_have_count(0)
