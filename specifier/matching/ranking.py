"""Hybrid ranking of measures for priorities: dense + BM25 fusion, confidence and no-match."""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from specifier.matching import adapter, embeddings, glossary, no_match, reranker
from specifier.matching.text import stem, stems, words

OUT_OF_SCOPE = Path(__file__).resolve().parent.parent / "data" / "out-of-scope.yaml"


@dataclass(frozen=True)
class Params:
    """The tunable choices; `flask evaluate --tune` searches them on the dev split only."""

    alpha: float = 0.7  # weight of the dense channel in the convex combination
    view_mix: float = 0.75  # dense score of a measure: this much best view, the rest mean view
    lead: float = 0.25  # added to an outcome's first measure (half to its second...): see index
    no_match_cosine: float = 0.38  # below this best cosine nothing is good enough
    out_of_scope_margin: float = -0.07  # no match when an out-of-scope aim is this close...
    beyond_aim_cosine: float = 0.48  # ...and what the priority says beyond that aim is below this
    strong: float = 0.55  # cosine at or above which the matcher's first choice is strong
    possible: float = 0.45  # cosine at or above which a first choice or agreed match is possible
    feedback_weight: float = 0.25  # how far a similar accepted or rejected priority moves a score
    feedback_floor: float = 0.6  # how similar a past priority must be to count


# Tuned on the dev split for each kind of catalogue. Without keywords or example phrasings a
# measure has fewer words for BM25 to meet, so meaning counts for more.
SHIPPED = Params()  # measures carry keywords, as ours do
SHIPPED_PLAIN = Params(
    alpha=0.65, view_mix=0.75, lead=0.25, no_match_cosine=0.4, out_of_scope_margin=-0.08
)


def shipped(index):
    """The shipped parameters for the index's kind of catalogue."""
    return SHIPPED if index.enriched else SHIPPED_PLAIN


@dataclass
class Match:
    """One suggested measure for a priority."""

    code: str
    score: float
    confidence: str
    cosine: float
    dense_rank: int
    lexical_rank: int | None
    explanation: list = field(default_factory=list)


@dataclass
class Result:
    """The ranked suggestions for one priority, or the judgement that none fits."""

    matches: list
    no_match: bool
    top_cosine: float = 0.0  # the closest measure's cosine similarity
    out_of_scope: float = 0.0  # closeness to the council-business aims no measure can evidence
    beyond_aim: float = 0.0  # the closest measure's cosine once the closest such aim is taken out
    no_match_chance: float | None = None  # the no-match model's probability (None: no model)


@dataclass(frozen=True)
class Decision:
    """A past accept or reject by the council, used to re-rank later suggestions."""

    priority_key: object
    vector: np.ndarray
    code: str
    accepted: bool


def query_text(priority):
    """The text a priority is matched on: its title and description, jargon expanded."""
    title = (priority.get("title") or "").strip()
    description = (priority.get("description") or "").strip()
    return glossary.expand(f"{title}. {description}" if description else title)


def _minmax(values):
    low, high = float(values.min()), float(values.max())
    return (values - low) / (high - low) if high > low else np.zeros_like(values)


def _ranks(values):
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=int)
    ranks[order] = np.arange(1, len(values) + 1)
    return ranks


@functools.cache
def _out_of_scope_aims():
    return yaml.safe_load(OUT_OF_SCOPE.read_text(encoding="utf-8"))["aims"]


def _beyond_aims(index, vectors, aim_vectors, params):
    """Each priority's closest measure once its closest out-of-scope aim is taken out of it.

    "Harness social value for local residents and businesses" is close to the aim "social value
    in general", but what it says beyond that aim still reads like a measure; "Enhancing social
    value" has nothing left that does.
    """
    if not len(vectors) or not len(index.measures):
        return np.zeros(len(vectors))
    closeness = vectors @ aim_vectors.T
    closest = closeness.argmax(axis=1)
    rest = vectors - closeness.max(axis=1)[:, None] * aim_vectors[closest]
    rest /= np.maximum(np.linalg.norm(rest, axis=1, keepdims=True), 1e-9)
    return index.dense(rest.astype(np.float32), params.view_mix).max(axis=1)


