from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.dates import parse_dates
from coffeechat.errors import InputError
from coffeechat.ingest import read_path
from coffeechat.ingest.directory import normalize_class_year
from tests.conftest import write

PREAMBLE = 'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
CURRENT = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Lee,https://www.linkedin.com/in/ana-lee,,Acme,UX Researcher,09 Feb 2026\n"
    ",,,,,,08 Feb 2026\n"
    'Priya,"Raman, PhD",https://www.linkedin.com/in/priya,,"Globex, Inc.",Data Scientist,07 Jan 2025'
)
SEMICOLON = (
    "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
    "Ana;Lee;https://www.linkedin.com/in/ana-lee;;Acme;UX Researcher;09 Feb 2026\r\n"
    ";;;;;;08 Feb 2026\r\n"
    'Priya;"Raman, PhD";https://www.linkedin.com/in/priya;;Café Globex;Data Scientist;07 Jan 2025\r\n'
)
OLD = (
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Ana,Lee,,Acme,UX Researcher,09 Feb 2020\n"
    "Priya,Raman,,Globex,Data Scientist,07 Jan 2019\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (PREAMBLE + CURRENT, "utf-8"),
        (CURRENT, "utf-8"),
        ("\ufeff" + (PREAMBLE + CURRENT).replace("\n", "\r\n"), "utf-8"),
        (SEMICOLON, "cp1252"),
        (PREAMBLE + CURRENT, "utf-16"),
    ],
    ids=["current", "no-preamble", "bom-crlf", "semicolon-cp1252", "utf16"],
)
def test_connections_variants_read_the_same_people(
    tmp_path: Path, text: str, encoding: str
) -> None:
    [parsed] = read_path(write(tmp_path / "Connections.csv", text, encoding))
    people = parsed.people
    assert people["full_name"].tolist() == ["Ana Lee", "Priya Raman"]
    assert people["connected_on"].tolist() == ["2026-02-09", "2025-01-07"]
    assert people.loc[1, "credentials"] == "PhD"
    assert [reason for _, reason in parsed.skipped] == [
        "blank identity (a deleted or private member)"
    ]


def test_connections_without_url_column_are_read(tmp_path: Path) -> None:
    [parsed] = read_path(write(tmp_path / "Connections.csv", OLD))
    assert parsed.people["company"].tolist() == ["Acme", "Globex"]
    assert set(parsed.people["linkedin_url"]) == {""}


def test_a_csv_that_is_really_a_zip_is_read_as_the_archive(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("Connections.csv", PREAMBLE + CURRENT)
        zf.writestr("coach_messages.csv", "junk")
    [parsed] = read_path(write_bytes(tmp_path / "export.csv", buffer.getvalue()))
    assert len(parsed.people) == 2


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_messages_drop_drafts_and_sponsored_and_count_each_recipient(tmp_path: Path) -> None:
    me = "https://www.linkedin.com/in/me"
    text = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
        f'1,,Me,{me},"Lee, Ana",https://www.linkedin.com/in/ana,2026-01-02 10:00:00 UTC,,Hi,INBOX,No\n'
        f"1,,Ana Lee,https://www.linkedin.com/in/ana,Me,{me},2026-01-03 10:00:00 UTC,,Hello,INBOX,No\n"
        f'2,,Me,{me},"Ana, Bo",https://www.linkedin.com/in/ana,https://www.linkedin.com/in/bo,2026-01-04 10:00:00 UTC,,Group,INBOX,No\n'
        f"3,,Me,{me},Ana,https://www.linkedin.com/in/ana,2026-01-05 10:00:00 UTC,,draft,INBOX,Yes\n"
        f"4,Sponsored Conversation,LinkedIn Member,,Me,{me},2026-01-06 10:00:00 UTC,,<p>ad</p>,INBOX,No\n"
        f"5,,Me,{me},Ana,https://www.linkedin.com/in/ana,2026-01-07 10:00:00 UTC,,,INBOX,No\n"
    )
    # The group message's recipients are one quoted cell of URLs.
    text = text.replace(
        "https://www.linkedin.com/in/ana,https://www.linkedin.com/in/bo",
        '"https://www.linkedin.com/in/ana,https://www.linkedin.com/in/bo"',
    )
    [parsed] = read_path(write(tmp_path / "messages.csv", text))
    got = parsed.interactions[["profile_url", "direction"]].values.tolist()
    assert got == [
        ["https://www.linkedin.com/in/ana", "out"],
        ["https://www.linkedin.com/in/ana", "in"],
        ["https://www.linkedin.com/in/ana", "out"],
        ["https://www.linkedin.com/in/bo", "out"],
    ]
    assert sorted(r for _, r in parsed.skipped) == [
        "draft",
        "empty message",
        "sponsored conversation",
    ]


def test_directory_headers_map_by_synonym_and_flags_are_read(tmp_path: Path) -> None:
    text = (
        "Record ID,Full Name,classYear,Organization,Designation,Primary Email,Do Not Contact,Favourite Colour\n"
        '7,"Lee, Ana",Class of 2008,Acme,UX Researcher, ANA@X.ORG ,Y,blue\n'
        "8,Bo Chen,'15,Globex,Analyst,,N,green\n"
    )
    [parsed] = read_path(write(tmp_path / "alumni.csv", text))
    assert parsed.mapping["classYear"] == "class_year"
    assert parsed.mapping["Designation"] == "position"
    assert parsed.ignored_headers == ["Favourite Colour"]
    people = parsed.people
    assert people["full_name"].tolist() == ["Ana Lee", "Bo Chen"]
    assert people["class_year"].tolist() == ["2008", "2015"]
    assert people["email"].tolist() == ["ana@x.org", ""]
    assert people["do_not_contact"].tolist() == [1, 0]


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("2012", "2012"),
        ("'15", "2015"),
        ("Class of 2008", "2008"),
        ("2016, 2018", "2016"),
        ("MBA 2021", "2021"),
        ("", ""),
    ],
)
def test_class_years_normalise(raw: str, year: str) -> None:
    assert normalize_class_year(raw) == year


