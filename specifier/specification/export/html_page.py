"""The standalone HTML export: one self-contained file, every user text escaped."""

import functools

from jinja2 import Environment, FileSystemLoader, select_autoescape

from specifier import wording
from specifier.specification import clauses


@functools.cache
def _environment():
    env = Environment(
        loader=FileSystemLoader(str(clauses.TEMPLATES)),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(money=wording.money, long_date=wording.long_date)
    return env


def render(doc):
    """Return the document as one HTML page with its CSS inline."""
    return _environment().get_template("exports/specification.html").render(doc=doc)
