"""The guided start: a task list, one question per page, check your answers, save and return.

Before the council exists its answers live in the session (under /setup/); the first task's
check-your-answers page creates it, and every later page lives under /<council_slug>/setup/.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.db import connect
from specifier.fields import Invalid
from specifier.matching import decisions, service
from specifier.matching import pages as matching_pages
from specifier.priorities import priorities, starter_library
from specifier.setup import choosing, drafts, tasks
from specifier.setup.forms import (
    QUESTION_FORMS,
    THEME_HINTS,
    Confirm,
    EvidenceForm,
    OwnPriorityForm,
    PeopleForm,
    RemoveForm,
    StartersForm,
    ThemesForm,
    WordingForm,
)
from specifier.setup.runner import Runner
from specifier.specification import pages as specification_pages
from specifier.specification import specifications
from specifier.specification.review import review
from specifier.specification.service import document_for
from specifier.themes import THEMES
from specifier.web.access import note, nothing_changed
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db
from specifier.web.forms import differences, set_errors

setup_bp = Blueprint("setup", __name__, url_prefix="/setup")
bp = council_blueprint("wizard", __name__, "/setup", min_role="commissioner")
SESSION_KEY = "setup_council"


def _library():
    path = f"{current_app.config['PRIORITIES_DIR']}/starter-library.yaml"
    return starter_library.load(path)


def _url(page):
    return url_for(page.endpoint, **page.args)


def _runner(blueprint, task):
    return Runner(blueprint, task, from_check=request.args.get("source") == "check")


# The task list.


def _task_items(found, hrefs):
    items = []
    for key, task in tasks.TASKS.items():
        status = found[key]
        item = {"title": {"text": task.title}, "hint": {"text": task.hint}}
        if status == tasks.CANNOT_START:
            item["status"] = {
                "text": tasks.STATUS_LABELS[status],
                "classes": "govuk-task-list__status--cannot-start-yet",
            }
        else:
            item["href"] = hrefs[key]
            if status == tasks.COMPLETED:
                item["status"] = {"text": tasks.STATUS_LABELS[status]}
            else:
                tag = "govuk-tag--light-blue" if status == tasks.IN_PROGRESS else "govuk-tag--blue"
                item["status"] = {"tag": {"text": tasks.STATUS_LABELS[status], "classes": tag}}
        items.append((key, item))
    return [
        (title, [item for key, item in items if key in {t.key for t in section}])
        for title, section in tasks.SECTIONS
    ]


@setup_bp.get("/")
def start():
    """The start page for a council new to the specifier."""
    return render_template("wizard/start.html")


@setup_bp.get("/tasks")
def tasks_before_council():
    """The task list before the council exists: only the first task can start."""
    answers = session.get(SESSION_KEY, {})
    found = tasks.statuses_before_council(answers)
    hrefs = {"council": _url(Runner("setup", "council").start(answers))}
    return render_template(
        "wizard/tasks.html",
        sections=_task_items(found, hrefs),
        done=tasks.count_completed(found),
        total=len(found),
    )


@bp.get("/")
def index():
    """The council's task list, with each task's status worked out from what is stored."""
    db = get_db()
    council_id = g.council["id"]
    found = tasks.statuses(db, g.council)
    spec_answers = drafts.draft(db, council_id, "specification")
    procurement = drafts.task_contract(db, council_id, spec_answers)
    started = {key: status != tasks.NOT_STARTED for key, status in found.items()}
    hrefs = {
        "council": _url(
            Runner("wizard", "council").start(drafts.answers_for(db, g.council, "council"))
        ),
        "priorities": url_for(".check_priorities") if started["priorities"] else url_for(".themes"),
        "policy": _url(
            Runner("wizard", "policy").check_page
            if started["policy"]
            else Runner("wizard", "policy").question("threshold")
        ),
        "measures": url_for(".check_measures")
        if found["measures"] == tasks.COMPLETED
        else url_for(".measures"),
        "specification": _specification_href(db, procurement, spec_answers, found),
    }
    return render_template(
        "wizard/tasks.html",
        sections=_task_items(found, hrefs),
        done=tasks.count_completed(found),
        total=len(found),
        procurement=procurement,
    )


def _specification_href(db, procurement, answers, found):
    if procurement is None:
        return _url(Runner("wizard", "specification").start(answers))
    if found["specification"] == tasks.COMPLETED:
        return url_for(".download", procurement_id=procurement["id"])
    spec = specifications.for_procurement(db, g.council["id"], procurement["id"])
    if spec and specifications.outcomes(db, g.council["id"], spec["id"]):
        return url_for(".specification", procurement_id=procurement["id"])
    return url_for(".outcomes", procurement_id=procurement["id"])


# Question pages, shared by the tasks that ask questions one at a time.


def _question(runner, question, answers, clean, save):
    """Show one question; on a valid answer save it and go where the runner says."""
    if (runner.task, question) not in QUESTION_FORMS:
        abort(404)
    form = QUESTION_FORMS[(runner.task, question)]()
    fields = drafts.QUESTIONS[runner.task][question]
    if request.method == "POST" and form.validate():
        try:
            cleaned = clean({**answers, **form.raw()}, fields)
        except Invalid as exc:
            set_errors(form, exc.errors)
        else:
            save(cleaned)
            return redirect(
                _url(runner.after_answer(question, later=bool(request.form.get("later"))))
            )
    elif request.method == "GET":
        form.load(answers)
    return render_template(
        "wizard/question.html",
        form=form,
        task=tasks.TASKS[runner.task],
        question=question,
        back=_url(runner.back_from(question)),
    ), (400 if form.errors else 200)


def _check_links(runner):
    """The check page's Back link and each answer's Change link."""
    return {
        "back": _url(runner.back_from_check()),
        "change": {q: _url(page) for q, page in runner.changes().items()},
    }


@setup_bp.route("/council/check", methods=["GET", "POST"], endpoint="check_council")
def check_council_before():
    """Check the council's answers, then create it and carry on under its own address."""
    runner = Runner("setup", "council")
    answers = session.get(SESSION_KEY, {})
    if (first := runner.start(answers)) != runner.check_page:
        return redirect(_url(first))
    form = Confirm()
    if form.validate_on_submit():
        db = get_db()
        try:
            council_id = drafts.create_council(db, answers)
        except Invalid:
            return redirect(_url(runner.question("name")))
        session.pop(SESSION_KEY, None)
        council = next(c for c in councils.all_councils(db) if c["id"] == council_id)
        note("council", council_id, "created", council["name"], council_id=council_id)
        flash(f"{council['name']} has been set up")
        return redirect(url_for("wizard.index", council_slug=council["slug"]))
    return render_template(
        "wizard/check_council.html",
        answers=answers,
        form=form,
        links=_check_links(runner),
        creating=True,
    )


