"""Serve a database with gunicorn as `make serve` does, on the loopback, for load scripts and tests.

Production settings (2 workers x 8 threads), except that plain http on the loopback cannot carry
a Secure cookie and every simulated person signs in from one address.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our loopback
            return response.status == 200
    except OSError:  # not listening yet, or its workers still booting
        return False


@contextlib.contextmanager
def serving(database, log, **settings):
    """Run gunicorn over `database`, its output in `log`; yield its address, then stop it.

    `settings` are further SPECIFIER_* variables without the prefix, like EXPORT_RENDERS=2.
    """
    port = free_port()
    env = {
        **os.environ,
        "SPECIFIER_ENV": "production",
        "SPECIFIER_SECRET_KEY": "loopback-only-" + "k" * 40,
        "SPECIFIER_DATABASE": str(database),
        "SPECIFIER_SECURE_COOKIES": "0",
        "SPECIFIER_SIGN_IN_LIMIT": "1000 per minute",
        "SPECIFIER_BIND": f"127.0.0.1:{port}",
        "SPECIFIER_LOG_LEVEL": "warning",
        **{f"SPECIFIER_{name}": str(value) for name, value in settings.items()},
    }
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    with Path(log).open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{base}/healthz"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{Path(log).read_text()}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)
