"""The text side of relevance: word and character n-gram TF-IDF, fitted once per network.

Words (stemmed, so plurals and "Researcher" / "research" meet) are matched over a person's whole text; character n-grams
over their job title only, where spelling variants matter ("Researcher" / "Research", "Dev" /
"Developer"). Every distinct text and title is embedded once: directories repeat them heavily.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import (
    CountVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

from coffeechat.ranking.words import RANK, STOP, stem

CHAR_WEIGHT = 0.49  # squared weight of the title's character n-grams against the words
# Function and grade words only: scikit-learn's list drops title words ("full", "front").
STOP_WORDS = sorted(STOP | RANK)


def fold_word(token: str) -> str:
    """One token as the word model counts it: its stem (`Researcher` finds `research`)."""
    return stem(token)


class FoldedWords:
    """Word TF-IDF over stems.

    Folding is applied to the vocabulary, not to every document: the counts of `nurse` and `nurses`
    are summed by one sparse projection, which keeps the per-document work that of a plain
    CountVectorizer.
    """

    def fit_transform(self, docs: list[str]) -> sparse.csr_matrix:
        self.counter = CountVectorizer(stop_words=STOP_WORDS)
        counts = self.counter.fit_transform(docs)
        terms = self.counter.get_feature_names_out()
        folded, column = np.unique([fold_word(t) for t in terms], return_inverse=True)
        self.vocabulary = folded
        # A stop word's plural is a stop word too ("systems" like "system").
        keep = ~np.isin(folded, STOP_WORDS)
        self.projection = sparse.csr_matrix(
            (keep[column].astype(float), (np.arange(len(terms)), column)),
            shape=(len(terms), len(folded)),
        )
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        return self.tfidf.fit_transform(counts @ self.projection)

    def transform(self, docs: list[str]) -> sparse.csr_matrix:
        """Embed a few new texts (targets): tokens are folded one by one, so a plural that never
        occurred in the network still finds its singular."""
        analyze = self.counter.build_analyzer()
        column = {term: i for i, term in enumerate(self.vocabulary)}
        keep = np.asarray(self.projection.sum(axis=0)).ravel() > 0
        rows, cols = [], []
        for row, doc in enumerate(docs):
            for token in analyze(doc):
                col = column.get(fold_word(token))
                if col is not None and keep[col]:
                    rows.append(row)
                    cols.append(col)
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(docs), len(self.vocabulary))
        )
        return self.tfidf.transform(counts)


class TextModel:
    """Fitted TF-IDF spaces for people's texts and titles, plus a set of reference documents
    (the career fields) embedded in the same spaces."""

    def fit(self, texts: pd.Series, titles: pd.Series, references: list[str]) -> TextModel:
        self.text_of_person, text_values = pd.factorize(texts.fillna(""))
        self.title_of_person, title_values = pd.factorize(titles.fillna(""))
        self.words = FoldedWords()
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        n_text, n_title = len(text_values), len(title_values)
        word_matrix = self.words.fit_transform([*text_values, *references])
        char_matrix = self.chars.fit_transform([*title_values, *references])
        self.text_words = word_matrix[:n_text]
        self.title_chars = char_matrix[:n_title]
        self.ref_words = word_matrix[n_text:]
        self.ref_chars = char_matrix[n_title:]
        # Similarity of every distinct text / title to every reference, computed once.
        self.text_refs = (self.text_words @ self.ref_words.T).toarray().astype(np.float32)
        self.title_refs = (self.title_chars @ self.ref_chars.T).toarray().astype(np.float32)
        return self

    def _combine(self, word_sim: np.ndarray, char_sim: np.ndarray) -> np.ndarray:
        return (word_sim + CHAR_WEIGHT * char_sim) / (1 + CHAR_WEIGHT)

    def similarity(self, queries: list[str]) -> np.ndarray:
        """people x queries cosine-like similarity in [0, 1]."""
        if not len(self.text_of_person):
            return np.zeros((0, len(queries)))
        words = (self.text_words @ self.words.transform(queries).T).toarray()
        chars = (self.title_chars @ self.chars.transform(queries).T).toarray()
        return self._combine(words[self.text_of_person], chars[self.title_of_person])

    def query_references(self, queries: list[str]) -> np.ndarray:
        """queries x references similarity."""
        words = (self.words.transform(queries) @ self.ref_words.T).toarray()
        chars = (self.chars.transform(queries) @ self.ref_chars.T).toarray()
        return self._combine(words, chars)

    def people_references(self, columns: np.ndarray) -> np.ndarray:
        """people x the given reference columns."""
        return self._combine(
            self.text_refs[:, columns][self.text_of_person],
            self.title_refs[:, columns][self.title_of_person],
        )

    def __len__(self) -> int:
        return len(self.text_of_person)