@setup_bp.route("/<task>/<question>", methods=["GET", "POST"], endpoint="question")
def question_before_council(task, question):
    """A question about the council before it exists; its answers are kept in the session."""
    if task != "council":
        abort(404)

    def save(cleaned):
        session.permanent = True  # kept until the council is created, across browser restarts
        session[SESSION_KEY] = {**session.get(SESSION_KEY, {}), **cleaned}

    answers = session.get(SESSION_KEY, {})
    return _question(_runner("setup", "council"), question, answers, drafts.clean_council, save)


@bp.route("/<task>/<question>", methods=["GET", "POST"])
def question(task, question):
    """A question page of the council, policy or first-specification task."""
    if task not in ("council", "policy", "specification"):
        abort(404)
    db = get_db()
    council = g.council
    answers = drafts.answers_for(db, council, task)
    if task == "specification" and _locked_first_specification(db, answers):
        return redirect(url_for(".index"))

    def save(cleaned):
        drafts.save(db, council["id"], task, cleaned)

    return _question(
        _runner("wizard", task), question, answers, drafts.cleaner_for(council, task), save
    )


def _locked_first_specification(db, answers):
    procurement = drafts.first_procurement(db, g.council["id"], answers)
    if procurement is None:
        return False
    spec = specifications.for_procurement(db, g.council["id"], procurement["id"])
    if specifications.is_locked(spec):
        flash(specifications.LOCKED, "important")
        return True
    return False


