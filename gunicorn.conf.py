"""gunicorn settings for `make serve`; every value can be overridden by an environment variable."""

import os

wsgi_app = "wsgi:app"
bind = os.environ.get("SPECIFIER_BIND", "127.0.0.1:8000")
# Threads share one copy of the embedding model per worker; two workers suit two cores.
workers = int(os.environ.get("SPECIFIER_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("SPECIFIER_THREADS", "8"))
timeout = int(os.environ.get("SPECIFIER_TIMEOUT", "120"))
graceful_timeout = 30
# Longer than a client's pause between requests, so an idle keep-alive connection is not closed
# just as the client reuses it (gunicorn's default is 2 s). A proxy in front should use less.
keepalive = int(os.environ.get("SPECIFIER_KEEPALIVE", "75"))
# The app logs one line per request with its request id; gunicorn logs only its own events.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("SPECIFIER_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("SPECIFIER_FORWARDED_ALLOW_IPS", "127.0.0.1")
