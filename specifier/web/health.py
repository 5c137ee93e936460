"""The health check a load balancer or monitor polls: the app answers and its database reads."""

import sqlite3

from flask import Blueprint, jsonify

from specifier.web.db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 with {"status": "ok"} when the database answers, else 503."""
    try:
        get_db().execute("SELECT count(*) FROM councils").fetchone()
    except sqlite3.Error as exc:
        return jsonify(status="unavailable", database=f"error: {type(exc).__name__}"), 503
    return jsonify(status="ok", database="ok")
