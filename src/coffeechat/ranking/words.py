"""Words as the ranker compares them: tokens, their stems, and which words say nothing about a field.

Stems come from the Snowball English stemmer, so "Researcher" and "research" meet. Snowball keeps agent
nouns apart from their subjects ("therapist" / "therapi", "economist" / "econom"), so two stems also
meet when the shorter one (five letters or more) begins the longer; that keeps "nurs" away from
"nurseri" and "lawyer" away from "sawyer".
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word, with what joins or ends it in names of work: "c++", "c#", and "r&d" or "m&a" whole (two
# letters apart, "m" and "a", say nothing).
_TOKEN = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)*[+#]*")

# Function words. Deliberately short: scikit-learn's stop list drops words that matter in titles
# ("full", "front", "system", "fire").
STOP = _wordset(
    """a an and the of in on at to for with from by or as into onto about via vs my your our their
    i me we you its is are be being been am was were do does doing etc"""
)

# How students wrap a target: "becoming a lawyer", "a career in law", "working in PR".
INTENT = re.compile(
    r"^\s*(?:i\s+(?:want|would like|'d like)\s+to\s+)?(?:"
    r"becom(?:e|ing)|be|get(?:ting)?\s+into|break(?:ing)?\s+into|"
    r"(?:a\s+)?(?:careers?|jobs?|roles?|work(?:ing)?)\s+(?:in|as|at|on)|work(?:ing)?\s+(?:in|as|at|on)|"
    r"transition(?:ing)?\s+(?:in)?to|mov(?:e|ing)\s+into|pursu(?:e|ing)"
    r")\b",
    re.I,
)

# Grade words: they say how senior someone is, not what they do ("Senior", "II").
RANK = _wordset("senior sr junior jr lead ii iii iv entry level")

# Words many unrelated occupations share. Alone they are no evidence for a target with other words
# ("Credit Research" for "UX research"), nor is a field title made only of one of them ("Director"
# for "film production").
GENERIC_WORDS = _wordset(
    """research manager management director analyst analysis specialist officer coordinator
    supervisor administrator administration consultant consulting services service operations
    operator development developer program programs project technician worker professional expert
    representative agent clerk executive general team member scientist producer editor buyer
    broker controller president partner owner founder support design designer engineer
    associate assistant aide advisor adviser officer instructor educator professor"""
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


# Words Snowball folds into a stem they share with different work: "securities" with "security",
# "policing" with "policy", "hospitality" with "hospital", "accounting" with "accounts", and
# "counseling" with a lawyer's "counsel", "reporter" with "reporting", and "production" (film, plant)
# with "product".
_OWN_STEM = {
    "securities": "securities",
    "policing": "policing",
    "hospitality": "hospitality",
    "accounting": "accounting",
    "accountant": "accounting",
    "accountants": "accounting",
    "accountancy": "accounting",
    "counseling": "counseling",
    "reporter": "reporter",
    "production": "production",
    "productions": "production",
    "reporters": "reporter",
    "counselling": "counseling",
    # Surveying land is what surveyors do; a "survey" (market, traffic) is other work.
    "surveying": "surveyor",
    "surveyor": "surveyor",
    "surveyors": "surveyor",
    # An engine is what a mechanic mends; engineering is another trade.
    "engine": "engine",
    "engines": "engine",
    "counselor": "counseling",
    "counselors": "counseling",
    "counsellor": "counseling",
    "counsellors": "counseling",
}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word (a few words keep their own, see _OWN_STEM)."""
    return _OWN_STEM.get(word) or str(_stemmer().stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, stop words kept (callers decide)."""
    return _TOKEN.findall(text.lower())


# Abbreviations students and titles use for the same words: a target in one form finds people
# whose titles use the other ("ML" finds a Machine Learning Engineer, "quality assurance" a QA
# Analyst). Only ones that read the same in every field.
ABBREVIATIONS: dict[str, str] = {
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "ux": "user experience",
    "ui": "user interface",
    "qa": "quality assurance",
    "hr": "human resources",
    "pr": "public relations",
    "r&d": "research and development",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cto": "chief technology officer",
    "cmo": "chief marketing officer",
    "vp": "vice president",
    "sysadmin": "systems administrator",
    "dba": "database administrator",
    "sre": "site reliability engineering",
    "it": "information technology",
}
# Abbreviations that are also everyday words: read only in capitals ("IT support", not "get it").
IN_CAPITALS = frozenset({"it"})


def _whole(text: str, *, capitals: bool = False) -> re.Pattern[str]:
    words = r"\s+".join(map(re.escape, text.upper().split() if capitals else text.split()))
    return re.compile(r"\b" + words + r"\b", 0 if capitals else re.I)


_ABBREVIATED = [(_whole(a, capitals=a in IN_CAPITALS), _whole(p), a, p)
                for a, p in ABBREVIATIONS.items()]  # fmt: skip
# Words joined by slashes: "UX/UI", "AI/ML", "HR/recruiting".
_SLASHED = re.compile(r"[\w+#.&-]+(?:\s*/\s*[\w+#.&-]+)+")
_READINGS = 8


def _sides(target: str) -> list[str]:
    """The target with each group of slashed words read as each of its words in turn."""
    found = _SLASHED.search(target)
    if found is None:
        return [target]
    head, tail = target[: found.start()], target[found.end() :]
    return [head + option.strip() + rest
            for option in found.group().split("/") for rest in _sides(tail)]  # fmt: skip


def readings(target: str) -> list[str]:
    """The ways a target can be read, itself first: each side of a slash ("UX/UI design" -> "UX
    design", "UI design") and each abbreviation spelled out or spelled-out words abbreviated ("AI"
    -> "artificial intelligence"). A person matches a target when they match one reading."""
    sides = _sides(target)
    out = list(sides)
    for side in sides:
        for short, long_, abbreviation, words in _ABBREVIATED:
            if short.search(side):
                out.append(short.sub(words, side))
            elif long_.search(side) and abbreviation not in IN_CAPITALS:
                # (Not back to "it": a word every title reading drops.)
                out.append(long_.sub(abbreviation, side))
    return list(dict.fromkeys([target, *(t for t in out if t.strip())]))[:_READINGS]


def strip_intent(target: str) -> str:
    """A target without the words around it: "becoming a lawyer" -> "lawyer"."""
    return INTENT.sub("", target, count=1).strip() or target


# The mark of an adjective in -al whose stem Snowball cut to a noun's: "physical" -> "physic~".
ADJECTIVE = "~"


@lru_cache(maxsize=200_000)
def word_stem(word: str) -> str:
    """The stem evidence compares: Snowball's, marked when it cut an adjective's -al. The mark keeps
    "physical" from the physicist, "electrical" from the electrician and "technical" from the
    technician (see `stems_meet`), while "biological" still meets "biology"."""
    found = stem(word)
    if word.endswith("al") and not found.endswith("al"):
        return found + ADJECTIVE
    return found


def content_stems(text: str) -> list[tuple[str, str]]:
    """(word, stem) for each word that can carry meaning: no stop words, no rank words."""
    return [(w, word_stem(w)) for w in tokens(text) if w not in STOP and w not in RANK]


# What may follow a stem when a related word keeps a longer one: therap-ist, statist-ician,
# architect-ur(e), dentist-ri, photograph-i. Nothing else: "front" must not meet "frontend", nor
# "program" meet "programm(er)", nor "survey" meet "surveil(lance)" or "surveyor". A lone vowel only after a long
# stem ("polic" must not meet "polici").
_SUFFIXES = frozenset({"ist", "ician", "ian", "ur", "ri"})
_VOWEL_ENDINGS = frozenset({"i", "y", "e"})
# Pairs the suffixes would join that name different work.
_APART = frozenset({frozenset({"physic", "physician"}), frozenset({"intern", "internist"})})


def stems_meet(a: str, b: str) -> bool:
    """Equal stems, or the same stem with one of a few derivational endings (see _SUFFIXES). An
    adjective (marked, see `word_stem`) meets its own stem only: "physical" meets "physics",
    never "physicist"."""
    if a == b:
        return True
    if a.endswith(ADJECTIVE) or b.endswith(ADJECTIVE):
        return a.rstrip(ADJECTIVE) == b.rstrip(ADJECTIVE)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if frozenset({short, long_}) in _APART:
        return False
    for cut in (short, short[:-1]) if short[-1] in "iye" else (short,):
        if len(cut) < 5 or not long_.startswith(cut):
            continue
        ending = long_[len(cut) :]
        if ending in _SUFFIXES or (ending in _VOWEL_ENDINGS and len(cut) >= 7):
            return True
    return False


# Credentials, settings and stages of training that qualify a title without changing the work
# ("Registered Nurse", "UX Research Intern").
QUALIFIER_WORDS = _wordset(
    """registered certified licensed chartered accredited board clinical practicing
    pediatric adult general staff group intern interns internship trainee apprentice student fellow"""
)


# Titles of people who teach a subject rather than work in it ("Chemistry Professor").
TEACHING_WORDS = _wordset(
    "professor professors lecturer lecturers instructor instructors teacher teachers educator "
    "educators tutor tutors faculty"
)


# Support roles, a job of their own beside the one they help ("Physical Therapy Aide", "Nursing
# Aide"). An assistant only in the licensed professions: a "Marketing Assistant" works in marketing.
SUPPORT_WORDS = _wordset("aide aides helper helpers attendant attendants")


@lru_cache(maxsize=1)
def support_stems() -> frozenset[str]:
    """A target with one of these asks for the support role itself ("physician assistant")."""
    return frozenset(word_stem(w) for w in (*SUPPORT_WORDS, "assistant", "support"))


# In the licensed professions an assistant is an occupation of its own ("Physician Assistant",
# "Dental Assistant", "Occupational Therapy Assistant"), unlike a "Marketing Assistant".
LICENSED_WORDS = _wordset(
    """therapy therapist physician medical nursing nurse dental dentist pharmacy pharmacist
    veterinary legal law teacher teaching"""
)


# The roles a support title ends with: "Underwriting Support Specialist", "Sales Support Assistant".
SUPPORT_ROLES = _wordset(
    "support specialist specialists assistant assistants associate associates technician "
    "technicians representative representatives coordinator coordinators staff clerk clerks"
)


def support_role(title: str) -> bool:
    """Whether a title names a support role: it ends with an aide, a helper or an attendant, with
    support ("IT Support", "Underwriting Support Specialist"), or with the assistant of a licensed
    profession."""
    words = tokens(re.sub(r"\(.*?\)", " ", title))
    if not words:
        return False
    if words[-1] in SUPPORT_WORDS:
        return True
    if "support" in words[-2:] and words[-1] in SUPPORT_ROLES:
        return True
    return (
        words[-1] in ("assistant", "assistants") and len(words) > 1 and words[-2] in LICENSED_WORDS
    )


@lru_cache(maxsize=1)
def teaching_stems() -> frozenset[str]:
    return frozenset(word_stem(w) for w in TEACHING_WORDS)


@lru_cache(maxsize=1)
def qualifier_stems() -> frozenset[str]:
    return frozenset(word_stem(w) for w in QUALIFIER_WORDS)


@lru_cache(maxsize=1)
def generic_stems() -> frozenset[str]:
    return frozenset(word_stem(w) for w in GENERIC_WORDS)


@lru_cache(maxsize=1)
def non_subject_stems() -> frozenset[str]:
    """Stems that never say what a title is about: generic, credential and training words."""
    return generic_stems() | qualifier_stems()


def informative(stems: frozenset[str]) -> bool:
    """Whether the stems name something more particular than a kind of work."""
    return bool(stems - generic_stems())
