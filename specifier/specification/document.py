"""The one document model: sections of numbered clauses and tables, built once from the clause library.

HTML, Word and OCDS are thin renderers of a Document. Clause text is plain text; council
text (priority titles, evidence) stays literal here and each renderer escapes it.
"""

import dataclasses
import datetime
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from specifier import wording
from specifier.specification import (
    call_offs,
    clauses,
    contract_forms,
    counting,
    eligibility,
    emissions,
    legal,
    proportionality,
    relevance,
    scoring,
    sectors,
    spend,
)
from specifier.specification.specifications import STATUSES, usable_minimum
from specifier.themes import theme_key, theme_label

# Units counted in parts as well as wholes (FTE years, tonnes, hours, pounds...); the rest
# (people, apprenticeships, schools) are counted in whole numbers.
PART_UNITS = re.compile(
    r"£|\bfte\b|full[- ]time|tonne|hour|year|week|kwh|mwh|\bkm\b|kilomet|mile|litre|\bkg\b|"
    r"m³|m²|hectare|co2|carbon",
    re.IGNORECASE,
)

SCALES = {"0-5": "0 to 5", "0-100": "0 to 100"}
OFFICER_SECTION = "officer-notes"
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
    version: int = 0  # the latest saved version of this clause (0: never edited), for edits
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
    """A prescribed outcome: a measure, the priority it serves and its minimum commitment.

    An outcome whose only acceptable answer is all of it (the real Living Wage) is a contract
    condition: pass or fail, not scored. Who counts comes from the priority's places and
    groups: the document states them until the commissioner confirms or changes them.
    """

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
    eligibility: dict | None = None  # {"places": [...], "groups": [...]}
    eligibility_state: str = "none"  # 'none', 'ignored', 'proposed' (unconfirmed), 'confirmed'
    lots: list | None = None  # each lot's share of the minimum, when the lots have values
    # without a minimum, the ask the rules worked out: evaluators judge commitments against it
    reference: float | None = None
    # without a minimum, the ask when too small to publish as a reference (under one whole
    # unit, or a people count under its family's floor): the answer is scored on quality alone
    small_reference: float | None = None
    # without a minimum or reference, a percentage's published (large, modest) points
    scale: tuple | None = None
    # with a reference and valued lots: (lot title, its share of the reference or None)
    lot_references: list | None = None
    officer_notes: list = field(default_factory=list)
    # Where the confirmed places do not wholly cover the work, the limit widens: in each lot of
    # lot_places to the lot's own places (or the council's area); for a contract without lots,
    # to the council's area, because of the words in `widened`. See eligibility.reach.
    lot_places: dict = field(default_factory=dict)
    lot_count: int = 0  # how many lots the contract has
    widened: str = ""
    area: str = "the council's area"
    # Spend credited to a priority that asks for something local, with no places of its own:
    # only local suppliers count (the definitions say what local is), and the title says so.
    local_only: bool = False
    # A people outcome credited to a priority asking for local people, with no places of its
    # own: only people who live locally count (the definitions say what local is).
    local_people_only: bool = False
    # Why where a person lives is irrelevant to what it counts (staff using a language), and
    # the places a rule named that are therefore not applied.
    residence_free: str = ""
    places_set_aside: list = field(default_factory=list)
    # The groups its priority is for that who counts leaves out: the answer says how it reaches them.
    priority_groups: list = field(default_factory=list)
    # why it matters in the contract's market when no priority is linked (sectors.why_here)
    carried: str = ""
    # why its question carries the least share though it has a minimum (question_shares least)
    least: str = ""
    # (lot title, why): a lot scored on quality alone beside the others' fixed points, as its
    # vehicles are heavy or specialist (emissions.heavy_lots)
    lot_scales: list | None = None
    # why no fixed points judge the size of a fleet share on the whole contract (emissions.heavy)
    quality_why: str = ""

    @property
    def code(self):
        return self.measure["code"]

    @property
    def title(self):
        """The catalogue title, saying who counts as the rule does: the suppliers it keeps (local
        ones only, for a local priority), and people not called local where where they live
        does not limit who counts."""
        title = self._as_counted(self.measure["title"])
        return eligibility.localised(title) if self.local_only else title

    @property
    def description(self):
        """The catalogue description, naming who counts as the title does; for spend that only
        some suppliers count, said from the who-counts rule itself (FINDINGS-6 B9)."""
        if self.applies_to == "suppliers" and (self.who or self.local_suppliers):
            return clauses.render("clauses/outcomes/spend.txt", o=self)
        return self._as_counted(self.measure.get("description") or "")

    @property
    def baseline(self):
        """True when the bidder states its current baseline with its commitment: a cut, whose
        fair size depends on it, unless the contract supplies or removes things once. A level
        (a share of the fleet) or an amount (tonnes reused) is what this contract delivers, with
        no baseline to state or beat (FINDINGS-14a A5, 14b D5)."""
        return (
            self.suggestion.reason == "propose"
            and not self.measure.get("one_off")
            and (
                proportionality.is_cut(self.measure)
                or bool(re.search(r"\b(?:reduction|cut)\b", self.measure["title"], re.I))
            )
        )

    @property
    def baseline_said(self):
        """What the bidder's baseline is, as the measure's words put it: a cut against a
        baseline design (a building not yet built) has a design, not a current level."""
        design = re.search(r"\bbaseline design\b", self.measure.get("description") or "", re.I)
        return "baseline design" if design else "current baseline"

    @property
    def baseline_from(self):
        """Where a cut against the council's design is measured from, where the council gives
        its own carbon estimate (the only baseline design a bidder does not set)."""
        estimate = wording.measured(self.suggestion.design_estimate, self.unit)
        return f"measured against the council's estimate for its design, {estimate}"

    @property
    def supplier_terms(self):
        """The kinds of supplier the measure's title names ("small and medium-sized enterprises
        (SMEs)"), as the definitions define them; [] for any supplier."""
        return [e["term"] for e in eligibility.terms_in(self.measure["title"], "suppliers")]

    @property
    def suppliers_counted(self):
        """The suppliers a spend outcome counts, as its description and who counts say it."""
        return clauses.render("clauses/outcomes/suppliers.txt", o=self)

    @property
    def local_suppliers(self):
        """True when only local suppliers count: a local-spend measure, or spend for a local
        priority (local_only)."""
        family = proportionality.family_for(self.measure)
        return self.local_only or bool(
            self.applies_to == "suppliers" and family and family.get("local")
        )

    @property
    def supplier_spend(self):
        """True for pounds spent with suppliers of a kind, whose who-counts text says what
        payments count (proportionality.UNBASED_SPEND)."""
        family = proportionality.family_for(self.measure)
        kind = bool(family and family["key"] in proportionality.UNBASED_SPEND)
        return kind and self.applies_to == "suppliers" and "£" in self.unit

    def _as_counted(self, text):
        if self.applies_to == "suppliers":
            return eligibility.retitled(text, self.who)
        return eligibility.without_local(text) if self.counted_anywhere else text

    @property
    def counted_anywhere(self):
        """True when who counts is stated for people with no place limit: it counts them
        wherever they live, so no text may call them local."""
        if self.applies_to != "people" or self.eligibility_state not in ("confirmed", "proposed"):
            return False
        if self.local_people_only:
            return False
        return not (self.who and self.who["places"])

    @property
    def studies_at(self):
        """Where the people a place-free people outcome counts study, as its words name it
        ("colleges and universities", in the local area), or ''."""
        if self.applies_to != "people" or (self.who and self.who["places"]):
            return ""
        return eligibility.studies_at(self.measure.get("description"))

    @property
    def referred_by(self):
        """The council's own service that refers the people a people outcome counts, as its
        evidence says, or ''."""
        if self.applies_to != "people":
            return ""
        return eligibility.referred_by(self.measure.get("evidence_required"))

    @property
    def local_people(self):
        """True when, with no places or groups stated, only local people count: the measure's
        family counts local people, or its words call them local (and nothing says anyone
        counts, wherever they live)."""
        if self.applies_to != "people" or self.who or self.counted_anywhere:
            return False
        if self.residence_free:
            return False
        if self.local_people_only:
            return True
        family = proportionality.family_for(self.measure)
        words = f"{self.measure['title']} {self.measure.get('description') or ''}"
        return bool(family and family.get("local")) or eligibility.without_local(words) != words

    @property
    def open_lots(self):
        """The lots the confirmed places do not wholly cover: there the lot's own area counts."""
        return list(self.lot_places)

    @property
    def widened_lots(self):
        """[(lot titles, places that count there)]: lots sharing an area said together; [] when
        every lot has the same answer, which who counts says once (lots_alike)."""
        if self.lots_alike:
            return []
        return self._lot_areas()

    def _lot_areas(self):
        grouped = {}
        for lot, own in self.lot_places.items():
            grouped.setdefault(tuple(own or [self.area]), []).append(lot)
        return [(lots, list(places)) for places, lots in grouped.items()]

    @property
    def lots_alike(self):
        """The places that count where every lot widens to the same ones (FINDINGS-8 E10: "in
        the lots A, B and C, those who live in the council's area" says one thing three
        times); else None."""
        areas = self._lot_areas()
        if self.lot_places and len(self.lot_places) == self.lot_count and len(areas) == 1:
            return areas[0][1]
        return None

    @property
    def unit(self):
        """The measure's unit; a framework's rate is for each £ of call-offs (a cut's rate is
        the amount cut, said so that no bidder reads it as emissions per £1m)."""
        unit = self.measure.get("unit") or ""
        if self.per_gbp:
            cut = " cut" if proportionality.is_cut(self.measure) else ""
            return f"{unit}{cut} per {wording.money(self.per_gbp)} of call-offs"
        return unit

    @property
    def counted_whole(self):
        """True when the measure counts things that come whole (people, not FTE years)."""
        return proportionality.counted_whole(self.measure.get("unit"))

    @property
    def per_gbp(self):
        """For a framework's rate, the pounds of call-offs its minimum is for; else None."""
        return self.suggestion.per_gbp

    @property
    def condition(self):
        """True when the outcome is a contract condition rather than a scored commitment."""
        return self.suggestion.condition

    @property
    def name(self):
        """How the document refers to it: 'Outcome 2' or 'Condition 1'."""
        return f"{'Condition' if self.condition else 'Outcome'} {self.number}"

    @property
    def confirmed(self):
        """The eligibility rule as the officer confirmed it, when it limits anything, else None."""
        rule = self.eligibility if self.eligibility_state == "confirmed" else None
        return rule if rule and (rule["places"] or rule["groups"]) else None

    @property
    def stated(self):
        """The rule the document states: as confirmed, or else as the priority proposes it (a
        specification is never silent about who counts); None when anyone counts."""
        rule = self.eligibility if self.eligibility_state in ("confirmed", "proposed") else None
        return rule if rule and (rule["places"] or rule["groups"]) else None

    @property
    def who(self):
        """Who counts as bidders are bound by it: the stated rule, its places widened to the
        council's area where they do not cover the work, its groups never wider than the
        outcome's own (eligibility.counted); None when anyone counts."""
        rule = self.stated
        if rule and self.widened:
            rule = {"places": [self.area], "groups": rule["groups"]}
        elif rule and self.lots_alike:
            rule = {"places": self.lots_alike, "groups": rule["groups"]}
        elif rule and not rule["places"] and self._local_by_title:
            # A priority's proposed groups narrow an outcome for local people ("site-ready
            # training for local residents"), never widen it to people anywhere (twelfth
            # review D5): the council's area still counts. An officer may confirm otherwise.
            rule = {"places": [self.area], "groups": rule["groups"]}
        family = self.suggestion.family
        rule = eligibility.counted(rule, self.measure["title"], self.applies_to, family)
        return rule if rule and (rule["places"] or rule["groups"]) else None

    @property
    def _local_by_title(self):
        """True when a people outcome's rule is only proposed and its own title counts local
        people: its family counts them, or its title calls them local."""
        if self.applies_to != "people" or self.eligibility_state != "proposed":
            return False
        family = proportionality.family_for(self.measure)
        title = self.measure["title"]
        return bool(family and family.get("local")) or eligibility.without_local(title) != title

    @property
    def groups_within(self):
        """The stated rule's groups who counts takes in without naming them (eligibility.within):
        said as the people the priority is for."""
        return eligibility.within(
            self.stated, self.measure["title"], self.applies_to, self.suggestion.family
        )

    @property
    def groups_left_out(self):
        """The stated rule's groups who counts leaves out: outside the outcome's own group."""
        return eligibility.left_out(
            self.stated, self.measure["title"], self.applies_to, self.suggestion.family
        )

    @property
    def applies_to(self):
        """What an eligibility rule limits for this outcome: 'people', 'suppliers' or None."""
        return eligibility.applies_to(self.suggestion.family)

    @property
    def quality_points(self):
        """What earns a higher score for this measure, one point each."""
        points = (self.measure.get("higher_score") or "").split(";")
        found = [self._as_counted(p.strip()) for p in points if p.strip()]
        if self.priority_groups:
            groups = wording.any_of(self.priority_groups, "and")
            found.append(f"how it will reach {groups}, the people the council's priority is for")
        return found

    @property
    def goal(self):
        if self.measure.get("ocds_goal"):
            return self.measure["ocds_goal"]
        return THEME_GOALS.get(theme_key(self.measure.get("theme", "")), "social")

    @property
    def whole(self):
        """True when the outcome counts whole things (people, placements), never parts of one
        (FTE years, pounds, tonnes, hours) nor a level or a rate."""
        level = self.unit.strip().startswith("%") or bool(self.per_gbp)
        return not level and not PART_UNITS.search(self.unit)

    @property
    def score_cap(self):
        """The commitment above which no more marks are given, or None when there is none."""
        if self.minimum is None or self.suggestion.method in ("fixed", "condition"):
            return None
        cap = self._usual_cap
        most = self.suggestion.most
        if most is not None and not self.suggestion.per_gbp:
            # No more than the contract's workforce could deliver (FINDINGS-16 coal tip 2).
            cap = min(cap, max(math.floor(most + 1e-9), self.minimum))
        return cap

    @property
    def _usual_cap(self):
        """The usual multiple of the minimum, never over 100% for a percentage."""
        cap = self.minimum * proportionality.SCORE_CAP_MULTIPLE
        return min(cap, 100.0) if self.unit.startswith("%") else cap

    @property
    def workforce_capped(self):
        """True when the score cap is below the usual multiple of the minimum, as the contract's
        workforce could deliver no more."""
        cap = self.score_cap
        return cap is not None and cap < self._usual_cap

    @property
    def split(self):
        """The question's weight split between quality and commitment."""
        return scoring.split(self)


