"""How the app writes money, quantities, units, plurals, dates and times: one place for all.

Plain functions with no Flask, used by the clause library, the exports and the pages; FILTERS
is every template filter, registered on both the page and the clause environments.
"""

import datetime
import re

from markupsafe import Markup

from specifier.themes import theme_label

SINGULARS = {"people": "person"}
PARTICIPLE = re.compile(r"^(\w+ed|met)$")  # "plan *published*", "standards *met*"


# Numbers a description writes in words ("up to six contractors", "two more years").
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}


def money(value):
    """Format pounds the way a tender does: £2.4m, £1.45m, £800k, £75,000; never rounded, so
    £1,450,000 is not "£1.4m" and an odd figure (£1,234,567) is written in full."""
    value = float(value)
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"£{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "m"
    if 100_000 <= value < 1_000_000 and value % 1000 == 0:
        return f"£{value / 1000:,.0f}k"
    return f"£{value:,.0f}"


def pounds(value):
    """Format an exact amount of pounds, as a threshold is written: £207,720, £5,193,000."""
    return f"£{float(value):,.0f}"


# Words that start a phrase rather than a name, so they can follow "means" in lower case.
PHRASE_STARTS = {
    "a",
    "all",
    "an",
    "any",
    "anywhere",
    "addresses",
    "businesses",
    "each",
    "either",
    "every",
    "in",
    "inside",
    "its",
    "our",
    "people",
    "residents",
    "the",
    "their",
    "within",
}


def phrase(text):
    """Text written to follow "means": its first word in lower case unless it is a name."""
    first, _, rest = text.partition(" ")
    if first.lower() in PHRASE_STARTS:
        return " ".join(filter(None, (first.lower(), rest)))
    return text


def qty(value):
    """Format a quantity without a needless '.0' and with thousands separators."""
    value = float(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def points(value):
    """Format a share of the total score to two decimal places at most: 1.5, 0.75, 3."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def any_of(items, word="or"):
    """Join items as a list in a sentence: 'a', 'a or b', 'a, b or c'."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def plural(singular, count, plural_form=None):
    """Return the singular or plural of a word for a count: {{ "outcome" | plural(n) }}."""
    return singular if count == 1 else (plural_form or plural_noun(singular))


def plural_noun(noun):
    """Return a counted noun's plural: 'plan' → 'plans', 'facility' → 'facilities'."""
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def counted(count, singular, plural_form=None):
    """A count with its noun: '1 priority', '3 priorities'."""
    return f"{count:,} {plural(singular, count, plural_form)}"


def singular(unit):
    """Return a unit for a count of one: 'households' → 'household', 'FTE years' → 'FTE year'.

    The first plural-looking word is the counted noun; units with none are left alone.
    """
    words = unit.split(" ")
    for position, word in enumerate(words):
        if word in SINGULARS:
            words[position] = SINGULARS[word]
        elif len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
            continue
        elif word.endswith("ies"):
            words[position] = word[:-3] + "y"
        elif word.endswith(("sses", "shes", "ches", "xes")):
            words[position] = word[:-2]
        else:
            words[position] = word[:-1]
        return " ".join(words)
    return unit


def measured(value, unit):
    """Format a quantity with its unit: 18 FTE years, 1 household, £1,080,000 spent, 100% of staff."""
    unit = (unit or "").strip()
    if unit.startswith("£"):
        rest = unit[1:].strip()
        return f"£{qty(value)}" + (f" {rest}" if rest else "")
    if unit.startswith("%"):
        return f"{qty(value)}{unit}"
    amount = qty(value)
    return f"{amount} {singular(unit) if amount == '1' else unit}".strip()


def minimum_label(unit):
    """Name a minimum's field so its unit reads as English: 'Minimum number of plans published'."""
    unit = (unit or "").strip()
    words = unit.split(" ")
    if unit.startswith("£"):
        return f"Minimum in pounds {unit[1:].strip()}".strip()
    if unit.startswith("%"):
        return f"Minimum percentage {unit[1:].strip()}".strip()
    if len(words) > 1 and words[0].isalpha() and words[0].islower() and PARTICIPLE.match(words[1]):
        return f"Minimum number of {plural_noun(words[0])} {' '.join(words[1:])}"
    if unit.isalpha() and unit.islower() and (unit.endswith("s") or unit == "people"):
        return f"Minimum number of {unit}"
    return f"Minimum in {unit}" if unit else "Minimum"


def long_date(value):
    """Format an ISO date as '1 October 2026' and a year and month as 'October 2026'.

    Anything else (a year alone, or text stored before dates were checked) is shown as it is.
    """
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.day} {value:%B %Y}"
    try:
        if len(value) == 7:  # YYYY-MM, as evidence is often dated
            return f"{datetime.date.fromisoformat(value + '-01'):%B %Y}"
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}" if len(value) == 10 else value


def utc_time(stamp):
    """Show a stored UTC time the UK way, like "26 November 2026, 2:40pm UTC", in a <time>."""
    when = datetime.datetime.fromisoformat(stamp)
    clock = {(0, 0): "midnight", (12, 0): "midday"}.get((when.hour, when.minute))
    if clock is None:
        minutes = f":{when.minute:02d}" if when.minute else ""
        clock = f"{when.hour % 12 or 12}{minutes}{'am' if when.hour < 12 else 'pm'}"
    return Markup('<time datetime="{}">{}, {} UTC</time>').format(
        when.strftime("%Y-%m-%dT%H:%M:%SZ"), long_date(when.date()), clock
    )


# Every filter the templates use, pages and clause library alike.
FILTERS = {
    "money": money,
    "pounds": pounds,
    "counted": counted,
    "phrase": phrase,
    "qty": qty,
    "points": points,
    "any_of": any_of,
    "plural": plural,
    "measured": measured,
    "minimum_label": minimum_label,
    "long_date": long_date,
    "theme_label": theme_label,
}
