"""The clause library: plain-text Jinja templates under templates/clauses/, rendered without Flask."""

import functools
import re
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from specifier.wording import FILTERS

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
BLANK_LINES = re.compile(r"\n{3,}")
AUDIENCES = TEMPLATES / "clauses" / "audiences.yaml"


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
    env.filters.update(FILTERS)
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


@functools.cache
def _audiences():
    return yaml.safe_load(AUDIENCES.read_text(encoding="utf-8"))


def audiences(name):
    """Return every audience declared for a clause template ('clauses/outcomes/why.txt')."""
    inside = name.removeprefix("clauses/")
    return [
        audience
        for audience, entries in _audiences().items()
        for entry in entries
        if inside == entry or (entry.endswith("/") and inside.startswith(entry))
    ]


def audience(name):
    """Return who a clause template is for: 'bidder' or 'officer' (an error if undeclared)."""
    found = audiences(name)
    if len(found) != 1:
        raise ValueError(f"{name} must be declared for exactly one audience in {AUDIENCES.name}")
    return found[0]
