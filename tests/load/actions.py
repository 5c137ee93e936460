"""What council officers do that writes, as a browser does it: open the form, then post it.

Shared by the load test (`make load`, a locust HttpSession) and the concurrency test
(tests/test_concurrency.py, a requests.Session). Each action returns the response to its post.
"""

import random
import time
import uuid

import lxml.html

PASSWORD = "local-development-only"  # noqa: S105 - the documented demo password


def _named(client, name):
    """Locust groups its figures by `name`; a plain requests.Session takes no such argument."""
    return {"name": name} if hasattr(client, "rename_request") else {}


def _page(client, url, name):
    """Open a page as a browser does: a progress page (202) is polled until the work is done.

    A colleague's save can make finished work stale, so the page may answer with a new progress
    page; the browser's script polls that one too.
    """
    for _ in range(5):
        response = client.get(url, **_named(client, name))
        if response.status_code != 202:
            return response.text
        progress = lxml.html.fromstring(response.text).xpath(
            "//*[@data-progress-url]/@data-progress-url"
        )
        for _ in range(600):
            report = client.get(progress[0], **_named(client, f"{name} [progress]")).json()
            if report["ready"] or report["error"]:
                break
            time.sleep(0.1)
    return response.text


def _form(client, url, name, action=""):
    """Open a page; return its html and the hidden fields of its form that posts to `action`."""
    html = _page(client, url, name)
    for form in lxml.html.fromstring(html).xpath("//form[@method='post']"):
        if (form.get("action") or "") == action:
            fields = form.xpath(".//input[@type='hidden']")
            return html, {field.get("name"): field.get("value") or "" for field in fields}
    text = " ".join(lxml.html.fromstring(html).xpath("string(//main)").split())[:600]
    raise AssertionError(f"{url} has no form posting to {action or 'itself'}: {text}")


def _post(client, url, data, name, **kwargs):
    return client.post(url, data=data, allow_redirects=False, **_named(client, name), **kwargs)


def sign_in(client, email, password=PASSWORD):
    """Sign in through the sign-in page; return the response to the post."""
    _html, fields = _form(client, "/sign-in", "/sign-in")
    form = {**fields, "email": email, "password": password}
    return _post(client, "/sign-in", form, "/sign-in [POST]")


def choose_outcomes(client, slug, procurement_id):
    """Tick one to three of the listed outcomes and save them (409 if a colleague saved first)."""
    url = f"/{slug}/procurements/{procurement_id}/outcomes"
    html, fields = _form(client, url, "/[council]/procurements/[id]/outcomes")
    codes = lxml.html.fromstring(html).xpath("//input[@name='codes']/@value")
    chosen = random.sample(codes[:10], k=min(len(codes), random.randint(1, 3)))  # noqa: S311
    return _post(
        client, url, {**fields, "codes": chosen}, "/[council]/procurements/[id]/outcomes [POST]"
    )


def duplicate(client, slug, procurement_id):
    """Copy a specification as a new draft."""
    url = f"/{slug}/workspace/specifications/{procurement_id}/duplicate"
    _html, fields = _form(client, url, "/[council]/workspace/specifications/[id]/duplicate")
    title = f"Copy {uuid.uuid4().hex[:8]}"
    name = "/[council]/workspace/specifications/[id]/duplicate [POST]"
    return _post(client, url, {**fields, "title": title}, name)


def edit_clause(client, slug, procurement_id):
    """Save new wording for the specification's first clause (409 if a colleague saved first)."""
    url = f"/{slug}/procurements/{procurement_id}/specification/clauses/purpose.intro"
    _html, fields = _form(client, url, "/[council]/procurements/[id]/specification/clauses/[key]")
    text = f"This contract must help local people into work ({uuid.uuid4().hex[:6]})."
    name = "/[council]/procurements/[id]/specification/clauses/[key] [POST]"
    return _post(client, url, {**fields, "text": text}, name)


def import_priorities(client, slug):
    """Upload a CSV with one new draft priority to the register."""
    url = f"/{slug}/priorities/import"
    _html, fields = _form(client, url, "/[council]/priorities/import")
    title = f"Load test priority {uuid.uuid4().hex[:8]}"
    csv = (
        "title,description,theme,status\n"
        f"{title},More local people in good jobs near where they live.,jobs,draft\n"
    )
    files = {"file": ("priorities.csv", csv.encode(), "text/csv")}
    return _post(client, url, fields, "/[council]/priorities/import [POST]", files=files)


def import_catalogue(client, slug):
    """Upload a CSV of the council's own measures (added the first time, then updated)."""
    url = f"/{slug}/catalogue/import"
    _html, fields = _form(client, url, "/[council]/catalogue/import")
    rows = [
        f"{slug.upper()}-LOAD-{n},Jobs,More local jobs,Local hires {n},People hired locally,people"
        for n in range(1, 4)
    ]
    csv = "code,theme,outcome,title,description,unit\n" + "\n".join(rows) + "\n"
    files = {"file": ("catalogue.csv", csv.encode(), "text/csv")}
    return _post(client, url, fields, "/[council]/catalogue/import [POST]", files=files)


def invite_person(client, slug):
    """Invite a new viewer (an admin's task): the page answers with a link to pass on."""
    url = f"/{slug}/admin/people/new"
    _html, fields = _form(client, url, "/[council]/admin/people/new")
    form = {**fields, "email": f"viewer-{uuid.uuid4().hex[:10]}@{slug}.example", "role": "viewer"}
    return _post(client, url, form, "/[council]/admin/people/new [POST]")
