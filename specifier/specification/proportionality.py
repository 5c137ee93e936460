"""Proportionate minimum commitments, weighting and reporting, from transparent rules.

A minimum is worked out from how the contract's money is spent (its workforce, its vacancies
and what it buys in, by CPV code or category), not from its value alone. The figures and
their sources are in specifier/data/proportionality.yaml.
"""

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from specifier import wording
from specifier.specification import contract_forms, emissions, goods, legal, sectors, spend

RULES = Path(__file__).resolve().parent.parent / "data" / "proportionality.yaml"
# Quantitative commitments above this multiple of the minimum score no higher (see evaluation).
SCORE_CAP_MULTIPLE = 2
# Published shares of the weighting are whole or half percentages; a share halved between
# quality and commitment is a whole percentage, so its halves are too.
WEIGHT_STEP, HALVED_STEP = 0.5, 1.0
# Contracts this small or this short report once, at the end, and need no delivery plan.
SMALL_CONTRACT_GBP = 100_000
SMALL_CONTRACT_MONTHS = 12
ONCE = "once, at the end of the contract"
YEARLY = "once a year"
REPORT_MONTHS = {"quarterly": 3, "each term": 4, "every six months": 6, YEARLY: 12}
# How often the supplier reports, by the reports it makes a year.
CADENCES = {1: YEARLY, 2: "every six months", 3: "each term", 4: "quarterly"}
WEEKS_A_YEAR = 52
# Methods whose minimum depends on the people working on the contract.
WORKFORCE_METHODS = {
    "workforce",
    "vacancies",
    "targeted",
    "apprentices",
    "apprentice-weeks",
    "completions",
    "per-fte",
    "staff-share",
}
# Methods whose minimum grows with the money spent: a framework, whose volume is not known,
# sets them as a rate for each £ of call-offs.
SCALED_METHODS = WORKFORCE_METHODS | {"bought-in", "value-share", "value-rate"}
# Families that already count one narrow group: limiting who counts does not shrink them again.
NARROW_FAMILIES = {"targeted-employment", "targeted-hires", "targeted-spend"}
# Methods counting people who start in a role on the contract (hires, apprentices): on regulated
# work they can start only in the roles open to new entrants (sectors.regulated).
ENTRY_METHODS = {"vacancies", "targeted", "apprentices", "apprentice-weeks", "completions"}
# Methods counting people or things a year at a time: below one a year over a contract of two
# years or more, a minimum is a token ("3 participants over 10 years"), not an ask.
YEARLY_METHODS = {"vacancies", "targeted", "per-fte", "staff-share", "value-rate", "workforce"}
# The council's own evidence, where a priority states it: "11 new apprentices ... on £38m of
# work"; "31% of the council's spend ... went to suppliers with an HF postcode".
APPRENTICE_RATE = re.compile(
    r"(\d[\d,]*)\s+(?:new\s+)?apprentice(?:s|ships)?\b[^.;]*?£\s?(\d+(?:\.\d+)?)\s?(m|million)\b",
    re.IGNORECASE,
)
# An option to extend, as a description states it: "an option to extend by two years", "by up
# to two more" (years, after "five years"), "for a further 12 months", "a 5+2 year contract".
EXTENSION = re.compile(
    r"\boptions?\s+to\s+extend\b[^.;]*?\b(?:by|for)\s+(?:up\s+to\s+)?"
    r"(?:a\s+further\s+|another\s+|an\s+additional\s+)?(?P<n>\d+|[a-z]+(?:-[a-z]+)?)"
    r"(?:\s+(?:more|further|additional))?(?:\s+(?P<unit>years?|months?))?\b"
    r"|\b(?P<firm>\d+)\s*\+\s*(?P<more>\d+(?:\s*\+\s*\d+)*)\s*(?:-\s*)?years?\b",
    re.IGNORECASE,
)
# The staffing a description states: "about 26 FTE", "18 WTE staff", "120 employees", "a TUPE
# workforce of about 150". A number with a word between ("13 technicians", "14 support
# workers") is a part of the workforce, not all of it, so it is not read.
STATED_WORKFORCE = re.compile(
    r"\b(?:work\s*force|staff(?:ing)?|head\s*count)\s+of\s+(?:about\s+|around\s+|some\s+"
    r"|roughly\s+|approximately\s+|over\s+|nearly\s+)?(?P<of>\d[\d,]*(?:\.\d+)?)\b(?!\s*%)"
    r"|\b(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?:FTE|WTE|(?:full|whole)[-\s]time\s+equivalents?|staff|employees"
    r"|workers|posts)\b",
    re.IGNORECASE,
)
# A staffing figure that counts the people who will use or work in what is built or served
# ("an office and welfare block for about 180 staff"), not the supplier's staff on the contract.
OCCUPANTS = re.compile(
    r"\b(?:to\s+accommodate|accommodat(?:es|ing|ion\s+for)|to\s+house|hous(?:es|ing)|seat(?:s|ing)"
    r"|used\s+by|serv(?:es|ing)|desks?\s+for|space\s+for|capacity\s+(?:of|for)"
    r"|(?:office|block|building|depot|centre|center|facility|premises|accommodation|hub|canteen"
    r"|welfare|rooms?|school|station|headquarters|HQ)\b[^.;]{0,40}?\bfor)"
    r"\s+(?:[\w\s,]{0,30}?\b(?:and|plus)\s+)?(?:up\s+to\s+|about\s+|around\s+|some\s+"
    r"|roughly\s+|approximately\s+|over\s+|nearly\s+)?$",
    re.IGNORECASE,
)
LOCAL_SHARE = re.compile(
    r"(\d+(?:\.\d+)?)%\s+of\s+the\s+council's\s+[^;]*?\bspend(?:ing)?\b[^;]*?\bwent\s+to\s+"
    r"suppliers\s+(?:with\s+an?\s+[\w ]+?\s+postcode|based\s+in\s+the\s+[\w ]+?|in\s+the\s+"
    r"(?:district|borough|county|council area))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Profile:
    """How a contract's money is spent: shares of its value, pay and staff turnover."""

    name: str
    cpv: str | None  # the CPV prefix matched; None when the category's profile is used
    labour: float
    bought_in: float
    turnover: float
    hourly_pay: float | None
    workers_per_million: bool
    figures: tuple = ()  # (what, figure) pairs: every figure used, with its source
    trades: bool = False  # a works site or trade workshop, which trains apprentices as a rule


@dataclass(frozen=True)
class Suggestion:
    """A suggested minimum for one measure on one contract, with what it was worked out from."""

    family: str
    method: str
    minimum: float | None
    unit: str
    category: str
    annual_value: float
    years: float
    rate: float | None = None
    per_year: float | None = None
    # why no minimum was set: 'propose' (the bidder's own baseline), 'amount' (the bidder's
    # own commitment, with no baseline to state), 'open' (what the council
    # knows, such as its sites), 'unknown', 'too-small', 'too-short', 'thin' (a people or pounds minimum
    # too small for a contract of this value: a published reference instead)
    reason: str = ""
    profile: Profile | None = None
    fte: float | None = None  # the average workforce, in FTE
    vacancies: float | None = None  # vacancies over the contract
    in_post: float | None = None  # apprentices in post at any time
    bought_in: float | None = None  # pounds bought in over the contract
    share: float | None = None
    raw: float | None = None  # the worked-out number before rounding, floor and cap
    floor: float | None = None
    value_gbp: float | None = None  # the value the minimum was worked out from
    per_gbp: int | None = None  # a framework's minimum is a rate for each this many £ called off
    welsh_norm: bool = False  # apprentices from the Value Wales norm (works in Wales)
    works_norm: bool = False  # apprentices from 52 weeks of training per £1m of works
    hours_floor: float | None = None  # the hours a year a labour-heavy service's ask fell under
    trade_floor: bool = False  # one apprentice in post, as a site or workshop this size keeps one
    narrowed: bool = False  # who counts is limited to named places or groups
    narrowing: float = 1.0  # the share of people or suppliers who still count, when narrowed
    entry_share: float | None = None  # the share of the workforce open to new entrants
    entry_trade: str = ""  # the regulated trade that limits it (sectors.regulated)
    token: bool = False  # dropped because it came to fewer than one a year
    # the proportionate ask is below one whole unit over the contract (or per £1m of call-offs on
    # a framework): a token, and 0 is accepted, never a "more than 0" test that rejects a tender
    under_one: bool = False
    # the proportionate ask is pounds or hours below the family's smallest worthwhile amount
    # (under £5,000 spent with VCSEs, under 20 volunteering hours, on a small contract): a token
    # too, and 0 is accepted as for under_one
    small_amount: bool = False
    one_a_year: bool = False  # raised to one a year, as the workforce can host one
    fte_given: bool = False  # the workforce is the one the procurement gives, not worked out
    fte_from: str = ""  # where that workforce came from: 'given' (workforce_fte) or 'description'
    served: int | None = None  # the homes the description says the contract works on
    served_said: str = ""  # the description's words for them ("1,450 council homes")
    remote: str = ""  # why the service is delivered remotely, where a local-jobs ask is dropped
    # why the bidder may have no baseline for a cut measured against its own use (a new site,
    # a new provider, a small firm): 0 is accepted with reasons, never a "more than 0" test
    no_baseline: str = ""
    # for a cut against a baseline design, whose design it is: 'council' (it supplies the design
    # the contractor builds to) or 'bidder' (its own); "" for any other measure
    design: str = ""
    design_estimate: float | None = None  # the council's own carbon estimate for its design
    # why a minimum that needs an asset bought or a certification paid for is no gate here (a
    # framework without guaranteed work, a lot under £1m, a contract for small firms), or ""
    asset: str = ""
    asset_needs: str = ""  # what it needs bought or paid for ("zero-emission vehicles ...")
    asset_instead: str = ""  # what the bidder may do instead ("leasing, hiring ...")
    # why a spend minimum has no known base (the contract directs some payments, or pays
    # individuals for their own work, which never count): 0 is accepted, scored on quality
    unbased: str = ""
    cap_basis: str = ""  # what the contract can hold, where it capped a count (see _held)
    cap: float | None = None  # that cap
    # the most the contract's workforce could deliver (every vacancy it fills, the apprentices
    # a site or team of its size could hold): commitment marks are never given above it
    most: float | None = None
    entry_posts: float | None = None  # new-entrant posts a works contract opens (Value Wales norm)
    casual: str = ""  # the description's words for a casual or seasonal workforce
    council: str = ""  # the council's own evidence the minimum used, in its words
    council_figure: float | None = None  # what that evidence gives: a rate per £1m or a share
    sources: tuple = ()  # the source ids the figures used came from

    @property
    def has_minimum(self):
        return self.minimum is not None

    @property
    def condition(self):
        """True when the only acceptable answer is all of it: a contract condition."""
        return self.method == "condition"

    @property
    def optional(self):
        """True when a commitment of 0 is acceptable: the answer is scored on its quality alone.

        A local-jobs ask on a service delivered remotely (a monitoring or contact centre,
        software) would otherwise work as a test of a local presence the contract does not need.
        A cut against the bidder's own baseline where it may have none would reject every
        bidder new to the work.
        """
        return (
            self.reason == "remote"
            or self.under_one
            or self.small_amount
            or bool(self.no_baseline)
            or self.bidder_sets_baseline
            or bool(self.asset)
            or bool(self.unbased)
        )

    @property
    def bidder_sets_baseline(self):
        """True when a cut against a baseline design is measured from a baseline the bidder sets
        (its own design, or its own assessment of the council's): never a rejection gate."""
        return bool(self.design) and self.design_estimate is None

    @property
    def cited(self):
        """Who published the figures this suggestion used, our judgement last."""
        found = [rules()["sources"][key]["publisher"] for key in self.sources if key != "judgement"]
        return found + (["our judgement"] if "judgement" in self.sources else [])


@dataclass(frozen=True)
class Weighting:
    """The social value weighting and whether the section is included at all."""

    pct: float
    included: bool
    forced: bool
    below_threshold: bool
    threshold_gbp: int
    warnings: tuple = ()
    uncapped: float | None = None  # the weighting before the cap for proposed commitments
    cap: float | None = None  # that cap, where every scored commitment is proposed
    # Where the cap lowers the council's weighting: the figure the officer confirmed, if any.
    confirmed: float | None = None
    # why the lighter regime applies (light_regime), or "": it caps the weighting too
    light: str = ""
    light_binds: bool = False  # the light regime, not the questions, sets the cap
    # A minimum the law or policy sets (Northern Ireland's PPN 01/21) that the cap would go
    # below: the floor stands, and the checks tell the officer (None where it does not bind)
    floor: float | None = None

    # (question name, share before, share after): proposed-commitment questions held to the
    # cap beside questions with a minimum, the rest of their share moved to those questions
    held: tuple = ()

    @property
    def lowered_unconfirmed(self):
        """True when the rules lower the council's weighting and the officer has not accepted it.

        A weighting the officer sets is never lowered; a confirmation of another figure (made
        before the rules or the outcomes changed) does not count.
        """
        if self.uncapped is None:
            return False
        return self.confirmed is None or abs(self.confirmed - self.pct) > 1e-9


@dataclass
class LotMinimum:
    """One lot's share of an outcome's minimum, or None when the bidder proposes for the lot."""

    title: str
    value_gbp: int | None
    minimum: float | None
    share: float | None = None
    reasons: list = field(default_factory=list)
    # why a framework's rate for this lot is below the contract's (lot_profiles), or ""
    rate_why: str = ""


@functools.cache
def rules():
    """Return the rules in proportionality.yaml, checking every figure names its source."""
    loaded = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    for problem in unsourced(loaded):
        raise ValueError(f"{RULES.name}: {problem}")
    return loaded


def _figures(node, path=""):
    """Yield (path, figure) for every {value, source} mapping in the rules."""
    if isinstance(node, dict):
        if "value" in node and isinstance(node["value"], int | float):
            yield path, node
            return
        for key, child in node.items():
            yield from _figures(child, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _figures(child, f"{path}[{index}]")


def unsourced(loaded):
    """Return problems: a figure without a source, or naming a source not listed."""
    known = set(loaded["sources"])
    problems = []
    for path, figure in _figures({k: v for k, v in loaded.items() if k != "sources"}):
        if figure.get("source") not in known:
            problems.append(f"{path} needs a source listed under 'sources' (or 'judgement')")
    for family in loaded["families"]:
        for name in ("targets", "shares", "rates"):
            if name in family and family.get("source") not in known:
                problems.append(f"families.{family['key']}.{name} needs a source")
    return problems


def families():
    """Return the rule families, in matching order."""
    return rules()["families"]


def family_for(measure):
    """Return the first rule family whose words match the measure's unit (or title), or None."""
    unit = (measure.get("unit") or "").lower()
    title = (measure.get("title") or "").lower()
    for family in families():
        where = f"{unit} {title}" if family.get("match_title") else unit
        if not any(word in where for word in family["unit_words"]):
            continue
        if any(word in unit for word in family.get("not_unit_words", ())):
            continue
        if any(word in title for word in family.get("not_title_words", ())):
            continue
        if family.get("title_words") and not any(
            word in f"{title} {unit}" for word in family["title_words"]
        ):
            continue
        return family
    return None


def profile_for(procurement):
    """Return how the contract's money is spent: its CPV code's profile, else its category's."""
    loaded = rules()
    cpv = (procurement.get("cpv_code") or "")[:8]
    matches = [p for p in loaded["profiles"] if cpv and cpv.startswith(p["cpv"])]
    found = max(matches, key=lambda p: len(p["cpv"])) if matches else None
    entry = found or loaded["categories"][procurement["category"]]
    pay = loaded["pay"].get(entry.get("pay")) if entry.get("pay") else None
    figures = [
        ("labour share", entry["labour"]),
        ("bought-in share", entry["bought_in"]),
        ("staff turnover", entry["turnover"]),
    ]
    if pay:
        figures.append(("hourly pay", pay))
    return Profile(
        name=entry["name"],
        cpv=found["cpv"] if found else None,
        labour=entry["labour"]["value"],
        bought_in=entry["bought_in"]["value"],
        turnover=entry["turnover"]["value"],
        hourly_pay=pay["value"] if pay else None,
        workers_per_million=bool(entry.get("workers_per_million")),
        figures=tuple(figures),
        trades=bool(entry.get("trades")),
    )


def trade_workforce(procurement):
    """True when the contract's workforce is a works site or a trade workforce (repairs,
    grounds, building services), where most apprentices start young."""
    return procurement["category"] == "works" or profile_for(procurement).trades


def _assumption(name):
    return rules()["assumptions"][name]["value"]


def assumption(name):
    """One of the assumptions the sizing rules use, by name (as a whole number where it is one)."""
    value = _assumption(name)
    return int(value) if float(value).is_integer() else value


def narrowed_share():
    """The share of people or suppliers left when who counts names places (or unknown groups)."""
    return _assumption("narrowed_share")


def stated_workforce(procurement):
    """Return (the workforce in FTE, where it came from) as the procurement states it, or (None, '').

    From `workforce_fte` ("given"), else from the description ("description"): the largest
    staffing figure it states, as the whole workforce is never smaller than a part of it ("about
    18 FTE: a workshop manager, 13 technicians ..."). A figure the contract could not pay for at
    the National Living Wage (the supplier's whole staff, say) is not this contract's workforce,
    nor is a number under one.
    """
    if procurement.get("workforce_fte"):
        return float(procurement["workforce_fte"]), "given"
    found = [fte for fte, _ in workforce_mentions(procurement)[0]]
    return (max(found), "description") if found else (None, "")


def workforce_mentions(procurement):
    """Return ([(FTE, the words) the description states for the supplier's staff], [the words
    of staffing figures set aside as the people who will use what is built or served]).

    A figure the contract could not pay for at the National Living Wage (the supplier's whole
    staff, say) is left out, as is a number under one.
    """
    description = procurement.get("description") or ""
    least_cost = rules()["pay"]["living-wage"]["value"] * _assumption("hours_a_year")
    staff, occupants = [], []
    for m in STATED_WORKFORCE.finditer(description):
        fte = float((m["of"] or m["n"]).replace(",", ""))
        words = description[m.start() : m.end()]
        if OCCUPANTS.search(description[max(0, m.start() - 60) : m.start()]):
            occupants.append(words)
        elif fte >= 1 and fte * least_cost <= annual_value(procurement):
            staff.append((fte, words))
    return staff, occupants


def workforce(procurement, profile, annual):
    """Return the average workforce in FTE: the procurement's own figure where it states one
    (workforce_fte, or its description), else from workers per £1m for works, or labour cost."""
    stated, _ = stated_workforce(procurement)
    if stated:
        return stated
    if profile.workers_per_million:
        return annual / 1_000_000 * _assumption("works_workers_per_million")
    yearly_cost = profile.hourly_pay * _assumption("hours_a_year") * _assumption("on_costs")
    return annual * profile.labour / yearly_cost


def apprentices_in_post(procurement, profile, fte, years):
    """Return the apprentices in post at any time, whether the works norm set it, and whether
    the floor for a site or workshop did.

    Works follow the Value Wales norm of 52 weeks of training per £1m (the accepted norm in
    Wales, used elsewhere as the published benchmark nearest to hand) where it asks more than a
    share of the workforce (PPN 14/15's lower aim), which otherwise sets it. A works site or
    trade workshop of trade_apprentice_fte or more keeps at least one in post.
    """
    share = fte * _assumption("apprentices_share")
    floored = profile.trades and fte >= _assumption("trade_apprentice_fte") and share < 1
    share = 1.0 if floored else share
    if procurement["category"] != "works":
        return share, False, floored
    weeks = procurement["value_gbp"] / 1_000_000 * _assumption("welsh_works_weeks_per_million")
    norm = weeks / (WEEKS_A_YEAR * max(years, 1))
    if procurement.get("nation") == "Wales" or norm > share:
        return norm, True, False
    return share, False, floored


def extension(procurement):
    """Return (months of the duration that are options to extend, where the figure came from).

    From the procurement's `extension_months` ("given"; 0 says there is none), else from its
    description where it states the option plainly ("description"), else (0, "").
    """
    given = procurement.get("extension_months")
    if given is not None:
        return int(given), "given"
    duration = procurement["duration_months"]
    for found in EXTENSION.finditer(procurement.get("description") or ""):
        if found["firm"]:
            months = sum(int(n) for n in re.findall(r"\d+", found["more"])) * 12
        else:
            n = found["n"].lower()
            count = int(n) if n.isdigit() else wording.NUMBER_WORDS.get(n)
            if count is None:
                continue
            # "by up to two more" after "five years" counts years, as the firm term does.
            months = count * (1 if (found["unit"] or "").lower().startswith("month") else 12)
        if 0 < months < duration:
            return months, "description"
    return 0, ""


def counting_period(procurement):
    """(months commitments are counted over, months of options to extend beyond them).

    The firm term where the contract can be extended, else the whole contract. The
    specification, the response form and the workbook all read it, so they never disagree on
    the period (FINDINGS-11 H6).
    """
    options, _ = extension(procurement)
    return procurement["duration_months"] - options, options


def firm_term(procurement):
    """The procurement as its firm term: its duration and value (and its lots') without options.

    Minimums are set over the firm term: a council cannot count on an option it may not take
    up, and the yearly rate continues into any extension (the specification says so).
    """
    firm, months = counting_period(procurement)
    if not months:
        return procurement
    duration = firm + months
    share = (duration - months) / duration
    lots = [
        {**lot, "value_gbp": None if lot.get("value_gbp") is None else lot["value_gbp"] * share}
        for lot in procurement.get("lots") or []
    ]
    return {
        **procurement,
        "duration_months": duration - months,
        "value_gbp": procurement["value_gbp"] * share,
        "lots": lots,
        "extension_months": 0,
    }


# "a 12-month defects period", "a four-month mobilisation and design period": the length, then
# up to three words naming the period; or "a defects period of 12 months".
IDLE_BEFORE = re.compile(
    r"\b(?P<n>\d+|[a-z]+)[- ](?P<unit>months?|years?)(?:'s?)?\s+(?P<what>(?:[a-z-]+\s+){1,3}?)period\b",
    re.IGNORECASE,
)
IDLE_AFTER = re.compile(
    r"\b(?P<what>(?:[a-z-]+\s+){1,3}?)period\s+of\s+(?:up\s+to\s+|about\s+)?(?P<n>\d+|[a-z]+)"
    r"\s+(?P<unit>months?|years?)\b",
    re.IGNORECASE,
)


def idle_periods(procurement):
    """Return [(where, months, the words)] for each period of the duration the description says
    has no delivery workforce: a mobilisation at the start, a defects period at the end of works
    (`idle_periods` in proportionality.yaml). The duration is taken to include them."""
    names = rules()["idle_periods"]
    ends = {"start": names["start"], "end": names["end"]}
    if procurement.get("category") == "works":
        ends["end"] = [*ends["end"], *names["works_only"]]
    said = " ".join((procurement.get("description") or "").split())
    found = {}
    for pattern in (IDLE_BEFORE, IDLE_AFTER):
        for m in pattern.finditer(said):
            n = m["n"].lower()
            count = int(n) if n.isdigit() else wording.NUMBER_WORDS.get(n)
            what = " " + m["what"].lower() + " "
            where = next(
                (w for w, words in ends.items() if any(f" {x} " in what for x in words)), None
            )
            if count and where and where not in found:
                months = count * (12 if m["unit"].lower().startswith("year") else 1)
                found[where] = (where, months, m.group(0))
    return [found[w] for w in ("start", "end") if w in found]


def work_windows(procurement):
    """The words saying the contract's work happens in windows (school holidays, closures,
    seasons, phases: `work_windows` in proportionality.yaml), or ''."""
    said = " ".join((procurement.get("description") or "").split())
    for pattern in rules()["work_windows"]:
        found = re.search(pattern, said, re.IGNORECASE)
        if found:
            return found.group(0)
    return ""


def course_unsized(measure):
    """True when a measure counts people who complete a course and its words give the course no
    length or level (`course_words`, `course_length` in proportionality.yaml)."""
    loaded = rules()
    said = f"{measure.get('title') or ''} {measure.get('description') or ''}"
    if not re.search(loaded["course_words"], said, re.IGNORECASE):
        return False
    notes = f"{measure.get('description') or ''} {measure.get('counting_notes') or ''}"
    return not re.search(loaded["course_length"], notes, re.IGNORECASE)


def transfers_staff(procurement):
    """True when the contract's description says staff transfer to the supplier under TUPE."""
    said = f"{procurement.get('title') or ''} {procurement.get('description') or ''}"
    return bool(re.search(rules()["tupe"], said, re.IGNORECASE))


def steady(procurement):
    """True when a yearly rate describes a total fairly: the work runs through the counting
    period, with no windows, mobilisation or defects period (R2 left: "about N a year" divided
    the firm term where the work was phased into holidays or ended in a defects period)."""
    return not work_windows(procurement) and not idle_periods(procurement)


def delivery_term(procurement):
    """The firm term as minimums are sized over it: its months of active delivery, without any
    mobilisation or defects period the description states (the whole value is spent in them).

    Left as the firm term where the stated periods would leave less than a month of delivery.
    """
    firm = firm_term(procurement)
    idle = sum(months for _, months, _ in idle_periods(procurement))
    if not idle or firm["duration_months"] - idle < 1:
        return firm
    return {**firm, "duration_months": firm["duration_months"] - idle}


def delivered_remotely(procurement):
    """Return what makes the service one delivered remotely (its CPV code's or words), or ''."""
    found = rules()["remote_delivery"]
    cpv = procurement.get("cpv_code") or ""
    for entry in found["cpv"]:
        if cpv.startswith(entry["cpv"]):
            return f"{entry['name']}, CPV {entry['cpv']}"
    description = " ".join((procurement.get("description") or "").lower().split())
    return next((f'"{words}"' for words in found["words"] if words in description), "")


def council_apprentice_rate(evidence):
    """Return (starts per £1m, the words) where the council's evidence gives its own record."""
    found = APPRENTICE_RATE.search(evidence or "")
    if not found or float(found.group(2)) <= 0:
        return None, ""
    return int(found.group(1).replace(",", "")) / float(found.group(2)), found.group(0)


def council_local_share(evidence):
    """Return (share, the words) where the council's evidence says how much of its spend is local."""
    found = LOCAL_SHARE.search(evidence or "")
    if not found:
        return None, ""
    return float(found.group(1)) / 100, found.group(0)


def _typical_years(procurement):
    name = "works_apprenticeship_years" if procurement["category"] == "works" else None
    return _assumption(name or "apprenticeship_years")


def _round_down(value, step):
    return math.floor(value / step + 1e-9) * step if step else value


def _figure(family, name, category):
    """A family's figure: {value} mappings, or a per-category mapping such as shares."""
    found = family.get(name)
    if isinstance(found, dict) and "value" in found:
        return found["value"]
    return (found or {}).get(category)


def suggest(measure, procurement, *, narrowing=1.0, evidence="", new_entrants=True):
    """Suggest a minimum commitment for a measure on this contract, or say why there is none.

    A framework's volume is not known (a guarantee covers only part of it), so a minimum that
    grows with the money spent is a rate for each £ of call-offs, worked out from the
    framework's estimated value as if all of it were called off. `narrowing` is the share of
    people or suppliers who still count when the commissioner limited who counts to named
    places or groups (1 when anyone counts). `evidence` is the council's own evidence for the
    priority the outcome serves: where it states the council's record (apprentices per £1m,
    the share of spend that is local), the minimum asks at least that. `new_entrants` is
    False when who counts names a group narrower than those who fill the new-entrant posts a
    works contract opens (see _entry_posts): its share is of the vacancies, as before.
    """
    procurement = delivery_term(procurement)
    found = _suggest(measure, procurement, narrowing, evidence, new_entrants)
    asset = "" if found.condition else asset_gate(measure, procurement)
    if asset:
        # Scored, never a gate: the bidder proposes, and 0 is accepted with its reasons.
        needs = asset_needs(measure)
        found = dataclasses.replace(
            found,
            minimum=None,
            asset=asset,
            asset_needs=needs["needs"],
            asset_instead=needs["instead"],
        )
    if found.minimum is not None and goods.not_durable(procurement, measure):
        # A share of bulk materials' "units" cannot be measured: never a gate, in any lot.
        found = dataclasses.replace(
            found,
            minimum=None,
            reason="unbased",
            unbased="the goods are bulk or consumable materials, not units that can each be"
            " repaired, refurbished or taken back, so no share of them can be fixed in advance",
        )
    if procurement.get("kind") != "framework" or not grows_with_volume(found):
        return found  # a condition, a percentage or a level does not scale with volume
    rates = rules()["framework_rates"]
    per, step = rates["per"]["value"], rates["step"]["value"]
    rate_raw = None if found.raw is None else found.raw / procurement["value_gbp"] * per
    under = _under_one(rate_raw, found.unit)
    if found.minimum is None:
        # What a bidder proposes is a rate too: a total per lot on work nobody guarantees
        # would bind it to deliver whatever it is awarded.
        under = under and found.reason == "too-small"
        return dataclasses.replace(found, per_gbp=per, token=found.token or under, under_one=under)
    if "£" in found.unit:
        # A rate in pounds rounds down as its family's pounds do ("£113,000", not "£113,744.8").
        family = next((f for f in families() if f["key"] == found.family), {})
        step = max(step, family.get("round", step))
    rate = math.floor(found.raw / procurement["value_gbp"] * per / step + 1e-9) * step
    if rate < step:
        return dataclasses.replace(
            found, minimum=None, reason="too-small", per_gbp=per, token=under, under_one=under
        )
    return dataclasses.replace(found, minimum=round(rate, 6), per_gbp=per)


# Units that measure an amount that divides (time, money, weight, energy), not things counted
# whole: a framework's rate in them is due exactly, never rounded (see rate_due).
CONTINUOUS_UNIT = re.compile(
    r"^\s*£|\bFTE\b|\bhours?\b|\bweeks?\b|\byears?\b|\btCO2e\b|\btonnes?\b|\bkg\b|\bkWh\b"
    r"|\bmiles?\b|\bhectares?\b|m²|m³|WELLBY|\bunits\b",
    re.IGNORECASE,
)


def counted_whole(unit):
    """True when a unit counts things that come whole (people, apprentices, homes)."""
    unit = unit or ""
    return not CONTINUOUS_UNIT.search(unit) and not LEVEL_UNIT.search(unit)


def rate_due(rate, per_gbp, value_gbp, unit, *, final=False):
    """What a framework rate requires on work worth value_gbp done to date.

    The product is worked out exactly. A unit that divides (FTE years, pounds, hours) is due
    as it is. A unit counted whole is rounded down at each year's test, so a part carries
    forward to the next; at the end of the framework the total is rounded to the nearest
    whole number, a half rounding up, so a rate that earns half a unit or more by the end
    requires at least one. (Rounding every part up would make a supplier with a few thousand
    pounds of work owe a whole person; rounding down would cancel small rates altogether.)
    """
    exact = rate * value_gbp / per_gbp
    if not counted_whole(unit):
        return round(exact, 6)
    if final:
        return float(math.floor(exact + 0.5 + 1e-9))
    return float(math.floor(exact + 1e-9))


# A percentage unit: a share of the fleet, sites or staff, judged on a fixed published scale.
PERCENT_UNIT = re.compile(r"^\s*%|percentage", re.IGNORECASE)
# Units that state a level, not an amount: they do not grow with the work called off.
LEVEL_UNIT = re.compile(r"^\s*%|percentage|\bscore\b|\brate\b", re.IGNORECASE)


def grows_with_volume(suggestion):
    """True when a commitment is an amount that grows with the work done (people, pounds,
    homes), so that on a framework it is a rate for each £ of call-offs."""
    if suggestion.method in SCALED_METHODS:
        return True
    fixed = suggestion.method in ("condition", "fixed", "annual", "percent")
    return not fixed and bool(suggestion.unit) and not LEVEL_UNIT.search(suggestion.unit)


def annual_value(procurement):
    """The contract's value for an average year (a contract under a month counts as a month)."""
    return procurement["value_gbp"] / max(procurement["duration_months"] / 12, 1 / 12)


def contract_workforce(procurement):
    """The average workforce the contract employs, in FTE (see workforce)."""
    return workforce(procurement, profile_for(procurement), annual_value(procurement))


def has_baseline(family, measure, procurement):
    """True when a measure's commitment can be judged against the bidder's current baseline:
    a change, a share of the bidder's own assets, or an amount of work already being done
    (`changes` and `new_service` in the family's rules)."""
    described = measure.get("description") or ""
    if any(re.search(p, described, re.I) for p in family.get("changes", ())):
        return True
    if PERCENT_UNIT.search(measure.get("unit") or ""):
        return True
    if procurement.get("category") != "services":
        return False
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    return not any(re.search(p, said, re.I) for p in family.get("new_service", ()))


def is_cut(measure):
    """True when the measure counts a cut against a baseline (a reduction in tCO2e), not a
    level or an amount: per £1m of call-offs it is an amount saved, never an intensity."""
    family = family_for(measure) or {}
    described = measure.get("description") or ""
    if PERCENT_UNIT.search(measure.get("unit") or ""):
        return False
    return any(re.search(p, described, re.I) for p in family.get("changes", ()))


def no_baseline(family, measure, procurement):
    """Why a bidder may have no baseline for a cut measured against its own use on the contract
    (`bidder_baseline` in the family's rules), or '': the cut then accepts 0 with reasons."""
    described = measure.get("description") or ""
    if not is_cut(measure):
        return ""
    if not any(re.search(p, described, re.I) for p in family.get("bidder_baseline", ())):
        return ""
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    if procurement.get("category") == "works":
        return "the works make a site that no bidder runs yet, so no bidder has a baseline for it"
    if any(re.search(p, said, re.I) for p in family.get("new_service", ())):
        return "the service is new, so no bidder has a baseline for it"
    work = "supply" if procurement.get("category") == "goods" else "work"
    return (
        f"a bidder new to the {work}, or a small firm that has not measured its own use, has no"
        " baseline for it"
    )


def design_baseline(measure, procurement):
    """(whose design, the council's carbon estimate or None) for a cut against a baseline
    design, or ("", None) for any other measure (`design_baseline` in the family's rules)."""
    family = family_for(measure) or {}
    rules_ = family.get("design_baseline")
    described = measure.get("description") or ""
    if not rules_ or not re.search(r"\bbaseline design\b", described, re.I):
        return "", None
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    if not any(re.search(p, said, re.I) for p in rules_["council"]):
        return "bidder", None
    found = re.search(rules_["estimate"], said, re.I)
    return "council", float(found.group(1).replace(",", "")) if found else None


def asset_needs(measure):
    """What a measure's commitment needs bought or paid for, with what the bidder may do
    instead and why it is never a gate on any contract (`asset_gates`), or {}."""
    named = f"{measure.get('title') or ''} {measure.get('unit') or ''}"
    for found in rules()["asset_gates"]["measures"]:
        if any(re.search(p, named, re.I) for p in found["words"]):
            return found
    return {}


def asset_gate(measure, procurement):
    """Why a minimum that needs an asset bought or a certification paid for would be an unfair
    gate on this contract (`asset_gates`), in words for bidders, or ''."""
    gates = rules()["asset_gates"]
    needs = asset_needs(measure)
    if not needs or needs.get("always"):
        return needs.get("always", "")
    lots = procurement.get("lots") or []
    titles = " ".join(lot["title"] for lot in lots if isinstance(lot, dict))
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}. {titles}"
    if any(re.search(p, said, re.I) for p in gates["small_firm_words"]) or light_regime(
        procurement
    ).startswith("a market of small"):
        return "the contract is meant for small firms"
    if procurement.get("kind") == "framework" and not procurement.get("guaranteed_value_gbp"):
        return "the framework guarantees no work, so a bidder may win no call-off to pay for it"
    below = gates["below_gbp"]["value"]
    if procurement["value_gbp"] < below:
        return f"the contract is worth under {_millions(below)}"
    if any(isinstance(lot, dict) and (lot.get("value_gbp") or below) < below for lot in lots):
        return f"a lot is worth under {_millions(below)}"
    return ""


def _millions(gbp):
    return f"£{gbp / 1_000_000:g}m"


def _suggest(measure, procurement, narrowing=1.0, evidence="", new_entrants=True):
    category = procurement["category"]
    months = procurement["duration_months"]
    years = months / 12
    annual = annual_value(procurement)
    profile = profile_for(procurement)
    base = {
        "unit": measure.get("unit") or "",
        "category": category,
        "annual_value": annual,
        "years": years,
        "profile": profile,
        "value_gbp": procurement["value_gbp"],
    }
    family = family_for(measure)
    if family is None:
        return Suggestion("none", "propose", None, reason="unknown", **base)
    method, key = family["method"], family["key"]
    if method == "propose":
        reason = family.get("reason", "propose")
        if reason == "propose" and not has_baseline(family, measure, procurement):
            reason = "amount"
        unheld = no_baseline(family, measure, procurement) if reason == "propose" else ""
        design, estimate = design_baseline(measure, procurement)
        return Suggestion(
            key,
            method,
            None,
            reason=reason,
            no_baseline=unheld,
            design=design,
            design_estimate=estimate,
            **base,
        )
    if method == "condition":
        return Suggestion(key, method, 100.0, **base)
    if method == "fixed":
        return Suggestion(key, method, float(family["minimum"]), **base)
    if method == "annual":
        total = max(1, math.floor(years)) * family["per_year"]
        return Suggestion(key, method, float(total), per_year=family["per_year"], **base)
    if method == "percent":
        return Suggestion(key, method, float(family["targets"][category]), **base)
    if months < family.get("min_months", 0):
        return Suggestion(key, method, None, reason="too-short", **base)
    remote = (
        family.get("local")
        and (method in WORKFORCE_METHODS or method == "bought-in")
        and delivered_remotely(procurement)
    )
    if remote:
        # Jobs for local people on a service run from a centre anywhere would test a local
        # presence the contract does not need, and spend with local firms a local supply
        # chain it does not have (hosted software's cost is the vendor's platform, hosting and
        # own staff: FINDINGS-14b D4): the answer is scored on its quality alone.
        return Suggestion(key, method, None, reason="remote", remote=remote, **base)
    worked = _worked_out(
        family, method, procurement, profile, annual, years, evidence, base["unit"]
    )
    # A family that counts one narrow group already asks for a small share.
    if narrowing < 1 and key not in NARROW_FAMILIES:
        worked["raw"] *= narrowing
        worked.update(narrowed=True, narrowing=narrowing)
    # The posts a works contract opens are for the people who count, wherever the places.
    if new_entrants:
        worked["raw"] = max(worked["raw"], worked.get("entry_posts") or 0)
    found = _bounded(key, method, family, worked, base)
    sized = found.has_minimum or found.reason == "thin"
    unbased = spend.no_gate(procurement) if key in UNBASED_SPEND and sized else ""
    if unbased:
        # Sized on money that never counts, the figure is no gate (FINDINGS-16b 2).
        return dataclasses.replace(found, minimum=None, reason="unbased", unbased=unbased)
    return found


def _goods_local_part(family, procurement):
    """The share of a goods contract's value its supplier can buy locally (delivery,
    installation, services: `goods_local_part`), or None for a family without one or a
    contract whose market is not physical goods."""
    found = family.get("goods_local_part")
    if not found or sectors.physical_category(procurement) != "goods":
        return None
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}".lower()
    installed = any(re.search(rf"\b{re.escape(w)}\b", said) for w in found["installed_words"])
    return found["installed" if installed else "stock"]["value"]