def test_dates_of_every_listed_format_parse() -> None:
    values = pd.Series(
        [
            "09 Feb 2026",
            "23-Apr-23",
            "1-mar-17",
            "2024-05-01 13:45:00 UTC",
            "2024/12/07 14:51:07 UTC",
            "Sat Dec 14 08:57:55 UTC 2024",
            "May 2021",
            "2019",
            "",
            "garbage",
        ]
    )
    assert parse_dates(values).tolist() == [
        "2026-02-09",
        "2023-04-23",
        "2017-03-01",
        "2024-05-01",
        "2024-12-07",
        "2024-12-14",
        "2021-05-01",
        "2019-01-01",
        "",
        "",
    ]


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 12, 31)),
    form=st.sampled_from(
        ["%b %d, %Y", "%B %d %Y", "%a, %b %d, %Y", "%A, %B %d, %Y", "%a %d %b %Y", "%d %B %Y"]
    ),
    ordinal=st.booleans(),
)
def test_a_day_written_out_with_its_month_name_parses(day: date, form: str, ordinal: bool) -> None:
    # How a day is written by hand or shown by Excel and Google Sheets: "Nov 25, 2026",
    # "Wednesday, November 25, 2026", "25th November 2026".
    text = day.strftime(form)
    if ordinal:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10 if day.day // 10 != 1 else 0, "th")
        text = text.replace(f"{day:%d}", f"{day:%d}{suffix}", 1)
    assert parse_dates(pd.Series([text])).tolist() == [day.isoformat()]
    assert parse_dates(pd.Series([text.lower()])).tolist() == [day.isoformat()]


def test_a_month_name_that_is_no_month_is_no_date() -> None:
    assert parse_dates(pd.Series(["Foo 25, 2026", "Wed, 25, 2026", "May 2021"])).tolist() == [
        "",
        "",
        "2021-05-01",
    ]


def test_numeric_dates_decide_day_or_month_first_for_the_whole_column() -> None:
    assert parse_dates(pd.Series(["07.03.2022", "13.03.2022"])).tolist() == [
        "2022-03-07",
        "2022-03-13",
    ]
    assert parse_dates(pd.Series(["3/7/2022", "3/13/2022"])).tolist() == [
        "2022-03-07",
        "2022-03-13",
    ]
    assert parse_dates(pd.Series(["1/8/18, 6:14 PM"]), with_time=True).tolist() == [
        "2018-01-08 18:14:00"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe" * 50, "binary"),
        (b"PK\x03\x04truncated zip", "damaged or truncated"),
        (b"hello,world\n1,2\n", "no header row with a name column"),
    ],
)
def test_bad_files_raise_one_clear_input_error(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        read_path(write_bytes(tmp_path / "bad.csv", data))
    assert "bad.csv" in info.value.message


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(tmp_path: Path, data: bytes) -> None:
    try:
        files = read_path(write_bytes(tmp_path / "random.csv", data))
    except InputError as exc:
        assert "random.csv" in exc.message  # the error names the file
        return
    assert all(len(f.people) <= data.count(b"\n") + 1 for f in files)


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
            min_size=7,
            max_size=7,
        ),
        max_size=8,
    )
)
def test_random_connections_rows_parse_or_fail_cleanly(
    tmp_path: Path, rows: list[list[str]]
) -> None:
    import csv

    buffer = io.StringIO()
    # Every field quoted (as 2026 exports do), so line breaks inside cells are data.
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    writer.writerows(rows)
    try:
        [parsed] = read_path(write(tmp_path / "Connections.csv", PREAMBLE + buffer.getvalue()))
    except InputError:
        return
    assert len(parsed.people) + len(parsed.skipped) <= len(rows)


def test_formats_are_a_registry_the_builtins_join_like_any_other() -> None:
    from coffeechat.ingest.formats import FORMATS, Format, member_kind, member_order, register
    from coffeechat.ingest.records import ParsedFile

    assert member_order()[0] == "linkedin_connections"
    assert member_kind("Basic_Export/Endorsement_Received_Info.csv") == "linkedin_endorsements"
    assert FORMATS["introductions"].family == "introductions"
    assert FORMATS["linkedin_messages"].family == "linkedin"
    # A new format: one entry, recognised by its header and parsed by its own function.
    seen: list[str] = []

    def parse(data: bytes, name: str, encoding: str | None) -> ParsedFile:
        seen.append(name)
        return ParsedFile(kind="volunteer_shifts", name=name, sha256="x")

    fmt = register(
        Format("volunteer_shifts", parse, lambda f: [h.lower() for h in f][:2] == ["shift", "who"])
    )
    try:
        [parsed] = read_path_bytes(b"Shift,Who\nMon,Ana Lee\n", "shifts.csv")
        assert parsed.kind == "volunteer_shifts" and [Path(s).name for s in seen] == ["shifts.csv"]
    finally:
        del FORMATS[fmt.kind]


def read_path_bytes(data: bytes, name: str) -> list[object]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return read_path(path)  # type: ignore[return-value]
