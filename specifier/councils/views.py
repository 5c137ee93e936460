"""Choosing a council and its overview page."""

from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import current_user

from specifier.catalogue import catalogue
from specifier.councils import councils
from specifier.priorities import priorities
from specifier.web.blueprints import council_blueprint
from specifier.web.db import get_db

bp = Blueprint("councils", __name__)
council_bp = council_blueprint("council", __name__)


@bp.get("/")
def index():
    """Go to the signed-in person's council, or list theirs when they belong to several."""
    mine = [c for c in councils.all_councils(get_db()) if current_user.role_in(c["id"])]
    if len(mine) == 1:
        return redirect(url_for("council.overview", council_slug=mine[0]["slug"]))
    return render_template("councils/index.html", councils=mine)


@council_bp.get("/")
def overview():
    """Show a council's register and catalogue at a glance."""
    db = get_db()
    return render_template(
        "councils/overview.html",
        counts=priorities.counts_by_status(db, g.council["id"]),
        measure_count=len(catalogue.measures_for(db, g.council["id"])),
    )
