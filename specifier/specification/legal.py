"""Which law applies to a contract, and what the specification may say about it (no Flask here).

The regime is decided from the procurement's nation, kind, category, light touch status and
value, against the thresholds in specifier/data/law/thresholds.yaml (each with its legislation
and effective date). Every legal sentence lives in the nation files beside it, and templates
render them by key with say("key"), which refuses a statement that is not law in that nation.
"""

import datetime
import functools
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from specifier import wording
from specifier.specification import call_offs, sectors

LAW = Path(__file__).resolve().parent.parent / "data" / "law"
STATEMENT_FILES = ("uk", "procurement-act", "england", "wales", "scotland", "northern-ireland")
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
MIN_KPIS = 3
# The Government Social Value Model's benchmark (PPN 002), a policy councils may adopt.
MIN_WEIGHTING_PCT = 10
# What each kind of threshold is called in a sentence ("the threshold for ...").
THRESHOLD_LABELS = {
    "goods-services": "a goods or services contract",
    "works": "a works contract",
    "light-touch": "a light touch contract",
    "concession": "a concession contract",
    "light-touch-concession": "a light touch concession contract",
}
# The standard rate of VAT: Scottish thresholds compare a value without VAT, the Act's with it,
# and a value given without VAT is grossed up at this rate unless the officer says none is due.
VAT_RATE = 0.2


def without_vat(amount, includes_vat):
    """An amount without VAT: a value the council says includes VAT, less it at the standard
    rate; else as given (a value without VAT, or one the council has not said either way)."""
    return round(amount / (1 + VAT_RATE)) if includes_vat else amount


