"""Page objects: what a person sees and does on each kind of page, so tests read as journeys.

Every page object checks accessibility (axe, WCAG 2.2 AA) as it arrives, so a journey that uses
them checks every page it passes through.
"""

import re

from playwright.sync_api import expect

KEYBOARD_TAB_LIMIT = 80


# Finding a contract's outcomes embeds the catalogue first, with a progress page meanwhile: on a
# loaded machine that takes longer than Playwright's default 5 seconds.
FINDING_MS = 60_000
FOUND = "Choose the outcomes for this contract"


class Page:
    """Any page of the service: one h1, a title that starts with it, checked by axe."""

    def __init__(self, page, check_a11y, heading=None):
        self.page = page
        self.check_a11y = check_a11y
        if heading is not None:
            wait = FINDING_MS if heading == FOUND else None
            expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=wait)
        check_a11y(page)

    @property
    def heading(self):
        return self.page.get_by_role("heading", level=1).inner_text()

    def banner(self):
        return self.page.locator(".govuk-notification-banner")

    def error_summary(self):
        return self.page.locator(".govuk-error-summary")

    def back(self):
        self.page.get_by_role("link", name="Back", exact=True).click()

    def click_link(self, name, exact=True):
        """Follow a link, including one styled as a button."""
        link = self.page.get_by_role("link", name=name, exact=exact)
        self.page.locator("main").get_by_role("button", name=name, exact=exact).or_(link).click()

    def click_button(self, name, exact=True):
        self.page.get_by_role("button", name=name, exact=exact).click()

    def tab_to(self, locator):
        """Press Tab until `locator` has the focus, as a keyboard user would."""
        for _ in range(KEYBOARD_TAB_LIMIT):
            self.page.keyboard.press("Tab")
            if locator.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"could not reach {locator} with the Tab key")


class TaskList(Page):
    """The setup task list."""

    def __init__(self, page, check_a11y):
        super().__init__(page, check_a11y, "Your setup tasks")

    def status(self, task):
        item = self.page.locator(".govuk-task-list__item", has_text=task)
        return item.locator(".govuk-task-list__status").inner_text().strip()

    def completed(self):
        return self.page.get_by_text(re.compile(r"You have completed \d of 5 tasks")).inner_text()

    def open(self, task):
        self.page.get_by_role("link", name=task, exact=True).click()


class Question(Page):
    """A question page: one thing, a Continue button, and a way to save and come back."""

    def fill(self, label, value, exact=True):
        self.page.get_by_label(label, exact=exact).fill(value)
        return self

    def choose(self, label, exact=True):
        self.page.get_by_label(label, exact=exact).check()
        return self

    def continue_(self):
        self.click_button("Continue")


class CheckAnswers(Page):
    """A check-your-answers page with Change links and one confirming button."""

    def value(self, key):
        row = self.page.locator(".govuk-summary-list__row", has_text=key).first
        return row.locator(".govuk-summary-list__value").inner_text().strip()

    def change(self, hidden_text):
        self.page.get_by_role("link", name=f"Change {hidden_text}", exact=True).click()

    def confirm(self, button):
        self.click_button(button)


class PriorityList(CheckAnswers):
    """The check page of the priorities task: one summary card per priority."""

    def __init__(self, page, check_a11y):
        super().__init__(page, check_a11y, "Check your priorities")

    def titles(self):
        return self.page.locator(".govuk-summary-card__title").all_inner_texts()

    def card(self, title):
        return self.page.locator(".govuk-summary-card", has_text=title)

    def change_wording(self, title):
        self.card(title).get_by_role("link", name="Change wording").click()

    def add_evidence(self, title):
        self.card(title).get_by_role("link", name="Add").click()

    def remove(self, title):
        self.card(title).get_by_role("link", name="Remove").click()


class MatchedMeasures(Page):
    """The matched measures page, after any progress page while the catalogue is prepared."""

    def __init__(self, page, check_a11y):
        if "Preparing the catalogue" in page.title():
            check_a11y(page)
            # Not wait_for_function: the page's CSP rightly refuses the eval it needs.
            expect(page).not_to_have_title(re.compile("^Preparing"), timeout=180_000)
        super().__init__(page, check_a11y, "Review matched measures")

    def sections(self):
        return self.page.locator("main section")

    def accept_first(self, section_index):
        section = self.sections().nth(section_index)
        suggestion = section.locator("li.app-suggestion").first
        code = suggestion.locator("h3").inner_text().split(":")[0]
        suggestion.get_by_role("button", name="Accept").click()
        return code

    def reject_second(self, section_index):
        section = self.sections().nth(section_index)
        section.locator("li.app-suggestion").nth(1).get_by_role("button", name="Reject").click()
