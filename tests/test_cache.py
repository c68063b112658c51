"""The workspace's caches (cache/people.arrow, cache/ranker.pickle, cache/relevance.pickle): every writer's change shows
at once (an import or an edit of who people are rebuilds them; outreach is read afresh beside
them), a lost or damaged file is rebuilt, and what they hand back equals what the store says."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from coffeechat import columns as C
from coffeechat.store.cache import Cache
from coffeechat.workspace import CACHE_DIR, Workspace
from tests.conftest import write

CACHED = ("people.arrow", "ranker.pickle", "relevance.pickle")


def fresh(ws: Workspace) -> Workspace:
    """The same workspace from a new process's point of view: nothing in memory."""
    ws.close()
    return Workspace(ws.root)


def warm(ws: Workspace) -> None:
    ws.rank(["UX research"], top=5)
    for name in CACHED:
        assert (ws.root / CACHE_DIR / name).exists()


def test_the_cached_frame_is_the_stores(workspace: Workspace) -> None:
    workspace.log(workspace.contacts()[C.PERSON_ID].iloc[3], "sent", on=date(2026, 11, 20))
    warm(workspace)
    again = fresh(workspace)
    cached = again.contacts()
    folder = again.root / CACHE_DIR
    for path in folder.iterdir():
        path.unlink()
    built = fresh(again).contacts()
    pd.testing.assert_frame_equal(cached, built)
    store = again.store.people()
    pd.testing.assert_frame_equal(cached[list(store.columns)], store)
    outreach = again.store.outreach().set_index(C.PERSON_ID)
    asked = cached.set_index(C.PERSON_ID).loc[outreach.index]
    assert asked[C.STATUS].tolist() == outreach[C.STATUS].tolist() == ["asked"]
    again.close()


def test_a_cached_ranking_equals_a_fresh_one(workspace: Workspace) -> None:
    first = workspace.rank(["UX research"], top=10)
    again = fresh(workspace)
    pd.testing.assert_frame_equal(again.rank(["UX research"], top=10), first)
    again.close()


def test_the_kept_relevance_is_that_of_the_targets_asked(workspace: Workspace) -> None:
    """The relevance kept on disk is for the last targets only: other targets, in a new process,
    are worked out afresh (and equal a ranking with nothing kept)."""
    first = workspace.rank(["UX research"], top=10)
    kept = workspace.root / CACHE_DIR / "relevance.pickle"
    written = kept.stat().st_mtime_ns
    again = fresh(workspace)
    pd.testing.assert_frame_equal(again.rank(["UX research"], top=10), first)
    assert kept.stat().st_mtime_ns == written  # read back, not worked out and written again
    again = fresh(again)
    other = again.rank(["data science"], top=10)
    assert other[C.MATCHED_TARGET].eq("data science").all()
    folder = again.root / CACHE_DIR
    for path in folder.iterdir():
        path.unlink()
    pd.testing.assert_frame_equal(fresh(again).rank(["data science"], top=10), other)
    again.close()


@pytest.mark.parametrize("damage", ["delete", "garbage", "truncate", "folder"])
def test_a_lost_or_damaged_cache_is_rebuilt(workspace: Workspace, damage: str) -> None:
    first = workspace.rank(["UX research"], top=10)
    workspace.close()
    folder = workspace.root / CACHE_DIR
    for name in CACHED:
        path = folder / name
        if damage == "delete":
            path.unlink()
        elif damage == "garbage":
            path.write_bytes(b"not a cache file at all")
        elif damage == "truncate":
            path.write_bytes(path.read_bytes()[:100])
    if damage == "folder":
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    again = Workspace(workspace.root)
    pd.testing.assert_frame_equal(again.rank(["UX research"], top=10), first)
    again.close()


def status_of(ws: Workspace, pid: str) -> str:
    return str(ws.contacts().set_index(C.PERSON_ID).loc[pid, C.STATUS])


def test_a_log_shows_at_once_and_keeps_who_people_are_cached(workspace: Workspace) -> None:
    """Outreach is read afresh: a logged meeting shows in the contacts, leaves `rank`, and counts
    in the ranking (freshness), while the people frame and the fitted ranker stay cached (on
    500,000 people, rebuilding them after every `log` took most of the next command's time)."""
    warm(workspace)
    pid = workspace.rank(["UX research"], top=1)[C.PERSON_ID].iloc[0]
    cached = {name: (workspace.root / CACHE_DIR / name).stat().st_mtime_ns for name in CACHED}
    other = Workspace(workspace.root)  # another process logs
    other.log(pid, "met", on=date(2026, 11, 20))
    other.close()
    assert status_of(workspace, pid) == "met"
    assert pid not in set(workspace.rank(["UX research"], top=None)[C.PERSON_ID])
    everyone = workspace.rank(["UX research"], top=None, everyone=True).set_index(C.PERSON_ID)
    assert everyone.loc[pid, C.STATUS] == "met" and everyone.loc[pid, "freshness"] == 0.0
    again = fresh(workspace)
    assert (
        again.rank(["UX research"], top=None, everyone=True)
        .set_index(C.PERSON_ID)
        .loc[pid, "freshness"]
        == 0.0
    )
    assert cached == {name: (again.root / CACHE_DIR / name).stat().st_mtime_ns for name in CACHED}
    again.close()