# Contracts whose workers may work with children or with adults who need care: health and social
# work (CPV 85), education (80) and catering for schools and institutions (5552). Safer
# recruitment is said for them, wherever an outcome counts people with convictions, and wherever
# the work is done in people's homes, custody or schools in term time (sectors.guarded).
SAFEGUARDING_CPV = ("85", "80", "5552")
# Social care (CPV 853): Scottish care guidance, and the real Living Wage funded by the rates.
CARE_CPV = "853"
# Social work that is not care given by an hourly-paid care workforce: home delivery of
# provisions (853122) and guidance and counselling (853123: youth work, advice). Care only where
# the contract's words say care is given at home or in accommodation (FINDINGS-12 D8: no hourly
# rates for care and no sleep-in shifts in a youth service's log).
NOT_CARE_CPV = ("853122", "853123")
# How care is given decides what a real Living Wage condition must say about pay. Workers who
# visit people in their own homes travel between visits; in accommodation-based care (CPV 85311,
# social work with accommodation, or words such as supported living and care home) workers may
# do sleep-in shifts. Read from the contract's title and description, else from the CPV code.
# A service that runs day and night, or whose clients are held overnight, has no sleep-ins
# unless its workers stay overnight where the care is given (FINDINGS-18a 1.3: an on-call
# custody service "24 hours a day" for children "held overnight" was given a sleep-in clause).
CARE_VISITS = re.compile(
    r"home ?care|care at home|domiciliary|reablement|in (?:people's|their) own homes?|"
    r"care visits|visiting care",
    re.IGNORECASE,
)
CARE_NIGHTS = re.compile(
    r"supported living|supported accommodation|sleep.?ins?\b|live.?in\b|waking nights?|"
    r"overnight (?:support|care|staff|cover|stays?)|(?:staffed|support|care) (?:overnight|"
    r"24 hours)|\b24.hour (?:support|care|staff)|extra care|respite|"
    # A building named as where the work is done, not as where people are referred from or
    # to: an advocacy service taking referrals from "care homes and residents" and a community
    # drug service that "brokers residential rehabilitation" run no nights (FINDINGS-14b D12,
    # 14c D7).
    r"\b(?:in|at|within|runs?|running|provides?|operates?|manages?)\s+(?:\w+\s+){0,2}?"
    r"(?:residential|care homes?|nursing homes?|tenanc)",
    re.IGNORECASE,
)
# Care paid by the hour: the council's hourly rates must fund the real Living Wage. Care bought
# at a block or annual price is funded by that price instead (FINDINGS-14c D7).
CARE_HOURLY = re.compile(
    r"hourly|per hour|by the hour|an hour\b|hours of care|care hours|commissioned hours|"
    r"spot[- ](?:purchas|contract|placement)",
    re.IGNORECASE,
)
# Night work said in so many words. A home-visiting service ("reablement ... for adults at risk
# of going into residential care") names care homes only as what it helps people avoid: it has
# night or sleep-in work only where these words say so (FINDINGS-10 G9).
NIGHT_WORK = re.compile(
    r"sleep.?ins?\b|overnight|\bnights?\b|night.?time|\b24.hour\b|live.?in\b|waking night",
    re.IGNORECASE,
)
# Social work that assesses or inspects where people live, and gives no care: its
# professionals visit care homes and wards but do no care shifts, so no sleep-in or care pay
# rules apply (FINDINGS-19a-u DoLS 5: best interests assessors "at the care home or ward" were
# given sleep-in shifts). Care is given only where the words say a care workforce gives it.
PROFESSIONAL_VISITS = re.compile(
    r"\bassess(?:ments?|ors?)\b|\binspect(?:ions?|ors?)\b", re.IGNORECASE
)
CARE_GIVEN = re.compile(
    r"\bpersonal care\b|\bcare and support\b|\b(?:care|support) (?:workers?|staff|hours?|"
    r"packages?|plans?)\b|\bcarers?\b|\bnursing care\b|\bsupport (?:to|for) (?:people|adults|"
    r"children|residents|tenants)\b",
    re.IGNORECASE,
)
CARE_ACCOMMODATION_CPV = "85311"
# A block contract buys a set number of places or hours, whoever fills them: the work a supplier
# receives does not depend on people's choices under self-directed support, so that sentence is
# not said (FINDINGS-11 H9).
CARE_BLOCK = re.compile(r"\bblock[- ](?:contract|purchas|book|arrangement|fund)", re.IGNORECASE)
# Words in an outcome's title or groups that make the data it needs special category or criminal
# offence data (UK GDPR Articles 9 and 10): health, disability, ethnicity, religion, sexuality
# and convictions (recovery from drug or alcohol use is health data).
SENSITIVE = re.compile(
    r"health|disab|\bsend\b|mental|autis|ethnic|racial|religio|sexual|convict|offend|prison|"
    r"recovery|drug|alcohol",
    re.IGNORECASE,
)
# Groups whose recruitment meets safer recruitment checks head on.
CONVICTIONS = re.compile(r"convict|offend|prison|recovery|drug|alcohol", re.IGNORECASE)
WELLBEING_GOALS = (
    "A prosperous Wales",
    "A resilient Wales",
    "A healthier Wales",
    "A more equal Wales",
    "A Wales of cohesive communities",
    "A Wales of vibrant culture and thriving Welsh language",
    "A globally responsible Wales",
)
# Which well-being goals each social value theme serves (Well-being of Future Generations Act).
GOALS_BY_THEME = {
    "jobs": ("A prosperous Wales", "A more equal Wales"),
    "skills": ("A prosperous Wales", "A more equal Wales"),
    "fair-work": ("A prosperous Wales", "A more equal Wales"),
    # Spend serves communities only where its words say so (GOALS_BY_WORD): local spend on
    # workwear lists no "cohesive communities" (FINDINGS-11 H9).
    "local-economy": ("A prosperous Wales",),
    "environment": ("A resilient Wales", "A globally responsible Wales"),
    "communities": ("A Wales of cohesive communities",),
    "innovation": ("A more equal Wales", "A prosperous Wales"),
}
# Goals a theme is too coarse to tell: served by an outcome whose title or outcome names them.
# A theme lists only the goals every outcome of it serves; the rest are found here, so no goal
# is listed that no outcome serves.
GOALS_BY_WORD = {
    "A Wales of cohesive communities": (
        "communit",
        "neighbourhood",
        "town centre",
        "high street",
        "voluntary",
        "volunteer",
    ),
    "A healthier Wales": ("health", "wellbeing", "well-being", "physical activity"),
    "A Wales of vibrant culture and thriving Welsh language": (
        "welsh",
        "cymraeg",
        "culture",
        "cultural",
        "heritage",
    ),
}
# Themes too broad to serve their goal by themselves: a communities outcome whose words name a
# goal (a service in Welsh) serves that goal, not "cohesive communities" as well, so the
# specification lists no goal that no outcome serves (FINDINGS-10 G9). Our judgement.
THEME_GOAL_UNLESS_NAMED = {"communities"}
# Measures for one nation only (its language, its law), known by words in the title or keywords.
NATION_WORDS = {
    "Wales": ("welsh", "wales", "cymraeg", "cymru"),
    "Scotland": ("gaelic", "scotland", "scottish"),
    "Northern Ireland": ("northern ireland", "irish language", "ulster-scots", "ulster scots"),
}


def goals_for(theme_key, words):
    """Return the well-being goals one outcome serves: its theme's, and any its words name."""
    words = (words or "").lower()
    named = tuple(g for g, found in GOALS_BY_WORD.items() if any(w in words for w in found))
    by_theme = GOALS_BY_THEME.get(theme_key, ())
    if named and theme_key in THEME_GOAL_UNLESS_NAMED:
        by_theme = ()
    served = set(by_theme) | set(named)
    return tuple(goal for goal in WELLBEING_GOALS if goal in served)


def wellbeing_goals(outcomes):
    """Return the goals served by these (theme key, words) outcomes, in the Act's order."""
    served = {goal for key, words in outcomes for goal in goals_for(key, words)}
    return [goal for goal in WELLBEING_GOALS if goal in served]


@functools.cache
def _ni_themes():
    """PPN 01/21's themes, each with the theme keys and words that serve it (northern-ireland.yaml)."""
    [entry] = [e for e in _load("northern-ireland") if e["key"] == "ni-ppn-themes"]
    return entry["themes"]


def ni_themes(outcomes):
    """Return the PPN 01/21 themes these (theme key, words) outcomes serve, in the note's order."""
    outcomes = [(key, (words or "").lower()) for key, words in outcomes]
    return [
        theme["name"]
        for theme in _ni_themes()
        if any(
            key in theme.get("by_theme", ())
            or (
                any(w in words for w in theme.get("words", ()))
                and not any(w in words for w in theme.get("unless", ()))
            )
            for key, words in outcomes
        )
    ]


