"""Issue 12, item 6: every merge is recorded, and `unmerge` restores the rows as they were."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.errors import UsageError
from coffeechat.workspace import Workspace
from tests.conftest import write
from tests.test_dupes import CONNECTIONS, DIRECTORY

# Tables whose rows belong to one person (by person_id), compared before and after.
_TABLES = ("people", "source_records", "person_events", "interactions", "outreach_events",
           "outreach", "answers")  # fmt: skip


def rows_of(ws: Workspace, pid: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored about a person, but the time a row was last written."""
    out = {}
    for table in _TABLES:
        cursor = ws.store.conn.execute(f"SELECT * FROM {table} WHERE person_id = ?", (pid,))
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n != "updated_at"]
        out[table] = sorted(tuple(r[i] for i in keep) for r in cursor.fetchall())
    out["introductions"] = sorted(
        ws.store.conn.execute(
            "SELECT introducer_id, person_id, introduced_on, note FROM introductions"
            " WHERE introducer_id = ? OR person_id = ?",
            (pid, pid),
        ).fetchall()
    )
    return out


def accepted_pair(tmp_path: Path) -> tuple[Workspace, str, str]:
    """Jon Smith (LinkedIn) and John Smith (directory), with outreach and an introduction each."""
    ws = Workspace(tmp_path / "ws")
    ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
    ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY))
    people = ws.contacts()
    ids = dict(zip(people[C.FULL_NAME], people[C.PERSON_ID], strict=True))
    chris = str(people.loc[people[C.COMPANY].eq("Globex"), C.PERSON_ID].iloc[0])
    ws.log("John Smith", "sent", on=date(2026, 11, 2))
    ws.log("John Smith", "replied", on=date(2026, 11, 4))
    ws.intro(chris, "John Smith", on=date(2026, 10, 1))
    ws.store.save_answer(ids["John Smith"], "What does a week look like?", "Mostly interviews")
    return ws, ids["Jon Smith"], ids["John Smith"]


def test_an_accepted_duplicate_is_restored_exactly(tmp_path: Path) -> None:
    ws, jon, john = accepted_pair(tmp_path)
    before = {pid: rows_of(ws, pid) for pid in (jon, john)}
    candidate = ws.dupes()
    pair = candidate[candidate["evidence"].str.contains("same employer Acme")].iloc[0]
    kept = ws.decide_dupe(int(pair["candidate_id"]), accept=True)
    gone = john if kept == jon else jon
    assert gone not in set(ws.contacts()[C.PERSON_ID])
    assert ws.store.outreach().set_index("person_id").loc[kept, "status"] == "replied"
    history = ws.history(kept)
    merges = history[history["source"] == "merge"]
    assert len(merges) == 1 and "accepted duplicate" in merges["change"].iloc[0]

    kept_id, restored = ws.unmerge(kept)
    assert (kept_id, restored) == (kept, gone)
    after = {pid: rows_of(ws, pid) for pid in (jon, john)}
    assert after == before
    # Kept apart from now on: the pair is not suggested again.
    open_pairs = ws.dupes()
    assert not (
        open_pairs["person_a"].isin([jon, john]) & open_pairs["person_b"].isin([jon, john])
    ).any()
    ws.close()


def test_what_happened_after_the_merge_stays(tmp_path: Path) -> None:
    ws, _jon, _john = accepted_pair(tmp_path)
    candidate = ws.dupes()
    pair = candidate[candidate["evidence"].str.contains("same employer Acme")].iloc[0]
    kept = ws.decide_dupe(int(pair["candidate_id"]), accept=True)
    ws.log(kept, "scheduled", on=date(2026, 12, 3))
    ws.unmerge(kept)
    # The meeting logged after the merge belongs to the person it was logged on.
    assert ws.store.outreach().set_index("person_id").loc[kept, "status"] == "scheduled"
    ws.close()