@dataclass
class FairWorkQuestion:
    """Scotland's Fair Work First question: scored on quality alone, beside the outcomes."""

    number: int
    weight: float
    name: str = "the Fair Work First question"
    title: str = "Fair Work First"
    # The chosen fair work outcomes and conditions beside it (sick pay, direct employment, the
    # real Living Wage): the question scores only what they do not, so no practice scores twice.
    besides: tuple = ()

    @property
    def scored_besides(self):
        """The fair work outcomes beside it scored in their own questions."""
        return [o for o in self.besides if not o.condition]

    @property
    def required_besides(self):
        """The fair work conditions beside it: pass or fail, never scored."""
        return [o for o in self.besides if o.condition]

    @property
    def pays_living_wage(self):
        """True when a condition beside it already requires the real Living Wage."""
        return any("living wage" in o.title.lower() for o in self.required_besides)

    @property
    def split(self):
        return scoring.Split(self.weight, self.weight, 0.0)


def _same_subjects(outcomes):
    """{outcome number: (the earlier outcome, the subject)} for each outcome whose question
    measures what an earlier one's does (`same_things` in deliverables.yaml: the contract's
    plant, its vehicles): its question then scores only what the earlier one does not."""
    found = {}
    for i, o in enumerate(outcomes):
        for earlier in outcomes[:i]:
            subject = relevance.same_subject(earlier.measure, o.measure)
            if subject:
                found[o.number] = (earlier, subject)
                break
    return found


