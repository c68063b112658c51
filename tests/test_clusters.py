"""Issue 12, item 5: records linked by any chain of shared keys form one person, exactly; two
different profile URLs are never joined."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.identity.resolve import KeyIndex
from coffeechat.workspace import Workspace


def chain(length: int, order: list[int]) -> pd.DataFrame:
    """Records 0..length-1, record i linked to i+1 by a shared email when i is even and by the
    same full name and employer when i is odd; nothing else shared. Rows in `order`."""
    rows = []
    email, name, company = "p0@example.org", "Ana Person0", "Company0"
    for i in range(length):
        if i and (i - 1) % 2 == 1:  # linked to the one before by name+employer: new email
            email = f"p{i}@example.org"
        elif i:  # linked by email: new name and employer
            name, company = f"Ana Person{i}", f"Company{i}"
        rows.append({C.FULL_NAME: name, C.COMPANY: company, C.EMAIL: email})
    return pd.DataFrame([rows[i] for i in order]).reset_index(drop=True)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 300).flatmap(lambda n: st.permutations(range(n))))
def test_a_chain_of_alternating_keys_is_one_person(order: list[int]) -> None:
    records = chain(len(order), order)
    empty = pd.DataFrame({C.PERSON_ID: pd.Series([], dtype=object)})
    found = KeyIndex(empty).match(records)
    assert found.cluster.nunique() == 1


def test_a_chain_never_joins_two_profile_urls() -> None:
    records = chain(6, list(range(6)))
    records[C.LINKEDIN_URL] = ""
    records.loc[0, C.LINKEDIN_URL] = "https://www.linkedin.com/in/ana-one"
    records.loc[5, C.LINKEDIN_URL] = "https://www.linkedin.com/in/ana-two"
    empty = pd.DataFrame({C.PERSON_ID: pd.Series([], dtype=object)})
    cluster = KeyIndex(empty).match(records).cluster
    assert cluster[0] != cluster[5]


def test_a_long_chain_imports_as_one_person(tmp_path: Path) -> None:
    records = chain(200, list(range(199, -1, -1)))
    path = tmp_path / "chain.csv"
    records.rename(columns={C.FULL_NAME: "Name", C.COMPANY: "Employer", C.EMAIL: "Email"}).to_csv(
        path, index=False
    )
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(path)
        people = ws.contacts()
    assert len(people) == 1
    emails = {people[C.EMAIL].iloc[0], *people[C.OTHER_EMAILS].iloc[0].split("; ")}
    assert len(emails) == 100  # every address of the chain is kept, one person holds them all
