"""Issue 16, item 3: where the user knows nobody matching at an employer on their list, the plan
asks someone for an introduction (double opt-in), and tracks it to the thank-you."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.network.graph import introducers
from coffeechat.outreach.drafts import FORBIDDEN, FORWARD_MARK, WORD_LIMIT, word_count
from coffeechat.workspace import Workspace
from tests.outreach_world import PROFILE, START, TODAY, ids_by_name, make_workspace

# Copperleaf Financial is on the list, but only an accountant and a payroll clerk work there:
# nobody matches UX research, so the plan asks one of them for an introduction.
WITH_COPPERLEAF = PROFILE.replace(
    "[pace]",
    '[[employers]]\nname = "Copperleaf Financial"\nmotivation = 3\nposting = 2\n\n[pace]',
)


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    make_workspace(root).close()
    (root / "coffeechat.toml").write_text(WITH_COPPERLEAF, encoding="utf-8")
    workspace = Workspace(root)
    yield workspace
    workspace.close()


def rows_of(ws: Workspace, path: Path) -> pd.DataFrame:
    ws.write_plan(path, start=START, today=TODAY)
    sheet = openpyxl.load_workbook(path)["Plan"]
    values = list(sheet.iter_rows(values_only=True))
    return pd.DataFrame(values[1:], columns=[str(h) for h in values[0]])


def test_the_plan_asks_the_best_introducer_where_nobody_matches(
    ws: Workspace, tmp_path: Path
) -> None:
    rows = rows_of(ws, tmp_path / "plan.xlsx")
    asks = rows[rows["Role"] == "introducer"]
    assert list(asks["Employer"]) == ["Copperleaf Financial"]
    ask = asks.iloc[0]
    best = introducers(ws.graph(), "Copperleaf Financial").iloc[0]
    assert ask["Name"] == best[C.FULL_NAME]
    assert ask["Next action"] == "ask for an introduction"
    assert "works at Copperleaf Financial" in ask["Why"]
    draft = str(ask["Request draft"])
    ask_part, forward = draft.split(FORWARD_MARK)
    # Double opt-in: they ask the other person first; the paragraph is there to forward.
    assert "check with them first" in ask_part and "Copperleaf Financial" in ask_part
    assert "Riley Tan is" in forward and "a no is completely fine" in forward
    assert ask["Words"] == word_count(ask_part) and ask["Words"] < WORD_LIMIT
    assert not FORBIDDEN.search(draft)
    # An introducer is asked once: not also planned for a conversation elsewhere.
    assert (rows["id"] == ask["id"]).sum() == 1
    # Employers with people who match get a primary, never an introducer.
    assert set(rows.loc[rows["Role"] == "primary", "Employer"]) >= {"Ferrous Labs", "Brightwave"}


def test_replanning_keeps_one_introducer_row(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    first = rows_of(ws, path)
    again = rows_of(ws, path)
    assert (again["Role"] == "introducer").sum() == 1
    assert set(first.loc[first["Role"] == "introducer", "id"]) == set(
        again.loc[again["Role"] == "introducer", "id"]
    )


def test_introductions_can_be_switched_off_in_the_profile(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    make_workspace(root).close()
    text = WITH_COPPERLEAF.replace("[pace]", "[pace]\nintroductions = false")
    (root / "coffeechat.toml").write_text(text, encoding="utf-8")
    with Workspace(root) as ws:
        rows = rows_of(ws, tmp_path / "plan.xlsx")
    assert "introducer" not in set(rows["Role"])


def test_an_introduction_is_tracked_from_the_ask_to_the_thank_you(
    ws: Workspace, tmp_path: Path
) -> None:
    rows = rows_of(ws, tmp_path / "plan.xlsx")
    helper = rows.loc[rows["Role"] == "introducer", "Name"].iloc[0]
    runner = CliRunner()
    where = ["-w", str(ws.root)]

    def step(*args: str) -> None:
        result = runner.invoke(cli, [*args, *where])
        assert result.exit_code == 0, result.output

    def next_of(name: str, today: date) -> tuple[str, date | None]:
        progress = ws.progress(today=today).set_index(C.FULL_NAME)
        return progress.loc[name, C.NEXT_ACTION], progress.loc[name, C.NEXT_DUE]

    step("log", helper, "--sent", "--date", "2026-11-30")
    assert next_of(helper, date(2026, 12, 1)) == ("follow up", date(2026, 12, 9))
    step("log", helper, "--replied", "--date", "2026-12-01")
    assert next_of(helper, date(2026, 12, 2)) == ("check on the introduction", date(2026, 12, 8))
    step("intro", helper, "Nina Castell", "--company", "Copperleaf Financial",
         "--date", "2026-12-03")  # fmt: skip
    state = ws.store.outreach().set_index("person_id")
    ids = ids_by_name(ws)
    assert state.loc[ids[helper], "status"] == "introduced"
    assert state.loc[ids[helper], "introduced_on"] == "2026-12-03"
    # The person introduced joins the plan for Copperleaf, their request due at once, and the
    # draft says who suggested writing.
    nina = state.loc[ids["Nina Castell"]]
    assert (nina["status"], nina["employer"], nina["role"]) == (
        "planned",
        "Copperleaf Financial",
        "primary",
    )
    progress = ws.progress(today=date(2026, 12, 3)).set_index(C.FULL_NAME)
    assert progress.loc["Nina Castell", C.NEXT_ACTION] == "send the request"
    assert progress.loc["Nina Castell", C.NEXT_DUE] == date(2026, 12, 3)
    assert f"{helper} suggested I reach out" in progress.loc["Nina Castell", "request_draft"]
    assert next_of(helper, date(2026, 12, 3)) == ("thank the introducer", date(2026, 12, 4))
    thanks = progress.loc[helper, "thank_you_draft"]
    assert "Thank you for introducing me" in thanks and "Copperleaf Financial" in thanks
    step("log", helper, "--thanked", "--date", "2026-12-04")
    assert next_of(helper, date(2026, 12, 7))[0] == "keep in touch"
    # The introduction joined the graph and the introductions log.
    graph = ws.graph()
    assert graph.has_edge(ids[helper], ids["Nina Castell"])
    log = ws.introductions()
    assert ((log["introducer_name"] == helper) & (log["person_name"] == "Nina Castell")).any()
    # Nobody else's outreach moved.
    others = state.drop(index=[ids[helper], ids["Nina Castell"]])
    assert set(others["status"]) == {"planned"}


def test_an_introduction_typed_into_the_workbook_is_tracked_the_same_way(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    rows = rows_of(ws, path)
    helper = rows.loc[rows["Role"] == "introducer", "Name"].iloc[0]
    book = openpyxl.load_workbook(path)
    sheet = book["Introductions"]
    row = sheet.max_row + 1
    for col, value in enumerate(
        [helper, "Omar Sayed", "2026-12-02", "her colleague", "Copperleaf Financial", "Analyst"], 1
    ):
        sheet.cell(row=row, column=col, value=value)
    book.save(path)
    again = rows_of(ws, path)
    by_name = again.set_index("Name")
    assert by_name.loc[helper, "Status"] == "introduced"
    assert by_name.loc[helper, "Next action"] == "thank the introducer"
    assert by_name.loc["Omar Sayed", "Employer"] == "Copperleaf Financial"
    assert by_name.loc["Omar Sayed", "Status"] == "planned"


def test_an_introducer_the_user_asked_elsewhere_is_not_picked(
    ws: Workspace, tmp_path: Path
) -> None:
    best = introducers(ws.graph(), "Copperleaf Financial")[C.FULL_NAME].tolist()
    assert len(best) == 2
    ws.log(best[0], "declined", on=date(2026, 11, 20))
    rows = rows_of(ws, tmp_path / "plan.xlsx")
    asks = rows[rows["Role"] == "introducer"]
    assert list(asks["Name"]) == [best[1]]


def test_plan_says_which_introductions_to_ask_for_and_then_stops_saying_it(
    ws: Workspace, tmp_path: Path
) -> None:
    path = str(tmp_path / "plan.xlsx")
    where = ["-w", str(ws.root)]
    runner = CliRunner()
    first = runner.invoke(cli, ["plan", "--out", path, "--start", "2026-11-30", *where])
    assert first.exit_code == 0, first.output
    [line] = [ln for ln in first.output.splitlines() if ln.startswith("Nobody you know")]
    assert "at Copperleaf Financial: ask" in line and "(due 2026-1" in line
    helper = line.split(": ask ")[1].split(" for an")[0]
    assert runner.invoke(cli, ["log", helper, "--sent", *where]).exit_code == 0
    again = runner.invoke(cli, ["plan", "--out", path, *where])
    assert "Nobody you know" not in again.output  # asked already: tracked, not repeated