def _fair_work_besides(prescribed):
    """The chosen outcomes and conditions of the fair work theme, in number order."""
    return tuple(o for o in prescribed if theme_key(o.measure.get("theme")) == "fair-work")


def _number(question):
    return question.number


@dataclass
class Inputs:
    """Everything a specification is built from; loaded from the database or a procurement file."""

    council: dict
    procurement: dict
    chosen: list  # [{"measure": {...}, "priority": {...} or None, "minimum": x, "rationale": s}]
    weighting_pct: float | None = None
    # The weighting the officer confirms where the rules lower the council's (a file's
    # weighting_confirmed_pct); in the app, setting the weighting is the confirmation.
    weighting_confirmed_pct: float | None = None
    scoring_scale: str = "0-5"
    forced: bool = False
    edits: dict = field(default_factory=dict)
    status: str = "draft"
    bases: dict = field(default_factory=dict)  # {clause key: generated wording edited from}
    versions: dict = field(default_factory=dict)  # {clause key: its latest saved version}
    officer_appendix: bool = False  # add the officers' notes as an appendix to remove


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
    conditions: list = field(default_factory=list)  # outcomes that are contract conditions
    overlaps: list = field(default_factory=list)  # counting.Overlap: where a thing counts
    fair_work: FairWorkQuestion | None = None  # Scotland's Fair Work First question

    @property
    def prescribed(self):
        """Every chosen outcome, scored ones first, then the contract conditions."""
        return self.outcomes + self.conditions

    @property
    def conditions_only(self):
        """True when social value is secured by contract conditions alone, nothing scored: the
        officer set the weighting to 0% and chose only conditions (a call-off whose framework
        fixes the award criteria)."""
        return unscored(self.outcomes, self.conditions, self.weighting.pct)

    @property
    def questions(self):
        """Every scored question in number order: the outcomes' and Scotland's Fair Work First."""
        return sorted(self.outcomes + ([self.fair_work] if self.fair_work else []), key=_number)

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


def unscored(outcomes, conditions, pct):
    """True for contract conditions alone at a 0% weighting: no question, no marks."""
    return not outcomes and bool(conditions) and pct == 0


