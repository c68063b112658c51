"""LAMP scores typed in the workbook's Employers sheet are written into coffeechat.toml (its comments
kept); the profile edited by hand since wins; a bad score is one clear error and changes nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pytest

from coffeechat.errors import WorkbookError
from coffeechat.outreach.lamp import write_scores
from coffeechat.profile import load_profile
from coffeechat.workspace import Workspace
from tests.conftest import write_plan

MOTIVATION, POSTING = "Motivation (0-3)", "Posting (1-3)"


def employers_sheet(path: Path) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)["Employers"].iter_rows(values_only=True))


def score(path: Path, scores: dict[str, tuple[object, object]]) -> None:
    """Type these scores (motivation, posting) for employers by name, adding rows for new ones."""
    book = openpyxl.load_workbook(path)
    sheet = book["Employers"]
    header = [c.value for c in sheet[1]]
    at = {sheet.cell(row=r, column=2).value: r for r in range(2, sheet.max_row + 1)}
    for name, (motivation, posting) in scores.items():
        row = at.get(name) or sheet.max_row + 1
        sheet.cell(row=row, column=header.index("Employer") + 1).value = name
        sheet.cell(row=row, column=header.index(MOTIVATION) + 1).value = motivation
        sheet.cell(row=row, column=header.index(POSTING) + 1).value = posting
    book.save(path)


def lamp(ws: Workspace) -> dict[str, tuple[int, int]]:
    return {e.name: (e.motivation, e.posting) for e in ws.profile.employers}


def test_scores_typed_in_the_employers_sheet_are_written_into_the_profile(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    text = workspace.profile_path.read_text("utf-8")
    workspace.profile_path.write_text("# my LAMP list, by hand\n" + text, "utf-8")
    score(path, {first: (0, 1), "Harbor Labs": (3, "2")})
    report = workspace.sync(path)
    assert lamp(workspace)[first] == (0, 1)
    assert lamp(workspace)["Harbor Labs"] == (3, 2)
    said = "\n".join(report.lines())
    assert "LAMP scores written to coffeechat.toml" in said and "Harbor Labs" in said
    written = workspace.profile_path.read_text("utf-8")
    assert written.startswith("# my LAMP list, by hand\n")  # the file is edited, not rewritten
    assert tomllib.loads(written)["me"] == tomllib.loads(text)["me"]
    # The next plan ranks by the new scores (Harbor Labs, with motivation 3, is no longer last).
    write_plan(workspace, path)
    names = [row[1] for row in employers_sheet(path)[1:]]
    assert names.index("Harbor Labs") < names.index(first)
    # Synced again: nothing more to write.
    score(path, {})
    assert not any("LAMP" in line for line in workspace.sync(path).lines())


def test_a_profile_edited_by_hand_since_the_write_is_kept(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    text = workspace.profile_path.read_text("utf-8")
    before = lamp(workspace)[first]
    by_hand = (1, 1) if before != (1, 1) else (2, 2)
    marker = f'name = "{first}"\nmotivation = {before[0]}\nposting = {before[1]}'
    assert marker in text
    workspace.profile_path.write_text(
        text.replace(
            marker, f'name = "{first}"\nmotivation = {by_hand[0]}\nposting = {by_hand[1]}'
        ),
        "utf-8",
    )
    score(path, {first: (0, 3)})
    report = workspace.sync(path)
    assert lamp(workspace)[first] == by_hand
    assert any(f"coffeechat.toml changed {first}" in line for line in report.lines())


@pytest.mark.parametrize("typed", [5, "high", 2.5, -1])
def test_a_bad_score_is_one_clear_error_and_changes_nothing(
    workspace: Workspace, tmp_path: Path, typed: object
) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    text = workspace.profile_path.read_text("utf-8")
    score(path, {first: (typed, 1)})
    with pytest.raises(WorkbookError) as error:
        workspace.sync(path)
    assert "sheet Employers row 2 column 'Motivation (0-3)'" in str(error.value)
    assert workspace.profile_path.read_text("utf-8") == text


def test_a_lamp_employer_nobody_could_introduce_is_planned_without_error(
    workspace: Workspace, tmp_path: Path
) -> None:
    """An employer added to the LAMP list where the only person you know of is someone introduced
    to you (who does not know you yet): the plan goes on (it crashed on the empty list of people
    who could introduce you there)."""
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    introducer = str(workspace.contacts()["full_name"].iloc[0])
    workspace.intro(introducer, "Dana Whitfield", company="Zzyzx Quantum Widgets")
    score(path, {"Zzyzx Quantum Widgets": (3, 3), first: (0, 1)})
    workspace.sync(path)
    book = write_plan(workspace, path)
    assert "Zzyzx Quantum Widgets" in [row[1] for row in employers_sheet(path)[1:]]
    assert len(book.plan) > 0


@pytest.mark.parametrize(
    "text",
    [
        '[me]\nname = "Riley Tan"\n',  # no LAMP list yet
        'employers = [{name = "Acme", motivation = 1, posting = 1}]\n[me]\nname = "Riley Tan"\n',
        '# mine\n[me]\nname = "Riley Tan"\n\n[[employers]]\nname = "Acme"  # the big one\n'
        "motivation = 1\nposting = 1\n",
    ],
    ids=["no list", "inline array", "array of tables"],
)
def test_scores_are_written_into_every_layout_of_the_list(tmp_path: Path, text: str) -> None:
    path = tmp_path / "coffeechat.toml"
    path.write_text(text, "utf-8")
    write_scores(path, {"ACME": (3, 2), "New Co": (2, 1)})
    employers = {e.name.casefold(): (e.motivation, e.posting) for e in load_profile(path).employers}
    assert employers == {"acme": (3, 2), "new co": (2, 1)}
    if "# the big one" in text:
        assert path.read_text("utf-8").startswith("# mine\n")
        assert '"Acme"  # the big one' in path.read_text("utf-8")


def test_undo_puts_back_the_scores_a_sync_wrote(workspace: Workspace, tmp_path: Path) -> None:
    """`undo` used to reverse a sync's outreach only: the LAMP scores it wrote into the profile
    stayed, and nothing said so."""
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    was = lamp(workspace)[first]
    text = workspace.profile_path.read_text("utf-8")
    score(path, {first: (0, 1), "Harbor Labs": (3, 2)})
    workspace.sync(path)
    assert lamp(workspace)[first] == (0, 1) and "Harbor Labs" in lamp(workspace)

    result = workspace.undo()
    assert lamp(workspace)[first] == was and "Harbor Labs" not in lamp(workspace)
    assert any("Harbor Labs" in line and "removed" in line for line in result.lamp)
    assert workspace.profile_path.read_text("utf-8") == text  # the file as it was, comments too
    assert workspace.undo().lamp == []  # the change before it wrote no scores


def test_undo_leaves_a_score_changed_by_hand_since(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    first = str(employers_sheet(path)[1][1])
    score(path, {first: (0, 1)})
    workspace.sync(path)
    write_scores(workspace.profile_path, {first: (2, 2)})  # by hand, after the sync
    result = workspace.undo()
    assert lamp(workspace)[first] == (2, 2)
    assert result.lamp == [] and first in result.lamp_left[0]