@dataclass(frozen=True)
class PeopleData:
    """What counting people means for an outcome set: data protection and recruitment law."""

    targeted: bool  # some outcome counts only people in named places or groups
    recruiting: bool  # ...and is about recruiting them, not residents taking part
    sensitive: bool  # special category or criminal offence data is needed
    convictions: bool  # people with convictions or in recovery are counted


def people_data(outcomes):
    """Return what recruiting or counting the people in these outcomes involves."""
    people = [o for o in outcomes if o.applies_to == "people"]
    groups = [g for o in people if o.who for g in o.who["groups"] + o.who.get("also", [])]
    words = " ".join([o.title for o in people] + groups)
    targeted = [o for o in people if o.who or o.suggestion.family.startswith("targeted")]
    return PeopleData(
        targeted=bool(targeted),
        recruiting=any(o.suggestion.family != "residents" for o in targeted),
        sensitive=bool(SENSITIVE.search(words)),
        convictions=bool(CONVICTIONS.search(words)),
    )


def nations_for(measure):
    """Return the nations a measure is only for (a set; empty when it suits any nation)."""
    keywords = measure.get("keywords") or ""
    if not isinstance(keywords, str):
        keywords = " ".join(str(k) for k in keywords)
    words = f"{measure.get('title') or ''} {keywords}".lower()
    return {
        nation
        for nation, found in NATION_WORDS.items()
        if any(re.search(rf"\b{re.escape(w)}\b", words) for w in found)
    }


@dataclass(frozen=True)
class Threshold:
    """A money threshold from thresholds.yaml, with the legislation that sets it."""

    key: str
    regime: str
    nations: tuple
    kind: str
    amount_gbp: int
    vat_included: bool
    comparison: str
    effective_from: datetime.date
    legislation: str
    source: str
    checked: datetime.date
    confidence: str
    note: str = ""

    def met(self, value_gbp):
        """True when a value reaches this threshold ('more than' is strict)."""
        if self.comparison == "more than":
            return value_gbp > self.amount_gbp
        return value_gbp >= self.amount_gbp

    @property
    def verified(self):
        return self.confidence != "not verified"


@dataclass(frozen=True)
class Statement:
    """One legal sentence the generator may say, with where it comes from."""

    key: str
    nations: tuple
    law: str
    section: str
    source: str
    checked: datetime.date
    confidence: str
    text: str
    plain: str = ""  # the same law in plainer words, offered when a clause reads hard
    note: str = ""
    in_force: datetime.date | None = None
    audience: str = "bidder"


def _load(name):
    return yaml.safe_load((LAW / f"{name}.yaml").read_text(encoding="utf-8"))


def _record(cls, entry):
    known = {f.name for f in fields(cls)}
    values = {k: v for k, v in entry.items() if k in known}
    values["nations"] = tuple(entry["nations"])
    return cls(**values)


@functools.cache
def thresholds():
    """Every threshold, keyed by its key."""
    return {e["key"]: _record(Threshold, e) for e in _load("thresholds")}


@functools.cache
def statements():
    """Every legal statement of every nation file, keyed by its key."""
    found = {}
    for name in STATEMENT_FILES:
        for entry in _load(name):
            if entry["key"] in found:
                raise ValueError(f"Legal statement {entry['key']} is in two files")
            found[entry["key"]] = _record(Statement, entry)
    return found


@functools.cache
def _mixed():
    """The words of a supply that mixes goods with the supplier's own work (mixed.yaml)."""
    return _load("mixed")


def mixed_services(procurement):
    """The words in a goods contract's description that say the supplier also works on the goods
    (installs, maintains, removes them), or '' for a contract that is not such a mix."""
    if procurement.get("category") != "goods":
        return ""
    for sentence in re.split(r"[.;]\s", procurement.get("description") or ""):
        if re.search(_mixed()["doer"], sentence, re.I):
            found = re.search(_mixed()["services_on_goods"], sentence, re.I)
            if found:
                return found.group(0)
    return ""


@functools.cache
def light_touch_prefixes():
    """The CPV code beginnings read as light touch services when the officer has not said."""
    return tuple(str(item["prefix"]) for item in _load("light-touch")["prefixes"])


def statement(key, nation, on):
    """Return a statement that is law (or policy) in this nation on this date, or raise LookupError."""
    found = statements().get(key)
    if found is None:
        raise LookupError(f"No legal statement {key!r}")
    if nation not in found.nations:
        raise LookupError(f"Legal statement {key!r} is not said in {nation}")
    if found.in_force and on < found.in_force:
        raise LookupError(f"Legal statement {key!r} is not in force until {found.in_force}")
    if found.confidence == "not verified":
        raise LookupError(f"Legal statement {key!r} is not verified")
    return found


def threshold(regime, nation, kind, on):
    """Return the threshold of a regime for this nation and kind in force on a date, or None."""
    rows = [
        t
        for t in thresholds().values()
        if t.regime == regime and nation in t.nations and t.kind == kind and t.effective_from <= on
    ]
    return max(rows, key=lambda t: t.effective_from, default=None)