def prescribe(procurement, chosen, council=None):
    """Turn chosen measures into outcomes and conditions, each numbered, with their minimums.

    Returns (outcomes, conditions): scored outcomes, and those whose only acceptable answer is
    all of it, which become contract conditions.
    """
    outcomes, conditions = [], []
    # The council's own place names, as its priorities name them: places whatever their words.
    known = {p for item in chosen for p in (item.get("priority") or {}).get("places") or []}
    for item in chosen:
        # In the market's words where the catalogue's are generic (sectors.yaml `wording`).
        measure = sectors.worded(procurement, item["measure"])
        # Counting the business journeys where those are the contract's emissions; a heavy
        # fleet's plan and trips earning marks.
        measure = emissions.fleet_worded(procurement, emissions.worded(procurement, measure))
        family = proportionality.family_for(measure)
        trade = sectors.regulated(procurement)
        if trade and family and family["method"] in proportionality.ENTRY_METHODS:
            # Who counts says the roles a new entrant can start in on regulated work.
            route = clauses.render("clauses/outcomes/entry.txt", t=trade)
            notes = (measure.get("counting_notes") or "").strip()
            measure = measure | {"counting_notes": f"{notes} {route}".strip()}
        if family and family.get("paid_post"):
            # What counts as a hire: a real post, not a few days' work (FINDINGS-17b 4).
            post = clauses.render(
                "clauses/outcomes/paid_post.txt",
                hours=proportionality.assumption("paid_post_hours"),
                weeks=proportionality.assumption("paid_post_weeks"),
            )
            notes = (measure.get("counting_notes") or "").strip()
            measure = measure | {"counting_notes": f"{notes} {post}".strip()}
        if proportionality.course_unsized(measure):
            # A course of any length would count an hour's taster (FINDINGS-19a-u ferry 2).
            said = clauses.render(
                "clauses/outcomes/course.txt", hours=proportionality.assumption("course_hours")
            )
            notes = (measure.get("counting_notes") or "").strip()
            measure = measure | {"counting_notes": f"{notes} {said}".strip()}
        windows = proportionality.work_windows(procurement)
        if windows and re.search(r"\bweeks?\b", measure.get("unit") or "", re.I):
            # Person-weeks on work done in windows are weeks worked in them (FINDINGS-19b-u 1).
            said = clauses.render("clauses/outcomes/windows.txt", windows=windows)
            notes = (measure.get("counting_notes") or "").strip()
            measure = measure | {"counting_notes": f"{notes} {said}".strip()}
        priority = item.get("priority")
        rule, state = eligibility.resolve(
            item.get("eligibility"), priority, family["key"] if family else "none"
        )
        if state == "proposed":  # the priority's groups; a confirmed rule is the officer's
            rule = eligibility.outside_trades(rule, relevance.trades_outside(procurement))
            state = state if rule else "none"
        # Where people live follows from the measure's nature and its priority, both ways: never
        # for staff using a language in the service; only locally, for a priority asking for
        # local people, where no places are named (who-counts.yaml; FINDINGS-19a-u, 19b-u).
        people = bool(family) and eligibility.applies_to(family["key"]) == "people"
        free = eligibility.residence_free(measure) if people else ""
        set_aside = list(rule["places"]) if free and rule else []
        if set_aside:
            rule = {**rule, "places": []}
        # Until the officer confirms who counts, the priority's places and groups are stated
        # and size the minimum: bidders are never left to guess (FINDINGS-6 B7).
        confirmed = rule if state in ("confirmed", "proposed") else None
        local_people = (
            people
            and not free
            and not (confirmed and confirmed["places"])
            and eligibility.asks_local_people(priority)
        )
        lot_places, widened = eligibility.reach(confirmed, procurement, known)
        area = f"{council['name']}'s area" if council else "the council's area"
        if widened:
            confirmed = {"places": [area], "groups": confirmed["groups"]}
        local_only = _local_only(family, priority, council, confirmed)
        key = family["key"] if family else ""
        counted = eligibility.counted(confirmed, measure["title"], eligibility.applies_to(key), key)
        narrowing = eligibility.share(
            eligibility.with_local_place(counted) if local_only else counted,
            family["key"] if family else "none",
            proportionality.narrowed_share(),
            local=bool(family and family.get("local")),
            trades=proportionality.trade_workforce(procurement),
        )
        suggestion = proportionality.suggest(
            measure,
            procurement,
            narrowing=narrowing,
            evidence=(priority or {}).get("evidence_statistic") or "",
            # New-entrant posts on works are for whoever counts, unless a narrower group does.
            new_entrants=eligibility.share(
                counted, "apprenticeships", proportionality.narrowed_share()
            )
            == 1,
        )
        # A stored minimum the form would refuse (such as infinity) counts as no edit.
        own_minimum = usable_minimum(item.get("minimum"))
        edited = own_minimum is not None and not suggestion.condition
        minimum = own_minimum if edited else suggestion.minimum
        minimum, lots = relevance.lot_minimums(suggestion, minimum, procurement, measure)
        generated = clauses.render("clauses/rationale.txt", s=suggestion, m=measure, p=procurement)
        found = conditions if suggestion.condition else outcomes
        found.append(
            Outcome(
                number=len(found) + 1,
                measure=measure,
                priority=priority,
                suggestion=suggestion,
                minimum=minimum,
                rationale=item.get("rationale") or generated,
                minimum_edited=edited,
                generated_rationale=generated,
                rationale_edited=bool(item.get("rationale")),
                eligibility=rule,
                eligibility_state=state,
                lots=lots,
                lot_places=lot_places,
                lot_count=len(procurement.get("lots") or []),
                widened=widened,
                area=area,
                local_only=local_only,
                local_people_only=local_people,
                residence_free=free,
                places_set_aside=set_aside,
                # Not for staff development or a language staff use: its groups are who is
                # recruited, not who is trained (eligibility.PLACES_ONLY).
                priority_groups=_groups_unsaid(rule, priority, procurement)
                if people and not free and key not in eligibility.PLACES_ONLY
                else [],
                carried=sectors.why_here(procurement, measure) or "",
                # Without a minimum: the fixed points its size is judged against, if any.
                **({} if minimum is not None else proportionality.points(suggestion, procurement)),
            )
        )
        found[-1].lot_scales = proportionality.lot_scales(found[-1].scale, measure, procurement)
    return outcomes, conditions


def _groups_unsaid(rule, priority, procurement):
    """The groups a people outcome's priority is for that its who-counts rule leaves out (the
    officer confirmed anyone, or other groups), in the contract's trade: what the answer is
    scored on reaching, so the priority's people are not lost (FINDINGS-19b-u roofing 2)."""
    named = eligibility.outside_trades(
        eligibility.proposed(priority), relevance.trades_outside(procurement)
    )
    kept = set((rule or {}).get("groups") or [])
    return [g for g in (named or {}).get("groups", []) if g not in kept]


def _local_only(family, priority, council, stated):
    """True when spend, credited to a priority asking for something local, names no places.

    A local-spend family counts only local suppliers already; places in the stated rule (as
    confirmed or proposed) say where they are based.
    """
    if not family or family.get("local") or eligibility.applies_to(family["key"]) != "suppliers":
        return False
    if stated and stated["places"]:
        return False
    return relevance.asks_local(priority, council)


def _officer_notes(outcomes, overlaps, framework=False):
    """Give each outcome its notes for officers: never in the bidders' text."""
    for o in outcomes:
        o.officer_notes = [
            line
            for line in clauses.render(
                "clauses/officer/notes.txt",
                o=o,
                framework=framework,
                thin=proportionality.thin_bar(o.suggestion.method, o.unit, o.suggestion.value_gbp),
                overlaps=[v for v in overlaps if o in (v.first, v.second)],
            ).splitlines()
            if line.strip()
        ]


