"""Downloads: a few at once per person and per council, in a small pool, for every format."""

import subprocess
import sys
import time

import pytest

from specifier.accounts import users
from specifier.config import ConfigError, from_environment
from specifier.councils import councils
from specifier.specification import procurements, specifications
from specifier.specification.views import DOWNLOADS
from specifier.web import exports

CONTRACT = {
    "title": "Street cleansing",
    "description": "Sweeping streets and emptying litter bins.",
    "category": "services",
    "value_gbp": "7200000",
    "duration_months": "36",
}


def _download_url(db, slug, nation="England"):
    council = councils.get_by_slug(db, slug)
    record = procurements.clean(CONTRACT, default_nation=nation)
    pid = procurements.create(db, council["id"], record)
    spec = specifications.get_or_create(db, council["id"], pid)
    specifications.set_outcomes(db, council["id"], spec["id"], [("JOB-01", None)])
    return f"/{slug}/procurements/{pid}/specification"


@pytest.fixture
def folder(app):
    return exports.slots_folder(app.config)


def _hold(folder, name, count):
    held = [exports.slot(folder, name, count) for _ in range(count)]
    assert all(held)
    return held


def test_a_person_already_downloading_two_files_is_told_to_wait(
    app, client, client_for, db, folder
):
    url = _download_url(db, "hatherdale")
    me = users.get_by_email(db, "admin@hatherdale.example")["id"]
    held = _hold(folder, f"user-{me}", app.config["EXPORTS_PER_USER"])
    refused = client.get(f"{url}.docx")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "10"
    assert "Too many downloads at once" in page
    assert "You are already downloading 2 files. Wait for them to finish" in page
    assert client_for("hatherdale", "viewer").get(f"{url}.docx").status_code == 200  # theirs
    for handle in held:
        handle.close()
    assert client.get(f"{url}.docx").status_code == 200


def test_a_councils_share_is_its_own_and_never_slows_another_councils_downloads(
    app, client_for, db, folder
):
    hatherdale = _download_url(db, "hatherdale")
    kilbrannan = _download_url(db, "kilbrannan", "Scotland")
    council = councils.get_by_slug(db, "hatherdale")
    held = _hold(folder, f"council-{council['id']}", app.config["EXPORTS_PER_COUNCIL"])
    refused = client_for("hatherdale", "viewer").get(f"{hatherdale}.html")
    assert refused.status_code == 429
    assert "People at Hatherdale Council are downloading 4 files at once" in refused.get_data(
        as_text=True
    )
    assert client_for("kilbrannan", "viewer").get(f"{kilbrannan}.html").status_code == 200
    for handle in held:
        handle.close()
    assert client_for("hatherdale", "viewer").get(f"{hatherdale}.html").status_code == 200


def test_every_format_the_download_route_serves_is_limited(app, client, db, folder):
    """The limit wraps the one download view, so a format added to DOWNLOADS is covered too."""
    url = _download_url(db, "hatherdale")
    me = users.get_by_email(db, "admin@hatherdale.example")["id"]
    held = _hold(folder, f"user-{me}", app.config["EXPORTS_PER_USER"])
    for fmt in DOWNLOADS:
        assert client.get(f"{url}.{fmt}").status_code == 429, fmt
    for handle in held:
        handle.close()
    for fmt in DOWNLOADS:
        assert client.get(f"{url}.{fmt}").status_code == 200, fmt


def test_places_are_given_back_after_each_download_even_a_refused_one(app, client, db):
    url = _download_url(db, "hatherdale")
    statuses = [client.get(f"{url}.{fmt}").status_code for fmt in ("docx", "nope", "html") * 3]
    assert statuses == [200, 404, 200] * 3  # more than the person's share, one after another


def test_a_download_that_waits_too_long_for_the_pool_says_the_service_is_busy(app, client, db):
    url = _download_url(db, "hatherdale")
    app.config["EXPORT_WAIT"] = 0.1
    renders = exports.pool(app.config["EXPORT_RENDERS"])
    taken = [renders.acquire(timeout=1) for _ in range(app.config["EXPORT_RENDERS"])]
    try:
        busy = client.get(f"{url}.docx")
    finally:
        for _ in filter(None, taken):
            renders.release()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "10"
    assert "Sorry, the service is busy" in busy.get_data(as_text=True)
    assert client.get(f"{url}.docx").status_code == 200


def test_a_place_is_shared_by_worker_processes_and_freed_when_its_holder_is_killed(folder):
    """gunicorn's workers are processes: a place held in one is held for all, until it ends."""
    command = [
        sys.executable,
        "-c",
        "import sys, time; from specifier.web.exports import slot;"
        " held = slot(sys.argv[1], 'council-1', 1); print(bool(held), flush=True); time.sleep(60)",
        str(folder),
    ]
    # Our own module, as another worker would use it.
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:  # noqa: S603
        try:
            assert holder.stdout.readline().strip() == "True"
            assert exports.slot(folder, "council-1", 1) is None
        finally:
            holder.kill()  # as a worker killed mid-export
    deadline = time.monotonic() + 5
    while (place := exports.slot(folder, "council-1", 1)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert place is not None
    place.close()


def test_the_shares_are_set_by_environment_variables():
    defaults = from_environment({})
    assert [defaults[k] for k in ("EXPORTS_PER_USER", "EXPORTS_PER_COUNCIL", "EXPORT_RENDERS")] == [
        2,
        4,
        1,
    ]
    assert from_environment({"SPECIFIER_EXPORTS_PER_COUNCIL": "8"})["EXPORTS_PER_COUNCIL"] == 8
    for bad in ("0", "-1", "many", "1.5"):
        with pytest.raises(ConfigError, match="SPECIFIER_EXPORT_RENDERS must be a whole number"):
            from_environment({"SPECIFIER_EXPORT_RENDERS": bad})
