"""Security headers, rate limits, request ids and logs: what every response and log line carries."""

import logging
import re
import secrets
import time
import uuid

from flask import g, request
from flask_limiter import Limiter
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

from specifier.web import rate_limits  # noqa: F401 - registers the sqlite:// storage

SELF = "'self'"
# Served pages only; the downloaded HTML export carries its own inline CSS and is not served
# as a page.
CSP = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": SELF,
    "font-src": SELF,
    "connect-src": SELF,
    "object-src": "'none'",
    "base-uri": SELF,
    "form-action": SELF,
    "frame-ancestors": "'none'",
}
PERMISSIONS = {
    "browsing-topics": "()",
    "camera": "()",
    "geolocation": "()",
    "microphone": "()",
    "payment": "()",
}
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
log = logging.getLogger("specifier.requests")


def current_request_id():
    """Return this request's id, or '-' outside a request."""
    try:
        return g.get("request_id", "-")
    except RuntimeError:  # no app context
        return "-"


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request it was written in."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def _start_request(_endpoint=None, _values=None):
    # Talisman makes the nonce in a before_request, which a request stopped earlier (a 404
    # from the council check) never reaches; its error page still needs one.
    request.csp_nonce = secrets.token_urlsafe(24)
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if request.endpoint != "static":
        # Pages hold a council's drafts: no shared or back-button cache keeps them.
        response.headers.setdefault("Cache-Control", "no-store")
    started = g.get("request_started")
    if started is not None and request.endpoint != "static":
        from flask_login import current_user

        user = current_user.get_id() if current_user else None
        log.info(
            "%s %s %s %.0fms user=%s",
            request.method,
            request.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            user or "-",
            extra={"request_id": g.request_id},
        )
    return response


def _configure_logging(app):
    logger = logging.getLogger("specifier")
    if not any(isinstance(f, RequestIdFilter) for h in logger.handlers for f in h.filters):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.addFilter(RequestIdFilter())
        logger.addHandler(handler)
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False


def client_address():
    """The address rate limits count by (the real client's when behind trusted proxies)."""
    return request.remote_addr or "unknown"


def init_app(app):
    """Add request ids, logs, security headers and the rate limiter; return the limiter."""
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # A url_value_preprocessor runs before everything else, including the council check.
    app.url_value_preprocessor(_start_request)
    app.after_request(_finish_request)
    if not app.config.get("TESTING"):
        _configure_logging(app)
    Talisman(
        app,
        force_https=False,  # TLS ends at the proxy in front; see the README's production notes
        frame_options="DENY",
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        permissions_policy=PERMISSIONS,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        strict_transport_security=True,
    )
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SESSION_COOKIE_SECURE"])
    limiter = Limiter(
        client_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        default_limits=[],
        headers_enabled=True,
    )
    app.extensions["specifier.limiter"] = limiter
    return limiter


def limit(app, endpoint, value, methods=("POST",)):
    """Rate-limit one endpoint (for example sign-in) by client address."""
    limiter = app.extensions["specifier.limiter"]
    app.view_functions[endpoint] = limiter.limit(value, methods=list(methods))(
        app.view_functions[endpoint]
    )
