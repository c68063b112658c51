"""Evidence that a person works in a target field: the facts a `why` may state.

Similarity (the text model) orders people; evidence decides what may be claimed. A person matches a
target only when

- their own words carry every content word of the target (title, industry, degree or what they offered
  to help with), stems compared, so "UX Research Lead" matches "UX research" and "Credit Research"
  does not; or
- the target names a career field of the vocabulary ("becoming a lawyer" names Law) and their title
  carries one of that field's own titles or synonyms ("Attorney"). Only the fields the target names
  count: a neighbouring field is never a match.

A field phrase made only of generic words ("Director", "Project Manager") is no evidence on its own.
Titles and texts repeat heavily, so each distinct one is stemmed once and matched once per target.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse

from coffeechat.ranking.fields import CareerField
from coffeechat.ranking.words import (
    content_stems,
    informative,
    non_subject_stems,
    readings,
    stems_meet,
    strip_intent,
    support_role,
    support_stems,
    teaching_stems,
)

NONE, WORDS, FIELD = 0, 1, 2


@dataclass(frozen=True)
class Phrase:
    """One name, synonym or title of a career field, as stems."""

    field: int
    text: str
    stems: frozenset[str]
    kind: str  # "name" (the name or an alias: the whole field), "synonym" or "title"


def _stem_set(text: str) -> frozenset[str]:
    return frozenset(s for _, s in content_stems(text))


_PARTS = re.compile(r",|;|/|\s[-\u2013\u2014]\s|\s(?:of|for|at|in|and|&)\s", re.I)


def head_stems(title: str) -> frozenset[str]:
    """The head word of each part of a title: English titles end with what they are about, once
    generic, grade and credential words are set aside ("Senior Data Scientist" -> data scientist's
    "scientist" is generic, so "data")."""
    ignored = non_subject_stems()
    heads = set()
    for part in _PARTS.split(re.sub(r"\(.*?\)", " ", title)):
        found = [s for _, s in content_stems(part)]
        subject = [s for s in found if s not in ignored]
        if subject or found:
            heads.add((subject or found)[-1])
    return frozenset(heads)


def target_stems(target: str) -> frozenset[str]:
    return _stem_set(strip_intent(target))


def _covered(these: Iterable[str], by: frozenset[str]) -> bool:
    return all(any(stems_meet(a, b) for b in by) for a in these)


def _phrases(fields: Sequence[CareerField]) -> list[Phrase]:
    out = []
    for i, f in enumerate(fields):
        # A text may be both a title and a name of the field ("attorney" for Law): one phrase each.
        kinds = [
            *((t, "name") for t in dict.fromkeys((f.name, *f.aliases))),
            *((t, "synonym") for t in f.synonyms),
            *((t, "title") for t in f.titles),
        ]
        for text, kind in kinds:
            stems = _stem_set(text)
            if stems:
                out.append(Phrase(i, text, stems, kind))
    return out


@dataclass(frozen=True)
class Match:
    """What one target's evidence is, for every person."""

    kind: np.ndarray  # NONE, WORDS or FIELD per person
    fields: tuple[int, ...]  # the fields the target names


