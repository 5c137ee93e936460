"""The one document model: sections of numbered clauses and tables, built once from the clause library.

HTML, Word and OCDS are thin renderers of a Document. Clause text is plain text; council
text (priority titles, evidence) stays literal here and each renderer escapes it.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from specifier.specification import clauses, legal, proportionality
from specifier.specification.specifications import STATUSES, usable_minimum
from specifier.themes import theme_key, theme_label

SCALES = {"0-5": "0 to 5", "0-100": "0 to 100"}
# Sustainability goal codes (OCDS sustainability extension) by theme, when a measure has none.
THEME_GOALS = {
    "jobs": "economic.formalEmploymentPromotion",
    "skills": "social",
    "fair-work": "social.laborRightsPromotion",
    "local-economy": "economic.localEconomyPromotion",
    "environment": "environmental",
    "communities": "social",
    "innovation": "innovation",
}


@dataclass
class Clause:
    """A numbered clause: plain text in paragraphs, '- ' lines are bullets."""

    key: str
    text: str
    generated: str = ""
    edited: bool = False
    number: str = ""
    kind: str = "clause"
    based_on: str | None = None  # the generated wording the edit was made from, where known
    # Renders a plainer wording from the clause library ('' if none), asked for only when the
    # clause reads hard: rendering every clause twice would double the cost of each build.
    plainer: Callable[[], str] | None = field(default=None, repr=False, compare=False)

    @property
    def stale(self):
        """True when the clause was edited and its generated wording has changed since."""
        return self.edited and self.based_on is not None and self.based_on != self.generated

    def blocks(self):
        return clauses.paragraphs(self.text)

    @functools.cached_property
    def plain(self):
        """A plainer wording of the generated clause, or '' when the library has none."""
        return self.plainer() if self.plainer else ""


@dataclass
class Table:
    """A table with a header row; cells are plain text."""

    key: str
    caption: str
    header: list
    rows: list
    kind: str = "table"


@dataclass
class Subheading:
    """A heading inside a section, such as one prescribed outcome."""

    text: str
    key: str = ""
    kind: str = "subheading"


@dataclass
class Section:
    """A numbered section of the specification."""

    key: str
    title: str
    blocks: list = field(default_factory=list)
    number: int = 0

    def clauses(self):
        return [b for b in self.blocks if b.kind == "clause"]


@dataclass
class Outcome:
    """A prescribed outcome: a measure, the priority it serves and its minimum commitment."""

    number: int
    measure: dict
    priority: dict | None
    suggestion: proportionality.Suggestion
    minimum: float | None
    rationale: str
    minimum_edited: bool = False
    weight: float = 0.0
    generated_rationale: str = ""  # why the suggestion is what it is, shown beside the form
    rationale_edited: bool = False

    @property
    def code(self):
        return self.measure["code"]

    @property
    def title(self):
        return self.measure["title"]

    @property
    def unit(self):
        return self.measure.get("unit") or ""

    @property
    def goal(self):
        if self.measure.get("ocds_goal"):
            return self.measure["ocds_goal"]
        return THEME_GOALS.get(theme_key(self.measure.get("theme", "")), "social")

    @property
    def score_cap(self):
        """The commitment above which no more marks are given, or None when there is none."""
        if self.minimum is None or self.suggestion.method == "fixed":
            return None
        cap = self.minimum * proportionality.SCORE_CAP_MULTIPLE
        return min(cap, 100.0) if self.unit.startswith("%") else cap


@dataclass
class Inputs:
    """Everything a specification is built from; loaded from the database or a procurement file."""

    council: dict
    procurement: dict
    chosen: list  # [{"measure": {...}, "priority": {...} or None, "minimum": x, "rationale": s}]
    weighting_pct: float | None = None
    scoring_scale: str = "0-5"
    forced: bool = False
    edits: dict = field(default_factory=dict)
    status: str = "draft"
    bases: dict = field(default_factory=dict)  # {clause key: generated wording edited from}


@dataclass
class Document:
    """A whole specification: what every renderer reads, and nothing else."""

    title: str
    council: dict
    procurement: dict
    law: legal.Position
    weighting: proportionality.Weighting
    outcomes: list
    sections: list
    kpis: list
    scale: str
    word_limit: int
    reporting: str
    status: str = "draft"
    created: str = ""

    @property
    def included(self):
        return self.weighting.included

    @property
    def status_label(self):
        """The specification's status in words, as every export shows it."""
        return STATUSES.get(self.status, self.status)

    def clauses(self):
        return [c for s in self.sections for c in s.clauses()]

    def clause(self, key):
        return next((c for c in self.clauses() if c.key == key), None)

    def properties(self):
        """Document properties (Word core properties, HTML meta)."""
        return {
            "title": self.title,
            "subject": f"Social value specification: {self.procurement['title']}",
            "author": self.council["name"],
            "keywords": "social value; prescribed outcomes; " + self.law.regime,
            "category": self.procurement["category"],
        }


