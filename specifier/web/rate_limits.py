"""Rate-limit counts in a SQLite file every worker process shares: `sqlite:///PATH`.

Flask-Limiter's `memory://` storage counts in each gunicorn worker apart, so with 2 workers a
limit of 10 a minute lets 20 through; `limits` brings no storage that processes on one machine
share without a server (Redis, Memcached), so this is one, for its fixed-window strategy. Each
thread keeps its own connection, opened again in a forked worker.
"""

import itertools
import os
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEME = "sqlite"
# Counting is one statement, so two workers counting at once cannot both miss an attempt.
INCREMENT = """
    INSERT INTO limits (key, count, expires) VALUES (:key, :amount, :expires)
    ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN expires <= :now THEN :amount ELSE count + :amount END,
        expires = CASE WHEN expires <= :now THEN :expires ELSE expires END
    RETURNING count
"""
PRUNE_EVERY = 100  # counts, per process: expired keys are deleted now and then, not each time


class SqliteStorage(Storage):
    """Fixed-window counts kept in one SQLite file (WAL), shared by every process that opens it."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri, wrap_exceptions=False, **options):
        self.path = urlsplit(uri).path
        self._local = threading.local()
        self._counted = itertools.count(1)
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS limits"
                " (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )
        finally:
            conn.close()

    def _conn(self):
        # A connection must not cross a fork: gunicorn may create the app before forking.
        if getattr(self._local, "pid", None) != os.getpid():
            self._local.conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._local.pid = os.getpid()
        return self._local.conn

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def incr(self, key, expiry, amount=1):
        """Count `amount` more for `key` in its window (a new window once the last expired)."""
        now = time.time()
        conn = self._conn()
        if next(self._counted) % PRUNE_EVERY == 0:
            conn.execute("DELETE FROM limits WHERE expires <= ?", [now])
        params = {"key": key, "amount": amount, "expires": now + expiry, "now": now}
        # fetchall steps the statement to its end, so its write is committed at once.
        return conn.execute(INCREMENT, params).fetchall()[0][0]

    def get(self, key):
        """The count for `key` in its current window (0 when none)."""
        row = (
            self._conn()
            .execute("SELECT count FROM limits WHERE key = ? AND expires > ?", [key, time.time()])
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key):
        """When `key`'s window ends (now, when it has none)."""
        row = self._conn().execute("SELECT expires FROM limits WHERE key = ?", [key]).fetchone()
        return row[0] if row else time.time()

    def check(self):
        """Say whether the file can be read."""
        return self._conn().execute("SELECT count(*) FROM limits").fetchone() is not None

    def reset(self):
        """Forget every count; return how many keys there were."""
        return self._conn().execute("DELETE FROM limits").rowcount

    def clear(self, key):
        """Forget one key's count."""
        self._conn().execute("DELETE FROM limits WHERE key = ?", [key])
