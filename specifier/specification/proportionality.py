"""Proportionate minimum commitments, weighting and reporting, from transparent rules."""

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from specifier.specification import legal

RULES = Path(__file__).resolve().parent.parent / "data" / "proportionality.yaml"
# Quantitative commitments above this multiple of the minimum score no higher (see evaluation).
SCORE_CAP_MULTIPLE = 2
# Contracts this short report once, at the end: a report part-way through would come too soon.
SINGLE_REPORT_MONTHS = 3
ONCE = "once, at the end of the contract"
REPORT_MONTHS = {"quarterly": 3, "every six months": 6}


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
    reason: str = ""  # why no minimum was set: 'propose', 'unknown', 'too-small', 'too-short'

    @property
    def has_minimum(self):
        return self.minimum is not None


@dataclass(frozen=True)
class Weighting:
    """The social value weighting and whether the section is included at all."""

    pct: float
    included: bool
    forced: bool
    below_threshold: bool
    threshold_gbp: int
    warnings: tuple = ()


@functools.cache
def families():
    """Return the rule families from proportionality.yaml, in matching order."""
    return yaml.safe_load(RULES.read_text(encoding="utf-8"))["families"]


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
        if family.get("title_words") and not any(
            word in f"{title} {unit}" for word in family["title_words"]
        ):
            continue
        return family
    return None


def _round_down(value, step):
    return math.floor(value / step) * step if step else value


def suggest(measure, procurement):
    """Suggest a minimum commitment for a measure on this contract, or say why there is none."""
    category = procurement["category"]
    years = procurement["duration_months"] / 12
    annual = procurement["value_gbp"] / max(years, 1 / 12)
    base = {"unit": measure.get("unit") or "", "category": category, "annual_value": annual}
    base["years"] = years
    family = family_for(measure)
    if family is None:
        return Suggestion("none", "propose", None, reason="unknown", **base)
    method = family["method"]
    key = family["key"]
    if method == "propose":
        return Suggestion(key, method, None, reason="propose", **base)
    if method == "fixed":
        return Suggestion(key, method, float(family["value"]), **base)
    if method == "annual":
        total = max(1, math.floor(years)) * family["per_year"]
        return Suggestion(key, method, float(total), per_year=family["per_year"], **base)
    if method == "percent":
        return Suggestion(key, method, float(family["targets"][category]), **base)
    if method == "share":
        share = family["shares"][category]
        amount = _round_down(procurement["value_gbp"] * share, family["round"])
        return Suggestion(key, method, float(max(amount, family["floor"])), rate=share, **base)
    if procurement["duration_months"] < family.get("min_months", 0):
        return Suggestion(key, method, None, reason="too-short", **base)
    if annual < family.get("min_annual_gbp", 0):
        return Suggestion(key, method, None, reason="too-small", **base)
    rate = family["rates"][category]
    per_year = min(annual / rate, family["cap_per_year"])
    total = _round_down(per_year * years, family["round"])
    total = max(total, family["floor"])
    return Suggestion(key, method, float(total), rate=rate, per_year=per_year, **base)


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


def split_weights(total, count):
    """Share a weighting between questions, to one decimal place, adding up exactly."""
    if count == 0:
        return []
    each = math.floor(total / count * 10) / 10
    weights = [each] * count
    weights[0] = round(total - each * (count - 1), 1)
    return weights


def word_limit(value_gbp):
    """Return the word limit per question: shorter for smaller contracts, kinder to small firms."""
    if value_gbp < 1_000_000:
        return 500
    if value_gbp <= legal.KPI_THRESHOLD_GBP:
        return 750
    return 1000


def reporting_frequency(procurement):
    """Return how often the supplier reports: once for the shortest contracts, else by size and length.

    Large or long contracts report quarterly; so do contracts under a year, which would
    otherwise report only once or twice. Other contracts report every six months.
    """
    months = procurement["duration_months"]
    if months <= SINGLE_REPORT_MONTHS:
        return ONCE
    if procurement["value_gbp"] > 1_000_000 or months > 24 or months < 12:
        return "quarterly"
    return "every six months"


def report_count(procurement):
    """Return how many reports the supplier makes over the contract (the last at its end)."""
    months = REPORT_MONTHS.get(reporting_frequency(procurement))
    return math.ceil(procurement["duration_months"] / months) if months else 1


def delivery_plan_days(procurement):
    """Return the calendar days after the start within which the delivery plan is due."""
    return 20 if procurement["duration_months"] <= 12 else 30
