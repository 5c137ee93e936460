"""A searchable index over a catalogue: several embedded views per measure plus an FTS5 table."""

import re
import sqlite3
import threading
from dataclasses import dataclass, field

import numpy as np

from specifier.matching import adapter, embeddings, glossary
from specifier.matching.text import stems, words

# Column weights for BM25: title, description, theme and outcome, keywords and examples.
BM25_WEIGHTS = (3.0, 1.0, 1.0, 1.5)


VOCABULARY_FIELDS = ("title", "description", "keywords", "theme", "outcome")


def _heading(measure):
    """A measure's theme and outcome, the headings it sits under ("" when it has none)."""
    return " ".join(filter(None, [measure.get("theme"), measure.get("outcome")]))


def measure_views(measure):
    """Return the texts that describe a measure to the embedding model, by kind.

    Views are stored contiguously per measure, so per-measure scores are a reduceat over them.
    """
    title = measure["title"]
    context = _heading(measure)
    views = {
        "title": glossary.expand(title)[0],
        "full": glossary.expand(f"{title}. {measure.get('description', '')}")[0],
        "context": glossary.expand(f"{context}: {title}")[0],
    }
    if measure.get("keywords"):
        views["keywords"] = f"{title}: {measure['keywords']}"
    return views


def _natural(code):
    """Sort key that puts SCB-9 before SCB-10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]


def lead_prior(measures):
    """1 for the first measure listed under each outcome, 1/2 for the second, and so on.

    Catalogues list an outcome's headline measure first ("Local residents employed" before the
    groups facing barriers), and a priority that names only a broad aim means that headline.
    Order is by code, so it is the same however the measures arrive; no outcome, no prior.
    """
    prior = np.zeros(len(measures), dtype=np.float32)
    groups = {}
    for i, m in enumerate(measures):
        if m.get("outcome"):
            groups.setdefault((m.get("theme"), m["outcome"]), []).append(i)
    for members in groups.values():
        for place, i in enumerate(sorted(members, key=lambda i: _natural(measures[i]["code"]))):
            prior[i] = 1 / (1 + place)
    return prior


@dataclass
class MeasureIndex:
    """Everything needed to rank one catalogue's measures against priorities."""

    measures: list
    view_starts: np.ndarray
    vectors: np.ndarray  # the model's own: how close in meaning, for no-match and confidence
    adapted: np.ndarray  # through the learned adapter (see adapter.py): for ranking
    fts: sqlite3.Connection
    lead: np.ndarray
    contexts: np.ndarray  # the catalogue's distinct themes and outcomes: what it covers at all
    vocabulary: frozenset  # stems of every word the catalogue uses
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, measures, cache=None, progress=None):
        """Embed every view of every measure (cached) and build the lexical index."""
        starts, texts, scopes = [], [], []
        for measure in measures:
            starts.append(len(texts))
            views = measure_views(measure).values()
            texts.extend(views)
            scopes.extend([measure.get("council_id")] * len(views))  # ours are shared
        headings = dict.fromkeys((_heading(m), m.get("council_id")) for m in measures)
        headings = [(text, scope) for text, scope in headings if text]
        vectors = embeddings.embed(
            texts + [text for text, _ in headings],
            cache=cache,
            progress=progress,
            scopes=scopes + [scope for _, scope in headings],
        )
        vectors, contexts = vectors[: len(texts)], vectors[len(texts) :]
        fts = sqlite3.connect(":memory:", check_same_thread=False)
        fts.execute(
            "CREATE VIRTUAL TABLE m USING fts5(title, description, context, keywords,"
            " tokenize='porter')"
        )
        fts.executemany(
            "INSERT INTO m (rowid, title, description, context, keywords) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    i,
                    glossary.expand(m["title"])[0],
                    glossary.expand(m.get("description", ""))[0],
                    _heading(m),
                    m.get("keywords", ""),
                )
                for i, m in enumerate(measures)
            ],
        )
        vocabulary = frozenset().union(
            *(stems(" ".join(str(m.get(k) or "") for k in VOCABULARY_FIELDS)) for m in measures)
        )
        return cls(
            measures,
            np.array(starts),
            vectors,
            adapter.adapt(vectors),
            fts,
            lead_prior(measures),
            contexts,
            vocabulary,
        )

    @property
    def enriched(self):
        """True when most measures carry keywords or example phrasings beyond title and description."""
        return 2 * sum(bool(m.get("keywords")) for m in self.measures) >= len(self.measures)

    def dense(self, query_vectors, view_mix, adapted=False):
        """Return cosine similarity (queries x measures): a mix of the best and the mean view.

        With `adapted`, the query vectors are through the adapter too, and so are the measures'.
        """
        sims = query_vectors @ (self.adapted if adapted else self.vectors).T
        best = np.maximum.reduceat(sims, self.view_starts, axis=1)
        counts = np.diff(np.append(self.view_starts, len(self.vectors)))
        mean = np.add.reduceat(sims, self.view_starts, axis=1) / counts
        return view_mix * best + (1 - view_mix) * mean

    def closest_heading(self, query_vectors):
        """Each query's best cosine to a theme or outcome (None when the catalogue has none)."""
        return (query_vectors @ self.contexts.T).max(axis=1) if len(self.contexts) else None

    def coverage(self, query_text):
        """The share of a text's content words (by stem) that the catalogue uses anywhere."""
        found = stems(query_text)
        return len(found & self.vocabulary) / len(found) if found else 0.0

    def lexical(self, query_text):
        """Return BM25 scores (higher is better, 0 for no shared word) for every measure."""
        scores = np.zeros(len(self.measures), dtype=np.float32)
        tokens = list(dict.fromkeys(words(query_text)))
        if not tokens:
            return scores
        query = " OR ".join(f'"{t}"' for t in tokens)
        with self.lock:
            rows = self.fts.execute(
                "SELECT rowid, -bm25(m, ?, ?, ?, ?) FROM m WHERE m MATCH ?",
                [*BM25_WEIGHTS, query],
            ).fetchall()
        for rowid, score in rows:
            scores[rowid] = score
        return scores
