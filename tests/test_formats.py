"""Every real-world variant in FORMATS.md reads to the same people (synthetic fixtures in tests/data)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from coffeechat.ingest import read_path
from coffeechat.workspace import Workspace
from tests.conftest import write

DATA = Path(__file__).parent / "data"
CONNECTIONS = sorted((DATA / "connections").glob("*.csv"))
DIRECTORIES = sorted((DATA / "directories").glob("*.csv"))


@pytest.mark.parametrize("path", CONNECTIONS, ids=[p.stem for p in CONNECTIONS])
def test_connections_variants(path: Path) -> None:
    [parsed] = read_path(path)
    people = parsed.people.set_index("full_name")
    assert list(people.index) == ["Ana Lee", "Priya Raman", "José García"]
    assert people["company"].tolist() == ["Acme", "Globex", "Initech"]
    assert people["connected_on"].tolist() == ["2023-04-23", "2021-05-07", "2017-03-01"]
    assert people.loc["Priya Raman", "credentials"] == "PhD"
    assert set(people["email"]) == {""}  # Excel's NA fill is not an address
    assert [reason for _, reason in parsed.skipped] == [
        "blank identity (a deleted or private member)"
    ]
    urls = set(people["linkedin_url"]) - {""}
    if urls:
        assert urls == {
            "https://www.linkedin.com/in/ana-lee",
            "https://www.linkedin.com/in/priya-raman",
            "https://www.linkedin.com/in/josé-garcía",
        }


def test_dirty_names_keep_what_cleaning_removed() -> None:
    [parsed] = read_path(DATA / "connections" / "mojibake-dirty-names.csv")
    people = parsed.people.set_index("full_name")
    assert people.loc["Ana Lee", "pronouns"] == "she/her"
    assert people.loc["Priya Raman", "prefix"] == "Dr."


@pytest.mark.parametrize("path", DIRECTORIES, ids=[p.stem for p in DIRECTORIES])
def test_directory_and_address_book_variants(path: Path) -> None:
    [parsed] = read_path(path)
    people = parsed.people.set_index("full_name")
    assert list(people.index) == ["Ana Lee", "Bo Chen"]
    assert people["company"].tolist() == ["Acme", "Globex"]
    assert people["position"].tolist() == ["UX Researcher", "Analyst"]
    assert people["email"].tolist() == ["ana@acme.test", "bo@globex.test"]


def test_outlook_title_is_a_prefix_not_a_job() -> None:
    [parsed] = read_path(DATA / "directories" / "outlook-com.csv")
    assert parsed.kind == "outlook"
    people = parsed.people.set_index("full_name")
    assert people.loc["Ana Lee", "prefix"] == "Dr." and people.loc["Bo Chen", "suffix"] == "Jr."


def test_google_contacts_are_recognised() -> None:
    for name in ("google-current.csv", "google-legacy.csv"):
        [parsed] = read_path(DATA / "directories" / name)
        assert parsed.kind == "google"


def test_forms_and_camelcase_directories_map_what_they_can() -> None:
    [forms] = read_path(DATA / "directories" / "google-forms.csv")
    assert forms.mapping["Which topics are you willing to help with?"] == "willing_to_help"
    assert forms.people["volunteer"].tolist() == [1, 0]
    [camel] = read_path(DATA / "directories" / "alumni-camelcase.csv")
    assert camel.people["class_year"].tolist() == ["2015", "2008"]
    assert camel.people["do_not_contact"].tolist() == [0, 1]


def test_messages_without_recipient_urls_infer_them_from_the_conversation(tmp_path: Path) -> None:
    me = "https://www.linkedin.com/in/me"
    text = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        f"c1,,Me,{me},Ana Lee,2022-01-02 10:00:00 UTC,,Hi Ana,INBOX\n"
        "c1,,Ana Lee,https://www.linkedin.com/in/ana-lee,Me,2022-01-03 10:00:00 UTC,,Hello,INBOX\n"
        f"c2,,Me,{me},Bo Chen,2022-02-02 10:00:00 UTC,,Hi Bo,INBOX\n"
        f"c3,,Me,{me},Cy Diaz,2022-02-03 10:00:00 UTC,,Hi Cy,INBOX\n"
        "c3,,Cy Diaz,https://www.linkedin.com/in/cy-diaz,Me,2022-02-04 10:00:00 UTC,,Hey,INBOX\n"
    )
    [parsed] = read_path(write(tmp_path / "messages.csv", text))
    got = parsed.interactions[["profile_url", "name", "direction"]].values.tolist()
    assert ["https://www.linkedin.com/in/ana-lee", "", "out"] in got
    assert ["", "Bo Chen", "out"] in got  # never answered: matched by name instead
    assert ["https://www.linkedin.com/in/cy-diaz", "Cy Diaz", "in"] in got


def test_an_xlsx_directory_imports(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Full Name", "Employer", "Job Title", "Email"])
    sheet.append(["Ana Lee", "Acme", "UX Researcher", "ana@acme.test"])
    book.save(tmp_path / "alumni.csv")  # a "CSV" that is really a workbook
    [parsed] = read_path(tmp_path / "alumni.csv")
    assert parsed.people["full_name"].tolist() == ["Ana Lee"]


def test_a_directory_merges_with_an_address_book_by_email(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(DATA / "directories" / "alumni-camelcase.csv")
        report = ws.import_path(DATA / "directories" / "outlook-com.csv")
        assert report.files[0].merged == {"email": 2}
        people = ws.contacts().set_index("full_name")
    assert people["sources"].to_dict() == {
        "Ana Lee": "address_book;directory",
        "Bo Chen": "address_book;directory",
    }
    # The same, as the booleans the stages read instead of testing strings.
    assert people["from_directory"].all() and people["from_address_book"].all()
    assert not people["is_connection"].any()


def test_a_truncated_export_zip_is_salvaged_or_clearly_refused(
    sample_dir: Path, tmp_path: Path
) -> None:
    from coffeechat.errors import InputError
    from coffeechat.sample.generator import ARCHIVE_NAME

    data = (sample_dir / f"{ARCHIVE_NAME}.zip").read_bytes()
    cut = tmp_path / "Connections.csv"  # the browser saved it under the wrong name, cut short
    cut.write_bytes(data[:-30])  # the index at the end is gone; every member is whole
    kinds = [f.kind for f in read_path(cut)]
    with zipfile.ZipFile(sample_dir / f"{ARCHIVE_NAME}.zip") as whole:
        assert kinds[0] == "linkedin_connections" and len(kinds) == len(whole.namelist())
    cut.write_bytes(data[:200])
    with pytest.raises(InputError, match="damaged or truncated ZIP"):
        read_path(cut)