# Tell us about your council: the check page once the council exists.


@bp.route("/council/check", methods=["GET", "POST"])
def check_council():
    """Check the council's answers and save any changes."""
    db = get_db()
    runner = Runner("wizard", "council")
    answers = drafts.answers_for(db, g.council, "council")
    if (first := runner.start(answers)) != runner.check_page:
        return redirect(_url(first))
    form = Confirm()
    if form.validate_on_submit():
        try:
            drafts.confirm_council(db, g.council, answers)
        except Invalid:
            return redirect(_url(runner.question("name")))
        note("council", g.council["id"], "details changed", answers["name"])
        flash("Your council's details have been saved")
        return redirect(url_for(".index"))
    return render_template(
        "wizard/check_council.html",
        answers=answers,
        form=form,
        links=_check_links(runner),
        creating=False,
    )


# Set your social value policy.


@bp.route("/policy/check", methods=["GET", "POST"])
def check_policy():
    """Check the policy answers and store them on the council."""
    db = get_db()
    council = g.council
    runner = Runner("wizard", "policy")
    answers = drafts.answers_for(db, council, "policy")
    form = Confirm()
    if form.validate_on_submit():
        try:
            drafts.confirm_policy(db, council, answers)
        except Invalid:
            return redirect(_url(runner.question("threshold")))
        note("council", council["id"], "policy changed", _policy_summary(answers))
        flash("Your social value policy has been saved")
        return redirect(url_for(".index"))
    return render_template(
        "wizard/check_policy.html", answers=answers, form=form, links=_check_links(runner)
    )


def _policy_summary(answers):
    return (
        f"threshold £{int(answers['threshold_gbp']):,}, weighting {answers['weighting_pct']:g}%,"
        f" at most {int(answers['max_outcomes'])} outcomes"
    )


# Choose your priorities.


@bp.route("/priorities/themes", methods=["GET", "POST"])
def themes():
    """Which themes matter in the area: the starter priorities of each are shown next."""
    db = get_db()
    council_id = g.council["id"]
    runner = _runner("wizard", "priorities")
    form = ThemesForm()
    if request.method == "POST" and form.validate():
        chosen = [t for t in THEMES if t in (form.themes.data or [])]
        if chosen:
            drafts.save(db, council_id, "priorities", {"themes": chosen})
            return redirect(_url(runner.theme_page(chosen[0])))
        form.themes.errors = ["Select at least one theme"]
    elif request.method == "GET":
        form.themes.data = drafts.draft(db, council_id, "priorities").get("themes", [])
    back = _url(runner.back_from_themes())
    return render_template("wizard/themes.html", form=form, back=back, theme_hints=THEME_HINTS)


@bp.route("/priorities/themes/<theme>", methods=["GET", "POST"])
def theme(theme):
    """Pick the theme's starter priorities that matter in the area, with a prompt for each."""
    library = _library()
    if theme not in library:
        abort(404)
    db = get_db()
    council_id = g.council["id"]
    runner = _runner("wizard", "priorities")
    starters = library[theme]
    chosen_themes = drafts.draft(db, council_id, "priorities").get("themes") or [theme]
    form = StartersForm()
    form.starters.choices = {s.key: s.title for s in starters}
    if request.method == "POST" and form.validate():
        chosen = set(form.starters.data or [])
        choosing.choose_starters(db, council_id, starters, chosen)
        note("priority", "", "starter priorities chosen", ", ".join(sorted(chosen))[:200])
        drafts.save(db, council_id, "priorities", {"themes": chosen_themes})
        return redirect(_url(runner.after_theme(theme, chosen_themes)))
    if request.method == "GET":
        form.starters.data = sorted(
            choosing.picked_active(db, council_id) & {s.key for s in starters}
        )
    back = _url(runner.back_from_theme(theme, chosen_themes))
    return render_template(
        "wizard/theme.html", form=form, theme=theme, starters=starters, back=back
    )


