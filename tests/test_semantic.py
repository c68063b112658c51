"""The semantic extra as an optional ranking signal: it orders, it never makes a match, its vectors
are cached in the workspace, and without it everything works as before."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pandas as pd
import pytest

from coffeechat import columns as C
from coffeechat.profile import Target
from coffeechat.ranking import semantic
from coffeechat.ranking.ranker import MATCHER, Context, Ranker
from coffeechat.workspace import CACHE_DIR, Workspace


class StubEncoder:
    """Hashed bag of words, unit length: close texts share words. Counts what it was asked."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, hashlib.md5(word.encode()).digest()[0] % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


PEOPLE = pd.DataFrame(
    {
        C.PERSON_ID: ["a", "b", "c", "d"],
        C.FULL_NAME: ["Ana", "Bo", "Cy", "Di"],
        C.COMPANY: ["Acme", "Globex", "Initech", "Hooli"],
        C.POSITION: ["UX Researcher", "Usability Analyst", "Accountant", "Research Usability Lead"],
        C.SOURCES: ["linkedin"] * 4,
    }
)


def test_embeddings_reorder_but_never_add_a_match() -> None:
    plain = Ranker(context=Context()).fit(PEOPLE)
    stub = StubEncoder()
    extra = Ranker(context=Context(), encode=stub).fit(PEOPLE)
    target = [Target("UX research")]
    assert plain.matcher == MATCHER
    assert "all-MiniLM-L6-v2" in extra.matcher
    assert set(extra.rank(target)[C.PERSON_ID]) == set(plain.rank(target)[C.PERSON_ID])
    assert not np.allclose(extra.relevance(target).score, plain.relevance(target).score)
    # Each distinct title was embedded once at fit; each target once per query.
    assert sorted(stub.seen[:4]) == sorted(PEOPLE[C.POSITION])


def test_the_workspace_caches_vectors_and_the_cache_can_go(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub = StubEncoder()
    monkeypatch.setattr(semantic, "encoder", lambda: stub)
    first = workspace.rank(["UX research"], top=10)
    titles = workspace.contacts()[C.POSITION].fillna("").nunique()
    assert len(stub.seen) == titles + 1  # every distinct title, and the target
    assert (workspace.root / CACHE_DIR / "embeddings.sqlite").exists()

    again = Workspace(workspace.root)  # a new process: the fitted ranker is gone, the cache is not
    stub.seen.clear()
    second = again.rank(["UX research"], top=10)
    assert stub.seen == []
    pd.testing.assert_frame_equal(first, second)
    again.close()

    workspace.close()
    shutil.rmtree(workspace.root / CACHE_DIR)  # a cache: deleting it loses nothing
    fresh = Workspace(workspace.root)
    pd.testing.assert_frame_equal(fresh.rank(["UX research"], top=10), first)
    fresh.close()


def test_without_the_extra_the_default_matcher_runs(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "encoder", lambda: None)
    assert workspace.ranker().matcher == MATCHER
    assert not (workspace.root / CACHE_DIR / "embeddings.sqlite").exists()


@pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed")
def test_the_packaged_model_embeds_offline() -> None:
    encode = semantic.encoder()
    assert encode is not None
    vectors = encode(["UX Researcher", "User Experience Researcher", "Accountant"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
