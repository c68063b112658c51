"""The fitted text model embeds queries exactly as scikit-learn would, without importing it."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from coffeechat.ranking.textmodel import (
    CHAR_NGRAMS,
    STOP_WORDS,
    CharGrams,
    FoldedWords,
    TextModel,
    char_ngrams,
    word_tokens,
)

DOCS = [
    "Senior UX Researcher ; Acme ; human factors",
    "Nurse Practitioner ; nurses ; St. Mary's",
    "Data Scientist ; machine learning systems",
    "Réalisatrice ; cinéma",
    "Dev",
    "a",
    "",
    "UX  researcher\tand\u00a0designer",
]

# Letters, accents, digits, punctuation and every kind of space, in short runs.
TEXT = st.text(
    alphabet=st.sampled_from([*"uxresarchUXRESdvn éèÉß-_.'&/\t\n\u00a0\u2003 0123", "ǅ"]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_character_ngrams_are_scikit_learns(doc: str) -> None:
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS).build_analyzer()
    assert char_ngrams(doc) == analyzer(doc)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_tokens_are_scikit_learns(doc: str) -> None:
    assert word_tokens(doc) == CountVectorizer(stop_words=STOP_WORDS).build_analyzer()(doc)


def _same(ours: object, theirs: object) -> None:
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), atol=1e-12)  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_titles_embed_as_a_fitted_tfidf_vectorizer_embeds_them(queries: list[str]) -> None:
    fitted = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
    fitted.fit(DOCS)
    _same(
        CharGrams.of(fitted).transform([char_ngrams(q) for q in queries]), fitted.transform(queries)
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_words_embed_as_counts_and_a_fitted_transformer_embed_them(queries: list[str]) -> None:
    # Without folding (each term its own stem), the word side is CountVectorizer + TfidfTransformer.
    counter = CountVectorizer(stop_words=STOP_WORDS).fit(DOCS)
    terms = counter.get_feature_names_out()
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counter.transform(DOCS))
    ours = FoldedWords.of(terms, np.ones(len(terms), dtype=bool), tfidf)
    _same(
        ours.transform([word_tokens(q) for q in queries]),
        tfidf.transform(counter.transform(queries)),
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "nurse",
                "nurses",
                "Researchers",
                "systems",
                "UX",
                "scientist",
                "designer",
                "the",
                "and",
                "Réalisatrice",
                "Dev",
            ]
        ),
        max_size=6,
    )
)
def test_folded_words_embed_queries_as_scikit_learn_fitted_on_stems_would(words: list[str]) -> None:
    """The word side with folding: counts by scikit-learn, summed per stem, weighted by a fitted
    TfidfTransformer; a query's tokens folded one by one."""
    from coffeechat.ranking.textmodel import fold_word

    ours = FoldedWords()
    fitted = ours.fit_transform(DOCS)
    counter = CountVectorizer(stop_words=STOP_WORDS).fit(DOCS)
    folded, column = np.unique(
        [fold_word(t) for t in counter.get_feature_names_out()], return_inverse=True
    )
    keep = ~np.isin(folded, STOP_WORDS)
    projection = np.zeros((len(column), len(folded)))
    projection[np.arange(len(column)), column] = keep[column]
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counter.transform(DOCS) @ projection)
    np.testing.assert_allclose(
        fitted.toarray(), tfidf.transform(counter.transform(DOCS) @ projection).toarray()
    )
    query = " ".join(words)
    counts = np.zeros((1, len(folded)))
    for token in counter.build_analyzer()(query):
        at = np.searchsorted(folded, fold_word(token))
        if at < len(folded) and folded[at] == fold_word(token) and keep[at]:
            counts[0, at] += 1
    _same(ours.transform([query]), tfidf.transform(counts))


def test_a_query_finds_a_plural_and_its_embedding_is_unit_length() -> None:
    words = FoldedWords()
    matrix = words.fit_transform(DOCS)
    nurse = words.transform(["nurse"])
    assert nurse.nnz == 1 and np.isclose(nurse.multiply(nurse).sum(), 1.0)
    # "nurses" and "nurse" are one stem: the query meets the second document.
    assert (matrix @ nurse.T).toarray()[1, 0] > 0
    assert words.transform(["underwater basket weaving"]).nnz == 0


def test_a_fitted_model_loads_and_ranks_queries_without_scikit_learn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    model = TextModel().fit(pd.Series(DOCS), pd.Series(DOCS), ["user research", "nursing"])
    path = tmp_path / "model.pickle"
    path.write_bytes(pickle.dumps(model))
    expected = model.similarity(["UX research"]).round(9).tolist()
    script = (
        "import pickle, sys\n"
        f"model = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "print(model.similarity(['UX research']).round(9).tolist())\n"
        "print(any(name.startswith('sklearn') for name in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [str(expected), "False"]
