"""Production entry point: `gunicorn wsgi:app`."""

from specifier import create_app

app = create_app()
