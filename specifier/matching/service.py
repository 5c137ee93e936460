"""Matching for the web app: one cached index per council catalogue, plus the council's feedback."""

import hashlib
import threading
from dataclasses import dataclass

from specifier.catalogue import catalogue
from specifier.matching import decisions, ranking
from specifier.matching.embeddings import SqliteCache, embed
from specifier.matching.index import MeasureIndex

_indexes = {}
_jobs = {}
_lock = threading.Lock()


@dataclass
class Job:
    """Progress of embedding a catalogue in the background."""

    done: int = 0
    total: int = 0
    error: str = ""


INDEXED_FIELDS = ("code", "theme", "outcome", "title", "description", "keywords")


def fingerprint(measures):
    """A hash of every field the index is built from, so edits to the catalogue rebuild it."""
    digest = hashlib.sha256()
    for m in measures:
        digest.update(repr([m.get(f, "") for f in INDEXED_FIELDS]).encode())
    return digest.hexdigest()


def ready_index(db, council_id):
    """Return the council's index if it is built for the current catalogue, else None."""
    measures = catalogue.measures_for(db, council_id)
    return _indexes.get((council_id, fingerprint(measures)))


def build_index(db, council_id, progress=None):
    """Build (or fetch) the council's index, embedding only what the cache lacks."""
    measures = catalogue.measures_for(db, council_id)
    key = (council_id, fingerprint(measures))
    if key not in _indexes:
        index = MeasureIndex.build(measures, cache=SqliteCache(db), progress=progress)
        with _lock:
            for old in [k for k in _indexes if k[0] == council_id]:
                del _indexes[old]
            _indexes[key] = index
    return _indexes[key]


def start_job(key, open_db, work):
    """Run `work(db, progress)` in a background thread, once at a time per key; return its Job.

    Pages show the Job's progress and reload when it is done; `open_db` gives the thread its own
    connection.
    """
    with _lock:
        job = _jobs.get(key)
        if job and not job.error and job.done < job.total:
            return job
        job = _jobs[key] = Job()

    def progress(done, total):
        job.done, job.total = done, total

    def run():
        db = open_db()
        try:
            work(db, progress)
            job.total = job.total or 1
            job.done = job.total
        except Exception as exc:  # noqa: BLE001 - reported on the progress page
            job.error = str(exc)
        finally:
            db.close()

    job.total = 1
    # Not a daemon: stopping mid-build would kill it inside ONNX Runtime, which aborts the
    # process; instead the process waits for the build (seconds) before it exits.
    threading.Thread(target=run).start()
    return job


def start_build(open_db, council_id):
    """Build the council's index in a background thread; return its Job for progress pages."""
    return start_job(
        council_id, open_db, lambda db, progress: build_index(db, council_id, progress)
    )


def job_for(key):
    """Return the background job for a key (a council's index: its id), if any."""
    return _jobs.get(key)


def _decision_objects(db, council_id):
    rows = decisions.for_council(db, council_id)
    if not rows:
        return []
    texts = [ranking.query_text(row)[0] for row in rows]
    vectors = embed(texts, cache=SqliteCache(db), scopes=[council_id] * len(texts))
    return [
        ranking.Decision(
            row["priority_id"], vector, row["measure_code"], row["decision"] == "accepted"
        )
        for row, vector in zip(rows, vectors, strict=True)
    ]


def suggest(db, council_id, index, priorities, top=5):
    """Rank measures for the council's priorities, re-ranked by its past decisions."""
    return ranking.rank(
        index,
        priorities,
        top=top,
        cache=SqliteCache(db),
        decisions=_decision_objects(db, council_id),
        keys=[p["id"] for p in priorities],
        scope=council_id,
    )
