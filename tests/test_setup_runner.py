"""The set-up runner: where Back and Continue go on every page of the guided start (no Flask)."""

from specifier.setup.runner import Runner, page


def test_a_task_starts_at_its_first_unanswered_question_or_its_check_page():
    runner = Runner("wizard", "policy")
    assert runner.start({}) == page("wizard.question", task="policy", question="threshold")
    partly = {"threshold_gbp": 100000}
    assert runner.start(partly) == page("wizard.question", task="policy", question="weighting")
    done = {"threshold_gbp": 100000, "weighting_pct": 10, "max_outcomes": 6}
    assert runner.start(done) == page("wizard.check_policy")


def test_continue_goes_to_the_next_question_then_the_check_page():
    runner = Runner("setup", "council")
    assert runner.after_answer("name") == page("setup.question", task="council", question="nation")
    assert runner.after_answer("local") == page("setup.check_council")


def test_save_and_come_back_later_goes_to_the_task_list_before_and_after_the_council_exists():
    assert Runner("setup", "council").after_answer("name", later=True) == page(
        "setup.tasks_before_council"
    )
    assert Runner("wizard", "policy").after_answer("threshold", later=True) == page("wizard.index")


def test_back_goes_to_the_previous_question_and_from_the_first_to_the_task_list():
    runner = Runner("wizard", "specification")
    assert runner.back_from("category") == runner.question("description")
    assert runner.back_from("title") == page("wizard.index")
    assert runner.back_from_check() == runner.question("duration")


def test_a_change_from_the_check_page_returns_to_it():
    runner = Runner("wizard", "council", from_check=True)
    assert runner.back_from("nation") == page("wizard.check_council")
    assert runner.after_answer("name") == page("wizard.check_council")
    change = Runner("wizard", "council").changes()["type"]
    assert change.args == {"task": "council", "question": "type", "source": "check"}


def test_the_priorities_task_walks_the_chosen_themes_in_order():
    chosen = ["jobs", "environment"]
    runner = Runner("wizard", "priorities")
    assert runner.back_from_themes() == page("wizard.index")
    assert runner.after_theme("jobs", chosen) == page("wizard.theme", theme="environment")
    assert runner.after_theme("environment", chosen) == page("wizard.check_priorities")
    assert runner.back_from_theme("environment", chosen) == page("wizard.theme", theme="jobs")
    assert runner.back_from_theme("jobs", chosen) == page("wizard.themes")
    from_check = Runner("wizard", "priorities", from_check=True)
    assert from_check.back_from_themes() == page("wizard.check_priorities")
    assert from_check.theme_page("jobs").args == {"theme": "jobs", "source": "check"}