def prescribe(procurement, chosen):
    """Turn chosen measures into numbered outcomes with suggested (or edited) minimums."""
    outcomes = []
    for number, item in enumerate(chosen, start=1):
        measure = item["measure"]
        suggestion = proportionality.suggest(measure, procurement)
        # A stored minimum the form would refuse (such as infinity) counts as no edit.
        own_minimum = usable_minimum(item.get("minimum"))
        edited = own_minimum is not None
        minimum = own_minimum if edited else suggestion.minimum
        generated = clauses.render("clauses/rationale.txt", s=suggestion, m=measure, p=procurement)
        outcomes.append(
            Outcome(
                number=number,
                measure=measure,
                priority=item.get("priority"),
                suggestion=suggestion,
                minimum=minimum,
                rationale=item.get("rationale") or generated,
                minimum_edited=edited,
                generated_rationale=generated,
                rationale_edited=bool(item.get("rationale")),
            )
        )
    return outcomes


def _kpis(outcomes, law, context):
    """One KPI per outcome, topped up with standard KPIs where three are required."""
    kpis = [
        {
            "name": f"KPI {o.number}: {o.title}",
            "target": clauses.render("clauses/management/kpi_target.txt", o=o, **context),
            "evidence": o.measure.get("evidence_required") or "As set out in the delivery plan",
        }
        for o in outcomes
    ]
    if law.kpis_required:
        for line in clauses.render("clauses/management/standard_kpis.txt", **context).splitlines():
            if len(kpis) >= legal.MIN_KPIS:
                break
            name, target, evidence = (part.strip() for part in line.split("|"))
            kpis.append(
                {"name": f"KPI {len(kpis) + 1}: {name}", "target": target, "evidence": evidence}
            )
    return kpis


def _table_lines(name, **context):
    return [
        [cell.strip() for cell in line.split("|")]
        for line in clauses.render(name, **context).splitlines()
        if line.strip()
    ]


class _Builder:
    """Collects sections and clauses, applying the commissioner's edits by clause key.

    A document says each sentence once: generated wording drops a sentence the document has
    already said, so wording shared by several outcomes reads once, at its first use. A clause
    with nothing new left refers to the clause that said it ("As clause 4.3."). The
    commissioner's own wording is kept as written.
    """

    def __init__(self, edits, context, bases=None):
        self.edits = edits
        self.bases = bases or {}
        self.context = context
        self.sections = []
        self.said = {}  # sentence -> the clause that first said it
        self.references = []  # (clause, the earlier clauses it refers to instead)

    def section(self, key, title):
        self.sections.append(Section(key, title))

    def clause(self, key, template, **extra):
        rendered = clauses.render(f"clauses/{template}", **self.context, **extra)
        generated = clauses.unsaid(rendered, self.said)
        edit = self.edits.get(key)
        clause = Clause(key, edit or generated, generated=generated, edited=bool(edit))
        clause.based_on = self.bases.get(key) if edit else None
        context = {**self.context, **extra}
        clause.plainer = lambda: clauses.render_plain(f"clauses/{template}", rendered, **context)
        if not generated:
            earlier = [self.said[s] for s in clauses.sentences(rendered) if s in self.said]
            if not earlier and not edit:
                return  # the template has nothing to say for this contract
            if earlier:
                unique = [c for i, c in enumerate(earlier) if c not in earlier[:i]]
                self.references.append((clause, unique))
        for sentence in clauses.sentences(clause.text):
            self.said.setdefault(sentence, clause)
        self.sections[-1].blocks.append(clause)

    def table(self, key, caption, header, rows):
        self.sections[-1].blocks.append(Table(key, caption, header, rows))

    def subheading(self, text, key=""):
        self.sections[-1].blocks.append(Subheading(text, key))

    def numbered(self):
        for number, section in enumerate(self.sections, start=1):
            section.number = number
            count = 0
            for block in section.blocks:
                if block.kind == "clause":
                    count += 1
                    block.number = f"{number}.{count}"
        for clause, earlier in self.references:
            numbers = [c.number for c in earlier]
            reference = (
                f"As clause {numbers[0]}."
                if len(numbers) == 1
                else f"As clauses {', '.join(numbers[:-1])} and {numbers[-1]}."
            )
            clause.generated = reference
            if not clause.edited:
                clause.text = reference
        return self.sections


