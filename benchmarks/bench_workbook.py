"""Workbook speed: writing a 500-person plan with a 30,000-row Contacts sheet, and reading it back,
against pandas.DataFrame.to_excel of the same rows in the same run.

    python benchmarks/bench_workbook.py [--planned 500] [--contacts 30000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from coffeechat.outreach.plan import OutreachPlan
from coffeechat.outreach.workbook import read_workbook, write_workbook
from coffeechat.sample.world import EMPLOYERS, FIRST_NAMES, LAST_NAMES


def synthetic_book(planned: int, contacts: int, seed: int = 3) -> OutreachPlan:
    rng = random.Random(seed)
    employers = sorted(EMPLOYERS)
    people = pd.DataFrame(
        {
            "person_id": [f"p{i:06d}" for i in range(contacts)],
            "full_name": [
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(contacts)
            ],
            "company": [rng.choice(employers) for _ in range(contacts)],
            "position": [
                rng.choice(["UX Researcher", "Data Scientist", "Product Manager"])
                for _ in range(contacts)
            ],
            "score": [round(rng.random(), 4) for _ in range(contacts)],
            "why": ["UX Researcher matches UX research; a LinkedIn connection"] * contacts,
            "location": ["Chicago, IL"] * contacts,
            "school": ["Lakeshore State University"] * contacts,
            "class_year": ["2019"] * contacts,
            "sources": ["linkedin"] * contacts,
            "connected_on": ["2024-05-01"] * contacts,
            "message_count": [0] * contacts,
            "do_not_contact": [0] * contacts,
        }
    )
    draft = "Hi Ana,\n\nI'm a fellow alum. Would you be open to a 20-30 minute conversation?\n\nThanks,\nRiley"
    start = date(2026, 11, 30)
    plan = people.head(planned).assign(
        employer=people["company"].head(planned),
        lamp_rank=1,
        role="primary",
        status="planned",
        next_action="send the request",
        next_due=[start + timedelta(days=i // 5) for i in range(planned)],
        request_on=[start + timedelta(days=i // 5) for i in range(planned)],
        asked_on=None,
        replied_on=None,
        met_on=None,
        thanked_on=None,
        tier="",
        email="ana@example.com",
        linkedin_url="https://www.linkedin.com/in/ana",
        notes="",
        request_draft=draft,
        request_words=20,
        follow_up_draft=draft,
        thank_you_draft=draft,
    )
    questions = pd.DataFrame(
        [
            (pid, "Name", "Career path", "How did you get into the field?", "")
            for pid in plan["person_id"]
        ],
        columns=["person_id", "full_name", "theme", "question", "answer"],
    )
    intros = pd.DataFrame(
        columns=["introducer_name", "person_name", "introduced_on", "note", "company", "position"]
    )
    employers_frame = pd.DataFrame(
        {
            "lamp_rank": range(1, 41),
            "employer": employers[:40],
            "motivation": 2,
            "posting": 1,
            "advocacy": 3,
        }
    )
    return OutreachPlan(
        plan, employers_frame, people, people.head(0), intros, questions, "Riley", date.today()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--planned", type=int, default=500)
    parser.add_argument("--contacts", type=int, default=30_000)
    args = parser.parse_args()
    book = synthetic_book(args.planned, args.contacts)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, theirs_path = Path(tmp) / "plan.xlsx", Path(tmp) / "pandas.xlsx"
        start = time.perf_counter()
        write_workbook(book, ours_path)
        write = time.perf_counter() - start
        start = time.perf_counter()
        with pd.ExcelWriter(theirs_path, engine="openpyxl") as writer:
            book.plan.to_excel(writer, sheet_name="Plan", index=False)
            book.contacts.to_excel(writer, sheet_name="Contacts", index=False)
            book.questions.to_excel(writer, sheet_name="Questions", index=False)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        edits = read_workbook(ours_path)
        read = time.perf_counter() - start
        start = time.perf_counter()
        pd.read_excel(theirs_path, sheet_name=["Plan", "Questions"])
        read_base = time.perf_counter() - start
    print(f"{args.planned} planned people, {args.contacts} contacts")
    print(
        f"  write: coffeechat {write:.2f} s   DataFrame.to_excel {baseline:.2f} s   ratio {write / baseline:.2f}x"
    )
    print(
        f"  read back: sync {read:.2f} s ({len(edits.plan)} plan rows)   pandas.read_excel {read_base:.2f} s"
        f"   ratio {read / read_base:.2f}x"
    )


if __name__ == "__main__":
    main()
