"""Issue 12, item 3: several class years and schools per person are all kept, and count."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat import columns as C
from coffeechat.identity import education
from coffeechat.network.graph import graph_summary, school_node
from coffeechat.store.database import Store
from coffeechat.workspace import Workspace
from tests.conftest import write

PROFILE = """
[me]
name = "Riley Tan"
schools = ["Pioneer University"]

[[targets]]
name = "UX research"
"""


def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "coffeechat.toml").write_text(PROFILE, encoding="utf-8")
    return Workspace(root)


@pytest.mark.parametrize(
    "rows",
    [
        # One person, a row per degree (same record id), years in two spellings.
        "Record ID,Name,Email,School,Degree,Class Year,Job Title\n"
        "7,Ana Lee,ana@x.test,Pioneer University,BA,2015,UX Researcher\n"
        "7,Ana Lee,ana@x.test,Pioneer University,MS,'19,UX Researcher\n",
        # The same person twice, matched by email, with the degrees the other way round.
        "Name,Email,Institution,Major,Grad Year,Title\n"
        "Ana Lee,ana@x.test,Pioneer University,MS,2019,UX Researcher\n"
        "Ana Lee,ANA@x.test,Pioneer University,BA,Class of 2015,UX Researcher\n",
    ],
)
def test_two_degrees_keep_both_class_years(tmp_path: Path, rows: str) -> None:
    with workspace(tmp_path) as ws:
        ws.import_path(write(tmp_path / "alumni.csv", rows))
        people = ws.contacts()
        assert len(people) == 1
        years = {year for _, year in education.parse(people[C.EDUCATION].iloc[0])}
        assert years == {"2015", "2019"}
        why = ws.rank(["UX research"], top=5)[C.WHY].iloc[0]
    assert "alum of Pioneer University, class of 2015 and 2019" in why


def test_a_second_school_from_another_file_is_kept_and_counts(tmp_path: Path) -> None:
    with workspace(tmp_path) as ws:
        ws.import_path(
            write(
                tmp_path / "a.csv",
                "Name,Email,School,Class Year,Job Title\n"
                "Bo Chen,bo@x.test,Lakeshore State University,2012,UX Researcher\n",
            )
        )
        ws.import_path(
            write(
                tmp_path / "b.csv",
                "Name,Email,School,Class Year\nBo Chen,bo@x.test,Pioneer University,2016\n",
            )
        )
        person = ws.contacts().iloc[0]
        # The first school stays the one `school` names; the second is kept beside it.
        assert person[C.SCHOOL] == "Lakeshore State University"
        assert [s for s, _ in education.parse(person[C.EDUCATION])] == [
            "Lakeshore State University",
            "Pioneer University",
        ]
        # The user's school among them makes Bo an alum, with that school's year.
        why = ws.rank(["UX research"], top=5)[C.WHY].iloc[0]
        assert "alum of Pioneer University, class of 2016" in why
        graph = ws.graph()
        pid = person[C.PERSON_ID]
        studied = {v for _, v, d in graph.out_edges(pid, data=True) if d["type"] == "studied_at"}
        assert studied == {
            school_node("Lakeshore State University"),
            school_node("Pioneer University"),
        }
        assert ws.graph_summary() == graph_summary(graph)


def test_version_12_stores_gain_their_education(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store(path, migrate=False)
    store.migrate(to=12)
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        store.conn.execute(
            "INSERT INTO people (person_id, full_name, school, degree, class_year, first_batch_id,"
            " updated_at) VALUES ('p1', 'Ana Lee', 'Pioneer University', 'BA', '2015', ?, 'now')",
            (batch,),
        )
    store.close()
    upgraded = Store(path)
    assert upgraded.people()[C.EDUCATION].tolist() == ["Pioneer University (BA, 2015)"]
    upgraded.close()


@pytest.mark.parametrize(
    ("school", "degree", "year", "text"),
    [
        ("Pioneer University", "BA", "2015", "Pioneer University (BA, 2015)"),
        ("Pioneer University", "", "", "Pioneer University"),
        (
            "Pioneer University",
            "BS; Math (Hons)",
            "2015",
            "Pioneer University (BS, Math Hons, 2015)",
        ),
        ("", "", "", ""),
    ],
)
def test_an_entry_reads_back_as_it_was_written(
    school: str, degree: str, year: str, text: str
) -> None:
    assert education.entry(school, degree, year) == text
    if text:
        assert education.parse(text) == [(school, year)]
