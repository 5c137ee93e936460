"""The rules for a priority and its storage, scoped to one council."""

import pytest

from specifier.councils import councils
from specifier.fields import Invalid
from specifier.priorities import priorities


def valid(**overrides):
    return {
        "title": "More young people in work",
        "description": "Why it matters.",
        "theme": "jobs",
    } | overrides


def test_clean_fills_defaults_and_lists():
    record = priorities.clean(valid(target_groups="care leavers; young people", places=["North"]))
    assert record["importance"] == "medium"
    assert record["status"] == "active"
    assert record["target_groups"] == ["care leavers", "young people"]
    assert record["places"] == ["North"]
    assert record["review_date"] is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title for the priority"),
        ({"title": "x" * 201}, "title", "Title must be 200 characters or fewer"),
        ({"description": " "}, "description", "Enter a description"),
        ({"theme": "sport"}, "theme", "Select a theme"),
        ({"importance": "urgent"}, "importance", "Importance must be high, medium or low"),
        ({"status": "gone"}, "status", "Status must be active, draft or archived"),
        ({"evidence_date": "2025-13"}, "evidence_date", "Evidence date must be a real date"),
        ({"review_date": "2027-02-30"}, "review_date", "Review date must be a real date"),
        ({"review_date": "2027"}, "review_date", "Review date must be a real date"),
    ],
)
def test_clean_names_each_bad_field(overrides, field, message):
    with pytest.raises(Invalid) as caught:
        priorities.clean(valid(**overrides))
    assert caught.value.errors[field].startswith(message)


def test_flatten_reads_nested_evidence():
    flat = priorities.flatten(
        valid(evidence={"statistic": "8%", "source": "Nomis", "date": "2025-09"})
    )
    record = priorities.clean(flat)
    assert (record["evidence_statistic"], record["evidence_source"], record["evidence_date"]) == (
        "8%",
        "Nomis",
        "2025-09",
    )


def test_storage_is_scoped_to_the_council(db):
    hatherdale = councils.get_by_slug(db, "hatherdale")
    other = councils.get_by_slug(db, "kilbrannan")
    new_id = priorities.create(db, hatherdale["id"], priorities.clean(valid()))
    assert priorities.get(db, hatherdale["id"], new_id)["title"] == "More young people in work"
    assert priorities.get(db, other["id"], new_id) is None
    assert not priorities.update(db, other["id"], new_id, priorities.clean(valid(title="Taken")))
    assert not priorities.set_status(db, other["id"], new_id, "archived")
    assert priorities.get(db, hatherdale["id"], new_id)["title"] == "More young people in work"


def test_search_filters_and_orders_by_importance(db):
    council = councils.get_by_slug(db, "hatherdale")
    found = priorities.search(db, council["id"], status="active")
    assert found and all(p["status"] == "active" for p in found)
    order = [p["importance"] for p in found]
    assert order == sorted(order, key=["high", "medium", "low"].index)
    assert priorities.search(db, council["id"], text_query="zzznotthere") == []


def test_a_theme_is_read_by_its_key_or_its_label():
    """A file may say "Fair work" or "FAIR-WORK"; the register stores the key either way."""
    base = {"title": "T", "description": "D"}
    assert priorities.clean({**base, "theme": "Fair work"})["theme"] == "fair-work"
    assert priorities.clean({**base, "theme": " JOBS "})["theme"] == "jobs"


def test_a_priority_page_shows_its_dates_as_people_write_them(client, db):
    council = councils.get_by_slug(db, "hatherdale")
    record = priorities.clean(
        {
            "title": "Fewer families in temporary accommodation",
            "description": "Numbers have doubled.",
            "theme": "communities",
            "evidence_statistic": "412 households",
            "evidence_source": "H-CLIC",
            "evidence_date": "2025-09",
            "review_date": "2027-03-31",
        }
    )
    priority_id = priorities.create(db, council["id"], record)
    page = client.get(f"/hatherdale/priorities/{priority_id}").get_data(as_text=True)
    assert "H-CLIC, September 2025" in page and "31 March 2027" in page
    assert "2025-09" not in page and "2027-03-31" not in page


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2025", "2025"),
        ("2025-09", "2025-09"),
        ("September 2025", "2025-09"),
        ("Sept 2025", "2025-09"),
        ("9/2025", "2025-09"),
        ("30/09/2025", "2025-09-30"),
        ("30 September 2025", "2025-09-30"),
    ],
)
def test_evidence_dates_are_read_as_people_write_them(written, stored):
    record = priorities.clean(
        {"title": "T", "description": "D", "theme": "jobs", "evidence_date": written}
    )
    assert record["evidence_date"] == stored


@pytest.mark.parametrize("written", ["2025-13", "13/2025", "31/02/2025", "Smarch 2025", "soon"])
def test_a_date_that_is_not_real_is_refused_with_examples(written):
    with pytest.raises(Invalid) as refused:
        priorities.clean(
            {"title": "T", "description": "D", "theme": "jobs", "evidence_date": written}
        )
    assert refused.value.errors["evidence_date"] == (
        "Evidence date must be a real date, like 2025, September 2025 or 30/09/2025"
    )
