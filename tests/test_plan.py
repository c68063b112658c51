from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.outreach.drafts import FORBIDDEN, WORD_LIMIT, Recipient, request_draft, word_count
from coffeechat.outreach.plan import contacts_sheet
from coffeechat.workdays import WEEKDAYS, Workdays
from coffeechat.workspace import Workspace


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 26), 3, date(2026, 12, 1)),  # Thursday + 3 skips the weekend
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 is Monday
        (date(2026, 12, 30), 3, date(2027, 1, 4)),  # across the year end
        (date(2026, 11, 28), 0, date(2026, 11, 30)),  # a Saturday rolls to Monday
        (date(2026, 12, 24), 7, date(2027, 1, 4)),
    ],
)
def test_business_days(start: date, days: int, expected: date) -> None:
    assert WEEKDAYS.add(start, days) == expected


def test_business_days_skip_the_public_holidays_of_the_country() -> None:
    us, gb = Workdays.for_country("US"), Workdays.for_country("GB")
    assert us.roll(date(2026, 11, 26)) == date(2026, 11, 27)  # Thanksgiving
    assert gb.roll(date(2026, 11, 26)) == date(2026, 11, 26)
    assert gb.add(date(2026, 12, 24), 1) == date(2026, 12, 29)  # Christmas and Boxing Day
    assert WEEKDAYS.roll(date(2026, 11, 26)) == date(2026, 11, 26)


@pytest.mark.parametrize(
    "recipient",
    [
        Recipient(
            "Ana",
            "Northwind Health",
            "Senior UX Researcher",
            "UX research",
            introduced_by="Bo Chen",
        ),
        Recipient(
            "Ana",
            "Acme",
            "Data Scientist",
            "Data science",
            school="Lakeshore State University",
            class_year="2019",
        ),
        Recipient("Ana", volunteer=True),
        Recipient(
            "Ana",
            "A Company With An Unusually Long Name Incorporated",
            "Principal Staff Human Factors Engineer II",
            "Human factors engineering and applied cognitive psychology",
        ),
    ],
)
def test_request_drafts_follow_the_practice(recipient: Recipient) -> None:
    text = request_draft(recipient, me="Riley Tan", my_school="Lakeshore State University")
    assert word_count(text) < WORD_LIMIT
    assert not FORBIDDEN.search(text)
    assert "20-30 minute" in text
    ask = text.split("\n\n")[1]
    assert ask.rstrip().endswith("?")
    first_sentence = ask.split(".")[0]
    if recipient.introduced_by:
        assert recipient.introduced_by in first_sentence


def test_plan_follows_lamp_and_3b7(workspace: Workspace) -> None:
    book = workspace.plan(start=date(2026, 11, 30), today=date(2026, 11, 26))
    plan = book.plan
    assert not plan.empty
    contacts = workspace.contacts().set_index("person_id")
    planned = contacts.loc[plan["person_id"]]
    assert (planned[["do_not_contact", "deceased", "lost"]] == 0).all().all()
    lamp = plan[plan["role"].isin(["primary", "backup"])]
    assert (lamp.groupby("employer").size() <= 2).all()
    days = workspace.calendar()
    for _, row in plan[plan["role"] == "primary"].iterrows():
        assert row["switch_on"] == days.add(row["request_on"], 3)
        assert row["follow_up_on"] == days.add(row["request_on"], 7)
        assert days.is_business_day(row["request_on"])
    backups = plan[plan["role"] == "backup"].set_index("employer")["request_on"]
    primaries = plan[plan["role"] == "primary"].set_index("employer")["switch_on"]
    assert (backups == primaries.loc[backups.index]).all()
    # Pace: no week holds more primary or single requests than the profile allows.
    firsts = plan[plan["role"].isin(["primary", "single"])]
    weeks = firsts["request_on"].map(lambda d: (d - date(2026, 11, 30)).days // 7)
    assert weeks.value_counts().max() <= workspace.profile.pace.requests_per_week
    assert (plan["request_words"] < 100).all()


def test_the_plan_explains_whom_it_shows_as_rank_does(workspace: Workspace) -> None:
    """The plan writes a `why` only for the people the workbook shows (its rows and the Contacts
    sheet's head), not for everyone ranked; each sentence is the one `rank` writes."""
    today = date(2026, 11, 26)
    book = workspace.plan(start=date(2026, 11, 30), today=today)
    full = workspace.rank(top=None, today=today)
    said = dict(zip(full[C.PERSON_ID].astype(str), full[C.WHY], strict=True))
    own = book.plan["role"].ne("introducer")
    ranked_rows = book.plan[own & book.plan[C.PERSON_ID].astype(str).isin(said)]
    assert len(ranked_rows) >= 10
    for pid, why in zip(ranked_rows[C.PERSON_ID].astype(str), ranked_rows[C.WHY], strict=True):
        assert why == said[pid] and why, pid
    sheet = book.contacts[book.contacts[C.PERSON_ID].astype(str).isin(said)]
    assert len(sheet) == len(said)  # the sample's ranked people all fit on the sheet
    assert sheet[C.WHY].tolist() == [said[p] for p in sheet[C.PERSON_ID].astype(str)]
    # An introducer asked for an introduction keeps the reason of their own row.
    asks = book.plan[book.plan["role"].eq("introducer")]
    assert len(asks) and all(why.startswith("could introduce you at") for why in asks[C.WHY])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Ann Lee", "Bo Chen", "ann lee", "Émile Zola", "Zed", ""]),
                  st.one_of(st.none(), st.sampled_from([0.5, 0.61, 0.61, 0.9]))),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=35),
)  # fmt: skip
def test_the_contacts_sheet_is_the_best_scored_then_everyone_else_by_name(
    people: list[tuple[str, float | None]], limit: int
) -> None:
    """Rows are picked before anything is sorted in full; the sheet is still exactly the whole
    network sorted by score (best first), then by name, cut at the limit."""
    contacts = pd.DataFrame(
        {
            C.PERSON_ID: pd.array([f"p{i}" for i in range(len(people))], dtype=object),
            C.FULL_NAME: pd.array([name for name, _ in people], dtype="str"),
            C.COMPANY: "Acme",
        }
    )
    scored = [(f"p{i}", s) for i, (_, s) in enumerate(people) if s is not None]
    ranked = pd.DataFrame(
        {
            C.PERSON_ID: [pid for pid, _ in scored],
            C.FULL_NAME: [people[int(pid[1:])][0] for pid, _ in scored],
            C.SCORE: [s for _, s in scored],
            C.RELEVANCE: 0.7,
            C.WHY: [f"why {pid}" for pid, _ in scored],
        }
    ).astype({C.PERSON_ID: object, C.FULL_NAME: object, C.SCORE: float, C.WHY: object})
    everyone = contacts.merge(
        ranked[[C.PERSON_ID, C.SCORE, C.RELEVANCE, C.WHY]], on=C.PERSON_ID, how="left"
    ).sort_values([C.SCORE, C.FULL_NAME], ascending=[False, True], na_position="last")
    expected = everyone.head(limit).reset_index(drop=True)
    sheet = contacts_sheet(contacts, ranked, limit=limit)
    assert sheet[C.PERSON_ID].tolist() == expected[C.PERSON_ID].tolist()
    assert sheet[C.WHY].tolist() == expected[C.WHY].tolist()