def _kpis(outcomes, context):
    """One KPI per outcome and condition: the contract's social value KPIs, nothing to pad them.

    Where section 52 of the Procurement Act 2023 applies these are among the contract's KPIs,
    not all of them, so they are never topped up to three with measures of process.
    """
    return [
        {
            "name": f"KPI {number}: {o.title}",
            "target": clauses.render("clauses/management/kpi_target.txt", o=o, **context),
            "evidence": f"As set out for {o.name}",
        }
        for number, o in enumerate(outcomes, start=1)
    ]


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

    def __init__(self, edits, context, bases=None, versions=None):
        self.edits = edits
        self.bases = bases or {}
        self.versions = versions or {}
        self.context = context
        self.sections = []
        self.said = {}  # sentence -> the clause that first said it
        self.references = []  # (clause, the earlier clauses it refers to instead)

    def section(self, key, title):
        self.sections.append(Section(key, title))

    def clause(self, key, template, **extra):
        # Officers' guidance never reaches bidders: only the appendix may hold it.
        wanted = "officer" if self.sections[-1].key == OFFICER_SECTION else "bidder"
        if clauses.audience(f"clauses/{template}") != wanted:
            raise ValueError(f"{template} is not for {wanted}s, so it cannot go in {key}")
        rendered = clauses.render(f"clauses/{template}", **self.context, **extra)
        generated = clauses.unsaid(rendered, self.said)
        edit = self.edits.get(key)
        clause = Clause(key, edit or generated, generated=generated, edited=bool(edit))
        clause.based_on = self.bases.get(key) if edit else None
        clause.version = self.versions.get(key, 0)
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
    outcomes, conditions = prescribe(procurement, inputs.chosen, council)
    # A call-off's framework fixes what is evaluated: nothing in a direct award, nor in a further
    # competition where only conditions are named (FINDINGS-18a-t 3.1).
    override = call_offs.weighting_override(
        procurement, bool(conditions) and not outcomes, inputs.weighting_pct
    )
    weighting = proportionality.weighting(
        council, procurement, override=override, forced=inputs.forced
    )
    prescribed = outcomes + conditions
    overlaps = counting.overlaps(prescribed)
    groups = eligibility.defined(prescribed)
    # An hours count, a token minimum or what the service already does weighs least (H4); an
    # officer's own minimum is theirs to weigh.
    for o in outcomes:
        o.least = (
            ""
            if o.minimum_edited
            else proportionality.worth_least(o.suggestion, o.minimum, o.measure, procurement)
        )
        # One serving no council priority weighs least beside those that serve one.
        if not o.priority and not o.least and any(p.priority for p in outcomes):
            o.least = (
                "it serves no council priority, so it weighs less than every outcome that does"
            )
    _officer_notes(prescribed, overlaps, framework=procurement.get("kind") == "framework")
    # Scotland's statutory guidance asks for fair work to be evaluated where it is relevant: in a
    # regulated procurement of services or works it is a question of its own.
    asked = len(outcomes) + (1 if law.fair_work and outcomes else 0)
    weighting = proportionality.capped(
        weighting,
        outcomes,
        asked,
        overridden=override is not None,
        floor=legal.MIN_WEIGHTING_PCT if law.ni_policy else 0,
        light=proportionality.light_regime(procurement),
    )
    units = [
        proportionality.HALVED_STEP if scoring.scores_commitment(o) else proportionality.WEIGHT_STEP
        for o in outcomes
    ] + [proportionality.WEIGHT_STEP] * (asked - len(outcomes))
    # By value: a question with a real minimum carries more than one without, or a token;
    # Fair Work First, the whole of the bidder's fair work practice, as much as a minimum.
    real = [
        o.minimum is not None and not relevance.firm_status(o.measure) and not o.least
        for o in outcomes
    ]
    parts = proportionality.question_parts(real + [True] * (asked - len(outcomes)))
    weights = proportionality.split_weights(weighting.pct, asked, units, parts)
    proposed = [o.minimum is None for o in outcomes] + [None] * (asked - len(outcomes))
    weights, held = proportionality.held_shares(weights, proposed, units)
    # The council's ratings order the questions: a priority rated higher is never outweighed.
    ranks = [proportionality.importance_rank(o.priority) for o in outcomes]
    ranks += [None] * (asked - len(outcomes))
    weights = proportionality.by_importance(weights, units, ranks, proposed)
    if held:
        named = tuple((outcomes[i].name, before, after) for i, before, after in held)
        weighting = dataclasses.replace(weighting, held=named)
    if weighting.uncapped is not None:
        weighting = dataclasses.replace(weighting, confirmed=inputs.weighting_confirmed_pct)
    for outcome, weight in zip(outcomes, weights, strict=False):
        outcome.weight = weight
    fair_work = (
        FairWorkQuestion(asked, weights[-1], besides=_fair_work_besides(outcomes + conditions))
        if asked > len(outcomes)
        else None
    )
    start = procurement.get("start_date")
    plan_days = proportionality.delivery_plan_days(procurement)
    plan_due = (
        datetime.date.fromisoformat(start) + datetime.timedelta(days=plan_days) if start else None
    )
    priorities = list({o.priority["id"]: o.priority for o in prescribed if o.priority}.values())
    context = {
        "plain": False,  # True renders a clause's plainer wording (see clauses.render_plain)
        "c": council,
        "p": procurement,
        "law": law,
        # call-offs are placements for one person's needs: no social value weighting in them
        "placements": proportionality.placement_call_offs(procurement, law.care),
        # the providers the contract directs payments to: never spend with suppliers
        "spend_directed": spend.directed(procurement),
        # the individuals paid for their own work it names, and whether it supplies people
        "spend_individuals": spend.individual_kinds(procurement),
        "supplies_people": sectors.supplies_people(procurement),
        # the form of contract the schedule goes into: which remedies work in it
        "form": contract_forms.form(procurement),
        "w": weighting,
        "outcomes": outcomes,
        "conditions": conditions,
        # Contract conditions alone at 0%: no question, no weighting, each condition pass or fail.
        "unscored": unscored(outcomes, conditions, weighting.pct),
        "overlaps": overlaps,
        # part of what an outcome counts that the description already requires: not counted
        "required": {
            o.code: found
            for o in outcomes
            if (found := relevance.required_already(procurement, o.measure))
        },
        "same_subjects": _same_subjects(outcomes),
        "groups": groups,
        "priorities": priorities,
        # The priorities of outcomes that count people or suppliers: where "local" matters.
        "local_priorities": eligibility.local_priorities(prescribed),
        "scale": inputs.scoring_scale,
        "scale_text": SCALES[inputs.scoring_scale],
        "word_limit": proportionality.word_limit(procurement["value_gbp"], bool(weighting.light)),
        "freq": proportionality.reporting_frequency(procurement),
        "reports": proportionality.report_count(procurement),
        # The contract's own reports social value goes in, where the description says how often
        # the supplier makes them (FINDINGS-16b 6); None: a separate return.
        "own_reports": proportionality.in_own_reports(procurement),
        # A contract that reports once needs no delivery plan: its tender is its plan.
        # Nor do conditions alone: each is met in full from the start, so there is nothing to plan.
        "plan_needed": not unscored(outcomes, conditions, weighting.pct)
        and (law.framework or proportionality.report_count(procurement) > 1),
        "plan_days": plan_days,
        "plan_due": plan_due,
        # Minimums are set over the firm term; the yearly rate continues into any extension.
        "years": proportionality.counting_period(procurement)[0] / 12,
        "extension": proportionality.counting_period(procurement)[1],
        "cap_multiple": proportionality.SCORE_CAP_MULTIPLE,
        # Staff who transfer under TUPE count only for what is new on this contract.
        "tupe": proportionality.transfers_staff(procurement)
        and any(o.applies_to == "people" for o in prescribed),
        # A yearly rate beside a total only where the work runs through the term.
        "steady": proportionality.steady(procurement),
        "theme_label": theme_label,
        "wales_goals": legal.wellbeing_goals(
            (theme_key(o.measure.get("theme")), f"{o.title} {o.measure.get('outcome') or ''}")
            for o in prescribed
        ),
        "ni_themes": legal.ni_themes(
            (theme_key(o.measure.get("theme")), f"{o.title} {o.measure.get('outcome') or ''}")
            for o in prescribed
        ),
        "example": scoring.example(outcomes, inputs.scoring_scale),
        # No outcome has a minimum: every answer is scored on quality alone, and the weighting
        # clause says the sharing, the formula and a worked example in one paragraph.
        "quality_only": bool(outcomes)
        and all(o.minimum is None and not scoring.scores_commitment(o) for o in outcomes),
        "fair_work": fair_work,
    }
    kpis = _kpis(prescribed, context) if weighting.included else []
    context["kpis"] = kpis
    b = _Builder(inputs.edits, context, inputs.bases, inputs.versions)
    sections = SECTIONS if weighting.included else (_not_required,)
    if weighting.included and inputs.officer_appendix:
        sections = (*sections, _officer_appendix)
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
    # A call-off under another body's framework: its terms and rules, never the council's own
    # procurement (FINDINGS-18a-t 3.1).
    b.clause("purpose.law", "purpose/call_off.txt" if law.call_off else "purpose/law.txt")
    if law.ni_policy and ctx["w"].pct >= legal.MIN_WEIGHTING_PCT:  # where PPN 01/21 is cited
        b.clause("purpose.northern-ireland", "purpose/northern_ireland.txt")
    b.clause("purpose.subject", "purpose/subject_matter.txt")
    if law.community_benefits:
        b.clause("purpose.community-benefits", "purpose/community_benefits.txt")
    if law.fair_work:
        b.clause("purpose.fair-work", "purpose/fair_work.txt")
    if law.wales:
        b.clause("purpose.wales", "purpose/wales.txt")
    if law.framework:
        # One supplier a lot: call-offs go to it on the framework's terms (FINDINGS-16a 1.5).
        one = contract_forms.framework_suppliers(ctx["p"]).count == "one"
        b.clause("purpose.framework", f"purpose/framework{'_one' if one else ''}.txt")
    if ctx["p"].get("lots"):
        b.clause("purpose.lots", "purpose/lots.txt")


