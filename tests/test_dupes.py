from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.cli import cli
from coffeechat.workspace import Workspace
from tests.conftest import write

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jon,Smith,https://www.linkedin.com/in/jon-smith,,Acme,UX Researcher,09 Feb 2026\n"
    "Chris,Lee,https://www.linkedin.com/in/chris-lee,,Globex,Analyst,08 Feb 2026\n"
    "Maria,Gonzalez,https://www.linkedin.com/in/maria-g,,Initech,Designer,07 Feb 2026\n"
)
DIRECTORY = (
    "Record ID,First Name,Last Name,Employer,Job Title,Email,City\n"
    "1,John,Smith,Acme,Senior UX Researcher,john@acme.test,Chicago\n"
    "2,Chris,Lee,Umbrella,Engineer,chris@umbrella.test,Denver\n"
    "3,Ana,Park,Hooli,Designer,ana@hooli.test,Boston\n"
)


def setup(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
    ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY))
    return ws


def test_fuzzy_candidates_are_listed_with_evidence_and_never_merged_alone(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    assert len(ws.contacts()) == 6  # nothing merged by itself
    found = ws.dupes()
    pairs = {frozenset((r.name_a, r.name_b)): r.evidence for r in found.itertuples()}
    assert frozenset(("Jon Smith", "John Smith")) in pairs
    assert "same employer Acme" in pairs[frozenset(("Jon Smith", "John Smith"))]
    # Two Chris Lees at different employers may be listed, but the evidence says they differ, in
    # the same order as the pair's columns.
    employer = ws.contacts().set_index("person_id")["company"]
    lees = found[(found["name_a"] == "Chris Lee") & (found["name_b"] == "Chris Lee")]
    for row in lees.itertuples():
        expected = f"different employers ({employer[row.person_a]} / {employer[row.person_b]})"
        assert expected in row.evidence
    assert not any("Ana Park" in pair for pair in pairs)
    ws.close()


def test_accepting_merges_everything_and_rejecting_is_remembered(tmp_path: Path) -> None:
    ws = setup(tmp_path)
    found = ws.dupes().set_index("name_b")
    smith = (
        int(found.loc["John Smith", "candidate_id"])
        if "John Smith" in found.index
        else int(found.set_index("name_a").loc["John Smith", "candidate_id"])
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["dupes", "--accept", str(smith), "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    people = ws.contacts()
    assert len(people) == 5
    merged = people[people["email"] == "john@acme.test"].iloc[0]
    assert merged["sources"] == "directory;linkedin"
    assert merged["linkedin_url"] == "https://www.linkedin.com/in/jon-smith"
    # What the merged-away record said is still traced to its file and line.
    trace = ws.store.query(
        "SELECT b.file_name, r.source_row, r.fields FROM source_records r"
        " JOIN import_batches b USING (batch_id) WHERE r.person_id = ?"
        " AND r.merge_rule = 'accepted duplicate'",
        (merged["person_id"],),
    )
    assert len(trace) == 1
    assert trace["source_row"].iloc[0] in (2, 5)  # John's row in either file
    assert "Smith" in trace["fields"].iloc[0]
    rest = ws.dupes()
    for cid in rest["candidate_id"]:
        assert (
            runner.invoke(cli, ["dupes", "--reject", str(cid), "-w", str(ws.root)]).exit_code == 0
        )
    assert ws.dupes().empty
    again = runner.invoke(cli, ["dupes", "--accept", str(smith), "-w", str(ws.root)])
    assert again.exit_code == 1 and again.stderr.startswith(
        f"Error: no open duplicate candidate {smith}"
    )
    ws.close()


def test_each_candidate_score_is_the_name_similarity_and_pairs_are_ordered(workspace) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd
    from rapidfuzz import fuzz

    from coffeechat import columns as C
    from coffeechat.identity.dupes import MIN_SIMILARITY, candidates
    from coffeechat.identity.keys import name_key

    people = workspace.contacts()
    twins = people.head(25).assign(
        person_id=lambda f: f[C.PERSON_ID] + "x",
        full_name=lambda f: f[C.FULL_NAME] + "e",
        linkedin_url="",
    )
    found = candidates(pd.concat([people, twins], ignore_index=True))
    names = pd.concat([people, twins]).set_index(C.PERSON_ID)[C.FULL_NAME]
    assert len(found) >= 20
    for row in found.itertuples():
        assert row.person_a < row.person_b
        expected = fuzz.token_sort_ratio(
            name_key(names[row.person_a]), name_key(names[row.person_b])
        )
        assert row.score == pytest.approx(expected, abs=1e-9) and row.score >= MIN_SIMILARITY


@pytest.mark.parametrize(
    ("short", "full", "shared", "said"),
    [
        ("Priya,S", "Priya,Sharma", "Employer", "surname initial S fits Sharma"),
        ("Priya,S.", "Priya,Sharma", "School", "surname initial S fits Sharma"),
        ("P.,Sharma", "Priya,Sharma", "Employer", "first initial P fits Priya"),
    ],
)
def test_a_name_cut_to_an_initial_is_proposed_at_the_same_employer_or_school(
    tmp_path: Path, short: str, full: str, shared: str, said: str
) -> None:
    text = (
        f"First Name,Last Name,Email,{shared}\n"
        f"{short},a@x.test,Acme Analytics\n"
        f"{full},b@y.test,Acme Analytics\n"
        "Priya,Shah,c@z.test,Globex\n"  # same first name, another initial: not proposed
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_path(write(tmp_path / "dir.csv", text))
    found = ws.dupes()
    assert len(found) == 1
    assert found["evidence"].iloc[0].startswith(said)
    assert (
        f"same {'employer' if shared == 'Employer' else 'school'} Acme Analytics"
        in found["evidence"].iloc[0]
    )
    ws.close()


def test_an_initial_alone_is_not_enough(tmp_path: Path) -> None:
    text = (
        "First Name,Last Name,Email,Employer\nPriya,S,a@x.test,Acme\nPriya,Sharma,b@y.test,Globex\n"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_path(write(tmp_path / "dir.csv", text))
    assert ws.dupes().empty
    ws.close()


def test_the_table_shows_what_to_decide_from(tmp_path: Path) -> None:
    setup(tmp_path).close()
    root = str(tmp_path / "ws")
    result = CliRunner().invoke(cli, ["dupes", "--format", "csv", "-w", root])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0].split(",")
    for column in ("name_a", "title_a", "employer_a", "sources_a", "name_b", "title_b",
                   "employer_b", "sources_b", "score", "evidence"):  # fmt: skip
        assert column in header
    table = CliRunner().invoke(cli, ["dupes", "-w", root], env={"COLUMNS": "200"})
    assert "Jon Smith, UX Researcher at Acme (from linkedin)" in table.output
    assert "John Smith, Senior UX Researcher at Acme (from directory)" in table.output


def test_the_table_shows_the_strongest_pairs_and_counts_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal shows the strongest pairs only (the store reads no more of them); the line
    above says how many there are, and the csv lists them all, strongest first."""
    from coffeechat import cli as cli_module

    setup(tmp_path).close()
    root = str(tmp_path / "ws")
    runner = CliRunner()
    every = runner.invoke(cli, ["dupes", "--format", "csv", "-w", root]).output.splitlines()[1:]
    assert len(every) >= 2
    monkeypatch.setattr(cli_module, "DUPES_SHOWN", 1)
    table = runner.invoke(cli, ["dupes", "-w", root], env={"COLUMNS": "200"})
    assert f"Showing the first 1 of {len(every)}" in table.output
    strongest = every[0].split(",")
    assert strongest[1] in table.output  # name_a of the first csv row
    with Workspace(tmp_path / "ws") as ws:
        assert ws.open_dupes() == len(every)
        assert (
            ws.dupes(limit=1)["candidate_id"].tolist()
            == ws.dupes()["candidate_id"].head(1).tolist()
        )


def test_the_search_runs_again_only_when_the_people_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.identity import dupes

    ws = setup(tmp_path)
    searches: list[int] = []
    real = dupes.candidates

    def counted(people):  # type: ignore[no-untyped-def]
        searches.append(len(people))
        return real(people)

    monkeypatch.setattr(dupes, "candidates", counted)
    first = ws.dupes()
    assert ws.dupes().equals(first) and len(searches) == 1  # nothing changed: the pairs stored
    # A decision changes what is listed, not who there is: still no new search.
    ws.decide_dupe(int(first["candidate_id"].iloc[0]), accept=False)
    assert len(ws.dupes()) == len(first) - 1 and len(searches) == 1
    # A new person is searched for: the next pair is found.
    ws.import_path(write(tmp_path / "more.csv", "Name,Employer\nAna Parks,Hooli\n"))
    pairs = {frozenset((r.name_a, r.name_b)) for r in ws.dupes().itertuples()}
    assert len(searches) == 2 and frozenset(("Ana Park", "Ana Parks")) in pairs
    # A new process finds the search done (the cache keeps the store version it ran on) ...
    ws.close()
    again = Workspace(tmp_path / "ws")
    assert len(again.dupes()) == len(pairs) and len(searches) == 2
    # ... and deleting the cache loses nothing: the search runs again and finds the same pairs.
    import shutil

    shutil.rmtree(tmp_path / "ws" / "cache")
    assert len(again.dupes()) == len(pairs) and len(searches) == 3
    again.close()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["", "smith|j", "lee|c", "park|a", "x"]), max_size=40))
def test_blocks_are_the_rows_of_each_shared_key_in_order(keys: list[str]) -> None:
    from coffeechat.identity.dupes import MAX_BLOCK, _groups

    expected = {}
    for row, key in enumerate(keys):
        if key:
            expected.setdefault(key, []).append(row)
    wanted = [rows for _, rows in sorted(expected.items()) if 2 <= len(rows) <= MAX_BLOCK]
    assert _groups(np.array(keys, dtype=object)) == wanted