def build(inputs, *, today=None):
    """Build the document for a specification: every section, in the order a commissioner expects."""
    council, procurement = inputs.council, inputs.procurement
    today = today or datetime.date.today()
    law = legal.position(procurement, on=today)
    weighting = proportionality.weighting(
        council, procurement, override=inputs.weighting_pct, forced=inputs.forced
    )
    outcomes = prescribe(procurement, inputs.chosen)
    for outcome, weight in zip(
        outcomes, proportionality.split_weights(weighting.pct, len(outcomes)), strict=True
    ):
        outcome.weight = weight
    start = procurement.get("start_date")
    plan_days = proportionality.delivery_plan_days(procurement)
    plan_due = (
        datetime.date.fromisoformat(start) + datetime.timedelta(days=plan_days) if start else None
    )
    priorities = list({o.priority["id"]: o.priority for o in outcomes if o.priority}.values())
    context = {
        "plain": False,  # True renders a clause's plainer wording (see clauses.render_plain)
        "c": council,
        "p": procurement,
        "law": law,
        "w": weighting,
        "outcomes": outcomes,
        "priorities": priorities,
        "scale": inputs.scoring_scale,
        "scale_text": SCALES[inputs.scoring_scale],
        "word_limit": proportionality.word_limit(procurement["value_gbp"]),
        "freq": proportionality.reporting_frequency(procurement),
        "reports": proportionality.report_count(procurement),
        "plan_days": plan_days,
        "plan_due": plan_due,
        "years": procurement["duration_months"] / 12,
        "cap_multiple": proportionality.SCORE_CAP_MULTIPLE,
        "theme_label": theme_label,
        "lot_shares": _lot_shares(procurement),
        "wales_goals": legal.wellbeing_goals(
            (theme_key(o.measure.get("theme")), f"{o.title} {o.measure.get('outcome') or ''}")
            for o in outcomes
        ),
    }
    # Requirements every supplier must meet in full (such as paying everyone the real Living
    # Wage): contract conditions in the schedule, not scored commitments. Plain text each.
    context["conditions"] = []
    kpis = _kpis(outcomes, law, context) if weighting.included else []
    context["kpis"] = kpis
    b = _Builder(inputs.edits, context, inputs.bases)
    sections = SECTIONS if weighting.included else (_not_required,)
    for section in sections:
        section(b, context)
    return _document(inputs, law, weighting, outcomes, b.numbered(), kpis, context, today)


# The sections, in the order a commissioner expects them; each adds its clauses and tables.


def _not_required(b, ctx):
    """Below the threshold: one clause saying no social value section is needed."""
    b.section("purpose", "Purpose and legal basis")
    b.clause("purpose.not-required", "purpose/not_required.txt")


def _purpose(b, ctx):
    """Why the council asks for social value here, and the law it asks under."""
    law = ctx["law"]
    b.section("purpose", "Purpose and legal basis")
    b.clause("purpose.intro", "purpose/intro.txt")
    b.clause("purpose.law", "purpose/law.txt")
    b.clause("purpose.subject", "purpose/subject_matter.txt")
    if law.community_benefits:
        b.clause("purpose.community-benefits", "purpose/community_benefits.txt")
    if law.fair_work:
        b.clause("purpose.fair-work", "purpose/fair_work.txt")
    if law.wales:
        b.clause("purpose.wales", "purpose/wales.txt")
    if law.framework:
        b.clause("purpose.framework", "purpose/framework.txt")
    if ctx["p"].get("lots"):
        b.clause("purpose.lots", "purpose/lots.txt")


def _priorities(b, ctx):
    """The council's priorities this contract serves, with their evidence."""
    b.section("priorities", "The council's priorities for this contract")
    b.clause("priorities.intro", "priorities/intro.txt")
    for priority in ctx["priorities"]:
        b.clause(f"priority.{priority['id']}", "priorities/priority.txt", priority=priority)


def _definitions(b, ctx):
    """What the terms mean: local, FTE, additionality and the counting rules."""
    b.section("definitions", "Definitions")
    for name in ("terms", "local", "fte", "additionality", "counting"):
        b.clause(f"definitions.{name}", f"definitions/{name}.txt")


def _outcomes(b, ctx):
    """Each prescribed outcome: what, why, the minimum, the evidence and what scores higher."""
    b.section("outcomes", "Prescribed outcomes")
    b.clause("outcomes.intro", "outcomes/intro.txt")
    for o in ctx["outcomes"]:
        b.subheading(f"Outcome {o.number}: {o.title}", key=f"outcome.{o.code}")
        for part in ("outcome", "why", "minimum", "evidence", "higher"):
            b.clause(f"outcome.{o.code}.{part}", f"outcomes/{part}.txt", o=o)