KPI_THRESHOLD_GBP = thresholds()["pa2023-s52-kpis"].amount_gbp


def light_touch(procurement):
    """Return (is it light touch, who decided: 'officer', 'cpv' or 'default')."""
    said = procurement.get("light_touch")
    if said is not None:
        return bool(said), "officer"
    cpv = procurement.get("cpv_code") or ""
    if procurement["category"] == "services" and cpv.startswith(light_touch_prefixes()):
        return True, "cpv"
    return False, "default"


# Where a health care Provider Selection Regime may govern a contract instead of the Act:
# England (SI 2023/1348) and Wales (WSI 2025/99). See data/law/health-care.yaml.
HEALTH_CARE_NATIONS = ("England", "Wales")
# What the officer may say governs a health care contract: the Act, or the regime (PSR).
REGIMES = ("act", "psr")


@functools.cache
def health_care_rules():
    """The CPV beginnings and the words that read a contract as relevant health care services."""
    data = _load("health-care")
    prefixes = tuple(str(item["prefix"]) for item in data["prefixes"])
    return prefixes, re.compile("|".join(f"(?:{w})" for w in data["words"]), re.IGNORECASE)


def health_care(procurement):
    """Whether a Provider Selection Regime may govern this contract instead of the Act: a
    services contract in England or Wales for health services (by CPV code), or in health and
    social work (CPV 85) whose words name a public health service (drug and alcohol treatment,
    sexual health, stop smoking, health visiting). Only a reading: the officer decides."""
    if procurement["nation"] not in HEALTH_CARE_NATIONS or procurement["category"] != "services":
        return False
    cpv = procurement.get("cpv_code") or ""
    prefixes, words = health_care_rules()
    if cpv.startswith(prefixes):
        return True
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    return cpv.startswith("85") and bool(words.search(said))


# The Act's duties on awarding and managing one contract (the 2012 Act's, the national
# procurement policy statement, KPIs, performance, payment and below-threshold rules): not said
# where another regime governs the award (the Provider Selection Regime, a framework's own terms).
CONTRACT_DUTIES_UNSAID = {
    "social_value_act": False,
    "npps": False,
    "kpi_statutory": False,
    "performance_assessment": False,
    "ratings": False,
    "breach_notices": False,
    "payment_terms": False,
    "regulated_below": False,
    "below_payment_terms": False,
}


def _health_care(procurement, confirmed):
    """The facts for a health care contract the Act may not govern: none of the Act's duties is
    said to bidders (FINDINGS-14b D1). confirmed: the officer said `regime: psr`."""
    wales = procurement["nation"] == "Wales"
    regulations = (
        "the Health Services (Provider Selection Regime) (Wales) Regulations 2025"
        if wales
        else "the Health Care Services (Provider Selection Regime) Regulations 2023"
    )
    if confirmed:
        cautions = [
            f"Regime: the procurement file says this contract is arranged under {regulations}"
            " (regime: psr), so the specification cites none of the Procurement Act 2023's"
            " duties (light touch rules, sections 23, 52, 68 and 71). Check the award process"
            " and its notices under those Regulations, and how their key criteria (regulation"
            " 5 in England, which guidance describes as including social value) weigh the"
            " social value this specification asks for"
        ]
    else:
        cautions = [
            f"Regime: this contract reads as relevant health care services (CPV"
            f" {procurement.get('cpv_code') or 'not given'} and its description), which"
            f" {regulations} may govern instead of the Procurement Act 2023 (the Act does not"
            " govern a contract awarded under them; a mixed contract comes under them where"
            " health care services are its main subject matter). Until you say which, the"
            " specification says only that the procurement documents confirm the regime, and"
            " cites no light touch rule or other duty of the Act. Say regime: psr or"
            " regime: act in the procurement file once your legal team has decided"
        ]
    return {
        "regime": regulations.removeprefix("the ")
        + ("" if confirmed else " or the Procurement Act 2023 (not yet confirmed)"),
        "health_care": True,
        "psr": confirmed,
        **CONTRACT_DUTIES_UNSAID,
        "light_touch": False,
        "covered": False,
        "procurement_act": False,
        "wpps": False,
        "welsh_objectives": False,
        "cautions": cautions,
    }


def threshold_kind(kind, category, is_light_touch):
    """The kind of threshold that applies: goods-services, works, light-touch or a concession's."""
    if kind == "concession":
        return "light-touch-concession" if is_light_touch else "concession"
    if is_light_touch:
        return "light-touch"
    return "works" if category == "works" else "goods-services"