def _priorities(b, ctx):
    """The council's priorities this contract serves, with their evidence."""
    b.section("priorities", "The council's priorities for this contract")
    b.clause("priorities.intro", "priorities/intro.txt")
    # What the chosen outcomes and conditions define: a promise none defines is not quoted.
    defining = [f"{o.title} {o.unit}" for o in ctx["outcomes"] + ctx["conditions"]]
    for priority in ctx["priorities"]:
        # A description promising what the specification denies is not quoted to bidders.
        quoted = not relevance.promise_denied(priority)
        description = relevance.without_undefined_promises(priority.get("description"), defining)
        b.clause(
            f"priority.{priority['id']}",
            "priorities/priority.txt",
            priority=priority | {"description": description},
            quote=quoted,
        )


def _definitions(b, ctx):
    """What the terms mean: local, the groups who count, FTE, additionality and counting."""
    b.section("definitions", "Definitions")
    for name in ("terms", "local", "fte", "workforce", "additionality", "counting"):
        if name == "fte" and not _counts_work_time(ctx["outcomes"]):
            continue  # a definition nothing uses is left out (FINDINGS-13b D9)
        if name == "workforce":
            _workforce_definition(b, ctx)
            continue
        if name == "additionality" and ctx["unscored"]:
            continue  # a condition is met in full, whether or not it was met before
        # Nor "local" where nothing counts local people or firms (FINDINGS-14b D12).
        if name != "local":
            b.clause(f"definitions.{name}", f"definitions/{name}.txt")
        elif _uses_local(ctx["outcomes"] + ctx["conditions"]):
            # Who or what is local is said only for what an outcome counts (FINDINGS-18b 2.6:
            # "a person is local" on a contract counting only spend with firms).
            counted = ctx["outcomes"] + ctx["conditions"]
            b.clause(
                "definitions.local",
                "definitions/local.txt",
                people=any(o.applies_to == "people" for o in counted),
                firms=any(o.applies_to == "suppliers" for o in counted),
            )
        if name == "local" and ctx["groups"]:
            b.clause("definitions.groups", "definitions/groups.txt")


# Words of an outcome or condition that measure the contract's workforce as a whole (its pay,
# its terms, a share of it): what "contract workforce" means must then be said (FINDINGS-17b
# befriending 2: 110 volunteers beside 4.6 paid FTE, and nobody knew whether they counted).
WHOLE_WORKFORCE = re.compile(
    r"contract workforce|working on the contract|contract workers|contract roles", re.IGNORECASE
)


def _workforce_definition(b, ctx):
    """Who the contract workforce is, where an outcome or condition measures it: the people
    paid to do the work (employees, agency, subcontractors' staff and the self-employed), never
    volunteers; casual staff for every shift where the description says the work uses them."""
    said = [
        f"{o.title} {o.unit} {o.measure.get('description') or ''}"
        for o in ctx["outcomes"] + ctx["conditions"]
    ]
    if not any(WHOLE_WORKFORCE.search(s) for s in said):
        return
    p = ctx["p"]
    b.clause(
        "definitions.workforce",
        "definitions/workforce.txt",
        volunteers=sectors.mentions_volunteers(p),
        casual=bool(sectors.casual_workforce(p)),
        goods=sectors.physical_category(p) == "goods",
    )


# An outcome or condition about the contract's workforce (its pay, terms, hires or training),
# whose evidence is payroll or other records of named people.
WORKFORCE = re.compile(
    r"workforce|worker|staff|employ|\bFTE\b|full-time|apprentic|payroll|wage|\bpay\b|\bpaid\b|"
    r"hours|sick|trainee|placement|volunteer|people|residents|participant",
    re.IGNORECASE,
)


