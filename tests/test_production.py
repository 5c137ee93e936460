"""Running in production: configuration, fail-fast secret key, health, request ids and logs."""

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from specifier import create_app
from specifier.config import ConfigError, from_environment


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("SPECIFIER_ENV", "production")
    monkeypatch.delenv("SPECIFIER_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SPECIFIER_SECRET_KEY must be set"):
        create_app({"DATABASE": str(tmp_path / "p.db")})
    monkeypatch.setenv("SPECIFIER_SECRET_KEY", "too-short")
    with pytest.raises(ConfigError, match="at least 32 characters"):
        create_app({"DATABASE": str(tmp_path / "p.db")})


def test_wsgi_fails_fast_with_a_clear_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "SPECIFIER_DATABASE": str(tmp_path / "p.db")}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 4  # gunicorn stops, rather than restarts, a worker exiting so
    assert "Configuration error: SPECIFIER_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_flask_commands_work_from_the_project_folder_without_app(tmp_path):
    """`flask COMMAND` finds wsgi.py there, but keeps the command line's development default."""
    root = Path(__file__).resolve().parent.parent
    flask = Path(sys.executable).with_name("flask")
    env = {"PATH": "/usr/bin:/bin", "SPECIFIER_DATABASE": str(tmp_path / "p.db")}
    made = subprocess.run(
        [str(flask), "init-db"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    assert "migration(s) applied" in made.stdout
    loaded = subprocess.run(
        [str(flask), "load-samples"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "Demo sign-in (local development only)" in loaded.stdout  # development, not production


def test_gunicorn_stops_when_the_configuration_is_wrong(tmp_path):
    """A bad setting stops `make serve` at once instead of restarting failing workers for ever."""
    env = {
        "PATH": "/usr/bin:/bin",
        "SPECIFIER_DATABASE": str(tmp_path / "p.db"),
        "SPECIFIER_SECRET_KEY": "k" * 40,
        "SPECIFIER_OCDS_PREFIX": "foo",
        "SPECIFIER_BIND": "127.0.0.1:0",
    }
    gunicorn = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
    result = subprocess.run(gunicorn, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Configuration error: SPECIFIER_OCDS_PREFIX must be" in result.stderr
    assert result.stderr.count("Booting worker") <= 2  # one boot per worker, none restarted


def test_production_defaults_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SPECIFIER_ENV", "production")
    monkeypatch.setenv("SPECIFIER_SECRET_KEY", "k" * 64)
    app = create_app({"DATABASE": str(tmp_path / "p.db")})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SECRET_KEY"] == "k" * 64


def test_environment_variables_map_to_settings():
    config = from_environment(
        {
            "SPECIFIER_ENV": "development",
            "SPECIFIER_DATABASE": "/srv/sv.db",
            "SPECIFIER_RATELIMIT_STORAGE_URI": "memory://",
            "SPECIFIER_SIGN_IN_LIMIT": "5 per minute",
            "SPECIFIER_TRUSTED_PROXIES": "1",
            "SPECIFIER_SECURE_COOKIES": "1",
        }
    )
    assert config["DATABASE"] == "/srv/sv.db"
    assert config["SIGN_IN_LIMIT"] == "5 per minute"
    assert config["TRUSTED_PROXIES"] == 1
    assert config["SESSION_COOKIE_SECURE"] is True
    assert from_environment({})["SESSION_COOKIE_SECURE"] is False
    with pytest.raises(ConfigError, match="development or production"):
        from_environment({"SPECIFIER_ENV": "staging"})


def test_the_ocid_prefix_is_the_publishers_own_and_must_look_like_one():
    assert from_environment({})["OCDS_PREFIX"] == "ocds-svspec"
    assert (
        from_environment({"SPECIFIER_OCDS_PREFIX": "ocds-a1b2c3"})["OCDS_PREFIX"] == "ocds-a1b2c3"
    )
    for bad in ("a1b2c3", "ocds-A1B2C3", "ocds-a1b2c", "ocds-a1b2c3-x", "ocds-a1/b2c"):
        with pytest.raises(ConfigError, match="SPECIFIER_OCDS_PREFIX"):
            from_environment({"SPECIFIER_OCDS_PREFIX": bad})


def test_secure_cookie_in_production(monkeypatch, tmp_path, app):
    monkeypatch.setenv("SPECIFIER_ENV", "production")
    monkeypatch.setenv("SPECIFIER_SECRET_KEY", "k" * 64)
    prod = create_app({"DATABASE": app.config["DATABASE"], "WTF_CSRF_ENABLED": False})
    response = prod.test_client().post(
        "/sign-in",
        data={"email": "admin@hatherdale.example", "password": "correct horse battery staple"},
        base_url="https://specifier.example",
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_health_check_is_public_and_checks_the_database(anon_client, app, tmp_path):
    response = anon_client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    broken = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "empty.db"), "SECRET_KEY": "x"}
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_every_response_has_a_request_id_and_it_is_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="specifier.requests"):
        response = client.get("/hatherdale/priorities/")
        given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
        refused = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert given.headers["X-Request-ID"] == "abc-123"
    assert re.fullmatch(r"[0-9a-f]{32}", refused.headers["X-Request-ID"])
    lines = {r.request_id: r.getMessage() for r in caplog.records}
    assert lines[request_id].startswith("GET /hatherdale/priorities/ 200")
    assert "abc-123" in lines


def test_a_page_that_was_stopped_early_still_has_an_id_and_a_nonce(client):
    response = client.get("/kilbrannan/priorities/")
    assert response.status_code == 404
    assert response.headers["X-Request-ID"]
    assert "'nonce-" in response.headers["Content-Security-Policy"]


def test_a_flask_command_reports_a_bad_setting_in_one_line(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "SPECIFIER_DATABASE": str(tmp_path / "p.db"),
        "SPECIFIER_OCDS_PREFIX": "foo",
    }
    flask = [sys.executable, "-m", "flask", "--app", "specifier", "init-db"]
    result = subprocess.run(flask, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: SPECIFIER_OCDS_PREFIX must be")
    assert "Traceback" not in result.stderr