def channel_scores(index, priorities, params, cache=None, scope=None, adapted=True, weights=None):
    """Score every measure for every priority by both channels, before fusion.

    Returns the priorities' vectors, the dense channel's scores (through the learned adapter)
    and BM25 scores (priorities x measures), then what no-match and confidence are judged on,
    in the model's own space where their cut-offs were calibrated: each priority's closeness to
    the out-of-scope aims, its closest measure beyond that aim (see _beyond_aims) and its cosine
    to every measure; and the expanded query texts.
    `scope` is the council whose priorities they are (see embeddings.text_hash). Without
    `adapted`, the dense channel is the model's own cosine, as before the adapter; `weights` is
    another adapter than the shipped one (an index built through it: cross-validation).
    """
    texts = [query_text(p) for p in priorities]
    aims = _out_of_scope_aims()
    scopes = [scope] * len(texts) + [None] * len(aims)
    vectors = embeddings.embed([t for t, _ in texts] + aims, cache=cache, scopes=scopes)
    full, aim_vectors = vectors[: len(texts)], vectors[len(texts) :]
    cosines = index.dense(full, params.view_mix)
    dense = cosines
    if adapted:
        through = index.dense(adapter.adapt(full, weights), params.view_mix, adapted=True)
        dense = adapter.MIX * through + (1 - adapter.MIX) * cosines
    lexical = np.vstack([index.lexical(t) for t, _ in texts]) if texts else np.zeros((0, 0))
    out_of_scope = (full @ aim_vectors.T).max(axis=1) if texts else np.zeros(0)
    beyond = _beyond_aims(index, full, aim_vectors, params)
    return full, dense, lexical, (out_of_scope, beyond, cosines), texts


def fuse(dense, lexical, params, lead):
    """Convex combination of min-max normalised channels for one priority, plus the lead prior.

    Scaled back to 0..1, so a score reads the same with or without the prior.
    """
    channels = params.alpha * _minmax(dense) + (1 - params.alpha) * _minmax(lexical)
    return (channels + params.lead * lead) / (1 + params.lead)


def rerank_features(index, vector, cosine, lexical, plain, scores, candidates):
    """The model's inputs for one priority's candidates (measure positions, in shipped order).

    `cosine` and `plain` are the model's own view-mixed cosine and the fused score without the
    adapter, `scores` the shipped (rounded) scores of the candidates, all over the catalogue.
    """
    candidates = np.asarray(candidates, dtype=int)
    sims = index.vectors @ vector
    starts = index.view_starts[candidates]
    counts = np.diff(np.append(index.view_starts, len(index.vectors)))[candidates]
    # Views are title, full, context and (with keywords) keywords, in that order per measure.
    views = [sims[starts], sims[starts + 1], sims[starts + 2]]
    views.append(sims[np.where(counts > 3, starts + 3, starts + 1)])
    dense_ranks, lexical_ranks = _ranks(cosine), _ranks(lexical)
    lexical_rank = np.where(lexical > 0, np.log(lexical_ranks), np.log(len(lexical) + 1)).astype(
        float
    )
    scores = np.asarray(scores, dtype=float)
    agreed = (lexical > 0) & (lexical_ranks <= 3) & (dense_ranks <= 5)
    columns = [
        *views,
        cosine[candidates],
        cosine.max() - cosine[candidates],
        np.log1p(np.maximum(lexical[candidates], 0)),
        _minmax(lexical)[candidates],
        np.log(dense_ranks[candidates]),
        lexical_rank[candidates],
        index.lead[candidates],
        plain[candidates],
        plain.max() - plain[candidates],
        agreed[candidates].astype(float),
        scores,
        scores.max() - scores,
        np.log(np.arange(1, len(candidates) + 1)),
    ]
    return np.column_stack(columns).astype(np.float64)


def _own_order(index, vector, cosine, lexical, fused, params, ordering):
    """The matcher's own order: by fused score, the top three reordered by the re-ranker."""
    ranked = np.argsort(-fused, kind="stable")
    if ordering is None or len(ranked) < 2:
        return ranked
    head = ranked[: reranker.TOP]
    scores = [round(float(np.clip(fused[i], 0, 1)), 4) for i in head]
    plain = fuse(cosine, lexical, params, index.lead)
    rows = rerank_features(index, vector, cosine, lexical, plain, scores, head)
    return np.concatenate([head[reranker.order(rows, scores, ordering)], ranked[reranker.TOP :]])


