"""Do sixteen parallel downloads of a large specification stall another council's pages?

Run: make load-downloads (about four minutes). For the export limits as shipped, then with two
renders per worker, then with the limits lifted, gunicorn serves a council whose largest specification has 20
outcomes (the most a specification may have). Another council's officer opens pages one after
another, first alone and then while 16 of the first council's viewers download that
specification as Word over and over. Prints that officer's page times and what the downloads
were answered. Only against 127.0.0.1.
"""

import concurrent.futures
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import actions  # noqa: E402
import prepare  # noqa: E402
from server import serving  # noqa: E402

from specifier.accounts import users  # noqa: E402
from specifier.catalogue.files import builtin_measures  # noqa: E402
from specifier.councils import councils  # noqa: E402
from specifier.db import connect  # noqa: E402
from specifier.specification import procurements, specifications  # noqa: E402

DOWNLOADERS = 16
OUTCOMES = 20
ALONE_S = 15
DURING_S = 30
SETTINGS = {
    "as shipped (2 per person, 4 per council, 1 render per worker)": {},
    "2 renders per worker": {"EXPORT_RENDERS": 2},
    "limits lifted": {"EXPORTS_PER_USER": 100, "EXPORTS_PER_COUNCIL": 100, "EXPORT_RENDERS": 16},
}


class Browser(requests.Session):
    """One person's cookies against the loopback server."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        return super().request(method, self.base + url, *args, timeout=300, **kwargs)


def make_database(path):
    """The load test's database, plus 16 viewers and a 20-outcome specification at Hatherdale."""
    prepare.main(path)
    db = connect(path)
    hatherdale = councils.get_by_slug(db, "hatherdale")
    password_hash = users.hash_password(actions.PASSWORD)
    for n in range(DOWNLOADERS):
        user_id = users.create(db, f"viewer{n}@hatherdale.example", password_hash)
        users.grant(db, user_id, hatherdale["id"], "viewer")
    record = procurements.clean(
        {
            "title": "Large specification",
            "description": "Cleaning, grounds maintenance and repairs for council buildings.",
            "category": "services",
            "value_gbp": 48_000_000,
            "duration_months": 60,
        },
        default_nation="England",
    )
    large = procurements.create(db, hatherdale["id"], record)
    spec = specifications.get_or_create(db, hatherdale["id"], large)
    codes = [m["code"] for m in builtin_measures() if "services" in m["categories"]][:OUTCOMES]
    specifications.set_outcomes(db, hatherdale["id"], spec["id"], [(c, None) for c in codes])
    kilbrannan = councils.get_by_slug(db, "kilbrannan")
    theirs = procurements.for_council(db, kilbrannan["id"])[0]["id"]
    db.close()
    return f"/hatherdale/procurements/{large}/specification.docx", [
        "/kilbrannan/",
        "/kilbrannan/priorities/",
        f"/kilbrannan/procurements/{theirs}/specification",
    ]


def open_pages(officer, pages, seconds):
    """Open the pages one after another for `seconds`; return each one's time in ms."""
    times, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        for page in pages:
            started = time.perf_counter()
            assert officer.get(page).status_code == 200, page
            times.append((time.perf_counter() - started) * 1000)
    return times


def download_until(viewer, url, stop, answers):
    """Download the specification over and over until told to stop; note each answer."""
    while not stop.is_set():
        started = time.perf_counter()
        status = viewer.get(url).status_code
        answers.append((status, time.perf_counter() - started))
        if status != 200:
            time.sleep(1)  # as a person told to wait a moment would


def summary(times):
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return (
        f"median {statistics.median(times):5.0f} ms, p95 {p95:5.0f} ms,"
        f" max {max(times):5.0f} ms ({len(times)} pages)"
    )


def measure(label, settings, folder):
    path = Path(folder, f"{len(list(Path(folder).glob('*.db')))}.db")
    download, pages = make_database(path)
    with serving(path, Path(folder, "server.log"), **settings) as base:
        officer = Browser(base)
        assert actions.sign_in(officer, "admin@kilbrannan.example").status_code == 302
        viewers = [Browser(base) for _ in range(DOWNLOADERS)]
        for n, viewer in enumerate(viewers):
            assert actions.sign_in(viewer, f"viewer{n}@hatherdale.example").status_code == 302
        assert viewers[0].get(download).status_code == 200  # each worker's first Word export
        assert viewers[1].get(download).status_code == 200  # loads python-docx
        open_pages(officer, pages, 3)  # warm
        alone = open_pages(officer, pages, ALONE_S)
        stop, answers = threading.Event(), []
        with concurrent.futures.ThreadPoolExecutor(DOWNLOADERS) as pool:
            for viewer in viewers:
                pool.submit(download_until, viewer, download, stop, answers)
            time.sleep(2)  # all sixteen under way
            during = open_pages(officer, pages, DURING_S)
            stop.set()
    done = [seconds for status, seconds in answers if status == 200]
    counts = {
        s: sum(1 for status, _ in answers if status == s) for s in sorted({a for a, _ in answers})
    }
    print(f"{label}:")
    print(f"  another council's pages alone:                {summary(alone)}")
    print(f"  the same during {DOWNLOADERS} parallel downloads:     {summary(during)}")
    print(
        f"  downloads answered: {counts}; a Word file took median"
        f" {statistics.median(done):.1f} s, max {max(done):.1f} s"
    )


def main():
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load"
        f" average {os.getloadavg()[0]:.1f} before the run: {DOWNLOADERS} viewers downloading a"
        f" {OUTCOMES}-outcome specification as Word"
    )
    with tempfile.TemporaryDirectory() as folder:
        for label, settings in SETTINGS.items():
            measure(label, settings, folder)


if __name__ == "__main__":
    main()
