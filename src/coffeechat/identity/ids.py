"""Stable person ids: a readable `p` + 11 hex digits, from a keyed hash of what first identified the
person, with collisions rerolled."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from coffeechat.identity.frames import as_text


def person_id_for(*parts: str) -> str:
    """A stable id from the evidence that first introduced the person."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "p" + digest[:11]


# A fixed key keeps ids reproducible: the same evidence gives the same id in every workspace.
_ID_HASH_KEY = "coffeechat-ids-1"


def person_ids_for(seeds: pd.Series, taken: set[str]) -> list[str]:
    """Stable ids for many new people at once (one per seed), none of them in `taken`; `taken`
    gains them.

    A vectorised 64-bit hash of each seed gives the id; the rare id already taken (or repeated
    within the batch) falls back to `person_id_for`, which chains until it finds a free one.
    """
    hashed = pd.util.hash_array(as_text(seeds).to_numpy(), hash_key=_ID_HASH_KEY, categorize=False)
    # The top 44 bits as 11 hex digits: 16 digits per value, the first 5 always zero.
    digits = (hashed >> 20).astype(">u8").tobytes().hex()
    ids = ["p" + digits[start + 5 : start + 16] for start in range(0, len(digits), 16)]
    clash = pd.Series(ids, dtype=object).duplicated().to_numpy(copy=True)
    if taken:
        # Asked once for the batch: `taken` may be the store's ids, looked up by index.
        held = taken.intersection(ids)
        clash |= np.fromiter((pid in held for pid in ids), bool, len(ids))
    taken.update(pid for pid, bad in zip(ids, clash.tolist(), strict=True) if not bad)
    for i in np.flatnonzero(clash).tolist():
        seed, pid = str(seeds.iloc[i]), ids[i]
        while pid in taken:
            pid = person_id_for(seed, pid)
        ids[i] = pid
        taken.add(pid)
    return ids
