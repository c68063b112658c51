"""Canonical column names, in one place, for every frame passed between stages."""

from __future__ import annotations

import pandas as pd

PERSON_ID = "person_id"
FULL_NAME = "full_name"
# Stored beside the name by the store: accents, case and punctuation removed (indexed).
NAME_KEY = "name_key"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMAIL = "email"
OTHER_EMAILS = (
    "other_emails"  # further addresses, '; '-joined (cells and address books hold several)
)
LINKEDIN_URL = "linkedin_url"
COMPANY = "company"
POSITION = "position"
INDUSTRY = "industry"
LOCATION = "location"
SCHOOL = "school"
CLASS_YEAR = "class_year"
DEGREE = "degree"
CONNECTED_ON = "connected_on"
WILLING_TO_HELP = "willing_to_help"
NOTES = "notes"
CREDENTIALS = "credentials"
PRONOUNS = "pronouns"
NICKNAME = "nickname"
PREFIX = "prefix"
SUFFIX = "suffix"
DO_NOT_CONTACT = "do_not_contact"
DECEASED = "deceased"
LOST = "lost"
EXTERNAL_ID = "external_id"
SOURCE_ROW = "source_row"
SOURCES = "sources"
# Where a person came from, as booleans (see coffeechat.kinds).
IS_CONNECTION = "is_connection"
FROM_DIRECTORY = "from_directory"
FROM_ADDRESS_BOOK = "from_address_book"
MESSAGE_COUNT = "message_count"
LAST_MESSAGE_AT = "last_message_at"
FIRST_MESSAGE_AT = "first_message_at"
MESSAGES_SENT = "messages_sent"
MESSAGES_RECEIVED = "messages_received"
RECOMMENDED_YOU = "recommended_you"  # LinkedIn recommendations they wrote for the user
ENDORSED_YOU = "endorsed_you"  # LinkedIn skill endorsements they gave the user
VOLUNTEER = "volunteer"
STATUS = "status"
INTRODUCED_BY = "introduced_by"
ASKED_ON = "asked_on"
# What a volunteer directory says of a volunteer's time: how many students they take, how many they
# have now, and whether they are available (text as typed: "not this term").
CAPACITY = "capacity"
STUDENTS_NOW = "students_now"
AVAILABILITY = "availability"
# Every school a person's records name, with degree and class year, '; '-joined
# ("Pioneer University (BA, 2015); Pioneer University (MS, 2019)"); `school` and `class_year` hold
# the first of them.
EDUCATION = "education"
# Ranking and plan columns.
RANK = "rank"
SCORE = "score"
WHY = "why"
RELEVANCE = "relevance"
MATCHED_TARGET = "matched_target"
MATCHED_FIELD = "matched_field"
EMPLOYER = "employer"  # the employer a plan row is for (the LAMP entry), not the person's company
LAMP_RANK = "lamp_rank"
ROLE = "role"
REQUEST_ON = "request_on"
NEXT_ACTION = "next_action"
NEXT_DUE = "next_due"
TIER = "tier"

# Text fields a source record may carry, in the order `people` stores them.
PERSON_TEXT_FIELDS: tuple[str, ...] = (
    FULL_NAME,
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    LINKEDIN_URL,
    COMPANY,
    POSITION,
    INDUSTRY,
    LOCATION,
    SCHOOL,
    CLASS_YEAR,
    DEGREE,
    CONNECTED_ON,
    WILLING_TO_HELP,
    NOTES,
    CREDENTIALS,
    PRONOUNS,
    NICKNAME,
    EXTERNAL_ID,
    PREFIX,
    SUFFIX,
    OTHER_EMAILS,
    CAPACITY,
    STUDENTS_NOW,
    AVAILABILITY,
    EDUCATION,
)
PERSON_FLAG_FIELDS: tuple[str, ...] = (DO_NOT_CONTACT, DECEASED, LOST)

# Fields a newer record of the same source may overwrite (people change jobs); the rest only fill gaps.
CHANGEABLE_FIELDS: tuple[str, ...] = (COMPANY, POSITION, LOCATION, EMAIL)
# Fields a file states as of its date: any newer file that has the column says what holds now,
# an empty cell included (a volunteer available again leaves "not this term" behind).
STANDING_FIELDS: tuple[str, ...] = (CAPACITY, STUDENTS_NOW, AVAILABILITY)

# The `coffeechat contacts --format csv` contract (kept stable; checks rely on it).
CONTACTS_CSV: tuple[str, ...] = (
    PERSON_ID,
    FULL_NAME,
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    LINKEDIN_URL,
    COMPANY,
    POSITION,
    LOCATION,
    SCHOOL,
    CLASS_YEAR,
    CONNECTED_ON,
    SOURCES,
    DO_NOT_CONTACT,
    MESSAGE_COUNT,
    LAST_MESSAGE_AT,
)

# The `coffeechat rank --format csv` contract.
RANK_CSV: tuple[str, ...] = ("rank", PERSON_ID, FULL_NAME, COMPANY, POSITION, "score", "why")


def flagged(people: pd.DataFrame) -> pd.Series:
    """Who is flagged do not contact, deceased or lost (an unknown flag is not a flag)."""
    mask = pd.Series(False, index=people.index)
    for flag in PERSON_FLAG_FIELDS:
        if flag in people:
            mask |= pd.to_numeric(people[flag], errors="coerce").fillna(0).eq(1)
    return mask
