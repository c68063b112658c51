"""The four frames that cross stage boundaries, declared once: what an input parser hands the
importer, what the store hands every stage about people, what the ranker returns, and what the
planner hands the workbook. Each column has a kind; `missing` says what a frame lacks, and the tests
turn these declarations into pandera schemas that check types and ranges on real frames.

>>> missing(RANKING, ranked_frame)        # doctest: +SKIP
[]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from coffeechat import columns as C

# Column kinds: text (str, '' when empty), int, number, score (a float in [0, 1]), bool, day (a
# date, or None), any (not checked beyond presence).
TEXT, INT, NUMBER, SCORE, BOOL, DAY, ANY = ("text", "int", "number", "score", "bool", "day", "any")


@dataclass(frozen=True)
class FrameSpec:
    """A frame's name and its columns with their kinds."""

    name: str
    columns: dict[str, str]


def missing(spec: FrameSpec, frame: pd.DataFrame) -> list[str]:
    """The declared columns a frame does not have."""
    return [name for name in spec.columns if name not in frame.columns]


# What ingest hands the importer: one row per record, cleaned, with the line it came from.
PARSED_PEOPLE = FrameSpec(
    "parsed people",
    {
        C.SOURCE_ROW: INT,
        **dict.fromkeys(C.PERSON_TEXT_FIELDS, TEXT),
        C.VOLUNTEER: INT,
    },
)

# What the store hands every stage: one row per person.
PEOPLE = FrameSpec(
    "people",
    {
        C.PERSON_ID: TEXT,
        **dict.fromkeys(C.PERSON_TEXT_FIELDS, TEXT),
        **dict.fromkeys(C.PERSON_FLAG_FIELDS, INT),
        C.VOLUNTEER: INT,
        C.SOURCES: TEXT,
        C.IS_CONNECTION: BOOL,
        C.FROM_DIRECTORY: BOOL,
        C.FROM_ADDRESS_BOOK: BOOL,
        C.MESSAGE_COUNT: INT,
        C.MESSAGES_SENT: INT,
        C.MESSAGES_RECEIVED: INT,
        C.LAST_MESSAGE_AT: TEXT,
        C.STATUS: TEXT,
        C.ASKED_ON: TEXT,
        C.INTRODUCED_BY: TEXT,
        C.RECOMMENDED_YOU: INT,
        C.ENDORSED_YOU: INT,
    },
)

# What the ranker returns: best first, with every component and the reason.
RANKING = FrameSpec(
    "ranking",
    {
        C.RANK: INT,
        C.PERSON_ID: TEXT,
        C.FULL_NAME: TEXT,
        C.COMPANY: TEXT,
        C.POSITION: TEXT,
        C.SCORE: SCORE,
        C.WHY: TEXT,
        C.RELEVANCE: SCORE,
        "warmth": SCORE,
        "affinity": SCORE,
        "tie_strength": SCORE,
        "seniority": SCORE,
        "willingness": SCORE,
        "employer": SCORE,
        "freshness": SCORE,
        C.MATCHED_TARGET: TEXT,
        C.MATCHED_FIELD: TEXT,
    },
)

# What the planner hands the workbook: one row per person on the plan, with what to do next.
PLAN = FrameSpec(
    "plan",
    {
        C.PERSON_ID: TEXT,
        C.FULL_NAME: TEXT,
        C.EMPLOYER: TEXT,
        C.LAMP_RANK: INT,
        C.ROLE: TEXT,
        C.STATUS: TEXT,
        C.REQUEST_ON: DAY,
        "asked_on": DAY,
        "replied_on": DAY,
        "met_on": DAY,
        "thanked_on": DAY,
        "meeting_at": TEXT,
        C.NEXT_ACTION: TEXT,
        C.NEXT_DUE: DAY,
        C.TIER: TEXT,
        C.SCORE: ANY,
        C.WHY: TEXT,
        C.NOTES: TEXT,
        "request_draft": TEXT,
        "follow_up_draft": TEXT,
        "thank_you_draft": TEXT,
        "email": ANY,
        C.LINKEDIN_URL: ANY,
    },
)

FRAMES = (PARSED_PEOPLE, PEOPLE, RANKING, PLAN)
