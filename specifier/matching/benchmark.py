"""Matcher speed and memory on this machine: `python -m specifier.matching.benchmark`.

Prints figures rather than asserting them; the README records them with the date and machine.
"""

import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from specifier.catalogue.files import builtin_measures
from specifier.matching import evaluation, ranking
from specifier.matching.embeddings import MemoryCache
from specifier.matching.index import MeasureIndex

ROOT = Path(__file__).resolve().parent.parent.parent


def match_fifty(runs=15):
    """Median seconds to match 50 priorities against the full catalogue, warm."""
    cache = MemoryCache()
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    rows = (evaluation.load_split("dev") + evaluation.load_split("heldout"))[:50]
    ranking.rank(index, rows, cache=cache)  # warm: model loaded, catalogue embedded
    timings = []
    for run in range(runs):
        # New wording each run so the priorities are embedded afresh, as a council's would be.
        batch = [{**row, "description": f"{row['description']} ({run})"} for row in rows]
        start = time.perf_counter()
        ranking.rank(index, batch, top=5, cache=cache)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), max(timings)


def first_response():
    """Seconds from starting the web app to its first page, on a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"SPECIFIER_DATABASE": str(Path(tmp) / "bench.db"), "PATH": "/usr/bin:/bin"}
        flask = [sys.executable, "-m", "flask", "--app", "specifier"]
        subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True, capture_output=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        start = time.perf_counter()
        server = subprocess.Popen(
            [*flask, "run", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:  # noqa: S310 - loopback
                        r.read()
                    return time.perf_counter() - start
                except OSError:
                    if time.perf_counter() - start > 30:
                        raise
                    time.sleep(0.02)
        finally:
            server.terminate()
            server.wait()


def main():
    median, worst = match_fifty()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Match 50 priorities, warm: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms")
    print(f"Peak resident memory with the model loaded: {rss_mb:.0f} MB")
    print(f"Web app first response after start: {first_response():.2f} s")


if __name__ == "__main__":
    main()