def _worked_out(family, method, procurement, profile, annual, years, evidence="", unit=""):
    """The unrounded minimum and what it came from, by the family's method."""
    category = procurement["category"]
    share = _figure(family, "share", category)
    found = {"share": share, "sources": _sources(family, profile, method)}
    if family["key"] == "local-spend":
        local, said = council_local_share(evidence)
        if local and local > share:  # the council's own record is the floor, not a fifth
            share = local
            found.update(share=local, council=said, council_figure=local)
    if method in ("bought-in", "value-share"):
        bought = procurement["value_gbp"] * profile.bought_in
        part = _goods_local_part(family, procurement)
        if part is not None:  # not its stock: what a goods supplier can buy locally
            bought = procurement["value_gbp"] * part
        basis = bought if method == "bought-in" else procurement["value_gbp"]
        return {
            **found,
            "raw": basis * share,
            "bought_in": bought if method == "bought-in" else None,
        }
    served, said = served_count(family, procurement, unit)
    if served:
        share = family["served"]["share"]["value"]
        return {**found, "raw": served * share, "share": share, "cap": served} | {
            "served": served,
            "served_said": said,
        }
    if method == "value-rate":
        rate = _figure(family, "rates", category)
        found.update(_held(family, procurement, profile, annual, found["sources"]))
        return {**found, "raw": annual / rate * years, "rate": rate, "per_year": annual / rate}
    fte = workforce(procurement, profile, annual)
    _, stated = stated_workforce(procurement)
    found.update(fte=fte, fte_given=bool(stated), fte_from=stated)
    trade = sectors.regulated(procurement)
    if trade and method in ENTRY_METHODS:
        # Only qualified people may do the work: new entrants fill the roles open to them.
        fte *= trade["open_share"]
        found.update(entry_share=trade["open_share"], entry_trade=trade["trade"])
    if method == "workforce":
        return {**found, "raw": fte * years * share}
    if method in ("vacancies", "targeted"):
        vacancies = fte * profile.turnover * years
        casual = _casual_vacancies(procurement, fte, years, unit)
        if casual and casual[0] > vacancies:
            vacancies = casual[0]
            found.update(casual=casual[1])
        retained = _figure(family, "retained", category) or 1
        raw, yearly = _one_a_year(family, category, fte, years, vacancies * share * retained)
        entry = _entry_posts(family, procurement, years, unit)
        most = vacancies * retained + (entry or 0)
        return {**found, "raw": raw, "vacancies": vacancies, "one_a_year": yearly} | {
            "entry_posts": entry,
            "most": most,
        }
    if method == "per-fte":
        rate = _figure(family, "rate", category)
        raw, yearly = _one_a_year(family, category, fte, years, fte * years * rate)
        return {**found, "raw": raw, "rate": rate, "one_a_year": yearly}
    if method == "staff-share":
        return {**found, "raw": fte * share}
    in_post, norm, floored = apprentices_in_post(procurement, profile, fte, years)
    welsh = norm and procurement.get("nation") == "Wales"
    typical = _typical_years(procurement)
    rate, said = council_apprentice_rate(evidence)
    if rate:
        # The council's own record of starts per £1m, each in post for a typical apprenticeship.
        own = procurement["value_gbp"] / 1_000_000 * rate * typical / max(years, typical)
        if own > in_post:
            in_post, norm, welsh, floored = own, False, False, False
            found.update(council=said, council_figure=rate)
    found.update(
        in_post=in_post, welsh_norm=welsh, works_norm=norm and not welsh, trade_floor=floored
    )
    # No more apprentices than a site or team of this size could hold at once.
    held = max(fte * _assumption("apprentices_most_share"), in_post)
    if method == "apprentice-weeks":
        return {**found, "raw": in_post * WEEKS_A_YEAR * years, "most": held * WEEKS_A_YEAR * years}
    starts = in_post * max(years / typical, 1)
    if method == "apprentices":
        return {**found, "raw": starts * share, "most": held * max(years / typical, 1) * share}
    # Completions: only starts early enough to finish before the contract ends.
    finishing = in_post * max(years - typical, 0) / typical
    return {**found, "raw": finishing * share}


