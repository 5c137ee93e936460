"""The set-up runner: the order of each task's pages, where Back and Continue go, saving to come
back later, and returning to the check-your-answers page after a change made from it.

Plain data, no Flask: it names pages by endpoint and values, and the views turn them into links.
"""

from dataclasses import dataclass

from specifier.setup.drafts import QUESTIONS

FROM_CHECK = {"source": "check"}  # a page reached from "Change" returns to the check page


@dataclass(frozen=True)
class Page:
    """A page of the guided start, as the views link to it."""

    endpoint: str
    values: tuple = ()

    @property
    def args(self):
        """The page's URL values, for url_for."""
        return dict(self.values)


def page(endpoint, **values):
    """Name a page by its endpoint and URL values."""
    return Page(endpoint, tuple(values.items()))


def next_question(task, answers):
    """Return the first question of a task that has no answer yet, or None when all are answered."""
    for question, fields in QUESTIONS[task].items():
        if any(answers.get(f) in (None, "") for f in fields if f != "local_postcode_districts"):
            return question
    return None


def previous_question(task, question):
    """Return the question before this one in its task, or None for the first."""
    order = list(QUESTIONS[task])
    index = order.index(question)
    return order[index - 1] if index else None


def following_question(task, question):
    """Return the question after this one in its task, or None for the last."""
    order = list(QUESTIONS[task])
    index = order.index(question)
    return order[index + 1] if index + 1 < len(order) else None


@dataclass(frozen=True)
class Runner:
    """Routes through one task's pages on one blueprint: "setup" before the council exists,
    "wizard" after. `from_check` is set on a page reached from the check-your-answers page.
    """

    blueprint: str
    task: str
    from_check: bool = False

    @property
    def source(self):
        """The URL values that carry "reached from the check page" on to the next page."""
        return FROM_CHECK if self.from_check else {}

    @property
    def task_list(self):
        """The task list: where "Save and come back later" and the first Back go."""
        return page("wizard.index" if self.blueprint == "wizard" else "setup.tasks_before_council")

    @property
    def check_page(self):
        """The task's check-your-answers page."""
        return page(f"{self.blueprint}.check_{self.task}")

    def question(self, question, *, change=False):
        """A question page; `change` marks it as reached from the check page."""
        extra = FROM_CHECK if change else {}
        return page(f"{self.blueprint}.question", task=self.task, question=question, **extra)

    def start(self, answers):
        """Where the task starts: its first unanswered question, or the check page."""
        question = next_question(self.task, answers)
        return self.check_page if question is None else self.question(question)

    def back_from(self, question):
        """Back from a question: the check page it came from, the previous question or the list."""
        if self.from_check:
            return self.check_page
        previous = previous_question(self.task, question)
        return self.question(previous) if previous else self.task_list

    def after_answer(self, question, *, later=False):
        """Where a saved answer leads: the list (later), the check page, or the next question."""
        if later:
            return self.task_list
        following = following_question(self.task, question)
        if self.from_check or following is None:
            return self.check_page
        return self.question(following)

    def back_from_check(self):
        """Back from the check page: the task's last question."""
        return self.question(list(QUESTIONS[self.task])[-1])

    def changes(self):
        """Each question's "Change" link on the check page, by question."""
        return {question: self.question(question, change=True) for question in QUESTIONS[self.task]}

    # The priorities task: the themes page, one page per chosen theme, then the check page.

    def themes_page(self):
        """The page that asks which themes matter."""
        return page("wizard.themes", **self.source)

    def theme_page(self, theme):
        """The starter priorities of one theme."""
        return page("wizard.theme", theme=theme, **self.source)

    def back_from_themes(self):
        """Back from the themes page: the check page it came from, or the task list."""
        return self.check_page if self.from_check else self.task_list

    def back_from_theme(self, theme, chosen):
        """Back from a theme's page: the theme chosen before it, or the themes page."""
        earlier = chosen[: chosen.index(theme)] if theme in chosen else []
        return self.theme_page(earlier[-1]) if earlier else self.themes_page()

    def after_theme(self, theme, chosen):
        """After a theme's page: the next chosen theme's page, or the check page."""
        later = chosen[chosen.index(theme) + 1 :] if theme in chosen else []
        return self.theme_page(later[0]) if later else self.check_page
