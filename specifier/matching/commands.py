"""`flask match` and `flask evaluate`: the matcher from the command line; neither needs a database."""

import contextlib
import dataclasses
import io
import json
import sys
from pathlib import Path

import click
import numpy as np
from flask import current_app
from flask.cli import with_appcontext

from specifier.catalogue.files import builtin_measures
from specifier.db import connect
from specifier.matching import adapter, evaluation, no_match, ranking, reranker
from specifier.matching.embeddings import MemoryCache, SqliteCache
from specifier.matching.index import MeasureIndex
from specifier.record_files import FileRejected, read_csv

CATALOGUE_COLUMNS = ("code", "title")
PRIORITY_COLUMNS = ("id", "title")


def _rows(path, required):
    try:
        content = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{Path(path).name}: the file must be saved as UTF-8 text"
        ) from exc
    try:
        return [row for _, row in read_csv(content, Path(path).name, required_columns=required)]
    except FileRejected as exc:
        raise click.ClickException(str(exc)) from exc


def read_catalogue(path):
    """Measures from any catalogue CSV: only code and title are needed to match; first code wins."""
    measures, seen = [], set()
    for row in _rows(path, CATALOGUE_COLUMNS):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not row["code"] or not row["title"] or row["code"] in seen:
            click.echo(
                f"Skipped a measure with no title or a repeated code: {row['code']!r}", err=True
            )
            continue
        seen.add(row["code"])
        measures.append(row)
    if not measures:
        raise click.ClickException(f"{Path(path).name}: no measures to match against")
    return measures