# "about 1,450 council homes", "1,200 dwellings": a count, then a few words, then the noun.
SERVED = r"\b(\d[\d,]*)\s+(?:[a-z'-]+\s+){{0,4}}?(?:{nouns})\b"


def _entry_posts(family, procurement, years, unit):
    """The new-entrant posts a works contract opens, for a family that counts people taken on
    into paid posts (`entry_posts`): the Value Wales norm of 52 weeks of targeted recruitment
    and training per £1m, as posts held over the months of the work; FTE years where the unit
    is FTE (each post counted for its first year). None for any other contract or family.

    A site workforce is assembled for the project, so its entry-level posts (trainee
    operatives, apprentices, site administration) are roles the work opens, not a share of the
    vacancies a standing workforce's turnover leaves. Like apprenticeships, named places do not
    narrow them, nor young people, who fill most of them; a narrower group (a barrier the
    council names) is sized on its share of the vacancies alone (FINDINGS-17b demolition 1:
    "less than 1 person" on a 26-FTE, £2.4m demolition).
    """
    if not family.get("entry_posts") or procurement["category"] != "works":
        return None
    weeks = procurement["value_gbp"] / 1_000_000 * _assumption("welsh_works_weeks_per_million")
    posts = weeks / (WEEKS_A_YEAR * max(years, 1))
    return posts * min(years, 1) if re.search(r"\bFTE\b|full-time", unit, re.I) else posts


