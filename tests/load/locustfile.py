"""Load test: council officers browsing, matching, exporting and saving (run by `make load`).

Not collected by pytest (no test_ prefix). Refuses any host but 127.0.0.1.
"""

import itertools
import random
import re
from urllib.parse import urlsplit

import actions
from locust import HttpUser, between, events, task

COUNCILS = ("hatherdale", "kilbrannan", "cwm-aderyn")
_people = itertools.count()  # each simulated person signs in as an officer of their own


@events.init.add_listener
def only_loopback(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"The load test only runs against 127.0.0.1, not {host!r}")


class Officer(HttpUser):
    """Signs in as an admin of a sample council, then reads, matches, downloads and saves.

    Each officer saves outcomes and clauses in a copy of a contract of their own, made when they
    start, so every save succeeds: a colleague's save in between would rightly answer 409.
    """

    wait_time = between(1, 3)

    def on_start(self):
        person = next(_people)
        self.slug = COUNCILS[person % len(COUNCILS)]
        actions.sign_in(self.client, f"officer{person // len(COUNCILS)}@{self.slug}.example")
        listing = self.client.get(f"/{self.slug}/priorities/", name="/[council]/priorities/").text
        self.priorities = re.findall(rf"/{self.slug}/priorities/(\d+)\"", listing) or ["1"]
        procurements = self.client.get(
            f"/{self.slug}/procurements/", name="/[council]/procurements/"
        ).text
        self.procurements = re.findall(rf"/{self.slug}/procurements/(\d+)/", procurements)
        copied = actions.duplicate(self.client, self.slug, self.procurements[0])
        self.mine = copied.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    @task(4)
    def overview(self):
        self.client.get(f"/{self.slug}/", name="/[council]/")

    @task(4)
    def register(self):
        self.client.get(f"/{self.slug}/priorities/", name="/[council]/priorities/")
        pid = random.choice(self.priorities)  # noqa: S311
        self.client.get(f"/{self.slug}/priorities/{pid}", name="/[council]/priorities/[id]")

    @task(3)
    def catalogue(self):
        words = random.choice(["apprenticeships", "carbon", "local suppliers", "volunteering"])  # noqa: S311
        self.client.get(f"/{self.slug}/catalogue/?q={words}", name="/[council]/catalogue/?q=")

    @task(2)
    def match_one(self):
        pid = random.choice(self.priorities)  # noqa: S311
        self.client.get(f"/{self.slug}/matches/{pid}", name="/[council]/matches/[id]")

    @task(1)
    def match_all(self):
        self.client.get(f"/{self.slug}/matches/", name="/[council]/matches/")

    @task(2)
    def specification(self):
        if self.procurements:
            pid = random.choice(self.procurements)  # noqa: S311
            self.client.get(
                f"/{self.slug}/procurements/{pid}/specification",
                name="/[council]/procurements/[id]/specification",
            )

    @task(2)
    def export(self):
        if self.procurements:
            pid = random.choice(self.procurements)  # noqa: S311
            fmt = random.choice(["docx", "html", "ocds"])  # noqa: S311
            self.client.get(
                f"/{self.slug}/procurements/{pid}/specification.{fmt}",
                name=f"/[council]/procurements/[id]/specification.{fmt}",
            )
        else:
            self.client.get(
                f"/{self.slug}/priorities/export.csv", name="/[council]/priorities/export.csv"
            )

    @task(1)
    def choose_outcomes(self):
        actions.choose_outcomes(self.client, self.slug, self.mine)

    @task(1)
    def edit_clause(self):
        actions.edit_clause(self.client, self.slug, self.mine)

    @task(1)
    def duplicate(self):
        actions.duplicate(self.client, self.slug, self.mine)

    @task(1)
    def import_priorities(self):
        actions.import_priorities(self.client, self.slug)

    @task(1)
    def import_measures(self):
        actions.import_catalogue(self.client, self.slug)

    @task(1)
    def invite_person(self):
        actions.invite_person(self.client, self.slug)