def no_match_evidence(index, vectors, lexical, texts, judged):
    """The no-match model's features for each priority (see no_match.FEATURES).

    `judged` is channel_scores' (out-of-scope, beyond the aim, cosines): the model's own space.
    """
    out_of_scope, beyond, cosines = judged
    top = cosines.max(axis=1) if cosines.size else np.zeros(len(texts))
    heading = index.closest_heading(vectors)
    return no_match.features(
        out_of_scope,
        top,
        beyond,
        top if heading is None else heading,
        [index.coverage(text) for text, _ in texts],
        [len(words(text)) for text, _ in texts],
        lexical.max(axis=1) if lexical.size else np.zeros(len(texts)),
    )


def decide_no_match(top_cosine, out_of_scope, beyond_aim, params):
    """The cut-off rule: no measure is close enough, or the aim is the council's own business.

    An out-of-scope aim nearly as close as the best measure decides it only when nothing the
    priority says beyond that aim is close to a measure. It decides only when no no-match model
    is fitted (see no_match.py, which measured better on dev), and is tuned by `--tune`.
    """
    return top_cosine < params.no_match_cosine or (
        out_of_scope > top_cosine + params.out_of_scope_margin
        and beyond_aim < params.beyond_aim_cosine
    )


BANDS = ("strong", "possible", "weak")  # surest first


def confidence(cosine, agreed, first, params):
    """Band a suggestion as strong, possible or weak.

    Strong: the matcher's own first choice, close in meaning. Possible: close enough, and either
    its first choice or found by both channels. Calibrated on the real-text dev split.
    """
    if first and cosine >= params.strong:
        return "strong"
    if cosine >= params.possible and (first or agreed):
        return "possible"
    return "weak"


SAME_PRIORITY_WEIGHT = 4.0  # a decision on this very priority outranks any fused score


def _feedback(vector, key, decisions, codes, params):
    """Score changes from the council's past decisions, their reasons, and those on this priority."""
    adjust = np.zeros(len(codes), dtype=np.float32)
    notes, own = {}, set()
    position = {code: i for i, code in enumerate(codes)}
    for decision in decisions:
        i = position.get(decision.code)
        if i is None or i in own:
            continue
        verb, sign = ("accepted", 1) if decision.accepted else ("rejected", -1)
        if decision.priority_key == key:
            adjust[i] = sign * SAME_PRIORITY_WEIGHT
            notes[i] = f"You {verb} this measure for this priority"
            own.add(i)
            continue
        similarity = float(vector @ decision.vector)
        if similarity < params.feedback_floor:
            continue
        change = sign * params.feedback_weight * (similarity - params.feedback_floor)
        change /= 1 - params.feedback_floor
        if abs(change) > abs(adjust[i]):
            adjust[i] = change
            notes[i] = f"You {verb} this measure for a similar priority"
    return adjust, notes, own


# Words that match but tell an officer nothing about why (kept out of explanations only).
NOT_WORTH_SHOWING = frozenset(
    "sure one now priority priorities council's councils' plan plans year years get".split()  # noqa: SIM905
)


@functools.lru_cache(maxsize=4096)
def _measure_words(measure_text):
    """A measure's content words and their stems, worked out once per text."""
    return words(measure_text), stems(measure_text)


def reasons_for(priority_text, found_terms, measure, dense_rank, lexical_rank):
    """Say in plain words why a measure was suggested."""
    measure_words, measure_stems = _measure_words(
        f"{measure['title']} {measure.get('description', '')} {measure.get('keywords', '')}"
    )
    shared = stems(priority_text) & measure_stems
    shown = [w for w in measure_words if stem(w) in shared and w not in NOT_WORTH_SHOWING]
    shown = list(dict.fromkeys(shown))[:6]
    reasons = []
    if shown:
        reasons.append("Shared words: " + ", ".join(shown))
    for term, meaning in found_terms:
        if stems(meaning) & measure_stems:
            reasons.append(f"Read “{term}” as “{meaning}”")
    if lexical_rank and lexical_rank <= 5 and dense_rank <= 5:
        reasons.append("Close in meaning, and shares key words")
    elif lexical_rank and lexical_rank < dense_rank:
        reasons.append("Found mainly by shared words")
    else:
        reasons.append("Found mainly by meaning")
    return reasons