def _casual_vacancies(procurement, fte, years, unit):
    """(Vacancies over the contract, the words saying so) where the description says casual or
    seasonal staff do the work, else None.

    Each casual FTE is spread over many people, engaged for a day, an event or a season, and
    most of the pool is recruited afresh each year: counted in people, the vacancies are the
    headcount (as stated, or the FTE over a casual worker's yearly hours) times that turnover;
    in FTE, the FTE times it (FINDINGS-17a events 6: casual stewards dropped by FTE arithmetic).
    """
    found = sectors.casual_workforce(procurement)
    if not found:
        return None
    words, count = found
    hours, turnover = sectors.casual_figures()
    if re.search(r"\bFTE\b|full-time", unit, re.I):
        return fte * turnover * years, words
    headcount = count or fte * _assumption("hours_a_year") / hours
    return headcount * turnover * years, words


def served_count(family, procurement, unit):
    """(count, words) of the homes a contract's description says it works on, where the family
    sizes a resident outcome in that unit from them (`served`), else (None, "")."""
    served = family.get("served")
    if not served or not any(w in (unit or "").lower() for w in served["unit_words"]):
        return None, ""
    said = " ".join((procurement.get("description") or "").split())
    pattern = SERVED.format(nouns="|".join(map(re.escape, served["count"])))
    found = [
        (int(m.group(1).replace(",", "")), m.group(0)) for m in re.finditer(pattern, said, re.I)
    ]
    return max(found) if found else (None, "")