def test_an_import_invalidates_the_cache(workspace: Workspace, tmp_path: Path) -> None:
    warm(workspace)
    path = write(
        tmp_path / "more.csv", "Name,Email,Title,Employer\nZed Quill,zed@x.org,UX Researcher,Acme\n"
    )
    other = Workspace(workspace.root)
    other.import_path(path)
    other.close()
    assert "Zed Quill" in set(workspace.contacts()[C.FULL_NAME])
    assert "Zed Quill" in set(workspace.rank(["UX research"], top=None)[C.FULL_NAME])


def test_a_sync_invalidates_the_cache(workspace: Workspace, tmp_path: Path) -> None:
    from tests.outreach_world import edit_plan, plan_rows

    book = tmp_path / "plan.xlsx"
    workspace.write_plan(book, today=date(2026, 11, 27))
    warm(workspace)
    pid = next(iter(plan_rows(book)))
    edit_plan(book, {pid: {"Status": "skip"}})
    other = Workspace(workspace.root)
    other.sync(book, today=date(2026, 11, 27))
    other.close()
    assert status_of(workspace, pid) == "skip"


def test_a_profile_edit_invalidates_the_ranker(workspace: Workspace) -> None:
    before = workspace.rank(top=None)
    workspace.close()
    profile = workspace.profile_path
    text = profile.read_text("utf-8")
    assert "[weights]" not in text
    profile.write_text(text + "\n[weights]\nwarmth = 5.0\n", "utf-8")
    again = Workspace(workspace.root)
    after = again.rank(top=None)
    assert not after[C.SCORE].equals(before[C.SCORE])
    again.close()


def test_a_change_made_outside_coffeechat_invalidates_the_cache(workspace: Workspace) -> None:
    warm(workspace)
    pid = workspace.contacts()[C.PERSON_ID].iloc[0]
    workspace.close()
    conn = sqlite3.connect(workspace.root / "coffeechat.db")
    with conn:
        conn.execute("UPDATE people SET position = 'Lighthouse Keeper' WHERE person_id = ?", (pid,))
    conn.close()
    again = Workspace(workspace.root)
    assert again.contacts().set_index(C.PERSON_ID).loc[pid, C.POSITION] == "Lighthouse Keeper"
    again.close()


def test_forget_leaves_nothing_of_the_person_in_the_cache(workspace: Workspace) -> None:
    warm(workspace)
    person = workspace.rank(["UX research"], top=1)
    name = str(person[C.FULL_NAME].iloc[0])
    workspace.forget(str(person[C.PERSON_ID].iloc[0]))
    folder = workspace.root / CACHE_DIR
    for path in folder.iterdir():
        assert name.encode() not in path.read_bytes(), path.name
    assert name not in set(workspace.contacts()[C.FULL_NAME])