@dataclass(frozen=True)
class Position:
    """The legal facts a specification must reflect, decided once per procurement."""

    nation: str
    kind: str
    category: str
    on: datetime.date
    regime: str
    value_gbp: int = 0
    includes_vat: bool | None = None  # whether value_gbp includes VAT; None: not said
    light_touch: bool = False
    light_touch_from: str = "default"
    threshold: Threshold | None = None  # the Procurement Act 2023 threshold for its kind
    covered: bool = False  # a covered procurement under the Procurement Act 2023
    procurement_act: bool = False
    social_value_act: bool = False
    npps: bool = False
    wpps: bool = False
    wales: bool = False
    scotland: bool = False
    northern_ireland: bool = False
    scottish_threshold: Threshold | None = None
    scottish_regulated: bool = False
    pcsr_threshold: Threshold | None = None
    pcsr_applies: bool = False
    community_benefits: bool = False
    fair_work: bool = False
    kpi_statutory: bool = False  # section 52 of the Procurement Act 2023 applies
    performance_assessment: bool = False  # section 71 KPI assessments and notices
    ratings: bool = False  # the regulation 39 ratings (England and Northern Ireland)
    breach_notices: bool = False
    payment_terms: bool = False  # section 68: 30-day payment implied
    regulated_below: bool = False  # a regulated below-threshold contract (Part 6 of the Act)
    below_payment_terms: bool = False  # section 88: 30-day payment implied below the threshold
    pcsr_light_touch: bool = False  # Scotland: the 2015 Regulations' rules for light touch services
    care: bool = False  # social care services (CPV 853)
    care_visits: bool = False  # care workers visit people at home: travel between visits
    care_nights: bool = False  # accommodation-based care: workers may do sleep-in shifts
    care_block: bool = False  # care bought as a block of places or hours, not by people's choice
    care_hourly: bool = False  # care paid by the hour (home visits, or said so in its words)
    safeguarding: bool = False  # workers may work with children or adults who need care
    sppp_duty: bool = False
    welsh_objectives: bool = False
    welsh_major_works: bool = False
    welsh_clauses: bool | None = None  # the contract includes the social public works clauses
    # The whole is a major construction contract's size but a lot's contract may not be: the
    # lots (names) under £2 million or with no value, where the Act does not say which counts.
    welsh_major_lots_below: tuple = ()
    # Goods the supplier also installs, maintains or removes: the words that say so. Goods and
    # services share a threshold, so only the kind stated changes ("goods and services").
    mixed_services: str = ""
    ni_policy: bool = False
    health_care: bool = False  # a Provider Selection Regime may govern it instead of the Act
    psr: bool = False  # the officer says it does (regime: psr)
    call_off: call_offs.CallOff | None = None  # a call-off under another body's framework
    cautions: tuple = field(default_factory=tuple)  # what the officer must check by hand
    # Questions the regime turns on that the file leaves open (a value near a threshold with its
    # VAT basis unsaid): the pack states a regime, so it stays a draft until they are answered.
    unsettled: tuple = field(default_factory=tuple)

    @property
    def framework(self):
        return self.kind == "framework"

    @property
    def concession(self):
        return self.kind == "concession"

    @property
    def gross_gbp(self):
        """The value including VAT, as the Procurement Act 2023's thresholds count it."""
        if self.includes_vat is False:
            return round(self.value_gbp * (1 + VAT_RATE))
        return self.value_gbp

    @property
    def value_text(self):
        """The value as a sentence states it: with the VAT basis only when the officer gave it."""
        value = f"£{self.value_gbp:,}"
        if self.includes_vat is None:
            return value
        if self.includes_vat:
            return f"{value} including VAT"
        return f"{value} excluding VAT (£{self.gross_gbp:,} with VAT at {VAT_RATE:.0%})"

    @property
    def threshold_label(self):
        """What the deciding threshold is for, as a sentence names it."""
        kind = threshold_kind(self.kind, self.category, self.light_touch)
        if self.scotland:  # the 2014 Act has two thresholds: works, and everything else
            kind = "works" if self.category == "works" else "goods-services"
        label = THRESHOLD_LABELS[kind]
        if self.kind == "framework":
            return "a framework for " + label.removeprefix("a ").replace("contract", "contracts")
        return label

    @property
    def summary(self):
        """The regime in a line, as the specification page shows it to the officer."""
        limit = self.scottish_threshold if self.scotland else self.threshold
        kind = {"framework": "a framework", "concession": "a concession"}.get(self.kind, "")
        parts = [self.regime]
        if limit is not None:
            vat = "including" if limit.vat_included else "excluding"
            parts.append(f"threshold £{limit.amount_gbp:,} ({vat} VAT) for {self.threshold_label}")
        if kind:
            parts.append(kind)
        if self.light_touch:
            read = " (read from the CPV code)" if self.light_touch_from == "cpv" else ""
            parts.append("light touch" + read)
        return "; ".join(parts)

    def say(self, key):
        """The statement with this key, if it is law here on this date (else LookupError)."""
        return statement(key, self.nation, self.on)


def _care_setting(procurement, category, cpv):
    """Whether the contract buys care, and whether its workers visit people at home or may
    sleep in, as the contract describes it."""
    if category != "services" or not cpv.startswith(CARE_CPV):
        return {"care": False, "care_visits": False, "care_nights": False, "care_hourly": False}
    said = f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
    if (
        not cpv.startswith(CARE_ACCOMMODATION_CPV)
        and PROFESSIONAL_VISITS.search(said)
        and not (CARE_VISITS.search(said) or CARE_GIVEN.search(said))
    ):
        return {"care": False, "care_visits": False, "care_nights": False, "care_hourly": False}
    visits = bool(CARE_VISITS.search(said))
    nights = bool((NIGHT_WORK if visits else CARE_NIGHTS).search(said))
    if cpv.startswith(NOT_CARE_CPV) and not (visits or nights):
        return {"care": False, "care_visits": False, "care_nights": False, "care_hourly": False}
    if not (visits or nights):
        nights = cpv.startswith(CARE_ACCOMMODATION_CPV)
    hourly = visits or bool(CARE_HOURLY.search(said))
    return {"care": True, "care_visits": visits, "care_nights": nights, "care_hourly": hourly}