def _held(family, procurement, profile, annual, sources=()):
    """The most organisations or places the contract can hold, and its basis; {} for no cap.

    Organisations in the supply chain: the main suppliers what the contract buys in a year can
    keep (the same chain all contract long), of which a share can be asked to change. Places:
    so many for each lot (or the contract), as more is capital work off the contract.
    """
    holds = family.get("holds")
    if holds == "supply-chain":
        chain = rules()["supply_chain"]
        spend = chain["spend_per_supplier"][procurement["category"]]["value"]
        suppliers = annual * profile.bought_in / spend
        cap = suppliers * chain["reachable"]["value"]
        return {
            "cap": cap,
            "cap_basis": f"about {suppliers:.0f} main suppliers (the £{annual * profile.bought_in:,.0f}"
            f" a year it buys in, at about £{spend:,} a year each), of which"
            f" {chain['reachable']['value']:.0%} can be asked to take part",
            "sources": tuple(
                dict.fromkeys(
                    (
                        *sources,
                        chain["spend_per_supplier"][procurement["category"]]["source"],
                        chain["reachable"]["source"],
                    )
                )
            ),
        }
    if holds == "lot":
        places = rules()["places_per_lot"]["value"]
        lots = len(procurement.get("lots") or []) or 1
        where = f"{lots} lots" if lots > 1 else "the contract"
        return {
            "cap": places * lots,
            "cap_basis": f"{places} for each lot ({where})",
            "sources": tuple(dict.fromkeys((*sources, rules()["places_per_lot"]["source"]))),
        }
    return {}