class Evidence:
    """Stemmed words of every distinct title and text, and the field vocabulary's phrases."""

    def fit(self, titles: pd.Series, texts: pd.Series, fields: Sequence[CareerField]) -> Evidence:
        self.fields = tuple(fields)
        self.phrases = _phrases(fields)
        self.title_of_person, title_values = pd.factorize(titles.fillna("").astype(str))
        self.text_of_person, text_values = pd.factorize(texts.fillna("").astype(str))
        title_stems = [_stem_set(t) for t in title_values]
        text_stems = [_stem_set(t) for t in text_values]
        vocabulary = sorted(set().union(*title_stems, *text_stems)) if len(title_values) else []
        self.vocabulary = vocabulary
        self.column = {s: i for i, s in enumerate(vocabulary)}
        # Column slices are what matching does: keep the incidence by columns (and by rows, for
        # the words of the few titles `_elsewhere` reads).
        self.title_rows = _incidence(title_stems, self.column)
        self.titles = self.title_rows.tocsc()
        self.texts = _incidence(text_stems, self.column).tocsc()
        self.heads = _incidence(
            [head_stems(t) & stems for t, stems in zip(title_values, title_stems, strict=True)],
            self.column,
        ).tocsc()
        self.supporting = np.array([support_role(t) for t in title_values], dtype=bool)
        self.owners = _owners(self.phrases)
        self._owners_met: dict[str, frozenset[int]] = {}
        return self

    # -- stems of the network that meet a stem ------------------------------------------------

    def _columns(self, s: str) -> list[int]:
        """Vocabulary columns whose stem meets `s` (see `stems_meet`), without scanning them all."""
        found = set()
        if s in self.column:
            found.add(self.column[s])
        # Longer stems that `s` begins (or `s` less a trailing i/y/e).
        for prefix in {s, s[:-1] if s[-1:] in ("i", "y", "e") else s}:
            if len(prefix) < 5:
                continue
            lo = bisect.bisect_left(self.vocabulary, prefix)
            while lo < len(self.vocabulary) and self.vocabulary[lo].startswith(prefix):
                if stems_meet(s, self.vocabulary[lo]):
                    found.add(lo)
                lo += 1
        # Shorter stems that begin `s`.
        for n in range(5, len(s)):
            for cut in (s[:n], s[:n] + "i", s[:n] + "y", s[:n] + "e"):
                if cut in self.column and stems_meet(cut, s):
                    found.add(self.column[cut])
        return sorted(found)

    def _has(self, matrix: sparse.csc_matrix, *stems: str) -> np.ndarray:
        """Per row: does it carry a stem meeting any of these?"""
        cols = sorted({c for s in stems for c in self._columns(s)})
        if not cols:
            return np.zeros(matrix.shape[0], dtype=bool)
        return np.asarray(matrix[:, cols].sum(axis=1)).ravel() > 0

    # -- targets --------------------------------------------------------------------------------

    def named_fields(self, target: str) -> tuple[int, ...]:
        """The fields a target names, in any of its readings (`words.readings`: "UX/UI design" is
        also "UI design")."""
        named = (f for reading in readings(target) for f in self._named_fields(reading))
        return tuple(dict.fromkeys(named))

    def _named_fields(self, target: str) -> tuple[int, ...]:
        """The fields a target names: the field's name or an alias says what the target says, up to
        generic words on one side ("public health research" names Public health; "marine biology"
        names none)."""
        stems = target_stems(target)
        if not stems:
            return ()
        named: list[int] = []
        for p in self.phrases:
            # Only the name of a whole field: most synonyms name a part of it ("therapy" is not
            # all of social work and counseling).
            if p.field in named or p.kind != "name":
                continue
            # The same words, stems compared: "physician assistant" does not name Medicine for
            # its "physician", nor "sales management" Sales for its "sales".
            if _covered(stems, p.stems) and _covered(p.stems, stems):
                named.append(p.field)
        return tuple(named)

    def match(self, target: str) -> Match:
        """Per person, the strongest evidence for any reading of the target (`words.readings`):
        "ML" is matched by a Machine Learning Engineer, "UX/UI design" by a UI Designer."""
        found = [self._match(reading) for reading in readings(target)]
        kinds = np.array([m.kind for m in found])
        # Their own words first, as for one reading: a field title only where no words match.
        kind = np.where((kinds == WORDS).any(axis=0), WORDS, kinds.max(axis=0, initial=NONE))
        fields = tuple(dict.fromkeys(f for m in found for f in m.fields))
        return Match(kind.astype(np.int8), fields)

    def _match(self, target: str) -> Match:
        """Per person: WORDS when their own words carry every content word of the target, else
        FIELD when their title carries a phrase of a field the target names, else NONE."""
        n = len(self.title_of_person)
        stems = target_stems(target)
        fields = self._named_fields(target)
        if not n or not stems:
            return Match(np.zeros(n, dtype=np.int8), fields)
        in_title = np.ones(self.titles.shape[0], dtype=bool)
        anywhere = np.ones(n, dtype=bool)
        for s in stems:
            title_has = self._has(self.titles, s)
            in_title &= title_has
            anywhere &= (
                title_has[self.title_of_person] | self._has(self.texts, s)[self.text_of_person]
            )
        # A title that carries the target's words but is mostly about something else ("Psychiatric
        # Nursing Aide" for "nursing") is no match; words found beyond the title are. Nor is one of
        # someone who teaches the subject ("Chemistry Professor"), unless teaching is the target.
        teaching = (
            self._has(self.titles, *teaching_stems())
            if not stems & teaching_stems()
            else np.zeros(self.titles.shape[0], dtype=bool)
        )
        about = self._claimable(in_title, stems, fields, teaching)
        words = np.where(in_title[self.title_of_person], about[self.title_of_person], anywhere)
        in_field = np.zeros(self.titles.shape[0], dtype=bool)
        for p in self.phrases:
            if p.field not in fields or p.kind == "name" or not informative(p.stems):
                continue
            hit = np.ones(self.titles.shape[0], dtype=bool)
            for s in p.stems:
                hit &= self._has(self.titles, s)
            in_field |= self._claimable(hit, p.stems, fields, teaching)
        kind = np.where(words, WORDS, np.where(in_field[self.title_of_person], FIELD, NONE))
        return Match(kind.astype(np.int8), fields)

    def _claimable(
        self,
        titles: np.ndarray,
        stems: frozenset[str],
        fields: tuple[int, ...],
        teaching: np.ndarray,
    ) -> np.ndarray:
        """Of these distinct titles, those a match may be claimed on: about the stems (see
        `_about`), not someone teaching them, not a support role unless the stems ask for one,
        and not another field's occupation (see `_elsewhere`)."""
        found = titles & self._about(stems) & ~teaching
        if not stems & support_stems():
            found &= ~self.supporting
        return found & ~self._elsewhere(found, stems, fields)

    def _elsewhere(
        self, candidates: np.ndarray, stems: frozenset[str], fields: tuple[int, ...]
    ) -> np.ndarray:
        """Per distinct title: does a word in front of the matched one move the title to another
        field, one whose own vocabulary has that occupation too? "Systems Architect" is IT's
        architect and "Music Therapist" a music therapist, not what "architecture" or a bare
        "therapy" ask for; "Oncology Nurse" stays a nurse (no other field calls anyone a nurse),
        and "Games User Researcher" a user researcher (game design has no researchers)."""
        out = np.zeros(len(candidates), dtype=bool)
        # The other fields with an occupation of this name.
        rivals = set().union(*(self._owners_of(s) for s in stems)) - set(fields)
        rows = np.flatnonzero(candidates)
        if not rivals or not len(rows):
            return out
        titles = self.title_rows[rows]
        vocabulary = self.vocabulary
        ignored = _not_subject()
        # Occupations of several words: a title that is one of a rival field's, word for word, and
        # none of the target's as fully, is that field's job ("Communications Engineer" is a
        # telecommunications engineer, not someone in communications).
        theirs = [p.stems for p in self.phrases if p.field in rivals and len(p.stems) > 1]
        ours = [p.stems for p in self.phrases if p.field in fields and len(p.stems) > 1]
        for k, row in enumerate(rows):
            words = {vocabulary[c] for c in titles.indices[titles.indptr[k] : titles.indptr[k + 1]]}
            for other in words:
                if other in ignored or any(stems_meet(other, s) for s in stems):
                    continue
                if self._owners_of(other) & rivals:
                    out[row] = True
                    break
            else:  # No word moved it; a whole phrase may, when the target names a field (one
                # that names none has every owner as a rival).
                out[row] = bool(fields) and _longest(theirs, words) > _longest(ours, words)
        return out

    def _owners_of(self, s: str) -> frozenset[int]:
        """The fields whose vocabulary carries this stem, or one meeting it ("architect" for
        "architectur"), as a subject word (not a generic one)."""
        known = self._owners_met.get(s)
        if known is None:
            found = set(self.owners.get(s, ()))
            for other, fields in self.owners.items():
                if other != s and stems_meet(s, other):
                    found |= fields
            known = self._owners_met[s] = frozenset(found)
        return known

    def _about(self, stems: frozenset[str]) -> np.ndarray:
        """Per distinct title: is one of these stems what the title is about, the head word of
        one of its parts ("Pediatrician" in "Group Practice Pediatrician", "UX" in "Vice
        President, UX Research"), rather than a word that qualifies something else ("Nursing" in
        "Nurse Clinical Information Systems Coordinator")?"""
        return self._has(self.heads, *stems)

    # -- the sentence ---------------------------------------------------------------------------

    def describe(self, target: str, kind: int, *, title: str, text: str) -> str:
        """Which words, or which field title, matched: the parenthesis of a `why`. The words are
        those of the first reading of the target that the person's words carry whole."""
        if kind == WORDS:
            said = f"{title} ; {text}"
            stems = next(
                (stems for reading in readings(target)
                 if (stems := target_stems(reading)) and _words_cover(stems, said)),
                target_stems(target),
            )  # fmt: skip
            in_title = _words_meeting(stems, title)
            rest = [w for w in _words_meeting(stems, text) if w.lower() not in
                    {t.lower() for t in in_title}]  # fmt: skip
            quoted = ", ".join(f'"{w}"' for w in in_title)
            if rest:
                others = ", ".join(f'"{w}"' for w in rest)
                return (
                    f"{quoted} in title, {others} in profile"
                    if in_title
                    else f"{others} in profile"
                )
            return f"{quoted} in title"
        if kind == FIELD:
            title_stems = _stem_set(title)
            heads = head_stems(title)
            named = self.named_fields(target)
            found = [
                p
                for p in self.phrases
                if p.field in named
                and p.kind != "name"
                and informative(p.stems)
                and _covered(p.stems, title_stems)
                and any(stems_meet(s, h) for s in p.stems for h in heads)
            ]
            if found:
                # The fullest title first ("human factors engineer" over "human factors").
                best = max(found, key=lambda p: (p.kind == "title", len(p.stems)))
                name = self.fields[best.field].name
                # "an Urban planning title", "a UX research title"
                vowel = name[:1].lower() in "aeio" or (name[:1] == "U" and not name[:2].isupper())
                noun = "title" if best.kind == "title" else "term"
                return f'"{best.text}" is {"an" if vowel else "a"} {name} {noun}'
        return ""


