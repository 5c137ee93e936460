"""Can one council time a match to learn another's text? `python -m specifier.matching.cache_timing`

Council A matches a priority; then council B matches the same wording, and, in turn, wording of
the same length that nobody has used. With one cache shared by every council (as before), B's
match of A's wording skips the model and answers faster; with the cache keyed by council (as
now), both take the same time. Prints the medians; the README records them.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from specifier.catalogue.files import load_builtin
from specifier.councils import councils
from specifier.db import connect, migrate
from specifier.matching import ranking, service
from specifier.matching.embeddings import SqliteCache

RUNS = 15
WORDING = (
    "Warm, dry homes for the tenants of {place}: {n} households there wait for boiler repairs"
    " and damp treatment, and we want local firms to train and employ people to do the work."
)


def _council(db, slug):
    record = councils.clean({"name": slug.title(), "slug": slug, "nation": "England"})
    return councils.create(db, record)


def _timed(match):
    start = time.perf_counter()
    match()
    return (time.perf_counter() - start) * 1000


def measure(db, runs=RUNS):
    """Median milliseconds for B's match of A's wording and of fresh wording, shared and keyed."""
    a, b = _council(db, "council-a"), _council(db, "council-b")
    index_a, index_b = service.build_index(db, a), service.build_index(db, b)

    def match(council_id, index, title, scope):
        priority = {"id": 1, "title": title, "description": ""}
        return lambda: ranking.rank(index, [priority], cache=SqliteCache(db), scope=scope)

    match(b, index_b, WORDING.format(place="warm-up", n=0), b)()  # the model loaded
    found = {"shared": ([], []), "keyed by council": ([], [])}
    for run in range(runs):
        for way, (known, fresh) in found.items():
            keyed = way == "keyed by council"
            theirs = WORDING.format(place=f"Ashby Court {way[0]}{run:02d}", n=run + 10)
            nobodys = WORDING.format(place=f"Brook Lane {way[0]}{run:02d}", n=run + 10)
            match(a, index_a, theirs, a if keyed else None)()  # A has it now
            pair = [(known, theirs), (fresh, nobodys)]
            for timings, title in pair if run % 2 else pair[::-1]:  # neither always goes first
                timings.append(_timed(match(b, index_b, title, b if keyed else None)))
    return {
        way: (statistics.median(known), statistics.median(fresh))
        for way, (known, fresh) in found.items()
    }


def main(runs=RUNS):
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(str(Path(tmp) / "timing.db"))
        migrate(db)
        load_builtin(db)
        results = measure(db, runs)
        db.close()
    print(f"Council B matching one priority, median of {runs} (ms):")
    print(f"{'cache':<18} {'wording A has':>14} {'wording nobody has':>19} {'difference':>11}")
    for way, (known, fresh) in results.items():
        print(f"{way:<18} {known:>14.1f} {fresh:>19.1f} {fresh - known:>11.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)