def _counts_workforce(outcomes):
    """True when an outcome counts people or workers, so personal data rules apply to it."""
    return any(
        o.applies_to == "people" or WORKFORCE.search(f"{o.title} {o.measure.get('unit') or ''}")
        for o in outcomes
    )


def _uses_local(outcomes):
    """True when an outcome counts people or suppliers who may be local, or says "local"."""
    return any(
        (o.applies_to and not o.counted_anywhere)
        or re.search(r"\blocal", f"{o.title} {o.measure.get('description') or ''}", re.I)
        for o in outcomes
    )


def _counts_work_time(outcomes):
    """True when an outcome counts people or work time, which FTE measures."""
    return any(
        o.applies_to == "people"
        or re.search(r"\bFTE\b|full-time", f"{o.measure.get('unit') or ''} {o.title}", re.I)
        for o in outcomes
    )


def _outcomes(b, ctx):
    """Each prescribed outcome: what, why, who counts, the minimum, evidence, what scores higher.

    Then each lot's or call-off's minimums, and the contract conditions.
    """
    if ctx["unscored"]:  # the conditions are the whole section, under its own title
        b.section("outcomes", "Contract conditions")
        _conditions(b, ctx, {})
        return
    b.section("outcomes", "Prescribed outcomes")
    b.clause("outcomes.intro", "outcomes/intro.txt")
    if ctx["extension"] and ctx["outcomes"]:  # the period every commitment is counted over
        b.clause("outcomes.term", "outcomes/term.txt")
    stated = {}  # sentences of evidence and counting already given, by the outcome that gave them
    for o in ctx["outcomes"]:
        b.subheading(f"Outcome {o.number}: {o.title}", key=f"outcome.{o.code}")
        # Every outcome counting people says who counts; spend, what counts (FINDINGS-16b 2).
        said = o.applies_to == "people" or o.who or o.local_suppliers or o.supplier_spend
        parts = ["outcome", "why"] + (["who"] if said else []) + ["minimum", "evidence", "higher"]
        for part in parts:
            extra = _evidence(o, stated) if part == "evidence" else {}
            b.clause(f"outcome.{o.code}.{part}", f"outcomes/{part}.txt", o=o, **extra)
    _lot_minimums(b, ctx)
    _framework_rates(b, ctx)
    if ctx["conditions"]:
        b.subheading("Contract conditions", key="conditions")
        _conditions(b, ctx, stated)


def _conditions(b, ctx, stated):
    """The contract conditions: what each requires, and how it is measured and evidenced."""
    b.clause("conditions.intro", "outcomes/conditions.txt")
    for o in ctx["conditions"]:
        b.subheading(f"Condition {o.number}: {o.title}", key=f"outcome.{o.code}")
        for part in ("condition", "evidence"):
            extra = _evidence(o, stated) if part == "evidence" else {}
            b.clause(f"outcome.{o.code}.{part}", f"outcomes/{part}.txt", o=o, **extra)


SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def _evidence(o, stated):
    """An outcome's evidence and counting sentences, each said in full; one an earlier outcome
    stated says so ("as for Outcome 1"), rather than pointing to that outcome's other rules."""
    found = {}
    for name in ("evidence_required", "counting_notes"):
        found[name] = []
        for sentence in SENTENCE.split((o.measure.get(name) or "").strip().rstrip(". ;")):
            sentence = sentence.strip().rstrip(".;")
            if not sentence:
                continue
            if sentence in stated:
                sentence = f"{sentence} (as for {stated[sentence]})"
            else:
                stated[sentence] = o.name
            found[name].append(sentence)
    return {"fresh": found}


def _lot_minimums(b, ctx):
    """How the minimums apply to each lot: in full (a rate, a level), shared by value, or, for
    a total the lots have no values to share, proposed per lot."""
    lots = ctx["p"].get("lots") or []
    if not lots:
        return
    listed = [o for o in ctx["outcomes"] if o.minimum is not None]
    shared = [o for o in listed if o.lots]
    unshared = [o for o in listed if not o.lots]
    divided = [o for o in shared if not _whole(o)]
    unable = [(o, lot) for o in shared for lot in o.lots if lot.minimum == 0 and lot.reasons]
    lowered = [(o, lot) for o in shared for lot in o.lots if lot.rate_why]
    b.clause(
        "outcomes.lots",
        "outcomes/lots.txt",
        shared=shared,
        unshared=unshared,
        divided=divided,
        unable=unable,
        lowered=lowered,
    )
    if listed:
        b.table(
            "outcomes.lots-table",
            "Minimum commitment for each lot",
            ["Outcome", *(lot["title"] for lot in lots), "A supplier awarded every lot"],
            [
                [
                    f"{o.name}: {o.title}",
                    *(_amount(m, o.unit) for m in _lot_cells(o, lots)),
                    _every_lot(o),
                ]
                for o in listed
            ],
        )


def _lot_cells(o, lots):
    """Each lot's minimum for an outcome, None (the supplier proposes) where it is not shared."""
    return [lot.minimum for lot in o.lots] if o.lots else [None] * len(lots)


def _whole(o):
    """True when an outcome's minimum applies to each lot in full: a rate or a percentage."""
    return proportionality.in_full(o.suggestion) or o.unit.startswith("%")


def _all_lots(o):
    """What a supplier awarded every lot must meet: the lots' minimums added up, or the rate."""
    return o.minimum if _whole(o) else sum(lot.minimum for lot in o.lots)


def _every_lot(o):
    """The table's last column: _all_lots, each lot's own rate where the rates differ, or the
    whole contract's minimum where the lots have no values to share it."""
    if not o.lots:
        return _amount(o.minimum, o.unit)
    if any(lot.rate_why for lot in o.lots):
        return "Each lot's rate on that lot's call-offs"
    return _amount(_all_lots(o), o.unit)


def _framework_rates(b, ctx):
    """A framework's minimums that are rates for each £ of call-offs, and how they are met."""
    rated = [o for o in ctx["outcomes"] if o.per_gbp]
    if rated:
        passed_on = sectors.passed_on(ctx["p"])
        b.clause("outcomes.call-offs", "outcomes/call_offs.txt", rated=rated, passed_on=passed_on)


def _amount(minimum, unit):
    if minimum == 0:
        return "None: this lot's work cannot deliver it"
    return "Supplier proposes" if minimum is None else wording.measured(minimum, unit)