def position(procurement, *, on=None):
    """Return the legal position of a procurement on a date (today by default).

    The Procurement Act 2023 applies in England, Wales and Northern Ireland; devolved Scottish
    authorities keep the Procurement Reform (Scotland) Act 2014 and their own regulations.
    """
    on = on or datetime.date.today()
    nation, value = procurement["nation"], procurement["value_gbp"]
    category, kind = procurement["category"], procurement.get("kind") or "contract"
    is_light_touch, decided = light_touch(procurement)
    cpv = procurement.get("cpv_code") or ""
    facts = {
        "nation": nation,
        "kind": kind,
        "category": category,
        "on": on,
        "value_gbp": value,
        "includes_vat": procurement.get("value_includes_vat"),
        "light_touch": is_light_touch,
        "light_touch_from": decided,
        "wales": nation == "Wales",
        "scotland": nation == "Scotland",
        "northern_ireland": nation == "Northern Ireland",
        **_care_setting(procurement, category, cpv),
        "care_block": bool(
            CARE_BLOCK.search(
                f"{procurement.get('title') or ''}. {procurement.get('description') or ''}"
            )
        ),
        "safeguarding": cpv.startswith(SAFEGUARDING_CPV) or bool(sectors.guarded(procurement)),
        "mixed_services": mixed_services(procurement),
    }
    if nation == "Scotland":
        facts.update(_scotland(procurement, on, is_light_touch))
    else:
        facts.update(_procurement_act(procurement, on, is_light_touch))
        said = procurement.get("regime")
        if said == "psr" or (said is None and health_care(procurement)):
            act_cautions = facts.pop("cautions", ())
            act_unsettled = facts.pop("unsettled", ())
            facts.update(_health_care(procurement, said == "psr"))
            if said is None:  # the Act's own cautions still matter if the officer chooses it
                facts["cautions"] = [*facts["cautions"], *act_cautions]
                facts["unsettled"] = act_unsettled
    cautions = list(facts.pop("cautions", ()))
    facts["unsettled"] = tuple(facts.get("unsettled", ()))
    found = call_offs.call_off(procurement)
    if found is not None:
        facts.update(_call_off(found), unsettled=())  # the pack asserts no regime
        cautions.append(_call_off_caution(found, nation, on))
    if decided == "cpv":
        cautions.append(
            f"Light touch: decided from the CPV code {procurement['cpv_code']}. Check the"
            " services are listed in Schedule 1 to the procurement regulations (Schedule 3 to the"
            " Public Contracts (Scotland) Regulations 2015 in Scotland), or say yes or no on the"
            " contract's details"
        )
    return Position(**facts, cautions=tuple(cautions))


# What a call-off's law leaves unsaid until the officer confirms which rules the framework runs
# under: the Act's duties on a contract awarded under it (sections 12, 13, 23, 52, 68 and 71 and
# the 2012 Act's duty, which attaches to procuring the framework) bind only a framework awarded
# under the Act; one concluded before 24 February 2025 stays under the Public Contracts
# Regulations 2015 (pcr-2015-savings in procurement-act.yaml). In Scotland, the community benefit
# summary and Fair Work First question belong to the framework's own award.
CALL_OFF_UNSAID = {
    **CONTRACT_DUTIES_UNSAID,
    "ni_policy": False,
    "community_benefits": False,
    "fair_work": False,
}


def _call_off(found):
    """The facts of a call-off under another body's framework: its framework's rules govern."""
    return {
        **CALL_OFF_UNSAID,
        "call_off": found,
        "regime": f"A call-off ({found.route or 'route not said'}) under {found.named}: the"
        " framework's terms and the rules it was awarded under (to be confirmed)",
    }


def _call_off_caution(found, nation, on):
    """Tell the officer the rules a call-off runs under are the framework's, to be confirmed."""
    if nation == "Scotland":
        rules = statement("pcsr-reg34-call-offs", nation, on)
        which = (
            f"{rules.law}, {rules.section} ({rules.source}, checked {rules.checked}) where the"
            " framework was awarded under them; a framework below their thresholds runs under"
            " the Procurement Reform (Scotland) Act 2014 and its own terms; a UK-wide framework"
            " may run under the Procurement Act 2023"
        )
    else:
        act = statement("pa-s45-s46-call-offs", nation, on)
        saved = statement("pcr-2015-savings", nation, on)
        old = statement("pcr-2015-reg33", nation, on)
        which = (
            f"{act.law}, sections {act.section} ({act.source}, checked {act.checked}) if the"
            f" framework was awarded under the Act; {old.law}, {old.section} ({old.source}) if"
            f" it was concluded before 24 February 2025, as {saved.law}, {saved.section} keeps"
            f" them for it ({saved.source}, checked {saved.checked})"
        )
    return (
        f"Call-off: this contract is read as a call-off under {found.named}, awarded under its"
        " terms, so the specification says neither which law governs the framework nor any duty"
        " that depends on it (key performance indicators under section 52, performance notices"
        f" under section 71, implied payment terms). The rules are {which}. Confirm which"
        " applies, and add the duties that follow (such as at least three published KPIs on a"
        " call-off over £5 million under the Act) to the call-off's own documents"
    )


