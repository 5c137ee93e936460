"""Production entry point: `gunicorn wsgi:app` (see `make serve`); production settings unless told.

`flask COMMAND` run from the project folder without --app also finds this file (Flask looks for
wsgi.py); the flask command line says so with FLASK_RUN_FROM_CLI, and then, like
`flask --app specifier`, the settings default to development.
"""

import os
import sys

if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
    os.environ.setdefault("SPECIFIER_ENV", "production")

from specifier import create_app  # noqa: E402
from specifier.config import ConfigError  # noqa: E402

APP_LOAD_ERROR = 4  # the exit code that makes gunicorn stop rather than restart the worker

try:
    app = create_app()
except ConfigError as exc:
    print(f"Configuration error: {exc}", file=sys.stderr)
    sys.exit(APP_LOAD_ERROR)