def _evaluation(b, ctx):
    """How bids are scored: weighting, questions, scale and descriptors, quantities, exclusions."""
    scale = ctx["scale"]
    b.section("evaluation", "Evaluation")
    b.clause("evaluation.weighting", "evaluation/weighting.txt")
    b.clause("evaluation.questions", "evaluation/questions.txt")
    b.table(
        "evaluation.questions-table",
        "Social value questions",
        ["Question", "Outcome", "Word limit", "Weighting"],
        [
            [f"Q{o.number}", o.title, f"{ctx['word_limit']:,} words", f"{o.weight:g}%"]
            for o in ctx["outcomes"]
        ],
    )
    b.clause("evaluation.scale", "evaluation/scale.txt")
    b.table(
        "evaluation.descriptors",
        f"Scoring descriptors ({SCALES[scale]})",
        ["Score", "Rating", "What the answer shows"],
        _table_lines(f"clauses/evaluation/descriptors_{scale}.txt", **ctx),
    )
    b.clause("evaluation.quantitative", "evaluation/quantitative.txt")
    b.clause("evaluation.disqualify", "evaluation/disqualify.txt")


def _management(b, ctx):
    """The social value schedule: the contract terms that manage delivery, in contract order."""
    b.section("management", "Contract management")
    b.clause("management.schedule", "management/schedule.txt")
    if ctx["conditions"]:
        b.clause("management.conditions", "management/conditions.txt")
    b.clause("management.plan", "management/delivery_plan.txt")
    b.clause("management.kpis", "management/kpis.txt")
    b.table(
        "management.kpi-table",
        "Key performance indicators",
        ["KPI", "Target", "Evidence"],
        [[k["name"], k["target"], k["evidence"]] for k in ctx["kpis"]],
    )
    b.clause("management.reporting", "management/reporting.txt")
    b.clause("management.verification", "management/verification.txt")
    b.clause("management.personal-data", "management/personal_data.txt")
    b.clause("management.change", "management/change_control.txt")
    b.clause("management.performance", "management/performance.txt")
    b.clause("management.remedies", "management/remedies.txt")
    b.clause("management.flow-down", "management/flow_down.txt")


def _summary(b, ctx):
    """One table of every outcome with its minimum, evidence and weighting."""
    b.section("summary", "Summary")
    b.clause("summary.intro", "summary/intro.txt")
    b.table(
        "summary.table",
        "Summary of prescribed outcomes",
        ["Outcome", "Minimum commitment", "Evidence", "Weighting"],
        [
            [
                f"{o.number}. {o.title}",
                clauses.render("clauses/summary/minimum_cell.txt", o=o),
                o.measure.get("evidence_required") or "As agreed in the delivery plan",
                f"{o.weight:g}%",
            ]
            for o in ctx["outcomes"]
        ],
    )


SECTIONS = (_purpose, _priorities, _definitions, _outcomes, _evaluation, _management, _summary)


def _percent(fraction):
    """A share as a tender states it: '40%', '33.3%', '0.4%'; never a bare '0%' or a rounded '100%'."""
    pct = fraction * 100
    if pct < 0.05:
        return "less than 0.1%"
    if pct < 100 and f"{pct:.1f}" == "100.0":
        return "99.9%"
    return f"{pct:.1f}".removesuffix(".0") + "%"


def _lot_shares(procurement):
    """Each lot with its share of the lots' total value, or [] unless every lot has a value.

    Shares of the lots' total, not of the contract's value (which may include options), so
    every minimum is shared out whole.
    """
    lots = procurement.get("lots") or []
    if not lots or any(lot["value_gbp"] is None for lot in lots):
        return []
    total = sum(lot["value_gbp"] for lot in lots)
    return [{**lot, "share": _percent(lot["value_gbp"] / total)} for lot in lots]


def _document(inputs, law, weighting, outcomes, sections, kpis, context, today):
    procurement = inputs.procurement
    return Document(
        title=f"Social value specification: {procurement['title']}",
        council=inputs.council,
        procurement=procurement,
        law=law,
        weighting=weighting,
        outcomes=outcomes,
        sections=sections,
        kpis=kpis,
        scale=inputs.scoring_scale,
        word_limit=context["word_limit"],
        reporting=context["freq"],
        status=inputs.status,
        created=today.isoformat(),
    )
