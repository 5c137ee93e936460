"""Make the load test's database: the sample councils, demo admins and officers, one
specification per sample contract, and the catalogue embedded so no worker waits for the model.

Each simulated person signs in with an account of their own (officerN@SLUG.example, admins, with
the demo password), as colleagues do: limits such as downloads at once are per person.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from specifier import samples
from specifier.accounts import users
from specifier.catalogue.files import load_builtin  # noqa: E402
from specifier.councils import councils
from specifier.db import connect, migrate  # noqa: E402
from specifier.matching import service  # noqa: E402
from specifier.specification import procurements, specifications

ROOT = Path(__file__).resolve().parents[2]
OUTCOMES = ["JOB-01", "SKL-01", "FWK-01", "ECO-05"]
OFFICERS = 20  # per council: more than the load test's 50 people spread over three councils


def main(path):
    db = connect(path)
    migrate(db)
    load_builtin(db)
    for council_file in samples.council_files(ROOT / "priorities"):
        samples.load_council_file(db, council_file)
    samples.ensure_demo_users(db, ROOT / "priorities")
    password_hash = users.hash_password(samples.DEMO_PASSWORD)
    for council in councils.all_councils(db):
        for n in range(OFFICERS):
            user_id = users.create(db, f"officer{n}@{council['slug']}.example", password_hash)
            users.grant(db, user_id, council["id"], "admin")
        for n in range(3):
            record = procurements.clean(
                {
                    "title": f"Load test contract {n + 1}",
                    "description": "Cleaning, grounds maintenance and repairs for council buildings.",
                    "category": "services",
                    "value_gbp": 2_400_000 * (n + 1),
                    "duration_months": 36,
                },
                default_nation=council["nation"],
            )
            pid = procurements.create(db, council["id"], record)
            spec = specifications.get_or_create(db, council["id"], pid)
            specifications.set_outcomes(
                db, council["id"], spec["id"], [(code, None) for code in OUTCOMES]
            )
        service.build_index(db, council["id"])
    db.close()
    print(f"Prepared {path}")


if __name__ == "__main__":
    main(sys.argv[1])
