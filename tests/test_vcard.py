"""Issue 16, item 5: phone address books as vCard 3 and 4, in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.errors import InputError
from coffeechat.ingest import read_path
from coffeechat.ingest.vcard import parse_vcard, write_vcards
from coffeechat.workspace import Workspace
from tests.conftest import write
from tests.test_cli import run

APPLE = """BEGIN:VCARD\r
VERSION:3.0\r
PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r
N:Okafor;Chidi;;;\r
FN:Chidi Okafor\r
ORG:Brightwave;Research\r
TITLE:Senior UX Researcher\r
EMAIL;type=INTERNET;type=WORK;type=pref:chidi@brightwave.example\r
EMAIL;type=INTERNET;type=HOME:chidi.o@mail.example\r
item1.URL;type=pref:https://www.linkedin.com/in/chidi-okafor\r
item1.X-ABLabel:LinkedIn\r
TEL;type=CELL:+1 555 0100\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Ines Moreau\r
N:Moreau;Ines;;;\r
EMAIL:ines@kestrel.example\r
ORG:Kestrel Bank\r
NOTE:met at the alumni mixer\r
END:VCARD\r
"""


def test_cards_become_people_with_every_field(tmp_path: Path) -> None:
    parsed = read_path(write(tmp_path / "contacts.vcf", APPLE))[0]
    assert parsed.kind == "vcard"
    people = parsed.people.set_index(C.FULL_NAME)
    chidi = people.loc["Chidi Okafor"]
    assert (chidi[C.FIRST_NAME], chidi[C.LAST_NAME]) == ("Chidi", "Okafor")
    assert chidi[C.COMPANY] == "Brightwave"
    assert chidi[C.POSITION] == "Senior UX Researcher"
    assert chidi[C.EMAIL] == "chidi@brightwave.example"
    assert "chidi.o@mail.example" in chidi[C.OTHER_EMAILS]
    assert chidi[C.LINKEDIN_URL] == "https://www.linkedin.com/in/chidi-okafor"  # a grouped URL
    assert people.loc["Ines Moreau", C.COMPANY] == "Kestrel Bank"


def test_a_vcard_person_merges_with_the_linkedin_one(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    write(
        tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Chidi,Okafor,https://www.linkedin.com/in/chidi-okafor,,Brightwave,Senior UX Researcher,"
        "02 Mar 2025\n",
    )
    ws.import_path(tmp_path / "Connections.csv")
    ws.import_path(write(tmp_path / "contacts.vcf", APPLE))
    people = ws.contacts().set_index(C.FULL_NAME)
    assert len(people) == 2
    assert set(people.loc["Chidi Okafor", C.SOURCES].split(";")) == {"address_book", "linkedin"}
    # Counted as an address book like Google's or Outlook's (the report's source counts).
    assert people[C.FROM_ADDRESS_BOOK].all() and not people[C.FROM_DIRECTORY].any()
    assert people.loc["Chidi Okafor", C.IS_CONNECTION]
    ws.close()


def test_the_people_round_trip_through_vcard(workspace: Workspace, tmp_path: Path) -> None:
    people = workspace.contacts().head(40)
    path = tmp_path / "out.vcf"
    path.write_text(write_vcards(people), encoding="utf-8")
    back = parse_vcard(path.read_bytes(), "out.vcf").people.set_index(C.FULL_NAME)
    for row in people.to_dict("records"):
        got = back.loc[row[C.FULL_NAME]]
        for field in (C.FIRST_NAME, C.LAST_NAME, C.EMAIL, C.COMPANY, C.POSITION, C.LINKEDIN_URL):
            assert (got[field] or "") == (row[field] or ""), (field, row[C.FULL_NAME])


def test_a_damaged_card_is_one_clear_error(tmp_path: Path) -> None:
    broken = APPLE.replace(
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0", "BEGIN:VCARD\r\nVERSION:4.0", 1
    )
    with pytest.raises(InputError) as caught:
        read_path(write(tmp_path / "broken.vcf", broken))
    assert "broken.vcf line" in caught.value.message


def test_cli_exports_the_plan_as_vcard(workspace: Workspace, tmp_path: Path) -> None:
    from datetime import date

    workspace.write_plan(tmp_path / "plan.xlsx", today=date(2026, 11, 27))
    planned = len(workspace.store.outreach().query("on_plan == 1 and status != 'skip'"))
    code, out, err = run(
        "contacts", "--plan", "--format", "vcf", "--workspace", str(workspace.root)
    )
    assert code == 0, err
    assert out.count("BEGIN:VCARD") == planned > 0


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(name=_text, company=_text, title=_text)
def test_any_text_survives_a_vcard_round_trip(name: str, company: str, title: str) -> None:
    import pandas as pd

    name, company, title = name.strip() or "x", company.strip(), title.strip()
    frame = pd.DataFrame(
        [{C.FULL_NAME: name, C.FIRST_NAME: name, C.LAST_NAME: "", C.EMAIL: "", C.OTHER_EMAILS: "",
          C.COMPANY: company, C.POSITION: title, C.LINKEDIN_URL: ""}]
    )  # fmt: skip
    text = write_vcards(frame)
    cards = list(__import__("vobject").readComponents(text))
    assert len(cards) == 1
    assert cards[0].fn.value == name
    if company:
        assert cards[0].org.value[0] == company
    if title:
        assert cards[0].title.value == title