def _longest(phrases: list[frozenset[str]], words: set[str]) -> int:
    """The most words of any of these phrases that the title holds whole (0 for none)."""
    return max((len(p) for p in phrases if p <= words), default=0)


@lru_cache(maxsize=1)
def _not_subject() -> frozenset[str]:
    """Stems that never place a title in a field: generic, credential and teaching words."""
    return non_subject_stems() | teaching_stems()


def _owners(phrases: Sequence[Phrase]) -> dict[str, frozenset[int]]:
    """Stem -> the fields whose names, synonyms and titles carry it as a subject word."""
    found: dict[str, set[int]] = {}
    for p in phrases:
        for s in p.stems - _not_subject():
            found.setdefault(s, set()).add(p.field)
    return {s: frozenset(f) for s, f in found.items()}


def _words_cover(stems: frozenset[str], text: str) -> bool:
    """Does the text hold a word meeting each of these stems?"""
    said = [s for _, s in content_stems(text)]
    return all(any(stems_meet(s, t) for t in said) for s in stems)


def _words_meeting(stems: frozenset[str], text: str) -> list[str]:
    """The words of `text`, as written, whose stems meet any of `stems`."""
    seen: dict[str, str] = {}
    for word, s in content_stems(text):
        if any(stems_meet(s, t) for t in stems):
            seen.setdefault(word, _as_written(word, text))
    return list(seen.values())


def _as_written(word: str, text: str) -> str:
    at = text.lower().find(word)
    return text[at : at + len(word)] if at >= 0 else word


def _incidence(rows: list[frozenset[str]], column: dict[str, int]) -> sparse.csr_matrix:
    """Binary rows x stems matrix."""
    indptr = [0]
    indices: list[int] = []
    for stems in rows:
        indices.extend(column[s] for s in stems)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.int8)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(column)))
