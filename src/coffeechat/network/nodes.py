"""The graph's vocabulary, shared by the typed graph and the warm-path search: node names, how
warm each kind of step is, and which people are never a way in."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import education
from coffeechat.identity.frames import map_unique, text_column
from coffeechat.identity.keys import org_key

ME = "me"

# How warm each kind of step is (lower is warmer): a message thread beats a bare connection, which
# beats a shared school or employer, which is still far warmer than a cold approach.
STEP_COST = {
    "messaged": 0.5,
    "connected": 1.0,
    "introduced": 1.0,
    "studied_at": 1.5,
    "works_at": 1.5,
    "worked_at": 1.5,
}


# Employers and schools repeat across a network (thousands of names for 500,000 people): their
# keys are computed once each.
@lru_cache(maxsize=65_536)
def org_node(name: str) -> str:
    return f"org:{org_key(name)}"


def schools_of(schooling: str, school: str, year: str) -> list[tuple[str, str]]:
    """A person's distinct schools with a class year each: the first one `school`, then every
    further one of `education` (a second degree elsewhere)."""
    found: dict[str, tuple[str, str]] = {}
    if school:
        found[school_node(school)] = (school, year)
    for other, other_year in education.parse(schooling):
        if other and school_node(other) not in found:
            found[school_node(other)] = (other, other_year)
    return list(found.values())


def schooling(people: pd.DataFrame) -> pd.Series:
    """Each person's education, school and class year as one text (what `schools_of_text`
    reads): people share them, so a caller works each distinct one out once."""
    return (
        text_column(people, C.EDUCATION) + "\x1f" + text_column(people, C.SCHOOL) + "\x1f"
        + text_column(people, C.CLASS_YEAR)
    )  # fmt: skip


def schools_of_text(held: str) -> list[tuple[str, str]]:
    """`schools_of` one text of `schooling`."""
    education, school, year = held.split("\x1f")
    return schools_of(education, school, year)


def employer_moves(events: pd.DataFrame | None) -> pd.DataFrame:
    """The job changes away from a named employer (person_id, old_value, as text): each is a
    worked_at edge from the person to that employer."""
    if events is None or not len(events):
        return pd.DataFrame({"person_id": pd.Series(dtype=object),
                             "old_value": pd.Series(dtype=object)})  # fmt: skip
    moves = events[(events["kind"] == "job_change") & (events["field"] == C.COMPANY)]
    frame = pd.DataFrame({
        "person_id": moves["person_id"].astype(str).to_numpy(dtype=object),
        "old_value": moves["old_value"].fillna("").astype(str).to_numpy(dtype=object),
    })  # fmt: skip
    return frame[frame["old_value"].ne("")].reset_index(drop=True)


@lru_cache(maxsize=65_536)
def school_node(name: str) -> str:
    return f"school:{org_key(name)}"


def flag_set(value: object) -> bool:
    """Whether a flag column holds 1 (do not contact, deceased, lost): 0, blank or text is unset."""
    try:
        return int(float(str(value))) == 1
    except ValueError:
        return False


def flag_column(values: pd.Series) -> np.ndarray:
    """`flag_set` over a column: numbers compared at once, anything else one distinct value at a
    time."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        number = values.to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            return np.asarray((number >= 1) & (number < 2), dtype=bool)  # int() of 1.x is 1
    return np.asarray(map_unique(values, flag_set).to_numpy(), dtype=bool)
