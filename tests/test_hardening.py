"""Issue 15: findings of an adversarial sweep, each reproduced first, then fixed."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.demo import sample_files
from coffeechat.errors import NotFoundError, StoreError, UsageError, WorkbookError
from coffeechat.store import database
from coffeechat.workspace import PROFILE_FILE, Workspace
from tests.conftest import write
from tests.outreach_world import PROFILE, START, TODAY, make_workspace, plan_rows


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# -- intro ----------------------------------------------------------------------------------


def test_intro_of_a_new_person_with_a_title_records_them_once(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    root = str(ws.root)
    ws.close()
    for _ in range(3):  # retried: still one person
        code, out, err = run("intro", "Ethan Cole", "Dr. Ana Newperson", "-w", root)
        assert code == 0, (out, err)
        assert out.startswith("Logged: Ethan Cole introduced you to Ana Newperson.")
    with Workspace(root) as again:
        assert (again.contacts()[C.FULL_NAME] == "Ana Newperson").sum() == 1
        assert len(again.introductions()) == 1


@pytest.mark.parametrize("person", ["", "   ", "Ethan Cole"])
def test_intro_to_nobody_or_to_themselves_is_a_usage_error(tmp_path: Path, person: str) -> None:
    ws = make_workspace(tmp_path / "ws")
    before = len(ws.contacts())
    with pytest.raises(UsageError):
        ws.intro("Ethan Cole", person)
    assert len(ws.contacts()) == before and ws.introductions().empty
    ws.close()


def test_intro_to_a_name_two_contacts_share_asks_which(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    ws.import_path(write(tmp_path / "dir.csv", "Name,Employer\nMara Quill,Other Co\n"))
    before = len(ws.contacts())
    with pytest.raises(NotFoundError, match="matches 2 people"):
        ws.intro("Ethan Cole", "Mara Quill")
    assert len(ws.contacts()) == before
    ws.close()


@pytest.mark.parametrize("typed", ["Mara Qu", "Quill", "Mara", "Mara Quille"])
def test_an_introduction_to_part_of_a_contacts_name_is_not_to_them(
    tmp_path: Path, typed: str
) -> None:
    """The person introduced is who the whole name says: a name that is only a part of a
    contact's ("Mara Qu", "Quill") or that starts like it ("Mara Quille") is somebody new, and the
    introduction, and any plan row it starts, are not put on Mara Quill."""
    ws = make_workspace(tmp_path / "ws")
    mara = ws.find("Mara Quill")
    done = ws.intro("Ethan Cole", typed)
    assert done.new_person and done.person_id != mara
    assert ws.name_of(done.person_id) == typed
    assert mara not in set(ws.introductions()["person_id"])
    ws.close()


def test_a_lookup_finds_a_contact_by_whole_words_of_their_name(tmp_path: Path) -> None:
    """`log`, `history` and `forget` take a part of a name when it is whole words of one person's
    name; a part of a word is nobody (logging a meeting on the wrong person is worse than asking
    again)."""
    ws = make_workspace(tmp_path / "ws")
    mara = ws.find("Mara Quill")
    assert ws.find("quill") == ws.find("MARA") == mara
    for typed in ("Mara Qu", "Quil", "ara Quill"):
        with pytest.raises(NotFoundError, match="nobody called"):
            ws.find(typed)
    ws.close()


# -- sync with namesakes --------------------------------------------------------------------


def test_a_namesake_imported_later_does_not_break_the_workbook(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.intro("Ethan Cole", "Sara Nguyen", company="Brightwave", on=date(2026, 11, 20))
    ws.write_plan(path, start=START, today=TODAY)
    # Another Sara Nguyen, and another Ethan Cole, at other employers.
    ws.import_path(
        write(tmp_path / "dir.csv", "Name,Employer\nSara Nguyen,Umbra Co\nEthan Cole,Vega Inc\n")
    )
    people = len(ws.contacts())
    ws.write_plan(path, start=START, today=TODAY)  # reads the workbook back first
    assert len(ws.contacts()) == people
    assert len(ws.introductions()) == 1
    # The row written by coffeechat still reads back as the same two people.
    sheet = openpyxl.load_workbook(path)["Introductions"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[:2] for r in rows] == [("Ethan Cole", "Sara Nguyen")]
    ws.close()


# -- where things are written ---------------------------------------------------------------


def test_a_dry_run_creates_no_workspace(tmp_path: Path) -> None:
    csv = write(tmp_path / "dir.csv", "Name,Employer\nAna Lee,Acme\n")
    code, out, _ = run("import", "--dry-run", str(csv), "-w", str(tmp_path / "new"))
    assert code == 0 and "dry run: nothing was written" in out
    assert not (tmp_path / "new").exists()


def test_plan_writes_its_default_workbook_in_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(tmp_path / "ws").close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run("plan", "--start", "2026-11-30", "-w", str(tmp_path / "ws"))
    assert code == 0, err
    assert (tmp_path / "ws" / "reports" / "outreach_plan.xlsx").exists()
    assert not (elsewhere / "reports").exists()


# -- another writer -------------------------------------------------------------------------


def test_a_busy_workspace_is_a_clear_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(tmp_path / "ws").close()
    monkeypatch.setattr(database, "BUSY_SECONDS", 0.2)
    other = sqlite3.connect(tmp_path / "ws" / "coffeechat.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another command is writing
    try:
        with Workspace(tmp_path / "ws") as ws, pytest.raises(StoreError, match="busy"):
            ws.log("Ethan Cole", "sent", on=date(2026, 12, 1))
        code, _, err = run("log", "Ethan Cole", "--sent", "-w", str(tmp_path / "ws"))
        assert code == 1
        assert err.startswith("Error: the workspace is busy") and len(err.splitlines()) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Workspace(tmp_path / "ws") as ws:
        ws.log("Ethan Cole", "sent", on=date(2026, 12, 1))  # works once the other is done


def test_an_import_reads_the_store_before_locking_and_sees_what_others_wrote_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import reads everyone known without the write lock (seconds on a large store). A person
    another command adds in those seconds is still merged with, not duplicated."""
    header = "First Name,Last Name,Email,Employer,Job Title\n"
    first = write(tmp_path / "a.csv", header + "Ana,Ruiz,ana@example.org,Acme,Analyst\n")
    second = write(tmp_path / "b.csv", header + "Ana,Ruiz,ana@example.org,Acme,Lead Analyst\n")
    Workspace(tmp_path / "ws").close()
    real = database.Store.transaction
    armed, done = [], []

    def another_writer_first(self: database.Store):  # type: ignore[no-untyped-def]
        if armed and not done:
            done.append(True)
            with Workspace(tmp_path / "ws") as other:
                other.import_path(first)
        return real(self)

    monkeypatch.setattr(database.Store, "transaction", another_writer_first)
    with Workspace(tmp_path / "ws") as ws:
        assert ws.store is not None  # opened (and migrated) before the other writer may run
        armed.append(True)
        report = ws.import_path(second)
        people = ws.contacts()
    assert done and report.merged == 1 and report.added == 0
    assert people[C.FULL_NAME].tolist() == ["Ana Ruiz"]


