"""Property-based tests: importers and forms take any input without crashing, and user text
appears literally in pages, the HTML export and the Word document.

Hypothesis runs the "specifier" profile from conftest: few examples, derandomized.
"""

import io
import json

import docx
from conftest import post_form
from hypothesis import given
from hypothesis import strategies as st

from specifier.catalogue import files as catalogue_files
from specifier.councils import councils
from specifier.councils import files as council_files
from specifier.fields import plain
from specifier.priorities import files as priority_files
from specifier.record_files import FileRejected

# Text as people paste it: markup, quotes, Word's smart punctuation, fields and odd characters.
NASTY = st.sampled_from(
    [
        '<script>alert("x")</script>',
        "Tom & Jerry's “smart” ‘quotes’ — and … dashes",
        "{ MERGEFIELD Name } <w:t>xml</w:t> ]]> <!-- c -->",
        "=SUM(A1:A3) +44 -1 @cmd",
        "tab\there, soft\u00adhyphen, no\u00a0break, zero\u200bwidth, ﬁ, 😀",
        "control\x0bchars\x01and\x7fdel",
        "\ud800 lone surrogate",
        "",
    ]
)
USER_TEXT = st.one_of(NASTY, st.text(max_size=300))
# A browser posts UTF-8, which cannot carry a lone surrogate.
FORM_TEXT = USER_TEXT.map(lambda s: s.encode("utf-8", "ignore").decode("utf-8"))


@given(body=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".yaml", ".json"]))
def test_priority_files_accept_or_explain_any_bytes(body, suffix):
    try:
        records = priority_files.parse(body, f"fuzz{suffix}")
    except FileRejected as exc:
        assert str(exc).startswith("fuzz")
    else:
        assert all(r["title"] and r["description"] for r in records)


@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "title": USER_TEXT,
                "description": USER_TEXT,
                "theme": st.sampled_from(["jobs", "environment", "nope", ""]),
                "evidence_date": st.sampled_from(["2025", "2025-13", "yesterday", ""]),
                "target_groups": st.one_of(USER_TEXT, st.lists(USER_TEXT, max_size=3)),
            }
        ),
        max_size=5,
    ),
    as_yaml=st.booleans(),
)
def test_priority_records_are_cleaned_or_rejected_by_field(rows, as_yaml):
    import yaml

    body = (yaml.safe_dump({"priorities": rows}) if as_yaml else json.dumps(rows)).encode(
        "utf-8", "surrogatepass"
    )
    try:
        records = priority_files.parse(body, "fuzz.yaml" if as_yaml else "fuzz.json")
    except FileRejected as exc:
        assert "fuzz" in str(exc)
    else:
        for record in records:
            assert record["title"] == plain(record["title"])


@given(
    cells=st.lists(st.lists(USER_TEXT, min_size=6, max_size=8), max_size=4),
)
def test_catalogue_csv_is_imported_or_rejected_with_a_line(cells):
    header = "code,theme,outcome,title,description,unit,keywords,proxy_value\n"
    lines = [",".join('"' + c.replace('"', '""') + '"' for c in row) for row in cells]
    body = (header + "\n".join(lines)).encode("utf-8", "surrogatepass")
    try:
        measures = catalogue_files.parse(body, "fuzz.csv")
    except FileRejected as exc:
        assert str(exc).startswith("fuzz.csv")
    else:
        assert len({m["code"] for m in measures}) == len(measures)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | USER_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(
    data=JSON_VALUES,
    tables=st.dictionaries(
        st.sampled_from(["councils", "priorities", "procurements", "clause_edits", "users"]),
        st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "slug",
                        "name",
                        "nation",
                        "title",
                        "council_id",
                        "text",
                        "specification_id",
                    ]
                ),
                JSON_VALUES,
                max_size=5,
            ),
            max_size=3,
        ),
        max_size=4,
    ),
)
def test_council_import_accepts_or_explains_any_file(db, data, tables):
    for candidate in (
        data,
        {"format": council_files.FORMAT, "version": 1, "migrations": [], "tables": tables},
    ):
        body = json.dumps(candidate).encode("utf-8", "surrogatepass")
        before = len(councils.all_councils(db))
        try:
            council_files.import_council(db, body, "fuzz.json", slug=None)
        except FileRejected as exc:
            assert str(exc).startswith("fuzz.json")
            assert len(councils.all_councils(db)) == before  # all or nothing
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


