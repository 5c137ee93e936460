"""Choosing a council and its overview page."""

from flask import Blueprint, g, render_template

from specifier import catalogue, councils, priorities
from specifier.db import get_db
from specifier.views import council_blueprint

bp = Blueprint("councils", __name__)
council_bp = council_blueprint("council", __name__)


@bp.get("/")
def index():
    """List the councils on this installation."""
    return render_template("councils/index.html", councils=councils.all_councils(get_db()))


@council_bp.get("/")
def overview():
    """Show a council's register and catalogue at a glance."""
    db = get_db()
    return render_template(
        "councils/overview.html",
        counts=priorities.counts_by_status(db, g.council["id"]),
        measure_count=len(catalogue.measures_for(db, g.council["id"])),
    )