def _others_can_write(db: Path) -> bool:
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_an_import_works_everything_out_before_it_takes_the_write_lock(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading everyone, matching each file's records, merging values, matching messages and
    introductions: all of it happens while other commands can still write. Every kind of file of
    the sample is imported."""
    from coffeechat.ingest import resolver

    db = tmp_path / "ws" / "coffeechat.db"
    (tmp_path / "ws").mkdir()
    shutil.copy(sample_dir / PROFILE_FILE, tmp_path / "ws" / PROFILE_FILE)
    Workspace(tmp_path / "ws").close()
    probes: dict[str, list[bool]] = {}

    def probed(name: str):  # type: ignore[no-untyped-def]
        real = getattr(resolver.Resolver, name)

        def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            probes.setdefault(name, []).append(_others_can_write(db))
            result = real(self, *args, **kwargs)
            probes[name].append(_others_can_write(db))
            return result

        monkeypatch.setattr(resolver.Resolver, name, call)

    for name in ("__init__", "resolve", "person_for_url", "person_for_name"):
        probed(name)
    with Workspace(tmp_path / "ws") as ws:
        reports = [ws.import_path(path) for path in sample_files(sample_dir)]
        assert sum(r.added for r in reports) > 100 and ws.store.introductions().shape[0] > 0
        assert any(f.interactions_added for r in reports for f in r.files)
    assert set(probes) == {"__init__", "resolve", "person_for_url", "person_for_name"}
    assert all(all(free) for free in probes.values()), probes


# -- hostile text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
)
def test_csv_output_never_hands_a_formula_to_a_spreadsheet(tmp_path: Path, text: str) -> None:
    quoted = '"' + text.replace('"', '""') + '"'
    csv = write(tmp_path / "dir.csv", f"Name,Employer,Job Title\nAna Lee,{quoted},Analyst\n")
    root = str(tmp_path / "ws")
    assert run("import", str(csv), "-w", root)[0] == 0
    code, out, _ = run("contacts", "--format", "csv", "-w", root)
    assert code == 0
    import csv as csvlib
    import io

    [row] = list(csvlib.DictReader(io.StringIO(out)))
    assert row[C.COMPANY] == "'" + text


def test_guarding_csv_output_keeps_whole_numbers_whole() -> None:
    import pandas as pd

    from coffeechat.cli import _csv_safe

    # A merge in a history has no event number: the events beside it stay 7, not 7.0.
    frame = pd.DataFrame({"event": [None, 7, 61], "note": ["=x", "a", None]}, dtype=object)
    text = _csv_safe(frame).to_csv(index=False, lineterminator="\n")
    assert text == "event,note\n,'=x\n7,a\n61,\n"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(max_size=12),
            st.sampled_from(["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "a=b"]),
        ),
        max_size=15,
    )
)
def test_a_text_column_is_guarded_as_each_cell_would_be(values: list[str | None]) -> None:
    """Text columns are guarded a column at a time (Arrow); the result is each cell's own rule:
    an apostrophe before a formula's first character, anything else as it is."""
    import pandas as pd

    from coffeechat.cli import _FORMULA_START, _csv_safe

    frame = pd.DataFrame({"text": pd.Series(values, dtype="str")})
    guarded = _csv_safe(frame)["text"].tolist()
    expected = [
        None if v is None else ("'" + v if v.startswith(_FORMULA_START) else v) for v in values
    ]
    assert [None if pd.isna(v) else v for v in guarded] == expected


def test_one_bad_byte_does_not_turn_a_utf8_file_into_mojibake(tmp_path: Path) -> None:
    data = "Name,Employer,City\nJosé Łódź,Café Nord,Kraków\nBo Chen,Acme,Oslo\n".encode()
    data = data.replace(b"Oslo", b"Os\xfflo")
    path = tmp_path / "dir.csv"
    path.write_bytes(data)
    with Workspace(tmp_path / "ws") as ws:
        report = "\n".join(ws.import_path(path).lines())
        people = ws.contacts().set_index(C.FULL_NAME)
    assert "José Łódź" in people.index
    assert people.loc["José Łódź", C.COMPANY] == "Café Nord"
    assert "bytes that are not UTF-8 replaced" in report and "(line 3)" in report


def test_an_employer_named_like_mathematics_does_not_break_the_report(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    odd = "$\\undefinedcmd$ Labs"
    (ws.root / "coffeechat.toml").write_text(PROFILE.replace('"Ferrous Labs"', f"'{odd}'"))
    ws.import_path(
        write(tmp_path / "dir.csv", f"Name,Employer,Job Title\nAna Lee,{odd},UX Researcher\n")
    )
    ws.close()
    with Workspace(ws.root) as again:
        written = again.report(tmp_path / "report")
    assert (tmp_path / "report" / "report.html").exists()
    assert all(p.stat().st_size > 0 for p in written)


# -- hostile files --------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_at_once(tmp_path: Path, device: str) -> None:
    code, _, err = run("import", device, "-w", str(tmp_path / "ws"))
    assert code == 1 and err.startswith("Error: not a regular file")


def test_a_fifo_is_refused_instead_of_waiting_forever(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for args in (["import", str(fifo)], ["import", "--dry-run", str(fifo)], ["sync", str(fifo)]):
        make_workspace(tmp_path / "ws").close()
        code, _, err = run(*args, "-w", str(tmp_path / "ws"))
        assert code == 1 and "not a regular file" in err, args


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    header = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    bomb = _zip(tmp_path / "export.zip", {"Connections.csv": header + b" " * 200 * 1024**2})
    with Workspace(tmp_path / "ws") as ws:
        before = len(ws.contacts())
        with pytest.raises(Exception, match="would inflate to 200 MB") as info:
            ws.import_path(bomb)
        assert info.value.__class__.__name__ == "InputError"
        assert len(ws.contacts()) == before


def test_a_workbook_bomb_is_refused_by_sync(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    bomb = _zip(tmp_path / "plan.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * 300 * 1024**2})

    with pytest.raises(WorkbookError, match="would inflate"):
        ws.sync(bomb)
    ws.close()


def test_an_archive_naming_files_outside_itself_is_refused(tmp_path: Path) -> None:
    header = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    evil = _zip(tmp_path / "export.zip", {"Connections.csv": header, "../../etc/x.csv": b"a"})
    code, _, err = run("import", str(evil), "-w", str(tmp_path / "ws"))
    assert code == 1 and "outside itself" in err


def test_one_huge_cell_is_cut_and_does_not_poison_the_workspace(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    huge = "x" * (20 * 1024**2)
    ws.import_path(
        write(
            tmp_path / "dir.csv",
            f"Name,Employer,Job Title,Notes\nAna Lee,Acme,UX Researcher,{huge}\n",
        )
    )
    stored = ws.store.conn.execute("SELECT MAX(LENGTH(notes)) FROM people").fetchone()[0]
    assert stored <= 4000
    assert not ws.rank(["UX research"], top=5).empty  # rank and plan still work
    ws.plan(start=START, today=TODAY)
    ws.close()


# -- the profile ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"me": {"schools": 5}}, "'schools' must be a list of text values"),
        ({"me": {"emails": 3}}, "'emails' must be a list of text values"),
        ({"me": {"past_employers": True}}, "'past_employers' must be a list of text values"),
        ({"me": {"name": {"first": {"deep": 1}}}}, "'name' must be text"),
        ({"me": {"nmae": "Riley"}}, "unknown key 'nmae' (did you mean 'name'?)"),
        ({"weight": {"relevance": 1}}, "unknown key 'weight' (did you mean 'weights'?)"),
        ({"weights": {"relevance": float("nan")}}, "weight 'relevance' must be a non-negative"),
        ({"weights": {"relevance": float("inf")}}, "weight 'relevance' must be a non-negative"),
        ({"weights": dict.fromkeys(
            ("relevance", "warmth", "affinity", "tie_strength", "seniority", "willingness",
             "employer", "freshness"), 0)}, "every ranking weight is 0"),
        ({"targets": [{"name": 5}]}, "'name' must be text"),
    ],
)  # fmt: skip
def test_profile_values_of_the_wrong_kind_are_named(data: dict[str, object], said: str) -> None:
    from coffeechat.errors import ProfileError
    from coffeechat.profile import profile_from_dict

    with pytest.raises(ProfileError) as info:
        profile_from_dict(data)
    assert info.value.what.startswith(said)


def test_one_text_where_a_list_is_expected_is_a_list_of_one() -> None:
    from coffeechat.profile import profile_from_dict

    profile = profile_from_dict({"me": {"schools": "Pioneer University"}})
    assert profile.schools == ("Pioneer University",)


def test_a_start_date_far_away_is_a_usage_error(tmp_path: Path) -> None:
    make_workspace(tmp_path / "ws").close()
    code, _, err = run("plan", "--start", "9999-12-31", "-w", str(tmp_path / "ws"))
    assert code == 2 and err.startswith("Error: --start 9999-12-31")


# -- an unexpected error --------------------------------------------------------------------


def test_an_internal_error_is_one_line_a_crash_report_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workspace(tmp_path / "ws").close()

    def broken(self: Workspace) -> None:
        raise ValueError("could not place Ana Lee <ana@example.org>")

    monkeypatch.setattr(Workspace, "contacts", broken)
    result = CliRunner().invoke(cli, ["contacts", "--format", "csv", "-w", str(tmp_path / "ws")])
    assert result.exit_code == 70
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: something went wrong inside coffeechat (ValueError)")
    [report] = (tmp_path / "ws" / "crash-reports").iterdir()
    text = report.read_text()
    assert "builtins.ValueError" in text and "command: coffeechat contacts --format" in text
    assert "Ana" not in text and "example.org" not in text and "csv" not in text
    debug = CliRunner().invoke(
        cli, ["--debug", "contacts", "-w", str(tmp_path / "ws")], catch_exceptions=True
    )
    assert isinstance(debug.exception, ValueError)


# -- privacy --------------------------------------------------------------------------------


def test_everything_written_is_private_whatever_the_umask(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        root = tmp_path / "ws"
        assert run("init", "-w", str(root))[0] == 0
        csv = write(tmp_path / "dir.csv", "Name,Employer,Job Title\nAna Lee,Acme,UX Researcher\n")
        assert run("import", str(csv), "-w", str(root))[0] == 0
        for args in (
            ["plan", "--start", "2026-11-30"],
            ["plan", "--start", "2026-11-30"],  # a second time: a backup is made
            ["report", "--out", str(root / "reports")],
            ["graph", "--export", "graphml", "--out", str(root / "network.graphml")],
        ):
            code, _, err = run(*args, "-w", str(root))
            assert code == 0, (args, err)
    finally:
        os.umask(old)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    files = [p for p in root.rglob("*") if p.is_file() and "cache" not in p.parts]
    assert any(p.suffix == ".xlsx" and "backups" in p.parts for p in files)
    loose = {str(p.relative_to(root)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) & 0o077}  # fmt: skip
    assert loose == {}


# -- the workbook ---------------------------------------------------------------------------


def test_a_renamed_questions_sheet_is_still_read_and_a_deleted_one_is_said(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    book = openpyxl.load_workbook(path)
    sheet = book["Questions"]
    sheet.title = "My answers"
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Answer / notes") + 1, value="Started in a lab")
    del book["Introductions"]
    book.save(path)
    report = ws.sync(path)
    lines = report.lines()
    assert "Warning: the Questions sheet was read from 'My answers'" in lines
    assert any(
        ln.startswith("Warning: the Introductions sheet is missing from plan.xlsx") for ln in lines
    )
    assert report.answers == 1
    assert "Started in a lab" in set(ws.store.answers()["answer"])


def test_a_renamed_plan_sheet_is_read_and_one_without_plan_headers_is_refused(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    sheet.title = "Spring outreach"
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Status") + 1).value = "asked"
    sheet.cell(row=2, column=header.index("Asked on") + 1).value = date(2026, 11, 25)
    name = sheet.cell(row=2, column=header.index("Name") + 1).value
    # A header typed in capitals with a colon is still the Status column.
    sheet.cell(row=1, column=header.index("Status") + 1).value = "STATUS:"
    book.save(path)
    report = ws.sync(path)
    assert "Warning: the Plan sheet was read from 'Spring outreach'" in report.lines()
    row = ws.store.outreach().merge(ws.store.people()[["person_id", "full_name"]])
    assert row.set_index("full_name").loc[name, "status"] == "asked"
    # The next plan writes the Plan sheet under its own name again, with the edit in it.
    ws.write_plan(path, start=START, today=TODAY)
    again = openpyxl.load_workbook(path)["Plan"]
    assert name in {r[header.index("Name")] for r in again.iter_rows(values_only=True)}

    # A workbook with no sheet that looks like a plan is refused, saying how to fix it.
    book = openpyxl.load_workbook(path)
    book["Plan"].title = "Spring outreach"
    book["Spring outreach"].cell(row=1, column=header.index("id") + 1).value = None
    book.save(path)
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match="no Plan sheet") as raised:
        ws.sync(path)
    assert "rename the sheet of your plan back to 'Plan'" in str(raised.value)
    assert path.read_bytes() == before
    ws.close()

    ws.close()


def test_forget_takes_a_planned_person_out_of_the_workbook_and_its_backups(
    tmp_path: Path,
) -> None:
    import zipfile

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    ws.log("Mara Quill", "sent", on=date(2026, 11, 30), note="met Mara at the fair")
    ws.write_plan(path, start=START, today=TODAY)  # the first one goes to backups/
    ws.forget("Mara Quill")
    files = [path, *sorted((tmp_path / "backups").glob("*.xlsx"))]
    assert len(files) >= 2
    for file in files:
        with zipfile.ZipFile(file) as book:
            assert not any(b"Mara" in book.read(n) for n in book.namelist()), file
    # The workbook still works: plan and sync read it back.
    ws.write_plan(path, start=START, today=TODAY)
    assert ws.sync(path).conflicts == []
    assert "Mara Quill" not in set(ws.contacts()[C.FULL_NAME])
    ws.close()


def test_forget_takes_only_their_name_out_of_someone_elses_notes(tmp_path: Path) -> None:
    """The whole cell used to be emptied, and the next sync read that as the user clearing the
    other person's notes: "call on Friday" was lost with the name."""
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.log("Lena Park", "sent", on=date(2026, 11, 30), note="Mara Quill suggested I write")
    ws.log("Lena Park", "replied", on=date(2026, 12, 1), note="call on Friday")
    ws.write_plan(path, start=START, today=TODAY)
    ws.forget("Mara Quill")
    lena = ws.find("Lena Park")
    assert plan_rows(path)[lena]["Notes"] == "[forgotten] suggested I write\ncall on Friday"
    ws.sync(path)
    notes = ws.store.outreach().set_index("person_id").loc[lena, "notes"]
    assert notes.splitlines() == ["[forgotten] suggested I write", "call on Friday"]
    ws.close()


def test_forget_leaves_a_workbook_that_never_named_them_as_it_is(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    ws.intro("Ethan Cole", "Zed Newperson", on=date(2026, 11, 20))  # after the plan was written
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    ws.forget("Zed Newperson")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert "Zed Newperson" not in set(ws.contacts()[C.FULL_NAME])
    ws.close()


def test_a_pseudonymised_report_names_no_employer_school_or_day(tmp_path: Path) -> None:
    import re

    ws = make_workspace(tmp_path / "ws")
    ws.intro("Ethan Cole", "Kai Lund", company="Lund & Co", on=date(2026, 11, 17))
    ws.write_plan(tmp_path / "plan.xlsx", start=START, today=TODAY)
    ws.log("Devika Raman", "sent", on=date(2026, 12, 1))
    out = tmp_path / "shared"
    ws.report(out, pseudonymize=True)
    page = (out / "report.html").read_text(encoding="utf-8")
    svgs = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.svg"))
    # Text only: an embedded PNG's base64 holds no names, but 440,000 random-looking characters
    # spell "Lund" now and then (it failed a clean run once).
    everything = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", page + svgs)
    for secret in ("Ferrous Labs", "Northwind Health", "Brightwave", "Lund", "Lakeshore State",
                   "Devika", "Riley Tan", "2026-11-17", "2026-12-01"):  # fmt: skip
        assert secret not in everything, secret
    assert re.search(r"Employer \d+", page)
    ws.close()


# -- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_during_import_stores_nothing(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    before = ws.store.conn.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    pages = ws.store.conn.execute("PRAGMA page_count").fetchone()[0]
    ws.store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # room for almost nothing
    rows = "".join(f"Person {i} Name{i},Employer {i},Analyst\n" for i in range(3000))
    with pytest.raises(StoreError, match="the disk is full"):
        ws.import_path(write(tmp_path / "dir.csv", "Name,Employer,Job Title\n" + rows))
    assert ws.store.conn.execute("SELECT COUNT(*) FROM people").fetchone()[0] == before
    assert ws.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ws.close()


def test_a_full_disk_while_writing_the_plan_keeps_the_old_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os
    import zipfile

    import xlsxwriter.workbook

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "ws" / "reports" / "outreach_plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    old_bytes = path.read_bytes()
    outreach = ws.store.outreach().to_dict("records")
    ws.close()

    class FullDisk(zipfile.ZipFile):
        """The workbook's ZIP: its file is created, then the disk is full at the first part."""

        def write(self, *args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.filename))

        writestr = write

    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", FullDisk)
    code, _, err = run("plan", "--weeks", "3", "-w", str(tmp_path / "ws"))
    assert code == 1 and err.startswith("Error: the disk is full")
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [path.name]
    with Workspace(tmp_path / "ws") as again:
        assert again.store.outreach().to_dict("records") == outreach


def test_what_a_killed_write_left_behind_is_swept_away(tmp_path: Path) -> None:
    import os
    import time

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    stale, fresh = tmp_path / ".plan-abc123.xlsx", tmp_path / ".plan-def456.xlsx"
    stale.write_bytes(b"half a workbook")
    fresh.write_bytes(b"another write, still going")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    ws.write_plan(path, start=START, today=TODAY)
    assert not stale.exists() and fresh.exists()
    ws.close()


def test_a_blank_status_cell_keeps_the_status(tmp_path: Path) -> None:
    from tests.outreach_world import edit_plan, plan_rows

    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    pid = next(iter(plan_rows(path)))
    ws.log(pid, "sent", on=date(2026, 11, 30))
    ws.write_plan(path, start=START, today=TODAY)
    edit_plan(path, {pid: {"Status": None}})
    ws.write_plan(path, start=START, today=TODAY)
    assert plan_rows(path)[pid]["Status"] == "asked"
    assert ws.store.outreach().set_index("person_id").loc[pid, "status"] == "asked"
    ws.close()


def test_an_organisation_that_is_school_and_employer_reads_right_in_both_roles() -> None:
    from coffeechat.reporting.insights import Aliases

    aliases = Aliases(["Acme", "Pioneer University"], ["Pioneer University"])
    said = aliases.text(
        "alum of Pioneer University, class of 2002; you both worked at Acme; "
        "Pioneer University is on your LAMP list"
    )
    assert said == (
        "alum of School 1, class of 2002; you both worked at Employer 1; "
        "Employer 2 is on your LAMP list"
    )


def test_a_name_typed_with_a_title_finds_the_person(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    assert ws.find("Dr. Mara Quill") == ws.find("Mara Quill")
    ws.intro("Ethan Cole", "Ms. Mara Quill")  # an existing contact: no new person
    assert (ws.contacts()[C.FULL_NAME] == "Mara Quill").sum() == 1
    ws.close()