def _one_a_year(family, category, fte, years, raw):
    """(The figure, whether it was raised): one a year where the workforce is big enough to
    fill or host one (the family's `yearly_from_fte`) and the worked-out figure falls short."""
    least = _figure(family, "yearly_from_fte", category)
    yearly = bool(least and fte >= least and years >= 1 and raw < math.floor(years))
    return (float(math.floor(years)) if yearly else raw), yearly


def _sources(family, profile, method):
    named = [
        f.get("source")
        for f in (family.get(n) for n in ("share", "rate", "retained", "yearly_from_fte"))
        if isinstance(f, dict)
    ]
    named.append(family.get("source"))
    if method in WORKFORCE_METHODS:
        named += [figure["source"] for _, figure in profile.figures]
    elif method == "bought-in":
        named += [figure["source"] for what, figure in profile.figures if what == "bought-in share"]
    return tuple(dict.fromkeys(s for s in named if s))


def _bounded(key, method, family, worked, base):
    """Round the worked-out number down, cap it a year, and drop it below the floor.

    Over two years or more, a count of fewer than one a year is dropped too: a token (except
    for one narrow group, or who counts limited to named groups or places, where a few people
    is the ask).
    """
    raw = worked.pop("raw")
    floor = family.get("floor", 0)
    extra = {"raw": raw, "floor": floor, **worked}
    if raw < floor:
        under = _under_one(raw, base["unit"])
        amount = SMALL_AMOUNT_UNIT.search(base["unit"] or "")
        return Suggestion(
            key,
            method,
            None,
            reason="too-small",
            token=under,
            under_one=under,
            small_amount=bool(amount) and raw is not None,
            **extra,
            **base,
        )
    # One group facing barriers is a small ask by nature: two care leavers is not a token; nor
    # are two hires from the groups or places the council itself limited the outcome to.
    narrow = key in NARROW_FAMILIES or worked.get("narrowed")
    # A casual FTE year is many people's seasons of work: fewer than one a year is no token.
    yearly = method in YEARLY_METHODS and not narrow and not worked.get("casual")
    yearly = yearly and not re.search(r"hour|week|£", base["unit"], re.I)
    if yearly and base["years"] >= 2 and raw / base["years"] < 1:
        return Suggestion(key, method, None, reason="too-small", token=True, **extra, **base)
    # Sized from the homes it serves: held to those homes, not to a programme's yearly size.
    per_year = math.inf if worked.get("served") else family.get("cap_per_year", math.inf)
    capped = min(raw, per_year * max(base["years"], 1))
    capped = min(capped, worked.get("cap") or math.inf)
    total = max(_round_down(capped, family.get("round", 1)), floor)
    hours = _token_hours(family, total, base)
    if hours:
        return Suggestion(key, method, None, reason="thin", hours_floor=hours, **extra, **base)
    if total < thin_bar(method, base["unit"], base["value_gbp"]):
        # "At least 1 person" or "£43,000 spent" on a multi-million contract reads as the
        # council's whole ask: the bidder proposes instead, judged against the worked-out
        # figure as a reference.
        return Suggestion(key, method, None, reason="thin", **extra, **base)
    return Suggestion(key, method, float(total), **extra, **base)


# Spend with suppliers of a kind, sized on what the contract buys in: payments the contract
# directs and fees to individuals are in that figure but never count (data/who-counts.yaml).
UNBASED_SPEND = {"local-spend", "sme-spend", "targeted-spend"}
# Amounts whose family floor is the smallest worth fixing: below it, an ask is a token.
SMALL_AMOUNT_UNIT = re.compile(r"^\s*£|\bhours?\b", re.IGNORECASE)
FINE_UNIT = re.compile(
    r"^\s*[£%]|\bhours?\b|\bweeks?\b|\btCO2e\b|\btonnes?\b|\bkg\b|\bkWh\b|\bmiles?\b"
    r"|\bhectares?\b|m²|m³|WELLBY",
    re.IGNORECASE,
)


def _under_one(raw, unit):
    """True when a count's proportionate ask is below one whole unit (a person, a placement, an
    FTE year, an organisation): every bidder asked for more than 0 would have to promise one,
    more than the contract's size supports. An amount that divides finely (pounds, a share,
    hours, tonnes) is never short of one."""
    if raw is None or FINE_UNIT.search(unit or ""):
        return False
    return raw < 1


def _token_hours(family, total, base):
    """The yearly hours floor a minimum falls under on a labour-heavy service, else None."""
    least, heavy = _figure(family, "thin_per_year", ""), _figure(family, "labour_heavy", "")
    if not least or not heavy or base["profile"].labour < heavy:
        return None
    return least if total < least * max(base["years"], 1) else None


def counts_people(method, unit):
    """True when a minimum counts people or their working years (not hours, weeks or pounds)."""
    return method in WORKFORCE_METHODS and not re.search(r"hour|week|£", unit or "", re.I)


def thin_bar(method, unit, value_gbp):
    """The smallest minimum worth fixing on a contract of this value, in the measure's unit: a
    people count (thin_people) or pounds spent with suppliers (thin_pounds); 0 for any other
    unit (a donation is a small share of value by design)."""
    if counts_people(method, unit):
        return thin_people(value_gbp)
    if "£" in (unit or "") and method == "bought-in":
        found = rules()["thin_pounds"]
        return value_gbp * found["share"]["value"] if value_gbp >= found["from_gbp"]["value"] else 0
    return 0


def thin_people(value_gbp):
    """The smallest people minimum worth fixing on a contract of this value (0 below the band)."""
    found = rules()["thin_people"]
    if value_gbp < found["from_gbp"]["value"]:
        return 0
    return max(found["floor"]["value"], value_gbp / found["per_gbp"]["value"])


def lot_profile(title):
    """The `lot_profiles` entry a lot's title names (hybrid mail, scanning), or None."""
    said = f" {' '.join(re.findall(r'[a-z]+', (title or '').lower()))} "
    return next(
        (p for p in rules()["lot_profiles"] if any(f" {w} " in said for w in p["words"])), None
    )


def lot_scales(scale, measure, procurement):
    """(lot title, why) for each lot whose answer is scored on its quality alone where the
    contract's `scale` judges the others: a fleet share in a lot of heavy or specialist
    vehicles (emissions.heavy_lots), which no published share fits; or None."""
    fleet = re.search(r"\bfleet\b|\bvehicles?\b", measure.get("unit") or "", re.I)
    if not scale or not fleet:
        return None
    why = emissions.heavy_why()
    return [(title, why) for title in emissions.heavy_lots(procurement)] or None


def lot_rate(suggestion, rate, title, contract_bought_in):
    """(A framework's spend rate for one lot, why it is lower or ""): the contract's rate
    times the lot's bought-in share over the contract's, where the lot is profiled."""
    found = lot_profile(title)
    if rate is None or not found or not found.get("bought_in"):
        return rate, ""
    if suggestion.method != "bought-in" or not contract_bought_in:
        return rate, ""
    ratio = found["bought_in"]["value"] / contract_bought_in
    if ratio >= 1:
        return rate, ""
    family = next((f for f in families() if f["key"] == suggestion.family), {})
    step = family.get("round", 1)
    return math.floor(rate * ratio / step + 1e-9) * step, found["why"]


def share_out(suggestion, minimum, lots, contract_bought_in=None):
    """Return each lot's share of a minimum by the lots' values, or None where it needs them.

    A percentage, a condition or a framework's rate applies to each lot in full, so it needs no
    lot values; only an absolute total (people, £) is shared by value. Shares are
    whole rounding steps, never below one step (one person, say): social value is evaluated lot
    by lot, so every lot must carry a minimum its bidders can be held to. They add up to the
    minimum, or to one step a lot where the minimum has fewer steps than there are lots (see
    lot_minimums, which raises the contract's minimum to match).
    """
    step = _lot_step(suggestion)
    unvalued = any(lot.get("value_gbp") is None for lot in lots)
    if not lots or (unvalued and step):
        return None
    total = None if unvalued else sum(lot["value_gbp"] for lot in lots)
    shares = [None if unvalued else lot["value_gbp"] / total for lot in lots]
    owns = [None] * len(lots)
    if minimum is not None:
        owns = [minimum] * len(lots) if not step else _steps(minimum, shares, step)
    # A framework's rate is set for each lot by how the lot's money is spent (lot_profiles).
    rated = [
        lot_rate(suggestion, own, lot["title"], contract_bought_in)
        if suggestion.per_gbp
        else (own, "")
        for lot, own in zip(lots, owns, strict=True)
    ]
    return [
        LotMinimum(lot["title"], lot.get("value_gbp"), own, share, rate_why=why)
        for lot, (own, why), share in zip(lots, rated, shares, strict=True)
    ]


def lot_minimums(suggestion, minimum, lots, contract_bought_in=None):
    """Return (the contract's minimum, each lot's share) so that the shares add up to it.

    The one place that decides the headline of a minimum shared out by lot: every file (the
    specification, the notices, OCDS, the workbook) states the minimum this returns. Where each
    lot carries at least one step and the minimum has fewer, the minimum rises to their sum.
    A framework's rate is each lot's in full, or lower for a lot that buys in less
    (`contract_bought_in`, the contract profile's share; see lot_rate).
    """
    shared = share_out(suggestion, minimum, lots, contract_bought_in)
    if minimum is None or not shared or not _lot_step(suggestion):
        return minimum, shared  # no lots to share it, or it applies to each lot in full
    return float(sum(lot.minimum for lot in shared)), shared


def in_full(suggestion):
    """True when each lot carries the whole minimum, not a share of it: a percentage, a
    condition, something in place or not (a plan, a level), one a year, or a framework's rate."""
    whole = suggestion.method in ("percent", "condition", "fixed", "annual")
    return whole or bool(suggestion.per_gbp) or bool(PERCENT_UNIT.search(suggestion.unit or ""))