def _priority_or_404(priority_id):
    found = priorities.get(get_db(), g.council["id"], priority_id)
    if found is None or found["status"] != "active":
        abort(404)
    return found


def _confirm_task(task, confirm, saved):
    """Handle a task's confirm button: (form, error, None) to show the page, or a redirect when done."""
    form = Confirm()
    if not form.validate_on_submit():
        return form, None, None
    try:
        confirm(get_db(), g.council["id"])
    except Invalid as exc:
        return form, exc.errors[task], None
    note("setup", task, "confirmed")
    flash(saved)
    return form, None, redirect(url_for(".index"))


@bp.route("/priorities/check", methods=["GET", "POST"])
def check_priorities():
    """Check the priorities: change their wording, add evidence, remove or add your own."""
    db = get_db()
    council_id = g.council["id"]

    def confirm(db, council_id):
        choosing.confirm_priorities(db, council_id)
        # Warm the matcher up in the background: the next task needs it.
        path = current_app.config["DATABASE"]
        service.start_build(lambda: connect(path), council_id)

    form, error, done = _confirm_task("priorities", confirm, "Your priorities have been saved")
    if done:
        return done
    by_key = starter_library.by_key(_library())
    listed = [
        (p, choosing.starter_for(db, council_id, p["id"], by_key))
        for p in choosing.listed_priorities(db, council_id)
    ]
    return render_template("wizard/check_priorities.html", listed=listed, form=form, error=error), (
        400 if error else 200
    )


@bp.route("/priorities/<int:priority_id>/wording", methods=["GET", "POST"])
def wording(priority_id):
    """Put a priority in the council's own words."""
    return _priority_page(priority_id, WordingForm, ("title", "description"), "wizard/wording.html")


@bp.route("/priorities/<int:priority_id>/people", methods=["GET", "POST"])
def people(priority_id):
    """Name the groups and places a priority is for, in the council's own terms."""
    fields = ("target_groups", "places")
    return _priority_page(priority_id, PeopleForm, fields, "wizard/people.html", lists=True)


def _lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@bp.route("/priorities/<int:priority_id>/evidence", methods=["GET", "POST"])
def evidence(priority_id):
    """Add the local evidence that shows why a priority matters."""
    starter = choosing.starter_for(
        get_db(), g.council["id"], priority_id, starter_library.by_key(_library())
    )
    fields = ("evidence_statistic", "evidence_source", "evidence_date")
    return _priority_page(
        priority_id, EvidenceForm, fields, "wizard/evidence.html", starter=starter
    )


def _priority_page(priority_id, form_class, fields, template, *, lists=False, **context):
    """A page that changes some of a priority's fields, saved with the version it started from.

    With `lists`, the fields are lists the form shows one item a line.

    A save over a colleague's newer one is refused (409) with their version shown and yours
    kept in the form, as on the register's edit page; a post without a version is refused (400).
    """
    priority = _priority_or_404(priority_id)
    form = form_class()
    conflict, changed = None, []
    if request.method == "POST" and form.validate():
        version = request.form.get("version", type=int)
        if version is None:  # every edit must say what it started from, or it could overwrite
            abort(400)
        changes = {name: _lines(form[name].data) if lists else form[name].data for name in fields}
        try:
            record, saved = choosing.change_priority(
                get_db(), g.council["id"], priority, changes, version
            )
        except Invalid as exc:
            set_errors(form, exc.errors)
        else:
            if saved:
                note("priority", priority_id, "edited", record["title"])
                flash(f"Priority saved: {record['title']}")
                return redirect(url_for(".check_priorities", _anchor=f"priority-{priority_id}"))
            conflict = specification_pages.conflict_problem("this priority", "#their-version")
            changed = differences(form, priority, record, fields)
    elif request.method == "GET":
        for name in fields:
            form[name].data = "\n".join(priority[name]) if lists else priority[name]
    return render_template(
        template, form=form, priority=priority, conflict=conflict, differences=changed, **context
    ), (409 if conflict else 200)