def _evaluation(b, ctx):
    """How bids are scored: pass or fail first, then questions, scale, formula and credibility."""
    scale = ctx["scale"]
    fair_work = ctx["fair_work"]
    b.section("evaluation", "Evaluation")
    if ctx["unscored"]:  # no question and no weighting: the conditions are pass or fail
        b.clause("evaluation.conditions", "evaluation/conditions_only.txt")
        return
    b.clause("evaluation.weighting", "evaluation/weighting.txt")
    b.clause("evaluation.pass-fail", "evaluation/pass_fail.txt")
    b.clause("evaluation.questions", "evaluation/questions.txt")
    rows = [
        [
            f"Q{o.number}",
            o.title,
            o.unit,
            f"{ctx['word_limit']:,} words",
            clauses.render("clauses/evaluation/weight_cell.txt", o=o),
        ]
        for o in ctx["outcomes"]
    ]
    if fair_work:
        rows.append(
            [
                f"Q{fair_work.number}",
                fair_work.title,
                "",
                f"{ctx['word_limit']:,} words",
                clauses.render("clauses/evaluation/weight_cell.txt", o=fair_work),
            ]
        )
    b.table(
        "evaluation.questions-table",
        "Social value questions",
        ["Question", "Outcome", "Unit", "Word limit", "Weighting"],
        rows,
    )
    b.clause("evaluation.scale", "evaluation/scale.txt")
    b.table(
        "evaluation.descriptors",
        f"Scoring descriptors ({SCALES[scale]})",
        ["Score", "Rating", "What the answer shows"],
        _table_lines(f"clauses/evaluation/descriptors_{scale}.txt", **ctx),
    )
    if any(o.minimum is None for o in ctx["outcomes"]):
        b.clause("evaluation.proposed", "evaluation/proposed.txt")
    if not ctx["quality_only"]:  # else the weighting clause works the marks through
        b.clause("evaluation.quantitative", "evaluation/quantitative.txt")
        if ctx["example"]:
            b.clause("evaluation.example", "evaluation/example.txt", ex=ctx["example"])
    if any(o.split.scores_commitment for o in ctx["outcomes"]):
        b.clause("evaluation.credibility", "evaluation/credibility.txt")
    b.clause("evaluation.disqualify", "evaluation/disqualify.txt")


# Outcomes that bring school or college students into the work: where the work is done in a
# guarded setting, the schedule says their placements happen at the supplier's own premises
# (management/recruitment.txt). Apprentices and recruits learn on the job, vetted like the rest.
PLACED = re.compile(r"placement|work experience|t level|internship|site visit", re.I)
# Outcomes that bring trainees into the work, counted by the week or the start rather than as
# people: anyone they bring who enters a guarded setting is vetted like the rest.
TRAINEES = re.compile(r"apprentic|trainee|bootcamp", re.I)


def _management(b, ctx):
    """The social value schedule: the contract terms that manage delivery, in contract order."""
    people = legal.people_data(ctx["outcomes"] + ctx["conditions"])
    safeguarding = people.convictions or ctx["law"].safeguarding
    b.section("management", "Contract management")
    b.clause("management.schedule", "management/schedule.txt")
    if ctx["conditions"]:
        b.clause("management.conditions", "management/conditions.txt")
    if not ctx["unscored"]:  # conditions alone are met in full from the start: nothing to plan
        b.clause("management.plan", "management/delivery_plan.txt")
    b.clause("management.kpis", "management/kpis.txt")
    b.table(
        "management.kpi-table",
        "Key performance indicators",
        ["KPI", "Target", "Evidence"],
        [[k["name"], k["target"], k["evidence"]] for k in ctx["kpis"]],
    )
    alone = "_conditions" if ctx["unscored"] else ""  # what conditions alone need instead
    b.clause("management.reporting", f"management/reporting{alone}.txt")
    b.clause("management.verification", "management/verification.txt")
    counted = ctx["outcomes"] + ctx["conditions"]
    if _counts_workforce(counted):  # no data rules where nothing counts people (FINDINGS-14a A9)
        b.clause(
            "management.personal-data",
            "management/personal_data.txt",
            targeted=people.targeted,
            sensitive=people.sensitive,
            people=any(o.applies_to == "people" for o in counted),
        )
    # Where the work is done in people's homes, custody or schools in term time, the people the
    # outcomes bring in are kept to the supplier's own premises or vetted (sectors.guarded).
    placed = any(PLACED.search(o.title) for o in counted)
    brought = placed or any(o.applies_to == "people" or TRAINEES.search(o.title) for o in counted)
    guarded = sectors.guarded(ctx["p"]) if brought else []
    if people.recruiting or safeguarding:
        b.clause(
            "management.recruitment",
            "management/recruitment.txt",
            safeguarding=safeguarding,
            guarded=guarded,
            placed=placed,
        )
    b.clause("management.change", f"management/change_control{alone}.txt")
    b.clause("management.performance", "management/performance.txt")
    b.clause("management.remedies", f"management/remedies{alone}.txt")
    b.clause(
        "management.flow-down", "management/flow_down.txt", personal_data=_counts_workforce(counted)
    )


def _summary(b, ctx):
    """One table of every outcome and condition with its minimum, evidence and weighting."""
    b.section("summary", "Summary")
    b.clause("summary.intro", "summary/intro.txt")
    rows = [
        [
            f"{o.name}: {o.title}",
            clauses.render("clauses/summary/minimum_cell.txt", o=o),
            f"As set out for {o.name}",
            "Pass or fail" if o.condition else f"{o.weight:g}%",
        ]
        for o in ctx["outcomes"] + ctx["conditions"]
    ]
    if ctx["fair_work"]:
        question = ctx["fair_work"]
        rows.append(
            [question.title, "None", "The delivery plan and reports", f"{question.weight:g}%"]
        )
    if ctx["unscored"]:  # nothing scored: no minimum commitment and no weighting to list
        b.table(
            "summary.table",
            "Summary of contract conditions",
            ["Condition", "Requirement", "Evidence", "Assessed"],
            rows,
        )
        return
    b.table(
        "summary.table",
        "Summary of prescribed outcomes",
        ["Outcome", "Minimum commitment", "Evidence", "Weighting"],
        rows,
    )


def _officer_appendix(b, ctx):
    """The officers' notes on each outcome, as an appendix they remove before publishing."""
    b.section(OFFICER_SECTION, "Notes for officers: remove before publishing")
    b.clause("officer.intro", "officer/intro.txt")
    for o in ctx["outcomes"] + ctx["conditions"]:
        b.subheading(f"{o.name}: {o.title}", key=f"officer.{o.code}")
        b.clause(f"officer.{o.code}", "officer/outcome.txt", o=o)


SECTIONS = (_purpose, _priorities, _definitions, _outcomes, _evaluation, _management, _summary)


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
        conditions=context["conditions"],
        overlaps=context["overlaps"],
        fair_work=context["fair_work"],
    )
