"""The health check a load balancer or monitor polls: the app answers and its database is whole."""

import sqlite3

from flask import Blueprint, jsonify

from specifier.db import schema_problem
from specifier.web.db import get_db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Answer 200 with {"status": "ok"} when the database has every table the app needs, else 503."""
    try:
        problem = schema_problem(get_db().conn)
    except sqlite3.Error as exc:
        problem = f"error: {type(exc).__name__}"
    if problem:
        return jsonify(status="unavailable", database=problem), 503
    return jsonify(status="ok", database="ok")