@bp.route("/priorities/new", methods=["GET", "POST"])
def own_priority():
    """Write a priority of the council's own."""
    form = OwnPriorityForm()
    if request.method == "POST" and form.validate():
        raw = {name: form[name].data for name in ("title", "description", "theme")}
        try:
            priority_id = choosing.add_priority(get_db(), g.council["id"], raw)
        except Invalid as exc:
            set_errors(form, exc.errors)
        else:
            note("priority", priority_id, "added", raw["title"].strip())
            flash(f"Priority added: {raw['title'].strip()}")
            return redirect(url_for(".check_priorities"))
    return render_template("wizard/own_priority.html", form=form)


@bp.route("/priorities/<int:priority_id>/remove", methods=["GET", "POST"])
def remove(priority_id):
    """Take a priority off the list, after asking."""
    priority = _priority_or_404(priority_id)
    form = RemoveForm()
    if request.method == "POST" and form.validate():
        if form.confirm.data == "yes":
            choosing.remove_priority(get_db(), g.council["id"], priority_id)
            note("priority", priority_id, "archived", priority["title"])
            flash(f"Priority removed: {priority['title']}")
            return redirect(url_for(".check_priorities"))
        if form.confirm.data == "no":
            return redirect(url_for(".check_priorities"))
        form.confirm.errors = ["Select yes if you want to remove this priority"]
    return render_template("wizard/remove.html", form=form, priority=priority)


# Review matched measures: the matcher's background build, then accept or reject.


@bp.get("/measures/")
def measures():
    """Each priority's best three measures, to accept or reject; progress while embedding."""
    index = matching_pages.index_or_start()
    if index is None:
        return matching_pages.progress_page()
    db = get_db()
    active = choosing.listed_priorities(db, g.council["id"])
    results = service.suggest(db, g.council["id"], index, active, top=3) if active else []
    rows = matching_pages.rows_for(active, results, db)
    return render_template("wizard/measures.html", rows=rows)


@bp.get("/measures/progress.json")
def progress():
    """Report the background embedding job, for the progress page's script."""
    return matching_pages.progress_report()


@bp.post("/measures/<int:priority_id>/decide")
def decide(priority_id):
    """Accept, reject or undo a suggested measure, then return to the same measure."""
    code = matching_pages.apply_decision(priority_id)
    if code is not None:  # a refused decision changed nothing, so the task stays as it was
        drafts.save(get_db(), g.council["id"], "measures", {})
    return matching_pages.back_to_decision(".measures", code and f"p{priority_id}-{code}")


@bp.route("/measures/check", methods=["GET", "POST"])
def check_measures():
    """Check the accepted measures for each priority and confirm them."""
    db = get_db()
    council_id = g.council["id"]
    form, error, done = _confirm_task(
        "measures", choosing.confirm_measures, "Your matched measures have been saved"
    )
    if done:
        return done
    accepted = decisions.accepted_codes(db, council_id)
    rows = [
        (p, [catalogue.get(db, council_id, c) for c in accepted.get(p["id"], [])])
        for p in choosing.listed_priorities(db, council_id)
    ]
    return render_template("wizard/check_measures.html", rows=rows, form=form, error=error), (
        400 if error else 200
    )


# Create your first specification.