def _procurement_act(procurement, on, is_light_touch):
    """England, Wales and Northern Ireland: covered or not, and what follows."""
    nation, value, kind = procurement["nation"], procurement["value_gbp"], procurement.get("kind")
    kind = kind or "contract"
    category = procurement["category"]
    limit = threshold("procurement-act", nation, threshold_kind(kind, category, is_light_touch), on)
    includes_vat = procurement.get("value_includes_vat")
    gross = value if includes_vat is not False else round(value * (1 + VAT_RATE))
    covered = limit is not None and limit.met(gross)
    cautions, unsettled = [], []
    grossed = round(value * (1 + VAT_RATE))
    if limit is not None and includes_vat is None and not covered and limit.met(grossed):
        unsettled.append(
            f"The Procurement Act 2023 threshold of £{limit.amount_gbp:,} includes VAT. If"
            f" £{value:,} excludes VAT, this is a covered procurement, not a below-threshold"
            " one: say whether the value includes VAT on the contract's details"
        )
        cautions += unsettled
    works_limit = threshold("procurement-act", nation, "works", on)
    if category != "works" and covered and works_limit and not works_limit.met(gross):
        works = re.search(_mixed()["works"], procurement.get("description") or "", re.I)
        if works:
            cautions.append(
                f'Main purpose: the description says "{works.group(0)}". A contract whose main'
                " purpose is works is a works contract (Procurement Act 2023, Schedule 1,"
                f" paragraph 4), and under the works threshold of £{works_limit.amount_gbp:,}"
                f" this one would not be a covered procurement. The specification treats it as"
                f" {category}, as the contract's details say: confirm that works are not its"
                " main purpose, or change its category to works"
            )
    kpi_limit = thresholds()["pa2023-s52-kpis"]
    kpi_sized = covered and kind == "contract" and not is_light_touch and kpi_limit.met(gross)
    # Whether sections 52 and 71 (KPIs and contract performance notices) bind a devolved Welsh
    # authority was not verified (review 14c; docs/law.md), so neither is said in Wales: the
    # checks ask the officer (FINDINGS-14c section 4).
    statutory_kpis = kpi_sized and nation != "Wales"
    if nation == "Wales" and covered:
        cautions.append(
            "Sections 52 and 71 of the Procurement Act 2023: whether the duties to set and publish"
            " KPIs (contracts over £5 million) and to publish contract performance notices bind a"
            " devolved Welsh authority was not verified, so the specification cites neither: it"
            " tracks the social value KPIs under the contract's own terms. Check with your legal team, and add"
            " the statutory wording to the contract if they apply"
            + (" (this contract is over £5 million)" if kpi_sized else "")
        )
    sppp = nation == "Wales" and on >= statement_date("sppp-s24")
    major = thresholds()["sppp-major-construction"]
    major_works = sppp and category == "works" and kind != "concession" and major.met(gross)
    lots_below = _lots_below(procurement, major, includes_vat) if major_works else ()
    if lots_below:
        cautions.append(_major_lots_caution(value, major, lots_below))
    # Part 6 covers a below-threshold contract that is not a concession, except procurement by
    # a transferred Northern Ireland authority (section 84).
    regulated_below = not covered and kind != "concession" and nation != "Northern Ireland"
    if regulated_below and nation == "Wales":
        cautions.append(
            "Part 6 of the Procurement Act 2023: this is a regulated below-threshold contract"
            " (section 84), but not every section of Part 6 binds a devolved Welsh authority"
            " (section 85(5) leaves it out of section 85, and Welsh Government guidance says the"
            " ban on a selection stage below the threshold does not apply in Wales), so the"
            " specification names only section 84. Check which of sections 86 to 88 apply with"
            " your legal team"
        )
    # PPN 01/21 sets its own scope: services above £138,760 and construction above £5,336,937
    # (the Public Contracts Regulations' thresholds it names), not the Act's thresholds; it
    # names no threshold for supplies, so a goods contract has none.
    ppn = threshold("ni-policy", nation, category if category != "goods" else None, on)
    return {
        "regime": "Procurement Act 2023" + ("" if covered else ", below the threshold"),
        "threshold": limit,
        "covered": covered,
        "procurement_act": True,
        # The 2012 Act: services (or a framework for them) above the threshold, England only.
        "social_value_act": (
            nation == "England" and covered and category == "services" and kind != "concession"
        ),
        "npps": nation == "England" and covered,
        "wpps": nation == "Wales",
        "kpi_statutory": statutory_kpis,
        "performance_assessment": statutory_kpis,
        "ratings": statutory_kpis and nation != "Wales",
        "breach_notices": covered and nation != "Wales",
        "payment_terms": covered and kind != "concession",
        "regulated_below": regulated_below,
        "below_payment_terms": regulated_below and nation == "England",
        "sppp_duty": sppp,
        "welsh_objectives": sppp and (covered or major_works),
        "welsh_major_works": major_works,
        "welsh_clauses": procurement.get("social_public_works_clauses") if major_works else None,
        "welsh_major_lots_below": lots_below,
        "ni_policy": nation == "Northern Ireland" and ppn is not None and ppn.met(gross),
        "cautions": cautions,
        "unsettled": unsettled,
    }


