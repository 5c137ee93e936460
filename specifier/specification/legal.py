"""Which law and which thresholds apply, by nation, value and category (no Flask here)."""

import re
from dataclasses import dataclass

# Procurement Act 2023 s.52: at least three KPIs for a public contract worth more than £5m.
KPI_THRESHOLD_GBP = 5_000_000
MIN_KPIS = 3
# Procurement Reform (Scotland) Act 2014 s.24-25: community benefit requirements at £4m or more.
COMMUNITY_BENEFITS_GBP = 4_000_000
# The 2014 Act's "regulated procurement": £50,000 for goods and services, £2m for works.
SCOTTISH_REGULATED_GBP = {"goods": 50_000, "services": 50_000, "works": 2_000_000}
# Social Partnership and Public Procurement (Wales) Act 2023: major construction contracts.
WELSH_MAJOR_WORKS_GBP = 2_000_000
MIN_WEIGHTING_PCT = 10
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
    "local-economy": ("A prosperous Wales", "A Wales of cohesive communities"),
    "environment": ("A resilient Wales", "A globally responsible Wales"),
    "communities": ("A Wales of cohesive communities",),
    "innovation": ("A more equal Wales", "A prosperous Wales"),
}
# Goals a theme is too coarse to tell: served by an outcome whose title or outcome names them.
GOALS_BY_WORD = {
    "A healthier Wales": ("health", "wellbeing", "well-being", "physical activity"),
    "A Wales of vibrant culture and thriving Welsh language": (
        "welsh",
        "cymraeg",
        "culture",
        "cultural",
        "heritage",
    ),
}
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
    served = set(GOALS_BY_THEME.get(theme_key, ())) | set(named)
    return tuple(goal for goal in WELLBEING_GOALS if goal in served)


def wellbeing_goals(outcomes):
    """Return the goals served by these (theme key, words) outcomes, in the Act's order."""
    served = {goal for key, words in outcomes for goal in goals_for(key, words)}
    return [goal for goal in WELLBEING_GOALS if goal in served]


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
class Position:
    """The legal facts a specification must reflect."""

    nation: str
    regime: str
    procurement_act: bool
    social_value_act: bool
    npps: bool
    wpps: bool
    wales: bool
    scotland: bool
    scottish_regulated: bool
    community_benefits: bool
    kpis_required: bool
    kpi_statutory: bool
    performance_assessment: bool
    welsh_major_works: bool


def position(nation, value_gbp, category):
    """Return the legal position for a contract of this value and category in this nation.

    The Procurement Act 2023 applies in England, Wales and Northern Ireland; devolved Scottish
    authorities keep the Procurement Reform (Scotland) Act 2014 and their own regulations.
    """
    scotland = nation == "Scotland"
    wales = nation == "Wales"
    over_kpi = value_gbp > KPI_THRESHOLD_GBP
    return Position(
        nation=nation,
        regime="Procurement Reform (Scotland) Act 2014" if scotland else "Procurement Act 2023",
        procurement_act=not scotland,
        # The 2012 Act covers English authorities; Welsh councils answer to the 2015 Act instead.
        social_value_act=nation == "England",
        # s.13 (NPPS) does not bind devolved Welsh or transferred Northern Ireland authorities.
        npps=nation == "England",
        wpps=wales,
        wales=wales,
        scotland=scotland,
        scottish_regulated=scotland and value_gbp >= SCOTTISH_REGULATED_GBP[category],
        community_benefits=scotland and value_gbp >= COMMUNITY_BENEFITS_GBP,
        # We ask for three KPIs over £5m everywhere; only under the 2023 Act is it statute.
        kpis_required=over_kpi,
        kpi_statutory=over_kpi and not scotland,
        performance_assessment=not scotland,
        welsh_major_works=wales and category == "works" and value_gbp >= WELSH_MAJOR_WORKS_GBP,
    )