def _lot_step(suggestion):
    """The step a minimum is shared out in by lot, or 0 where each lot carries it in full."""
    if in_full(suggestion):
        return 0
    family = next((f for f in families() if f["key"] == suggestion.family), {})
    return family.get("round", 1)


def _steps(minimum, shares, step):
    """Split a minimum into whole steps by share, at least one step each, adding up exactly.

    A lot whose share comes to less than one step is held at one; the rest is shared among the
    other lots by their values, the steps left by rounding down going to the largest
    remainders. Only when there are more lots than steps is the total more than the minimum.
    """
    total = max(int(round(minimum / step)), len(shares))
    held = set()
    while True:
        free = [i for i in range(len(shares)) if i not in held]
        left = total - len(held)
        weight = sum(shares[i] for i in free)
        exact = {i: left * shares[i] / weight if weight else 0 for i in free}
        low = {i for i in free if exact[i] < 1}
        if not low:
            break
        held |= low
    counts = {i: 1 for i in held} | {i: int(e) for i, e in exact.items()}
    spare = left - sum(int(e) for e in exact.values())
    for i in sorted(exact, key=lambda i: exact[i] - int(exact[i]), reverse=True)[:spare]:
        counts[i] += 1
    return [counts[i] * step for i in range(len(shares))]


def placement_call_offs(procurement, care=False):
    """True when a framework's call-offs are placements or packages for one person, each chosen
    for that person's needs (`placement_call_offs`): social value is evaluated once, at
    admission to the framework, never weighted in a call-off. `care` is the legal position's."""
    if procurement.get("kind") != "framework":
        return False
    found = rules()["placement_call_offs"]
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    cpv = str(procurement.get("cpv_code") or "")
    return (
        care
        or cpv.startswith(tuple(found["cpv"]))
        or any(re.search(p, said, re.I) for p in found["words"])
    )


def light_regime(procurement):
    """Why this contract gets the lighter social value regime (light_regime in
    proportionality.yaml), in words for the specification ("a contract under £1m"), or ""."""
    light = rules()["light_regime"]
    said = f" {procurement.get('title') or ''} {procurement.get('description') or ''} ".lower()
    cpv = str(procurement.get("cpv_code") or "")
    for market in light["markets"]:
        if any(w in said for w in market["words"]) or cpv.startswith(tuple(market["cpv"])):
            return f"a market of small and micro firms ({market['name']})"
    goods = procurement.get("category") == "goods"
    below = light["goods_below_gbp" if goods else "below_gbp"]["value"]
    if procurement["value_gbp"] < below:
        return f"a {'goods ' if goods else ''}contract under £{below / 1_000_000:g}m"
    return ""


def outcome_limit(procurement, council_max):
    """Return the most outcomes this contract should carry: fewer for small, goods and
    light-regime contracts."""
    limits = rules()["outcome_limits"]
    if procurement.get("category") == "goods":
        council_max = min(council_max, limits["goods"])
    if light_regime(procurement):
        council_max = min(council_max, rules()["light_regime"]["outcomes"]["value"])
    for limit in limits["limits"]:
        if procurement["value_gbp"] < limit["below"]:
            return min(limit["outcomes"], council_max)
    return council_max


def weighting(council, procurement, *, override=None, forced=False):
    """Return the weighting: the council's default unless overridden, and whether to include it."""
    usable = override is not None and math.isfinite(override) and 0 <= override <= 100
    pct = override if usable else council["weighting_pct"]
    below = procurement["value_gbp"] < council["threshold_gbp"]
    warnings = []
    if pct < legal.MIN_WEIGHTING_PCT:
        warnings.append(
            f"A weighting of {pct:g}% is below 10%, the minimum most councils and the"
            " Government Social Value Model use; bidders may not take it seriously"
        )
    return Weighting(
        pct=float(pct),
        included=(not below) or forced,
        forced=forced and below,
        below_threshold=below,
        threshold_gbp=council["threshold_gbp"],
        warnings=tuple(warnings),
    )


def proposed_cap(questions, *, floor=0.0):
    """Return the most weighting questions that all score a proposed commitment should carry."""
    return max(rules()["proposed_weighting"]["per_question"]["value"] * questions, floor)


def weighting_cap(outcomes, questions, *, floor=0.0, light=False):
    """Return the most weighting the questions can bear: a share for each, by how it is scored.

    A question with a minimum carries at most question_weighting.scored; any other (a proposed
    commitment, Fair Work First) the proposed cap, as each is one judgement (see
    proportionality.yaml); under the light regime, at most its weighting in all. Never below
    `floor`, a minimum the law or policy sets.
    """
    scored = sum(o.minimum is not None for o in outcomes)
    most = rules()["question_weighting"]["scored"]["value"] * scored + proposed_cap(
        questions - scored
    )
    if light:
        most = min(most, rules()["light_regime"]["weighting_pct"]["value"])
    return max(most, floor)


def capped(found, outcomes, questions, *, overridden=False, floor=0.0, light=""):
    """Return the weighting capped at what its questions can bear (weighting_cap), and at the
    light regime's weighting where `light` says why it applies.

    One question carrying a heavy share lets a small difference in one answer decide the award
    (question_weighting and proposed_weighting in proportionality.yaml). A weighting the
    officer set stays as set; the cap is kept on it for the checks to show.
    """
    if not outcomes:
        return found
    cap = weighting_cap(outcomes, questions, floor=floor, light=bool(light))
    binds = cap < weighting_cap(outcomes, questions, floor=floor)
    below = weighting_cap(outcomes, questions, light=bool(light)) < floor
    found = dataclasses.replace(
        found, light=light, light_binds=binds, floor=float(floor) if below else None
    )
    if overridden or found.pct <= cap:
        return dataclasses.replace(found, cap=cap)
    # The cap replaces the council's default, so the warning about a low weighting no longer
    # applies: the checks explain the cap instead.
    return dataclasses.replace(found, pct=float(cap), uncapped=found.pct, cap=cap, warnings=())


def reference(suggestion, procurement):
    """Return the ask the rules worked out where they set no minimum, rounded, or None.

    Evaluators judge a proposed commitment against it. A framework's is for each £1m of
    call-offs, as its volume is not known. None below one whole unit of the measure's unit, or
    for a count of whole things (people, participants) or pounds below its family's floor.
    """
    raw = _reference_raw(suggestion, procurement)
    if raw is None or raw < 1:
        # Under one whole unit (0.6 participants, 0.2 FTE years per £1m), "twice the reference"
        # would call a token commitment large: the answer is scored on its quality alone.
        return None
    framework = procurement.get("kind") == "framework"
    whole = not framework and counted_whole(suggestion.unit)
    money = not framework and "£" in (suggestion.unit or "")
    if (whole or money) and raw < (suggestion.floor or 0):
        # "1 person over ten years" or "£470 spent" anchors bidders as low as a minimum would.
        return None
    if whole and raw < 10:
        return float(math.floor(raw + 0.5))  # "2.7 people" is no point a bidder can offer
    return round(raw, 1) if raw < 10 else float(f"{raw:.2g}")


def points(suggestion, procurement):
    """Return the fixed points a proposed commitment is judged against, as Outcome fields.

    A reference (with each valued lot's share of it), a percentage scale, or neither, when the
    answer is scored on its quality alone and `small_reference` tells the officer the figure
    that was too small to publish. Never a rank among the tenders.
    """
    found = {
        "reference": reference(suggestion, procurement),
        "small_reference": unpublished_reference(suggestion, procurement),
        "scale": None
        if few_vehicles(suggestion, procurement) or heavy_fleet(suggestion, procurement)
        else fixed_scale(suggestion),
        "lot_references": None,
        "quality_why": emissions.heavy_why() if heavy_fleet(suggestion, procurement) else "",
    }
    if found["reference"] is None:
        return found
    lots = lot_references(suggestion, procurement)
    if lots is not None and all(own is None for _, own in lots):
        # Every lot's share is too small to publish: the contract's figure judges no answer.
        return found | {"reference": None, "small_reference": round(suggestion.raw, 2)}
    return found | {"lot_references": lots}


def lot_references(suggestion, procurement):
    """Return (lot title, reference or None) for each valued lot, or None without lot values.

    Social value is evaluated lot by lot, so each lot's answer is judged against its share of
    the contract's reference, by the lots' values; a share too small to publish (see
    reference) leaves that lot's answer scored on its quality alone.
    """
    lots = procurement.get("lots")
    if not lots or any(lot.get("value_gbp") is None for lot in lots) or suggestion.per_gbp:
        return None
    total = sum(lot["value_gbp"] for lot in lots)
    return [
        (
            lot["title"],
            reference(
                dataclasses.replace(
                    suggestion, raw=(suggestion.raw or 0) * lot["value_gbp"] / total
                ),
                procurement,
            ),
        )
        for lot in lots
    ]


def fixed_scale(suggestion):
    """Return the published (large, modest) points for a percentage the rules cannot size, or None.

    Evaluators judge such a commitment against these points, never against other tenders.
    """
    if not PERCENT_UNIT.search(suggestion.unit or "") or suggestion.method == "condition":
        return None
    found = rules()["percent_scale"]
    return found["large"]["value"], found["modest"]["value"]


def few_vehicles(suggestion, procurement):
    """True for a fleet share on a contract whose stated workforce runs a van or two: its share
    can only be 0% or 100%, so no fixed points judge its size (percent_scale small_fleet_fte)."""
    fte = procurement.get("workforce_fte")
    small = rules()["percent_scale"]["small_fleet_fte"]["value"]
    fleet = re.search(r"\bfleet\b|\bvehicles?\b", suggestion.unit or "", re.I)
    return bool(fleet) and fte is not None and fte < small


def heavy_fleet(suggestion, procurement):
    """True for a fleet share on a contract whose vehicles are all heavy or specialist: no
    published share fits them, so no fixed points judge its size (emissions.heavy)."""
    fleet = re.search(r"\bfleet\b|\bvehicles?\b", suggestion.unit or "", re.I)
    return bool(fleet) and emissions.heavy(procurement)