def _lots_below(procurement, limit, includes_vat):
    """The lots (named as the tender names them) whose own value, with VAT as the threshold
    counts it, is under a threshold or not given."""
    below = []
    for number, lot in enumerate(procurement.get("lots") or (), start=1):
        value = lot.get("value_gbp")
        gross = None
        if value is not None:
            gross = value if includes_vat is not False else round(value * (1 + VAT_RATE))
        if gross is None or not limit.met(gross):
            below.append(f"Lot {number}")
    return tuple(below)


def _major_lots_caution(value, limit, lots_below):
    """Ask the officer whether lots under £2 million are major construction contracts."""
    said = statement("sppp-s25", "Wales", limit.effective_from)
    return (
        f"Major construction contract: the works are worth £{value:,} in all, but"
        f" {wording.any_of(lots_below, 'and')} {'is' if len(lots_below) == 1 else 'are'} under"
        f" £{limit.amount_gbp:,} or {'has' if len(lots_below) == 1 else 'have'} no value."
        f" {said.law}, section 25(2), counts a works contract worth £{limit.amount_gbp:,} or"
        " more; neither it nor its Explanatory Notes (paragraph 67) says whether each lot's"
        " contract or the whole procurement is measured, so the specification does not say the"
        " contract is a major construction contract. Confirm it with your legal team: if it is,"
        " the duties of sections 25 to 29 apply (to consider the social public works clauses, to"
        " pass them down to subcontracts, and to tell the Welsh Ministers if they are left out)"
    )


def _scotland(procurement, on, is_light_touch):
    """Scotland: a regulated procurement or not, community benefits, and the 2015 regulations."""
    value, kind, category = (
        procurement["value_gbp"],
        procurement.get("kind"),
        procurement["category"],
    )
    kind = kind or "contract"
    cautions = []
    own = threshold(
        "prsa-scotland", "Scotland", "works" if category == "works" else "goods-services", on
    )
    pcsr = threshold(
        "pcsr-scotland", "Scotland", threshold_kind("contract", category, is_light_touch), on
    )
    if kind == "concession":
        cautions.append(
            "Scottish concession: the specification cites no statute, because the law on"
            " Scottish concessions (the Concession Contracts (Scotland) Regulations 2016) was"
            " not checked. Ask your legal team which duties apply"
        )
        return {"regime": "Scottish concession", "scottish_threshold": own, "cautions": cautions}
    includes_vat = procurement.get("value_includes_vat")
    # The 2014 Act's thresholds exclude VAT, the 2015 Regulations' include it.
    net = without_vat(value, includes_vat)
    regulated = own.met(net)
    gross = value if includes_vat is not False else round(value * (1 + VAT_RATE))
    unsettled = []
    if regulated and includes_vat is None and value < own.amount_gbp * (1 + VAT_RATE):
        unsettled.append(
            f"The Procurement Reform (Scotland) Act 2014 threshold of £{own.amount_gbp:,} excludes"
            f" VAT. If £{value:,} includes VAT, check that the value without VAT is at least"
            f" £{own.amount_gbp:,}; if not, this is not a regulated procurement"
        )
        cautions += unsettled
    pcsr_applies = bool(pcsr and pcsr.verified and pcsr.met(gross))
    if pcsr and not pcsr.verified and pcsr.met(gross):
        cautions.append(
            f"The Public Contracts (Scotland) Regulations 2015 threshold for this kind of contract"
            f" (£{pcsr.amount_gbp:,}) was inferred, not verified, so the specification does not"
            " say whether those regulations apply. Check SPPN 4/2025"
        )
    benefits = thresholds()["prsa-community-benefits"]
    return {
        "regime": "Procurement Reform (Scotland) Act 2014"
        + ("" if regulated else ", below the regulated procurement threshold"),
        "scottish_threshold": own,
        "scottish_regulated": regulated,
        "pcsr_threshold": pcsr,
        "pcsr_applies": pcsr_applies and not is_light_touch,
        "pcsr_light_touch": pcsr_applies and is_light_touch,
        "community_benefits": regulated and benefits.met(net),
        # Fair Work First goes to every regulated procurement where how the workforce is
        # engaged affects delivery, goods as well as services and works (scot-fair-work-first:
        # SPPN 6/2021, kept by SPPN 1/2024): a supply's UK staff pack, deliver and install it.
        "fair_work": regulated and category in ("services", "works", "goods"),
        "cautions": cautions,
        "unsettled": unsettled,
    }


def statement_date(key):
    """The date a statement's law came into force (the earliest date if it has none)."""
    return statements()[key].in_force or datetime.date.min
