"""Blueprints, one per area; every council page lives under /<council_slug>/."""

from flask import Blueprint, abort, g

from specifier.councils import get_by_slug
from specifier.db import get_db


def council_blueprint(name, import_name, prefix=""):
    """Return a blueprint whose routes load the council named in the URL (404 if none)."""
    bp = Blueprint(name, import_name, url_prefix=f"/<council_slug>{prefix}")

    @bp.url_value_preprocessor
    def load_council(_endpoint, values):
        g.council = get_by_slug(get_db(), values.pop("council_slug"))
        if g.council is None:
            abort(404)

    @bp.url_defaults
    def add_council(_endpoint, values):
        if "council_slug" not in values and g.get("council"):
            values["council_slug"] = g.council["slug"]

    return bp
