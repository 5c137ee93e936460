"""Production entry point: `gunicorn wsgi:app` (see `make serve`); production settings unless told."""

import os
import sys

os.environ.setdefault("SPECIFIER_ENV", "production")

from specifier import create_app  # noqa: E402
from specifier.config import ConfigError  # noqa: E402

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"Configuration error: {exc}")
