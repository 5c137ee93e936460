"""The clause library: plain-text Jinja templates under templates/clauses/, rendered without Flask."""

import datetime
import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
BLANK_LINES = re.compile(r"\n{3,}")
SINGULARS = {"people": "person"}


def money(value):
    """Format pounds the way a tender does: £2.4m, £800k, £75,000."""
    value = float(value)
    if value >= 1_000_000:
        return f"£{value / 1_000_000:.1f}m".replace(".0m", "m")
    if value >= 100_000 and value % 1000 == 0:
        return f"£{value / 1000:,.0f}k"
    return f"£{value:,.0f}"


def qty(value):
    """Format a quantity without a needless '.0' and with thousands separators."""
    value = float(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


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


def plural(singular, count, plural_form=None):
    """Return the singular or plural of a word for a count: {{ "outcome" | plural(n) }}."""
    return singular if count == 1 else (plural_form or singular + "s")


@functools.cache
def environment():
    """Return the clause environment: plain text, strict about missing values, cached."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # noqa: S701 - plain text; each renderer escapes for its format
        # Not trim_blocks: a tag that ends a line must not eat the line break after it.
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters.update(money=money, qty=qty, long_date=long_date, plural=plural, measured=measured)
    return env


def tidy(text):
    """Strip each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def render(name, **context):
    """Render one clause template to tidy plain text."""
    return tidy(environment().get_template(name).render(**context))


def paragraphs(text):
    """Split clause text into ('p', text) and ('ul', [items]) blocks.

    Each line is a paragraph (the library never hard-wraps prose); '- ' starts a bullet,
    and consecutive bullets form one list.
    """
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(line[2:].strip())
            else:
                blocks.append(("ul", [line[2:].strip()]))
        else:
            blocks.append(("p", line))
    return blocks