def unpublished_reference(suggestion, procurement):
    """Return the worked-out ask where it is too small to publish as a reference; or None.

    The officer is told the figure and why it is not published (see reference): the answer is
    then scored on its quality alone.
    """
    raw = _reference_raw(suggestion, procurement)
    if raw is None or reference(suggestion, procurement) is not None or fixed_scale(suggestion):
        return None
    return round(raw, 2)


def _reference_raw(suggestion, procurement):
    """The ask the rules worked out, over the contract or, for a framework, per £1m; or None."""
    raw = suggestion.raw
    if not raw or raw <= 0 or suggestion.unbased:
        return None  # a spend figure with no known base judges no answer
    if procurement.get("kind") == "framework":
        raw = raw / firm_term(procurement)["value_gbp"] * 1_000_000
    return raw


def held_shares(weights, proposed, units=None):
    """Return (weights, held): each question scoring a proposed commitment held to the cap.

    Beside questions with a minimum, a question where the bidder proposes its commitment is one
    judgement on a number the bidder chose, the risk the cap is for (proposed_weighting in
    proportionality.yaml), so its share is at most the cap for one question and the rest goes
    to the questions with a minimum: the total weighting is unchanged. `proposed` says, for each
    question, True (proposed), False (has a minimum) or None (neither, such as Fair Work First);
    `units` each question's unit as split_weights takes them. `held` lists (index, share before, share after) for each question held.
    """
    scored = [i for i, p in enumerate(proposed) if p is False]
    cap = proposed_cap(1)
    over = [i for i, p in enumerate(proposed) if p and weights[i] > cap]
    if not scored or not over:
        return list(weights), ()
    found = list(weights)
    held = tuple((i, weights[i], float(cap)) for i in over)
    for i in over:
        found[i] = float(cap)
    spare = round(sum(weights[i] - cap for i in over), 1)
    shares = split_weights(spare, len(scored), [units[i] for i in scored] if units else None)
    for i, extra in zip(scored, shares, strict=True):
        found[i] = round(found[i] + extra, 4)
    return found, held


def by_importance(weights, units, ranks, proposed=None):
    """Return weights in which no question outweighs one whose priority ranks higher.

    `ranks` gives each question its priority's importance (importance_rank), 0 for an outcome
    serving no council priority and None for a question outside the order (Fair Work First). An
    outcome serving a priority the council rates higher never weighs less than one it rates
    lower, and one serving no priority weighs less than every one that serves a priority
    (FINDINGS-19a-u 3.2, 19b-u 2.5: 3% on reuse no priority asked for beside 1.5% on the
    council's high-importance fleet priority). Weight moves a step at a time (a whole or half
    percentage that both questions can take) from the lower to the higher, never taking a
    question to nothing, nor a proposed one over the cap (held_shares) except to put an outcome
    serving no priority below it: the total is unchanged.
    """
    found, cap = list(weights), proposed_cap(1)
    proposed = list(proposed or [False] * len(weights))
    ordered = [i for i, rank in enumerate(ranks) if rank is not None]
    for _ in range(4 * len(weights) * 20):
        pairs = [
            (i, j)
            for i in ordered
            for j in ordered
            if ranks[i] > ranks[j]
            and (found[j] > found[i] or ranks[j] == 0 and found[j] >= found[i])
        ]
        moved = False
        for i, j in pairs:
            # A proposed question at the cap cannot take more: another question ranked above
            # the lower one takes the step instead (the highest ranked, then the lightest).
            takers = sorted(
                (k for k in ordered if ranks[k] > ranks[j]),
                key=lambda k: (k != i, -ranks[k], found[k]),
            )
            for k in takers:
                step = max(units[k], units[j])
                held = proposed[k] and found[k] + step > cap and ranks[j] > 0
                if found[j] - step <= 0 or held:
                    continue
                found[k], found[j] = round(found[k] + step, 4), round(found[j] - step, 4)
                moved = True
                break
            if moved:
                break
        if not moved:
            break
    return found


def importance_rank(priority):
    """How the council rates a priority (importance_ranks in proportionality.yaml); 0 for none."""
    if not priority:
        return 0
    ranks = rules()["importance_ranks"]
    return ranks.get(priority.get("importance"), ranks["unrated"])


def question_parts(with_minimum):
    """Each question's parts of the weighting (question_shares in proportionality.yaml): more
    for one whose outcome has a real prescribed minimum (True) than for any other."""
    found = rules()["question_shares"]
    return [found["minimum" if real else "other"]["value"] for real in with_minimum]


def worth_least(suggestion, minimum, measure, procurement):
    """Why a question with a minimum carries only the least share, or "" (question_shares
    `least`): an hours count, a minimum raised above what the rules worked out, or what the
    service already does for the people it serves."""
    least = rules()["question_shares"]["least"]
    if minimum is None:
        return ""
    if suggestion.family in least["families"]:
        return "it counts hours given, not a result for anyone, so it weighs least"
    worked = suggestion.raw
    # More than a quarter and a whole one above it: not rounding, but a floor or one per lot.
    raised = worked and minimum > worked * 1.25 and minimum >= worked + 1
    if raised and not suggestion.per_gbp:
        return (
            f"its minimum ({minimum:g}) is raised above the {round(worked, 1):g} the rules worked"
            " out, a token of the contract rather than its size, so it weighs least"
        )
    said = f" {procurement.get('title') or ''} {procurement.get('description') or ''} ".lower()
    title = (measure.get("title") or "").lower()
    for rule in least["expected"]:
        if any(w in said for w in rule["contract"]) and any(w in title for w in rule["title"]):
            return f"it is largely what the contract already requires: {rule['why']}"
    return ""


def split_weights(total, count, units=None, parts=None):
    """Share a weighting between questions in whole or half percentages, adding up exactly.

    Each question's share is in proportion to its `parts` (question_parts; equal without
    them) and a multiple of its unit: half a percent, or a whole percent for a question whose
    share is halved between quality and commitment (so each half is a whole or half percentage
    too). Shares are rounded down to their unit and what is left goes, a unit at a time, to the
    largest remainders (on a tie, the one with more parts, then the first), so 10% over three
    equal questions is 3.5%, 3.5% and 3%, never 3.4%, 3.3% and 3.3%.
    """
    if count == 0:
        return []
    units = list(units or [WEIGHT_STEP] * count)
    parts = list(parts or [1] * count)
    ideals = [total * part / sum(parts) for part in parts]
    shares = [
        math.floor(ideal / unit + 1e-9) * unit for ideal, unit in zip(ideals, units, strict=True)
    ]
    left = round(total - sum(shares), 4)
    # On a tie, a question with more parts first: one worth less never ends up the largest.
    order = sorted(range(count), key=lambda i: (-round(ideals[i] - shares[i], 4), -parts[i], i))
    while left > 0:
        given = False
        for i in order:
            if left >= units[i] - 1e-9:
                shares[i] += units[i]
                left, given = round(left - units[i], 4), True
        if not given:  # a total off the half-percent grid, or a half no whole unit can take
            shares[min(order, key=lambda i: shares[i])] += left
            break
    return [round(float(share), 4) for share in shares]


def word_limit(value_gbp, light=False):
    """Return the word limit per question: shorter for smaller contracts and the light regime,
    kinder to small firms."""
    if light:
        return rules()["light_regime"]["words"]["value"]
    if value_gbp < 1_000_000:
        return 500
    if value_gbp <= legal.KPI_THRESHOLD_GBP:
        return 750
    return 1000


def reporting_frequency(procurement):
    """Return how often the supplier reports: by what the contract spends a year, or in the
    contract's own reports where the description says how often it makes them.

    A framework reports once a year across all its call-offs. A small or short contract reports
    once, at the end: more would cost more than the social value is worth. Otherwise the yearly
    value sets the cadence (`reporting` in proportionality.yaml, our judgement).
    """
    rule = rules()["reporting"]
    if procurement.get("kind") == "framework":
        return YEARLY
    if (
        procurement["duration_months"] <= rule["once_months"]["value"]
        or procurement["value_gbp"] < rule["once_below_gbp"]["value"]
    ):
        return ONCE
    own = contract_reporting(procurement)
    if own:
        return own[0]
    cycle = contract_forms.form(procurement).reports_a_year
    if cycle:
        return CADENCES[cycle]
    yearly = procurement["value_gbp"] / (procurement["duration_months"] / 12)
    band = next(b for b in rule["bands"] if "below" not in b or yearly < b["below"])
    return CADENCES[band["per_year"]]


def contract_reporting(procurement):
    """The cadence of the reports the description says the supplier already makes on the
    contract, and the words it says it in, where social value can go in them; else None."""
    rule = rules()["reporting"]
    for sentence in re.split(r"(?<=[.;])\s+", procurement.get("description") or ""):
        if not re.search(r"\breport", sentence, re.I):
            continue
        for said in rule["contract_words"]:
            found = re.search(said["say"], sentence, re.I)
            if found and 1 <= said["per_year"] <= rule["most_a_year"]["value"]:
                return said["as"], sentence.strip()
    return None


def in_own_reports(procurement):
    """True when social value is reported in the reports the contract already has."""
    own = contract_reporting(procurement)
    return bool(own) and reporting_frequency(procurement) == own[0]


def report_count(procurement):
    """Return how many reports the supplier makes over the contract (the last at its end)."""
    months = REPORT_MONTHS.get(reporting_frequency(procurement))
    return math.ceil(procurement["duration_months"] / months) if months else 1


def delivery_plan_days(procurement):
    """Return the calendar days after the start within which the delivery plan is due."""
    return 20 if procurement["duration_months"] <= 12 else 30