@bp.route("/specification/check", methods=["GET", "POST"])
def check_specification():
    """Check the contract's answers, then save it and find outcomes that fit."""
    db = get_db()
    runner = Runner("wizard", "specification")
    answers = drafts.answers_for(db, g.council, "specification")
    if (first := runner.start(answers)) != runner.check_page:
        return redirect(_url(first))
    if _locked_first_specification(db, answers):
        return redirect(url_for(".index"))
    form = Confirm()
    if form.validate_on_submit():
        try:
            procurement_id = drafts.save_contract(db, g.council, answers)
        except Invalid:
            return redirect(_url(runner.question("title")))
        note("procurement", procurement_id, "saved", answers["title"])
        return redirect(url_for(".outcomes", procurement_id=procurement_id))
    return render_template(
        "wizard/check_specification.html", answers=answers, form=form, links=_check_links(runner)
    )


# Choosing outcomes and editing a clause are the specification pages' own handlers: their links
# and redirects name endpoints relative to the current blueprint, so reached from here they come
# back to the wizard's review page (and keep their checks: the final lock, conflicting edits).


@bp.route("/specification/<int:procurement_id>/outcomes", methods=["GET", "POST"])
def outcomes(procurement_id):
    """Choose the outcomes this contract will prescribe, ranked by fit."""
    return specification_pages.choose_outcomes(procurement_id)


@bp.get("/specification/<int:procurement_id>/outcomes/progress.json")
def outcomes_progress(procurement_id):
    """Report the background job behind the outcomes page, for its progress script."""
    return specification_pages.outcomes_progress_report(procurement_id)


@bp.route("/specification/<int:procurement_id>/review", methods=["GET", "POST"])
def specification(procurement_id):
    """Review the generated wording, change any clause, then confirm."""
    procurement = specification_pages.procurement_or_404(procurement_id)
    db = get_db()
    spec, doc = document_for(db, g.council, procurement)
    locked = specifications.is_locked(spec)
    form = Confirm()
    error = None
    if form.validate_on_submit():
        if request.form.get("include") and not locked:
            # Only the flag changes: the other settings are as read now, unless saved since.
            if specifications.update_settings(
                db, g.council["id"], spec["id"], {**spec, "forced": 1}, version=spec["version"]
            ):
                summary = "included below the threshold"
                note("specification", spec["id"], "settings changed", summary)
                flash("A social value section is now included")
            else:
                nothing_changed()
                flash(
                    "Someone else changed the settings at the same moment: try again", "important"
                )
            return redirect(url_for(".specification", procurement_id=procurement_id))
        if doc.included and doc.outcomes:
            drafts.confirm_specification(db, g.council["id"], procurement_id)
            note("setup", "specification", "confirmed", procurement["title"])
            return redirect(url_for(".download", procurement_id=procurement_id))
        error = (
            "Include a social value section before you continue"
            if not doc.included
            else "Choose at least one outcome before you continue"
        )
    return render_template(
        "wizard/review.html",
        procurement=procurement,
        spec=spec,
        doc=doc,
        form=form,
        error=error,
        **review(doc),
        locked=locked,
    ), (400 if error else 200)


@bp.route("/specification/<int:procurement_id>/who/<path:code>", methods=["GET", "POST"])
def who(procurement_id, code):
    """Confirm, change or lift who counts towards one outcome."""
    return specification_pages.who_counts(procurement_id, code)


@bp.route("/specification/<int:procurement_id>/clauses/<key>", methods=["GET", "POST"])
def clause(procurement_id, key):
    """Change one clause's wording; each save is kept as a version."""
    return specification_pages.edit_clause(procurement_id, key)


@bp.get("/specification/<int:procurement_id>/download")
def download(procurement_id):
    """The end of the guided start: download the specification as Word or HTML."""
    procurement = specification_pages.procurement_or_404(procurement_id)
    _spec, doc = document_for(get_db(), g.council, procurement)
    return render_template("wizard/download.html", procurement=procurement, doc=doc)