@contextlib.contextmanager
def embedding_progress():
    """Yield a progress callback that draws a bar on stderr once there is anything to embed."""
    bars = []

    def progress(done, total):
        if not bars:
            bars.append(click.progressbar(length=total, label="Embedding", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def embedding_cache():
    """The app database's embedding cache when there is a database, else one in memory.

    With the database's cache a run embeds only texts no run has embedded before (the catalogue
    once, a priority once), so it need not load the model at all; without one it embeds all.
    """
    path = Path(current_app.config["DATABASE"])
    if path.exists():
        db = connect(str(path))
        if db.table("embeddings").exists():
            return SqliteCache(db)
    return MemoryCache()


@click.command("match")
@click.option(
    "--catalogue",
    "catalogue_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Catalogue CSV (default: our built-in catalogue).",
)
@click.option(
    "--priorities",
    "priorities_path",
    type=click.Path(exists=True, dir_okay=False),
    required=True,
    help="Priorities CSV with id,title,description.",
)
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
)
@with_appcontext
def match_command(catalogue_path, priorities_path, top, output_format):
    """Match each priority in a CSV to catalogue measures; needs no database."""
    measures = read_catalogue(catalogue_path) if catalogue_path else builtin_measures()
    rows = _rows(priorities_path, PRIORITY_COLUMNS)
    for row in rows:
        if not f"{row.get('title') or ''}{row.get('description') or ''}".strip():
            click.echo(
                f"Priority {row['id']!r} has no title or description: no measure fits", err=True
            )
    cache = embedding_cache()
    with embedding_progress() as progress:
        index = MeasureIndex.build(measures, cache=cache, progress=progress)
    results = ranking.rank(index, rows, top=top, cache=cache, explain=output_format == "text")
    if output_format == "json":
        payload = [
            {
                "id": row["id"],
                "matches": [
                    {"code": m.code, "score": m.score, "confidence": m.confidence}
                    for m in r.matches
                ],
                "no_match": r.no_match,
            }
            for row, r in zip(rows, results, strict=True)
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    titles = {m["code"]: m["title"] for m in measures}
    for row, r in zip(rows, results, strict=True):
        click.echo(f"{row['id']}: {row['title']}")
        if r.no_match:
            click.echo("  No suitable measure (best candidates below are weak)")
        for m in r.matches:
            click.echo(f"  {m.score:.3f} {m.confidence:<8} {m.code} {titles[m.code]}")
            for reason in m.explanation:
                click.echo(f"      {reason}")


def _print_table(name, metrics):
    click.echo(f"\n{name}")
    columns = ("recall@1", "recall@3", "mrr", "ndcg@5")
    click.echo(f"  {'system':<10}" + "".join(f"{c:>10}" for c in columns))
    for system in ("lexical", "dense", "hybrid"):
        click.echo(f"  {system:<10}" + "".join(f"{metrics[system][c]:>10.3f}" for c in columns))
    hybrid = metrics["hybrid"]
    click.echo(
        f"  no-match decision (hybrid): precision {hybrid['no_match_precision']:.3f},"
        f" recall {hybrid['no_match_recall']:.3f}"
    )
    ranges = {
        name: f"{low:.3f} to {high:.3f}" for name, (low, high) in metrics["intervals"].items()
    }
    click.echo(
        f"  95% intervals, resampling councils (hybrid): recall@3 {ranges['recall@3']},"
        f" MRR {ranges['mrr']}, recall@3 over lexical {ranges['recall@3 over lexical']}"
    )
    shares = ", ".join(
        f"{band} {b['relevant']:.0%} ({b['relevant or partial']:.0%} with partial) of {b['suggestions']}"
        for band, b in metrics["confidence bands"].items()
    )
    click.echo(f"  top-5 suggestions that fit, by confidence band: {shares}")


@click.command("evaluate")
@click.option(
    "--tune", is_flag=True, help="Tune each kind of catalogue on the dev splits and print it."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--split",
    type=click.Choice(["dev", "heldout", *evaluation.FRESH_SPLITS, "all"]),
    default="all",
    show_default=True,
    help="Report one split only: dev while working, held-out once for a finished configuration;"
    " heldout2, heldout3: the second and third held-out splits of published text (our catalogue"
    " only).",
)
def evaluate_command(tune, as_json, split):
    """Print recall@1/@3, MRR, nDCG@5 and no-match quality on the dev and held-out splits."""
    wanted = None if split == "all" else {split}
    cache = MemoryCache()
    indexes = {
        name: MeasureIndex.build(measures, cache=cache)
        for name, measures in evaluation.catalogues().items()
    }
    tuned, params_for = {}, {}
    if tune:
        # One set of parameters per kind of catalogue, tuned on the dev splits of every set of
        # that kind (written for us and published) and named after the first; every catalogue
        # of the kind is then reported with it.
        kinds = {}
        for labelled in evaluation.SETS:
            kinds.setdefault(indexes[labelled.catalogue].enriched, []).append(labelled)
        for members in kinds.values():
            pairs = [(indexes[s.catalogue], s.load("dev")) for s in members]
            params = evaluation.tune(pairs, cache)
            names = list(dict.fromkeys(s.catalogue for s in members))
            tuned[names[0]] = params
            if not as_json:
                click.echo(f"Tuned on dev only, {' and '.join(names)}: {params}")
            params_for |= dict.fromkeys(names, params)
    report = {}
    for labelled in evaluation.SETS:
        name = labelled.catalogue
        section = report if labelled.section == "synthetic" else report.setdefault("real text", {})
        section[name] = {
            part: evaluation.evaluate_split(
                indexes[name],
                labelled.load(part),
                params_for.get(name),
                cache,
                evaluation.adapted_on(part),
            )
            for part in labelled.splits
            if wanted is None or part in wanted
        }
    feedback = {
        part: evaluation.feedback_effect(
            indexes["our catalogue"],
            evaluation.load_split(part),
            tuned.get("our catalogue"),
            cache,
            evaluation.adapted_on(part),
        )
        for part in evaluation.SPLITS
        if wanted is None or part in wanted
    }
    if as_json:
        tuned = (
            {"tuned on dev": {k: dataclasses.asdict(p) for k, p in tuned.items()}} if tune else {}
        )
        click.echo(json.dumps(tuned | report | {"council decisions": feedback}, indent=2))
        return
    for labelled in evaluation.SETS:
        name = labelled.catalogue
        figures = report[name] if labelled.section == "synthetic" else report["real text"][name]
        if not figures:
            continue  # the split asked for is not labelled against this catalogue
        heading = name if labelled.section == "synthetic" else f"real text, {name}"
        click.echo(f"\n== {heading} ==")
        for part, metrics in figures.items():
            _print_table(f"{part} ({len(labelled.load(part))} priorities)", metrics)
            if not evaluation.adapted_on(part):
                # Dev is what the adapter was learned from: with it, figures would be in-sample.
                click.echo(
                    "  ranked without the embedding adapter and the top-three re-ranker,"
                    " which were learned from dev"
                )
                click.echo(
                    "  no-match judged by a model fitted on dev, so in-sample: cross-validated"
                    " figures are in priorities/evaluation/real/README.md"
                )
    click.echo(
        "\n== council decisions (our catalogue, hybrid): recall@1 and MRR without -> with =="
    )
    for part, effects in feedback.items():
        for case, label in (
            ("other priorities", "its other priorities, each after those before it"),
            ("reworded", "a reviewed priority entered again by its title alone"),
        ):
            was, now = effects[case]["without"], effects[case]["with"]
            click.echo(
                f"  {part}, {label}: recall@1 {was['recall@1']:.3f} -> {now['recall@1']:.3f},"
                f" MRR {was['mrr']:.3f} -> {now['mrr']:.3f}"
            )


def _replace(target, data):
    """Write a fitted file's bytes beside it, then swap it in: a running matcher never reads half."""
    partial = target.with_name(f"{target.name}.tmp")
    partial.write_bytes(data)
    partial.replace(target)


@click.command("fit-adapter")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=str(adapter.ADAPTER_FILE),
    show_default=True,
    help="Where to write the matrix (a NumPy .npy file).",
)
def fit_adapter_command(output):
    """Learn the matcher's embedding adapter from the dev splits only, and write it."""
    weights = adapter.fit(evaluation.adapter_examples(MemoryCache()))
    target = Path(output)
    saved = io.BytesIO()
    np.save(saved, weights)
    _replace(target, saved.getvalue())
    click.echo(f"Wrote {target} ({weights.shape[0]} x {weights.shape[1]}), learned from dev only")


@click.command("fit-no-match")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=str(no_match.MODEL_FILE),
    show_default=True,
    help="Where to write the model (JSON).",
)
def fit_no_match_command(output):
    """Fit the matcher's no-match model on the dev splits only, and write it."""
    rows, truth, enriched, sets = evaluation.no_match_examples(MemoryCache())
    fitted = no_match.fit(rows, truth, enriched, sets)
    target = Path(output)
    _replace(target, (json.dumps(fitted, indent=2) + "\n").encode("utf-8"))
    thresholds = ", ".join(f"{kind} {t}" for kind, t in fitted["thresholds"].items())
    click.echo(
        f"Wrote {target} ({len(fitted['weights'])} weights; thresholds: {thresholds}),"
        f" fitted on {len(truth)} dev statements only"
    )


@click.command("fit-reranker")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=str(reranker.MODEL_FILE),
    show_default=True,
    help="Where to write the model (JSON).",
)
def fit_reranker_command(output):
    """Fit the matcher's top-three re-ranker on out-of-fold dev rankings only, and write it."""
    groups, sets = evaluation.reranker_examples(MemoryCache())
    fitted = reranker.fit(groups, sets)
    target = Path(output)
    _replace(target, (json.dumps(fitted, indent=2) + "\n").encode("utf-8"))
    click.echo(
        f"Wrote {target} ({len(fitted['weights'])} weights; blend {fitted['blend']}),"
        f" fitted on {len(groups)} dev statements only"
    )


COMMANDS = (
    match_command,
    evaluate_command,
    fit_adapter_command,
    fit_no_match_command,
    fit_reranker_command,
)
