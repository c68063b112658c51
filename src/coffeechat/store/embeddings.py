"""A cache of text embeddings beside the store: one vector per distinct text and model.

It is a cache, not a record: `cache/embeddings.sqlite` in the workspace may be deleted at any time
and is rebuilt on the next rank. Keeping it in SQLite (not one array file) lets a re-rank append only
the texts it has not seen, and several processes read it safely.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

Encode = Callable[[list[str]], "np.ndarray"]  # (quoted: defining it loads no numpy)


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """Vectors by (model, text); `cached(encode)` wraps an encoder so each text is encoded once."""

    def __init__(self, path: Path, model: str) -> None:
        self.path = path
        self.model = model
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
            "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, key))"
        )
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def _load(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            chunk = keys[start : start + 500]
            rows = self.conn.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN "
                f"({','.join('?' * len(chunk))})",
                (self.model, *chunk),
            )
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def cached(self, encode: Encode) -> Encode:
        def lookup(texts: list[str]) -> np.ndarray:
            keys = [_key(t) for t in texts]
            found = self._load(keys)
            missing = [i for i, k in enumerate(keys) if k not in found]
            if missing:
                fresh = np.asarray(encode([texts[i] for i in missing]), dtype=np.float32)
                rows = [
                    (self.model, keys[i], fresh.shape[1], fresh[j].tobytes())
                    for j, i in enumerate(missing)
                ]
                with self.conn:
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows
                    )
                found.update((keys[i], fresh[j]) for j, i in enumerate(missing))
            if not texts:
                return np.zeros((0, 0), dtype=np.float32)
            return np.vstack([found[k] for k in keys])

        return lookup