PRIORITY_FORM = {
    "title": FORM_TEXT,
    "description": FORM_TEXT,
    "theme": st.sampled_from(["jobs", "communities", "<b>", ""]),
    "importance": st.sampled_from(["high", "low", "urgent", ""]),
    "status": st.sampled_from(["active", "draft", "gone"]),
    "evidence_date": st.sampled_from(["2025", "2025-02", "2025-02-30", "soon"]),
    "target_groups": FORM_TEXT,
    "review_date": st.lists(st.sampled_from(["31", "2", "2027", "x", ""]), max_size=4),
}
PROCUREMENT_FORM = {
    "title": FORM_TEXT,
    "description": FORM_TEXT,
    "category": st.sampled_from(["works", "services", "stuff", ""]),
    "cpv_code": st.sampled_from(["90610000", "9061", "", "<x>"]),
    "value_gbp": st.sampled_from(["7,200,000", "£1", "-5", "lots", "1e400", ""]),
    "duration_months": st.sampled_from(["36", "0", "601", "3.5", ""]),
    "nation": st.sampled_from(["England", "Atlantis", ""]),
    "lots": FORM_TEXT,
    "start_date": st.lists(st.sampled_from(["1", "10", "2026", "99", ""]), max_size=4),
}


@given(form=st.fixed_dictionaries(PRIORITY_FORM))
def test_priority_form_never_crashes_and_keeps_text_literal(client, form):
    response = client.post("/hatherdale/priorities/new", data=form)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.get_data(as_text=True)
    assert "<script>alert" not in response.get_data(as_text=True)


@given(form=st.fixed_dictionaries(PROCUREMENT_FORM))
def test_procurement_form_never_crashes(client, form):
    response = client.post("/hatherdale/procurements/new", data=form)
    assert response.status_code in (200, 302), response.status_code
    assert "<script>alert" not in response.get_data(as_text=True)


def _procurement(client):
    response = client.post(
        "/hatherdale/procurements/new",
        data={
            "title": "Cleaning",
            "description": "Cleaning offices.",
            "category": "services",
            "value_gbp": "900000",
            "duration_months": "24",
        },
    )
    base = response.headers["Location"].rsplit("/", 1)[0]
    post_form(client, f"{base}/outcomes", {"codes": ["JOB-01"]})
    return base


@given(text=FORM_TEXT, reset=st.booleans())
def test_clause_form_never_crashes(client, text, reset):
    base = _procurement(client) if not hasattr(client, "_fuzz_base") else client._fuzz_base
    client._fuzz_base = base
    data = {"text": text, **({"reset": "1"} if reset else {})}
    response = post_form(client, f"{base}/specification/clauses/purpose.intro", data)
    assert response.status_code in (200, 302), response.status_code


AWKWARD = (
    '<script>alert("x")</script> Tom & Jerry\'s “smart” ‘quotes’ — dashes … '
    "{ MERGEFIELD Name } =SUM(A1) ﬁ 😀 no\u00a0break"
)


def test_awkward_text_appears_literally_in_pages_html_and_word(client, db):
    nasty = AWKWARD + "\x0b\x01"
    response = client.post(
        "/hatherdale/procurements/new",
        data={
            "title": nasty[:150],
            "description": nasty,
            "category": "services",
            "value_gbp": "900000",
            "duration_months": "24",
        },
    )
    assert response.status_code == 302
    base = response.headers["Location"].rsplit("/", 1)[0]
    post_form(client, f"{base}/outcomes", {"codes": ["JOB-01"]})
    saved = post_form(client, f"{base}/specification/clauses/purpose.intro", {"text": nasty})
    assert saved.status_code == 302

    escaped = (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Tom &amp; Jerry&#39;s “smart” ‘quotes’"
    )
    page = client.get(f"{base}/specification").get_data(as_text=True)
    assert escaped in page and "<script>alert" not in page
    assert "{ MERGEFIELD Name } =SUM(A1) ﬁ 😀 no\u00a0break" in page

    html = client.get(f"{base}/specification.html").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html and "“smart” ‘quotes’" in html

    word = docx.Document(io.BytesIO(client.get(f"{base}/specification.docx").data))
    paragraphs = [p.text for p in word.paragraphs]
    assert sum(AWKWARD in p for p in paragraphs) >= 2, paragraphs[:8]  # title and clause 1.1
    assert not any("\x0b" in p or "\x01" in p for p in paragraphs)


MINIMUMS = st.one_of(
    st.sampled_from(["12", "0", "-1", "inf", "-inf", "nan", "1e400", "1e308", "£1,500", "15%", ""]),
    st.floats().map(repr),
    FORM_TEXT,
)


@given(minimum=MINIMUMS, rationale=FORM_TEXT)
def test_minimum_form_never_crashes_and_the_pages_still_work(client, minimum, rationale):
    base = _procurement(client) if not hasattr(client, "_fuzz_base") else client._fuzz_base
    client._fuzz_base = base
    data = {"minimum": minimum, "rationale": rationale}
    response = post_form(
        client, f"{base}/specification/outcomes/JOB-01", data, page=f"{base}/specification"
    )
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert "There is a problem" in response.get_data(as_text=True)
    for path in ("/specification", "/specification.docx"):
        assert client.get(base + path).status_code == 200, path
