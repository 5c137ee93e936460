"""The sign-in limit is the limit however many gunicorn workers there are.

Each app below stands for one worker process: its own Flask-Limiter and its own storage object
and connections. With the shared SQLite storage (production's default) two workers together let
the limit through; with `memory://` each counts apart, so two let twice the limit through, which
is the figure the README gives for that setting.
"""

import multiprocessing
import time

import pytest

from specifier import create_app
from specifier.config import rate_limit_storage
from specifier.web.rate_limits import SqliteStorage

WRONG = {"email": "admin@hatherdale.example", "password": "not the password"}


def _workers(app, storage_uri, count=2):
    """`count` apps on the test database, like gunicorn workers, sharing `storage_uri`."""
    return [
        create_app(
            {
                "TESTING": True,
                "DATABASE": app.config["DATABASE"],
                "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False,
                "SIGN_IN_LIMIT": "3 per minute",
                "RATELIMIT_STORAGE_URI": storage_uri,
            }
        ).test_client()
        for _ in range(count)
    ]


def _attempts(workers, count):
    """Sign-in attempts from one address, handed to the workers in turn."""
    return [
        workers[n % len(workers)].post("/sign-in", data=WRONG).status_code for n in range(count)
    ]


def test_two_workers_sharing_the_sqlite_storage_allow_the_limit_between_them(app, tmp_path):
    workers = _workers(app, f"sqlite://{tmp_path / 'limits.db'}")
    assert _attempts(workers, 6) == [400, 400, 400, 429, 429, 429]


def test_two_workers_with_memory_storage_allow_the_limit_each(app):
    """The real figure for memory://: workers x limit (documented in the README)."""
    workers = _workers(app, "memory://")
    assert _attempts(workers, 8) == [400] * 6 + [429, 429]


def test_production_shares_counts_in_a_file_beside_the_database(tmp_path):
    config = {"ENVIRONMENT": "production", "DATABASE": str(tmp_path / "live.db")}
    assert rate_limit_storage(config) == f"sqlite://{tmp_path / 'live-rate-limits.db'}"
    assert rate_limit_storage({"ENVIRONMENT": "development", "DATABASE": "x.db"}) == "memory://"


def test_a_window_ends_and_counting_starts_again(tmp_path):
    storage = SqliteStorage(f"sqlite://{tmp_path / 'limits.db'}")
    assert [storage.incr("k", 1) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3
    assert storage.get_expiry("k") > time.time()
    time.sleep(1.1)
    assert storage.get("k") == 0
    assert storage.incr("k", 1) == 1
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.check()


def _count(uri, times):
    storage = SqliteStorage(uri)
    for _ in range(times):
        storage.incr("sign-in/127.0.0.1", 60)


@pytest.mark.parametrize("processes", [4])
def test_processes_counting_at_once_lose_no_count(tmp_path, processes):
    uri = f"sqlite://{tmp_path / 'limits.db'}"
    SqliteStorage(uri)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count, args=(uri, 100)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert SqliteStorage(uri).get("sign-in/127.0.0.1") == processes * 100
