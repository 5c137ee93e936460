"""Configuration from SPECIFIER_* environment variables; production refuses to start unsafely."""

import re
import secrets
from pathlib import Path

import click

ENVIRONMENTS = ("development", "production")
MIN_SECRET_KEY = 32
# Documented in the README's configuration table; each maps to one Flask config key.
VARIABLES = {
    "SPECIFIER_ENV": "ENVIRONMENT",
    "SPECIFIER_SECRET_KEY": "SECRET_KEY",
    "SPECIFIER_DATABASE": "DATABASE",
    "SPECIFIER_SECURE_COOKIES": "SESSION_COOKIE_SECURE",
    "SPECIFIER_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "SPECIFIER_SIGN_IN_LIMIT": "SIGN_IN_LIMIT",
    "SPECIFIER_TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "SPECIFIER_LOG_LEVEL": "LOG_LEVEL",
    "SPECIFIER_OCDS_PREFIX": "OCDS_PREFIX",
    "SPECIFIER_EXPORTS_PER_USER": "EXPORTS_PER_USER",
    "SPECIFIER_EXPORTS_PER_COUNCIL": "EXPORTS_PER_COUNCIL",
    "SPECIFIER_EXPORT_RENDERS": "EXPORT_RENDERS",
}
# Exports at once (web/exports.py): per person and per council across gunicorn's workers, and
# renders per worker process. Two cores render two Word files at a time at full speed.
EXPORT_SHARES = {"EXPORTS_PER_USER": 2, "EXPORTS_PER_COUNCIL": 4, "EXPORT_RENDERS": 1}
# An ocid prefix as the Open Contracting Partnership issues them: "ocds-" and six characters.
OCDS_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")


class ConfigError(click.ClickException):
    """The environment does not describe a configuration the app may start with.

    A click exception, so that a `flask` command prints the message alone, not a traceback.
    """


def _flag(value):
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _count(environ, variable, default):
    """A whole number of 1 or more from the environment, or the default when unset."""
    value = environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{variable} must be a whole number of 1 or more, like {default}")
    return int(value)


def from_environment(environ):
    """Return the Flask config keys set by SPECIFIER_* variables, with production defaults."""
    environment = environ.get("SPECIFIER_ENV", "development").strip().lower() or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"SPECIFIER_ENV must be development or production, not {environment!r}")
    production = environment == "production"
    config = {
        "ENVIRONMENT": environment,
        "SESSION_COOKIE_SECURE": _flag(environ.get("SPECIFIER_SECURE_COOKIES", production)),
        "SIGN_IN_LIMIT": environ.get("SPECIFIER_SIGN_IN_LIMIT", "10 per minute"),
        "LOG_LEVEL": environ.get("SPECIFIER_LOG_LEVEL", "INFO").upper(),
        "OCDS_PREFIX": environ.get("SPECIFIER_OCDS_PREFIX", "ocds-svspec").strip(),
    }
    if not OCDS_PREFIX.fullmatch(config["OCDS_PREFIX"]):
        raise ConfigError(
            "SPECIFIER_OCDS_PREFIX must be an ocid prefix from the Open Contracting Partnership:"
            f" 'ocds-' and six lower-case letters or digits, like ocds-a1b2c3, not {config['OCDS_PREFIX']!r}"
        )
    try:
        config["TRUSTED_PROXIES"] = int(environ.get("SPECIFIER_TRUSTED_PROXIES", "0"))
    except ValueError as exc:
        raise ConfigError("SPECIFIER_TRUSTED_PROXIES must be a whole number, like 1") from exc
    if environ.get("SPECIFIER_RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = environ["SPECIFIER_RATELIMIT_STORAGE_URI"]
    for variable, key in VARIABLES.items():
        if key in EXPORT_SHARES:
            config[key] = _count(environ, variable, EXPORT_SHARES[key])
    if environ.get("SPECIFIER_DATABASE"):
        config["DATABASE"] = environ["SPECIFIER_DATABASE"]
    if environ.get("SPECIFIER_SECRET_KEY"):
        config["SECRET_KEY"] = environ["SPECIFIER_SECRET_KEY"]
    return config


def rate_limit_storage(config):
    """Where rate-limit counts are kept unless SPECIFIER_RATELIMIT_STORAGE_URI says.

    In production, a SQLite file beside the database that every gunicorn worker shares, so a
    limit is the limit whatever the number of workers; in development (one process), memory.
    """
    if config.get("ENVIRONMENT") != "production":
        return "memory://"
    database = Path(config["DATABASE"]).resolve()
    return f"sqlite://{database.with_name(database.stem + '-rate-limits.db')}"


def ensure_secret_key(config, instance_path):
    """Require a strong secret key in production; in development keep one in the instance folder."""
    key = config.get("SECRET_KEY")
    if config.get("ENVIRONMENT") == "production" and not config.get("TESTING"):
        if not key or len(key) < MIN_SECRET_KEY:
            raise ConfigError(
                "SPECIFIER_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY} characters when SPECIFIER_ENV=production. Make one with:\n"
                "    python3 -c 'import secrets; print(secrets.token_hex(32))'"
            )
        return key
    if key:
        return key
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