def test_planning_again_over_an_unchanged_workbook_keeps_the_caches(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A re-plan reads the workbook back first, Introductions sheet included: introductions it
    already knows write nothing (no empty import batch per sync), so who people are has not
    changed and the people frame and the ranker stay cached."""
    book = tmp_path / "plan.xlsx"
    people = workspace.contacts()[C.PERSON_ID].astype(str).tolist()
    workspace.intro(people[0], people[1], on=date(2026, 11, 20))
    workspace.write_plan(book, today=date.today())
    warm(workspace)
    introductions = len(workspace.introductions())
    version = workspace.store.content_version()
    batches = len(workspace.store.query("SELECT * FROM import_batches"))
    # Who people are (the relevance is kept for the last targets asked: the plan's and
    # warm()'s differ, so it is written again).
    who = ("people.arrow", "ranker.pickle")
    cached = {name: (workspace.root / CACHE_DIR / name).stat().st_mtime_ns for name in who}
    workspace.write_plan(book, today=date.today())
    warm(workspace)
    assert workspace.store.content_version() == version
    assert len(workspace.store.query("SELECT * FROM import_batches")) == batches
    assert len(workspace.introductions()) == introductions
    assert cached == {name: (workspace.root / CACHE_DIR / name).stat().st_mtime_ns for name in who}


def test_each_caller_gets_a_frame_of_its_own(workspace: Workspace) -> None:
    """The people frame is read once per state of the store in a process; what one caller does
    to its copy, another caller never sees."""
    first = workspace.contacts()
    names = first[C.FULL_NAME].tolist()
    first.loc[:, C.FULL_NAME] = "changed"
    first["extra"] = 1
    companies = first[C.COMPANY].tolist()
    first.iloc[:5, first.columns.get_loc(C.COMPANY)] = "Elsewhere"
    again = workspace.contacts()
    assert "extra" not in again.columns
    assert again[C.FULL_NAME].tolist() == names
    assert again[C.COMPANY].tolist() == companies


def test_a_new_day_ranks_from_the_same_fit(workspace: Workspace) -> None:
    """Only freshness depends on the day (asked in the last 90 days): the ranker fitted one day is
    not fitted again the next (on a big network a fit takes long), and ranks as a fresh fit for
    that day would."""
    first, later = date(2026, 11, 20), date(2026, 11, 25)
    pid = workspace.rank(["UX research"], top=1)[C.PERSON_ID].iloc[0]
    workspace.log(pid, "sent", on=first - timedelta(days=88))
    workspace.log(pid, "declined", on=first - timedelta(days=80))
    before = workspace.rank(["UX research"], top=None, everyone=True, today=first)
    pickled = (workspace.root / CACHE_DIR / "ranker.pickle").stat().st_mtime_ns
    after = workspace.rank(["UX research"], top=None, everyone=True, today=later)
    assert (workspace.root / CACHE_DIR / "ranker.pickle").stat().st_mtime_ns == pickled
    fresh_of = {r[C.PERSON_ID]: r["freshness"] for _, r in after.iterrows()}
    stale_of = {r[C.PERSON_ID]: r["freshness"] for _, r in before.iterrows()}
    assert (stale_of[pid], fresh_of[pid]) == (0.0, 0.3)  # recent, then only declined
    again = fresh(workspace)
    for path in (again.root / CACHE_DIR).iterdir():
        path.unlink()
    refit = again.rank(["UX research"], top=None, everyone=True, today=later)
    pd.testing.assert_frame_equal(refit, after)
    again.close()


def test_a_cache_file_that_cannot_be_deleted_is_left_stale(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a memory-mapped file cannot be deleted: clearing the cache (after `forget`)
    goes on, takes the entry's key away so nothing reads the old data, and the next read
    rebuilds it."""
    warm(workspace)
    folder = workspace.root / CACHE_DIR
    real = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.suffix == ".arrow":
            raise PermissionError(13, "the file is mapped", str(self))
        real(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    Cache(folder).clear()
    assert (folder / "people.arrow").exists() and not (folder / "people.key.json").exists()
    monkeypatch.undo()
    again = fresh(workspace)
    rebuilt = again.contacts()
    assert (folder / "people.key.json").exists()
    store = again.store.people()
    pd.testing.assert_frame_equal(rebuilt[list(store.columns)], store)
    again.close()


def _full_read(root: Path) -> pd.DataFrame:
    """The people frame as a new process reads it after building it from the store alone."""
    import shutil

    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    Workspace(root).contacts()  # builds and keeps it
    ws = Workspace(root)
    frame = ws.contacts()  # read back from the cache, as every later process reads it
    ws.close()
    return frame


def test_a_few_changes_patch_the_kept_frame_to_what_a_full_read_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.store.database import Store
    from tests.test_dupes import CONNECTIONS, DIRECTORY

    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
    ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY))
    ws.close()
    reads: list[int | None] = []
    real = Store.people

    def counted(self, ids=None):  # type: ignore[no-untyped-def]
        reads.append(None if ids is None else len(ids))
        return real(self, ids)

    monkeypatch.setattr(Store, "people", counted)

    def change(step, *, patch: bool = True) -> None:  # type: ignore[no-untyped-def]
        expected = _full_read(root)  # the base the next change patches
        ws = Workspace(root)
        step(ws)
        ws.close()
        reads.clear()
        patched = Workspace(root).contacts()
        if patch:
            assert reads and all(r is not None for r in reads), "read everyone instead of patching"
        expected = _full_read(root)
        pd.testing.assert_frame_equal(patched, expected)

    # Every writer that changes who people are, their sources, messages or introductions.
    change(lambda ws: ws.import_path(write(tmp_path / "one.csv", "Name,Employer\nZoe Ash,Acme\n")))
    change(lambda ws: ws.import_path(write(tmp_path / "two.csv",
        "Name,Employer,Job Title,Email\nAna Park,Hooli,Lead Designer,ana@hooli.test\n")))  # fmt: skip
    change(lambda ws: ws.intro("Maria Gonzalez", "Bea Newcomer", company="Acme"))
    change(lambda ws: ws.intro("Ana Park", "Zoe Ash"))
    change(lambda ws: ws.decide_dupe(int(ws.dupes()["candidate_id"].iloc[0]), accept=True))
    change(lambda ws: ws.unmerge(str(ws.store.conn.execute(
        "SELECT kept_id FROM merges ORDER BY rowid DESC LIMIT 1").fetchone()[0])))  # fmt: skip
    # `forget` empties the cache (nothing of the person may stay in it): everyone is read again.
    change(lambda ws: ws.forget("Bea Newcomer"), patch=False)
    # Outreach is not who people are: a log leaves the frame as it was kept (no read at all).
    ws = Workspace(root)
    ws.log("Ana Park", "sent", on=date(2026, 11, 20))
    ws.close()
    reads.clear()
    again = Workspace(root).contacts()
    assert reads == []
    assert again.set_index(C.FULL_NAME).loc["Ana Park", C.STATUS] == "asked"