def rank(
    index,
    priorities,
    *,
    top=5,
    params=None,
    cache=None,
    decisions=(),
    keys=None,
    explain=True,
    scope=None,
    adapted=True,
):
    """Rank the index's measures for each priority; return a Result per priority, in order.

    `scope` is the council whose priorities they are, for the embedding cache. Without
    `adapted`, the dense channel is the model's own cosine (see channel_scores) and the top three
    keep the fused order: the re-ranker was fitted on rankings through the adapter.
    """
    params = params or shipped(index)
    full, dense, lexical, judged, texts = channel_scores(
        index, priorities, params, cache, scope, adapted
    )
    out_of_scope, beyond, cosines = judged
    fitted = no_match.model()
    ordering = reranker.model() if adapted else None  # fitted on rankings through the adapter
    chances = (
        no_match.probability(no_match_evidence(index, full, lexical, texts, judged), fitted)
        if fitted and len(priorities)
        else [None] * len(priorities)
    )
    codes = [m["code"] for m in index.measures]
    keys = keys or [None] * len(priorities)
    results = []
    for q in range(len(priorities)):
        cosine = cosines[q]
        fused = fuse(dense[q], lexical[q], params, index.lead)
        ranked = _own_order(index, full[q], cosine, lexical[q], fused, params, ordering)
        first = int(ranked[0]) if len(fused) else None  # before the council's decisions
        notes, own, adjust = {}, set(), np.zeros(len(codes))
        if decisions:
            adjust, notes, own = _feedback(full[q], keys[q], decisions, codes, params)
            # Decisions move measures by score from the matcher's own order, as they did before
            # the re-ranker: its top three sort by the three best scores in their new order.
            key = fused.copy()
            key[ranked[: reranker.TOP]] = np.sort(fused[ranked[: reranker.TOP]])[::-1]
            fused = fused + adjust
            if adjust.any():
                ranked = np.argsort(-(key + adjust), kind="stable")
        dense_ranks, lexical_ranks = _ranks(dense[q]), _ranks(lexical[q])
        best = ranked[0] if len(ranked) else None
        # The council's own decisions on this priority stay visible, so they can be undone.
        decided = [i for i in ranked[top:] if i in own]
        order = [*ranked[:top], *decided]
        top_cosine = float(cosine.max()) if len(cosine) else 0.0
        chance = None if chances[q] is None else float(chances[q])
        if chance is None:
            unsure = decide_no_match(top_cosine, float(out_of_scope[q]), float(beyond[q]), params)
        else:
            unsure = no_match.decide(chance, index.enriched, fitted)
        unsure = unsure or best is None
        accepted = {
            i for i in own if adjust[i] > 0
        }  # the council's accepted measures, pinned first
        nothing_fits = unsure and not accepted
        matches, least_sure = [], 0
        for i in order:
            has_lexical = lexical[q][i] > 0
            lexical_rank = int(lexical_ranks[i]) if has_lexical else None
            agreed = has_lexical and lexical_ranks[i] <= 3 and dense_ranks[i] <= 5
            # Bands are the matcher's own view, so a decision on one measure moves no other's.
            band = "weak" if unsure else confidence(float(cosine[i]), agreed, i == first, params)
            # No surer than a suggestion above it, so a list never reads "weak" then "possible".
            if i not in accepted:
                least_sure = max(least_sure, BANDS.index(band))
                band = BANDS[least_sure]
            reasons = (
                reasons_for(
                    texts[q][0], texts[q][1], index.measures[i], int(dense_ranks[i]), lexical_rank
                )
                if explain
                else []
            )
            if i in notes:
                reasons.insert(0, notes[i])
            matches.append(
                Match(
                    code=codes[i],
                    score=round(float(np.clip(fused[i], 0, 1)), 4),
                    confidence=band,
                    cosine=round(float(cosine[i]), 4),
                    dense_rank=int(dense_ranks[i]),
                    lexical_rank=lexical_rank,
                    explanation=reasons,
                )
            )
        results.append(
            Result(
                matches, nothing_fits, top_cosine, float(out_of_scope[q]), float(beyond[q]), chance
            )
        )
    return results
