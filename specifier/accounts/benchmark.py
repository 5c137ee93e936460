"""Does inviting someone take longer when the address has an account in another council?

`python -m specifier.accounts.benchmark [RUNS]` invites, in turn, an address that signs in to
another council and one that has no account, through the real page, and prints the medians.
Inviting never looks at accounts, so the two should differ only by noise; before invitations,
Add person hashed a first password for a new account only (about 100 ms of scrypt), so the
difference was the hash.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from specifier import create_app
from specifier.accounts import users
from specifier.councils import councils
from specifier.db import connect, migrate

RUNS = 30
PASSWORD = "benchmark password, not for use"  # noqa: S105 - a throwaway account


def _setup(path):
    db = connect(str(path))
    migrate(db)
    here = councils.create(
        db, councils.clean({"name": "Here", "slug": "here", "nation": "England"})
    )
    there = councils.create(
        db, councils.clean({"name": "There", "slug": "there", "nation": "Wales"})
    )
    users.grant(
        db, users.create(db, "admin@here.example", users.hash_password(PASSWORD)), here, "admin"
    )
    users.grant(
        db, users.create(db, "taken@there.example", users.hash_password(PASSWORD)), there, "viewer"
    )
    db.close()


def measure(runs=RUNS):
    """Median milliseconds to invite an address with an account elsewhere, and one without."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        _setup(path)
        app = create_app(
            {"TESTING": True, "DATABASE": str(path), "SECRET_KEY": "b", "WTF_CSRF_ENABLED": False}
        )
        client = app.test_client()
        client.post("/sign-in", data={"email": "admin@here.example", "password": PASSWORD})
        timings = {"taken@there.example": [], "nobody@example.org": []}
        for run in range(runs + 1):
            order = list(timings) if run % 2 else list(timings)[::-1]
            for email in order:
                start = time.perf_counter()
                response = client.post(
                    "/here/admin/people/new", data={"email": email, "role": "viewer"}
                )
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, response.status_code
                if run:  # the first round warms templates and connections
                    timings[email].append(elapsed)
    return {email: statistics.median(values) for email, values in timings.items()}


def main(runs=RUNS):
    results = measure(runs)
    print(f"Invite a person, median of {runs} (ms):")
    for email, median in results.items():
        print(f"  {email:<22} {median:6.1f}")
    taken, nobody = results.values()
    print(f"  difference             {taken - nobody:6.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)
