"""How many exports may run at once: a few per person and per council, and a small pool per worker.

A Word export of a large specification keeps a processor busy for up to a second; sixteen at once
once stalled every other council's pages. So the download view is wrapped once (`limited`), and
every format it serves is covered. A person or council over its share is told at once (429) rather
than queued, so their downloads never take the threads other councils' pages need; a download
that cannot get a place in the worker's pool within a while is told the service is busy (503).

The shares are counted across gunicorn's worker processes with file locks beside the database:
the operating system releases a lock when its holder ends, even if killed mid-export.
"""

import contextlib
import fcntl
import functools
import threading
from pathlib import Path

from flask import current_app, g, render_template
from flask_login import current_user

RETRY_AFTER = 10  # seconds: about how long a large Word export takes, with room to spare
_pools = {}
_pools_lock = threading.Lock()


def slot(folder, name, count):
    """Hold one of `count` places called `name`; return the open lock file, or None when all are held.

    Closing the returned file gives the place up.
    """
    Path(folder).mkdir(parents=True, exist_ok=True)
    for n in range(count):
        handle = Path(folder, f"{name}-{n}.lock").open("a")  # noqa: SIM115 - held until closed
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return handle
    return None


def slots_folder(config):
    """Where the places are kept: beside the database, which the app can always write beside."""
    return Path(config["DATABASE"]).resolve().parent / "export-slots"


def pool(size):
    """This worker's pool of renders: at most `size` exports run in it at once."""
    with _pools_lock:
        return _pools.setdefault(size, threading.BoundedSemaphore(size))


def _refused(reason, count):
    page = render_template("errors/too_many_downloads.html", reason=reason, count=count)
    return page, 429, {"Retry-After": str(RETRY_AFTER)}


def limited(view):
    """Run an export only within the person's and the council's share and the worker's pool."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        config = current_app.config
        folder = slots_folder(config)
        per_user, per_council = config["EXPORTS_PER_USER"], config["EXPORTS_PER_COUNCIL"]
        with contextlib.ExitStack() as held:
            mine = slot(folder, f"user-{current_user.id}", per_user)
            if mine is None:
                return _refused("person", per_user)
            held.callback(mine.close)
            ours = slot(folder, f"council-{g.council['id']}", per_council)
            if ours is None:
                return _refused("council", per_council)
            held.callback(ours.close)
            renders = pool(config["EXPORT_RENDERS"])
            if not renders.acquire(timeout=config["EXPORT_WAIT"]):
                return render_template("errors/503.html"), 503, {"Retry-After": str(RETRY_AFTER)}
            held.callback(renders.release)
            return view(*args, **kwargs)

    return wrapped
