"""The text side of relevance: word and character n-gram TF-IDF, fitted once per network.

Words (stemmed, so plurals and "Researcher" / "research" meet) are matched over a person's whole text; character n-grams
over their job title only, where spelling variants matter ("Researcher" / "Research", "Dev" /
"Developer"). Every distinct text and title is embedded once: directories repeat them heavily.

scikit-learn fits the model; a fitted model embeds new queries (targets) without it. What the
vectorizers learned (vocabulary and idf) is kept in plain arrays and queries are analysed the way
scikit-learn analyses them, so a workspace that loads the fitted model from its cache answers
`rank` without importing scikit-learn, which takes 1.4 s of a warm `rank`'s 3 s.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import sparse

from coffeechat.ranking.words import RANK, STOP, stem

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

CHAR_WEIGHT = 0.49  # squared weight of the title's character n-grams against the words
# Function and grade words only: scikit-learn's list drops title words ("full", "front").
STOP_WORDS = sorted(STOP | RANK)
_STOP_SET = frozenset(STOP_WORDS)
CHAR_NGRAMS = (3, 5)

# scikit-learn's default token pattern, and the run of spaces its character analyser folds.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def fold_word(token: str) -> str:
    """One token as the word model counts it: its stem (`Researcher` finds `research`)."""
    return stem(token)


def word_tokens(doc: str) -> list[str]:
    """A text's words as a CountVectorizer with `STOP_WORDS` reads them: lower case, two letters
    or more, stop words dropped."""
    return [t for t in _TOKEN.findall(doc.lower()) if t not in _STOP_SET]


def char_ngrams(doc: str, ngrams: tuple[int, int] = CHAR_NGRAMS) -> list[str]:
    """A text's character n-grams within words, each word padded with a space at both ends: what
    scikit-learn's `char_wb` analyser yields (a word shorter than n counts once, whole)."""
    low, high = ngrams
    grams: list[str] = []
    for word in _SPACES.sub(" ", doc.lower()).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            grams.extend(padded[i : i + n] for i in range(max(size - n + 1, 1)))
            if size <= n:
                break
    return grams


class Idf:
    """What a fitted TF-IDF learned (columns and idf weights), applied to new token lists as
    `TfidfTransformer(sublinear_tf=True)` applies it: 1 + log(count), times idf, unit length."""

    def __init__(self, column: dict[str, int], idf: np.ndarray) -> None:
        self.column = column
        self.idf = idf

    def transform(self, token_lists: list[list[str]]) -> sparse.csr_matrix:
        rows, cols = [], []
        for row, tokens in enumerate(token_lists):
            for token in tokens:
                col = self.column.get(token)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(token_lists), len(self.idf))
        )
        counts.sum_duplicates()
        counts.data = (np.log(counts.data) + 1.0) * self.idf[counts.indices]
        length = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        length[length == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / length) @ counts)


class FoldedWords:
    """Word TF-IDF over stems.

    Folding is applied to the vocabulary, not to every document: the counts of `nurse` and `nurses`
    are summed by one sparse projection, which keeps the per-document work that of a plain
    CountVectorizer.
    """

    def fit_transform(self, docs: list[str]) -> sparse.csr_matrix:
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        counter = CountVectorizer(stop_words=STOP_WORDS)
        counts = counter.fit_transform(docs)
        terms = counter.get_feature_names_out()
        folded, column = np.unique([fold_word(t) for t in terms], return_inverse=True)
        # A stop word's plural is a stop word too ("systems" like "system").
        keep = ~np.isin(folded, STOP_WORDS)
        projection = sparse.csr_matrix(
            (keep[column].astype(float), (np.arange(len(terms)), column)),
            shape=(len(terms), len(folded)),
        )
        tfidf = TfidfTransformer(sublinear_tf=True)
        matrix = tfidf.fit_transform(counts @ projection)
        self.idf = self.of(folded, keep, tfidf)
        return matrix

    @staticmethod
    def of(folded: np.ndarray, keep: np.ndarray, tfidf: TfidfTransformer) -> Idf:
        """The query side of a fit: a stem's column, for the stems that are no stop words."""
        column = {str(term): i for i, term in enumerate(folded) if keep[i]}
        return Idf(column, np.asarray(tfidf.idf_, dtype=float))

    def transform(self, docs: list[str]) -> sparse.csr_matrix:
        """Embed a few new texts (targets): tokens are folded one by one, so a plural that never
        occurred in the network still finds its singular."""
        return self.idf.transform([[fold_word(t) for t in word_tokens(doc)] for doc in docs])


class CharGrams:
    """Character n-gram TF-IDF of titles (`char_wb`, 3 to 5 characters)."""

    def fit_transform(self, docs: list[str]) -> sparse.csr_matrix:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True)
        matrix = vectorizer.fit_transform(docs)
        self.idf = self.of(vectorizer)
        return matrix

    @staticmethod
    def of(vectorizer: TfidfVectorizer) -> Idf:
        """The query side of a fitted vectorizer."""
        column = {str(gram): int(i) for gram, i in vectorizer.vocabulary_.items()}
        return Idf(column, np.asarray(vectorizer.idf_, dtype=float))

    def transform(self, docs: list[str]) -> sparse.csr_matrix:
        return self.idf.transform([char_ngrams(doc) for doc in docs])


class TextModel:
    """Fitted TF-IDF spaces for people's texts and titles, plus a set of reference documents
    (the career fields) embedded in the same spaces."""

    def fit(self, texts: pd.Series, titles: pd.Series, references: list[str]) -> TextModel:
        self.text_of_person, text_values = pd.factorize(texts.fillna(""))
        self.title_of_person, title_values = pd.factorize(titles.fillna(""))
        self.words = FoldedWords()
        self.chars = CharGrams()
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
        chars = (self.chars.transform(queries) @ self.ref_chars.T).toarray()
        return self._combine(self.query_reference_words(queries), chars)

    def query_reference_words(self, queries: list[str]) -> np.ndarray:
        """queries x references similarity of their words alone (0 where they share none)."""
        return (self.words.transform(queries) @ self.ref_words.T).toarray()

    def people_references(self, columns: np.ndarray) -> np.ndarray:
        """people x the given reference columns."""
        return self._combine(
            self.text_refs[:, columns][self.text_of_person],
            self.title_refs[:, columns][self.title_of_person],
        )

    def __len__(self) -> int:
        return len(self.text_of_person)