def directory_merge(tmp_path: Path) -> tuple[Workspace, str, dict[str, Any]]:
    """Ana Park from LinkedIn; a directory row with her email but another person's details (a
    shared family address) is merged into her by email, filling her school and class year."""
    ws = Workspace(tmp_path / "ws")
    ws.import_path(
        write(
            tmp_path / "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Ana,Park,https://www.linkedin.com/in/ana-park,ana@home.test,Hooli,Designer,"
            "07 Feb 2026\n",
        )
    )
    pid = str(ws.contacts()[C.PERSON_ID].iloc[0])
    before = rows_of(ws, pid)
    ws.import_path(
        write(
            tmp_path / "alumni.csv",
            "Name,Email,School,Class Year,Do Not Contact\n"
            "Ana Park,ana@home.test,Pioneer University,1988,Y\n",
        )
    )
    return ws, pid, before


def test_a_record_an_import_merged_in_becomes_its_own_person(tmp_path: Path) -> None:
    ws, pid, before = directory_merge(tmp_path)
    merged = ws.contacts().set_index(C.PERSON_ID).loc[pid]
    assert (merged[C.SCHOOL], merged[C.CLASS_YEAR], merged[C.DO_NOT_CONTACT]) == (
        "Pioneer University",
        "1988",
        1,
    )
    kept, restored = ws.unmerge(pid)
    assert kept == pid
    assert rows_of(ws, pid) == before
    people = ws.contacts().set_index(C.PERSON_ID)
    assert len(people) == 2
    apart = people.loc[restored]
    assert (apart[C.SCHOOL], apart[C.CLASS_YEAR], apart[C.DO_NOT_CONTACT]) == (
        "Pioneer University",
        "1988",
        1,
    )
    assert apart[C.SOURCES] == "directory" and people.loc[pid, C.SOURCES] == "linkedin"
    # Nothing left to undo.
    assert ws.store.merges_of(pid) == []
    ws.close()


def test_a_later_change_is_not_undone(tmp_path: Path) -> None:
    ws, pid, _ = directory_merge(tmp_path)
    ws.import_path(
        write(
            tmp_path / "alumni-2.csv", "Name,Email,School\nAna Park,ana@home.test,Other College\n"
        )
    )
    # A field the merge filled but the user (or a later file) left alone goes back; the flag
    # the merged record brought goes with it.
    ws.unmerge(pid, "r" + str(first_record(ws, pid)))
    person = ws.contacts().set_index(C.PERSON_ID).loc[pid]
    assert person[C.CLASS_YEAR] == "" and person[C.DO_NOT_CONTACT] == 0
    ws.close()


def first_record(ws: Workspace, pid: str) -> int:
    return int(
        ws.store.conn.execute(
            "SELECT MIN(record_id) FROM source_records WHERE person_id = ?", (pid,)
        ).fetchone()[0]
    )


def test_several_merges_need_a_choice(tmp_path: Path) -> None:
    ws, pid, _ = directory_merge(tmp_path)
    ws.import_path(
        write(tmp_path / "alumni-2.csv", "Name,Email,Degree\nAna Park,ana@home.test,BFA\n")
    )
    with pytest.raises(UsageError) as info:
        ws.unmerge(pid)
    assert "2 merges into Ana Park" in info.value.what and "alumni-2.csv" in info.value.what
    ws.close()
    root = str(tmp_path / "ws")
    runner = CliRunner()
    history = runner.invoke(cli, ["history", "Ana Park", "--format", "csv", "-w", root])
    assert history.exit_code == 0, history.output
    assert history.output.count("merged in:") == 2
    ref = "r" + str(Workspace(root).store.merges_of(pid)[-1].ref[1:])
    result = runner.invoke(cli, ["unmerge", "Ana Park", "--merge", ref, "-w", root])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Unmerged: Ana Park")
    result = runner.invoke(cli, ["unmerge", pid, "--merge", "r999999", "-w", root])
    assert result.exit_code == 1 and result.stderr.startswith("Error: no merge 'r999999'")


def test_forget_removes_merge_journals(tmp_path: Path) -> None:
    ws, _jon, _john = accepted_pair(tmp_path)
    candidate = ws.dupes()
    pair = candidate[candidate["evidence"].str.contains("same employer Acme")].iloc[0]
    kept = ws.decide_dupe(int(pair["candidate_id"]), accept=True)
    ws.forget(kept)
    text = "".join(str(r) for r in ws.store.conn.execute("SELECT * FROM merges").fetchall())
    assert "Smith" not in text
    ws.close()