def test_a_big_import_reads_everyone_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coffeechat.store import database

    monkeypatch.setattr(database, "TOUCHED_LISTED", 3)
    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.import_path(write(tmp_path / "a.csv", "Name,Employer\nAl One,Acme\n"))
    ws.contacts()
    names = "\n".join(f"Person Number{i},Acme" for i in range(6))
    ws.import_path(write(tmp_path / "b.csv", f"Name,Employer\n{names}\n"))
    assert ws.store.touched_since(0) is None  # too many to list: everyone
    ws.close()
    pd.testing.assert_frame_equal(Workspace(root).contacts(), _full_read(root))


def test_the_list_of_changes_is_kept_short_and_a_frame_from_before_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.store import database

    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.import_path(write(tmp_path / "a.csv", "Name,Employer\nAl One,Acme\nBo Two,Acme\n"))
    ws.close()
    Workspace(root).contacts()
    monkeypatch.setattr(database, "TOUCHED_KEPT", 2)
    ws = Workspace(root)
    ws.import_path(write(tmp_path / "b.csv", "Name,Employer\nCy Three,Acme\nDi Four,Acme\n"))
    rows = ws.store.conn.execute("SELECT person_id FROM people_touched").fetchall()
    ws.close()
    assert rows == [("*",)]
    assert set(Workspace(root).contacts()[C.FULL_NAME]) == {
        "Al One",
        "Bo Two",
        "Cy Three",
        "Di Four",
    }


def test_the_kept_graph_summary_follows_the_people_and_the_profile(workspace: Workspace) -> None:
    before = fresh(workspace).graph_summary()
    ws = fresh(workspace)
    assert ws.graph_summary() == before  # read back as kept
    ws.intro(str(ws.contacts()[C.PERSON_ID].iloc[0]), "Bea Newcomer", company="Acme Newco")
    after = fresh(ws).graph_summary()
    assert after["nodes:person"] == before["nodes:person"] + 1
    assert after["edges:introduced"] == before.get("edges:introduced", 0) + 1
    profile = ws.root / "coffeechat.toml"
    text = profile.read_text("utf-8")
    assert "\nschools = [" in text
    profile.write_text(
        text.replace("\nschools = [", '\nschools = ["Brand New College", ', 1), "utf-8"
    )
    again = fresh(ws)
    assert again.graph_summary() != after
    again.close()


def test_a_store_made_again_never_reads_the_old_stores_cache(tmp_path: Path) -> None:
    # Starting over: the same steps on a new store count its version up the same way.
    root = tmp_path / "ws"
    ws = Workspace(root)
    ws.import_path(
        write(tmp_path / "a.csv", "Name,Employer,Job Title\nAna Lee,Acme,UX Researcher\n")
    )
    assert ws.contacts()[C.POSITION].tolist() == ["UX Researcher"]
    ws.rank(["UX research"], top=5)
    ws.close()
    (root / "coffeechat.db").unlink()
    ws = Workspace(root)
    ws.import_path(
        write(tmp_path / "a.csv", "Name,Employer,Job Title\nAna Lee,Acme,Data Analyst\n")
    )
    ws.close()
    again = Workspace(root)
    assert again.contacts()[C.POSITION].tolist() == ["Data Analyst"]
    assert again.rank(["data analyst"], top=5)[C.POSITION].tolist() == ["Data Analyst"]
    again.close()
