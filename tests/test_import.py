from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.demo import sample_files
from coffeechat.errors import InputError
from coffeechat.workspace import Workspace
from tests.conftest import write

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Lee,https://www.linkedin.com/in/ana-lee,,Acme,UX Researcher,09 Feb 2026\n"
    "Chris,Lee,,,Globex,Analyst,08 Feb 2026\n"
)
DIRECTORY = (
    "Record ID,First Name,Last Name,Employer,Job Title,Email,LinkedIn URL,Willing to help with,Do Not Contact\n"
    "1,Ana,Lee,Acme Inc,Senior UX Researcher,ana@acme.test,,Informational interviews,N\n"
    "2,Chris,Lee,Initech,Engineer,chris@initech.test,,,N\n"
    "3,Dee,Park,Hooli,Designer,dee@hooli.test,https://www.linkedin.com/in/dee-park,,Y\n"
)


def snapshot(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    tables = [
        "people",
        "source_records",
        "interactions",
        "introductions",
        "import_batches",
        "person_events",
    ]
    return {t: ws.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_sample_imports_with_merges_and_provenance(workspace: Workspace) -> None:
    contacts = workspace.contacts()
    assert 850 <= len(contacts) <= 920
    both = contacts[contacts["sources"] == "directory;linkedin"]
    assert len(both) > 100
    rules = {
        r[0] for r in workspace.store.conn.execute("SELECT DISTINCT merge_rule FROM source_records")
    }
    assert {"profile_url", "email", "name+employer"} <= rules
    # The record that created each person is traced by the person's own row: its file and line.
    created = workspace.store.query(
        "SELECT b.file_name, p.first_source_row FROM people p"
        " JOIN import_batches b ON b.batch_id = p.first_batch_id"
    )
    assert (created["first_source_row"] > 1).all()
    assert created["file_name"].str.len().gt(0).all()
    assert contacts["person_id"].is_unique
    # Messages joined to connections by profile URL.
    assert contacts["message_count"].sum() > 300
    assert (contacts["last_message_at"] != "").sum() == (contacts["message_count"] > 0).sum()


def test_the_users_own_emails_never_become_contacts(workspace: Workspace) -> None:
    assert "riley.tan@example.edu" not in set(workspace.contacts()["email"])


def test_same_name_with_nothing_else_in_common_stays_two_people(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
        report = ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY))
        people = ws.contacts()
    assert sorted(people["full_name"]) == ["Ana Lee", "Chris Lee", "Chris Lee", "Dee Park"]
    ana = people[people["full_name"] == "Ana Lee"].iloc[0]
    assert ana["sources"] == "directory;linkedin"
    assert ana["email"] == "ana@acme.test"
    assert report.files[0].merged == {"name+employer": 1}
    assert people.set_index("full_name").loc["Dee Park", "do_not_contact"] == 1


def test_importing_the_same_file_twice_changes_nothing(
    workspace: Workspace, sample_dir: Path
) -> None:
    before = snapshot(workspace)
    reports = [workspace.import_path(p) for p in sample_files(sample_dir)]
    assert all(f.already_imported for r in reports for f in r.files)
    assert snapshot(workspace) == before


def test_a_file_seen_before_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Workspace(tmp_path / "ws") as ws:
        path = write(tmp_path / "alumni.csv", DIRECTORY)
        ws.import_path(path)

        def parse(*args: object, **kwargs: object) -> None:
            raise AssertionError("parsed again")

        monkeypatch.setattr("coffeechat.ingest.read_path", parse)
        again = ws.import_path(write(tmp_path / "copy.csv", DIRECTORY))
    assert again.lines() == [
        f"{tmp_path / 'copy.csv'}: already imported (same content), nothing changed"
    ]


def test_dry_run_reports_but_writes_nothing(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
        before = snapshot(ws)
        report = ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY), dry_run=True)
        assert report.added == 2 and report.merged == 1
        assert snapshot(ws) == before


def test_a_newer_export_records_new_connections_and_job_changes(tmp_path: Path) -> None:
    newer = CONNECTIONS.replace("Acme,UX Researcher", "Acme,Senior UX Researcher") + (
        "Eve,Stone,https://www.linkedin.com/in/eve,,Umbrella,Analyst,20 Mar 2026\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
        (tmp_path / "new").mkdir()
        ws.import_path(write(tmp_path / "new" / "Connections.csv", newer))
        events = ws.store.events()
    changes = events[["full_name", "kind", "old_value", "new_value"]].values.tolist()
    assert ["Ana Lee", "job_change", "UX Researcher", "Senior UX Researcher"] in changes
    assert ["Eve Stone", "new_connection", "", "Eve Stone"] in changes


def test_a_changed_address_keeps_the_old_one(tmp_path: Path) -> None:
    """A newer LinkedIn export overwrites the email it shows; the old address is kept as another."""
    old = CONNECTIONS.replace("ana-lee,,Acme", "ana-lee,ana@acme.test,Acme")
    new = CONNECTIONS.replace("ana-lee,,Acme", "ana-lee,ana@globex.test,Acme")
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(write(tmp_path / "Connections.csv", old))
        (tmp_path / "new").mkdir()
        ws.import_path(write(tmp_path / "new" / "Connections.csv", new))
        ana = ws.contacts().set_index("full_name").loc["Ana Lee"]
    assert (ana["email"], ana["other_emails"]) == ("ana@globex.test", "ana@acme.test")


def test_a_damaged_file_in_a_folder_is_skipped_and_the_rest_imports(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "Connections.csv", CONNECTIONS)
    (folder / "messages.csv").write_bytes(b"\x00\x01\x02 not text at all \xff" * 40)
    report = workspace.import_path(folder)
    [error] = report.errors
    assert error.startswith("Error: the file is binary") and "messages.csv" in error
    assert report.added + report.merged >= 1  # the connections went in
    assert any("messages.csv: skipped, nothing of it was stored" in ln for ln in report.lines())


def test_a_folder_where_nothing_can_be_read_leaves_the_store_as_it_was(
    workspace: Workspace, tmp_path: Path
) -> None:
    before = snapshot(workspace)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_bytes(b"\x00\x01\x02 not text at all \xff" * 40)
    with pytest.raises(InputError, match="no file in it could be read"):
        workspace.import_path(folder)
    assert snapshot(workspace) == before


def test_introductions_link_people_and_add_newcomers(workspace: Workspace) -> None:
    intros = workspace.introductions()
    assert len(intros) == 13
    assert intros["introducer_name"].notna().all() and intros["person_name"].notna().all()
    sources = workspace.contacts().set_index("person_id").loc[intros["person_id"], "sources"]
    assert sources.str.contains("introductions").all()


def test_zip_and_folder_import_the_same_people(sample_dir: Path, tmp_path: Path) -> None:
    from coffeechat.sample.generator import ARCHIVE_NAME

    names = []
    for i, source in enumerate([sample_dir / f"{ARCHIVE_NAME}.zip", sample_dir / ARCHIVE_NAME]):
        with Workspace(tmp_path / f"ws{i}") as ws:
            ws.import_path(source)
            names.append(sorted(ws.contacts()["full_name"]))
    assert names[0] == names[1] and len(names[0]) == 600


def test_a_copy_of_the_workspace_opens_independently(imported_db: Path, tmp_path: Path) -> None:
    shutil.copytree(imported_db, tmp_path / "copy")
    with Workspace(tmp_path / "copy") as ws:
        assert len(ws.contacts()) > 800


def test_forget_removes_a_person_everywhere_and_for_good(
    workspace: Workspace, sample_dir: Path
) -> None:
    from click.testing import CliRunner

    from coffeechat.cli import cli

    intro = workspace.introductions().iloc[0]
    pid, name = intro["introducer_id"], intro["introducer_name"]
    result = CliRunner().invoke(cli, ["forget", pid, "--yes", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Forgot {name}, in the workspace")
    for table in ("people", "source_records", "interactions", "outreach", "answers"):
        count = workspace.store.conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE person_id = ?", (pid,)
        ).fetchone()[0]
        assert count == 0, table
    assert pid not in set(workspace.introductions()["introducer_id"])
    dump = "\n".join(workspace.store.conn.iterdump())
    assert name not in dump
    # A fresh copy of the same export, imported again, does not bring them back.
    copy = sample_dir.parent / "again"
    copy.mkdir(exist_ok=True)
    data = (sample_dir / "Basic_LinkedInDataExport_11-20-2026" / "Connections.csv").read_bytes()
    (copy / "Connections.csv").write_bytes(data + b"\n")
    report = workspace.import_path(copy / "Connections.csv")
    assert any(reason == "forgotten at your request" for _, reason in report.files[0].skipped)
    assert name not in set(workspace.contacts()["full_name"])


def test_provenance_stays_aligned_when_a_value_holds_a_line_separator(tmp_path: Path) -> None:
    import json

    directory = (
        "Record ID,First Name,Last Name,Employer,Email,Notes\n"
        "1,Ana,Lee,Acme,ana@acme.test,first line\u2028second line\n"
        "2,Chris,Lee,Globex,chris@globex.test,\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
        ws.import_path(write(tmp_path / "alumni.csv", directory))
        rows = ws.store.query(
            "SELECT p.full_name, r.fields FROM source_records r JOIN people p USING (person_id)"
            " WHERE r.fields != '' ORDER BY r.source_row"
        )
    fields = {name: json.loads(text) for name, text in rows.itertuples(index=False)}
    assert fields["Ana Lee"]["email"] == "ana@acme.test"
    assert fields["Chris Lee"]["email"] == "chris@globex.test"


_CSV_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        _CSV_TEXT.map(lambda t: ("First Name,Last Name,Company\n" + t).encode()),
    )
)
def test_random_input_never_crashes_or_leaves_a_partial_import(tmp_path: Path, body: bytes) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.rmtree(root, ignore_errors=True)  # hypothesis reuses tmp_path across examples
    with Workspace(root) as ws:
        ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
        before = snapshot(ws)
        (tmp_path / "junk.csv").write_bytes(body)
        try:
            report = ws.import_path(tmp_path / "junk.csv")
        except InputError:
            assert snapshot(ws) == before
            return
        after = snapshot(ws)
        assert len(after["people"]) - len(before["people"]) == sum(f.added for f in report.files)
        # Whatever was read, each person is whole: a name, an email or a profile URL.
        people = ws.contacts()
        assert (
            people["full_name"].ne("") | people["email"].ne("") | people["linkedin_url"].ne("")
        ).all()


def test_every_address_of_a_person_is_kept_and_any_of_them_merges(tmp_path: Path) -> None:
    """A cell with several addresses, and an address book's second email column: the first address
    is `email`, the others are kept, and a record carrying any of them is the same person."""
    directory = (
        "Record ID,First Name,Last Name,Employer,Email\n"
        "1,Ana,Lee,Acme,Ana@Acme.test; ana.lee@gmail.test\n"
        "2,Bo,Chen,Globex,bo@globex.test\n"
        "3,Bo,Chen,,bo.chen@home.test; bo@globex.test\n"
    )
    google = (
        "First Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,"
        "E-mail 2 - Label,E-mail 2 - Value\n"
        "Ana,Lee-Park,,* Home,ana.lee@gmail.test,,\n"
        "Cy,Diaz,Initech,* Work,cy@initech.test,* Home,cy.diaz@mail.test\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        report = ws.import_path(write(tmp_path / "alumni.csv", directory))
        assert report.added == 2 and report.merged == 1  # Bo's two rows share an address
        report = ws.import_path(write(tmp_path / "contacts.csv", google))
        assert report.files[0].mapping["E-mail 2 - Value"] == "other_emails"
        assert report.added == 1 and report.merged == 1  # Ana by her second address
        people = ws.contacts().set_index("full_name")
        assert people.loc["Ana Lee", "email"] == "ana@acme.test"
        assert people.loc["Ana Lee", "other_emails"] == "ana.lee@gmail.test"
        assert people.loc["Ana Lee", "sources"] == "address_book;directory"
        assert people.loc["Bo Chen", "email"] == "bo@globex.test"
        assert people.loc["Bo Chen", "other_emails"] == "bo.chen@home.test"
        assert people.loc["Cy Diaz", "other_emails"] == "cy.diaz@mail.test"
        # Forgetting Cy keeps both addresses' hashes: a file naming only the second skips them.
        ws.forget("Cy Diaz")
        again = "Name,Email\nC. Diaz,cy.diaz@mail.test\n"
        report = ws.import_path(write(tmp_path / "again.csv", again))
        assert report.files[0].skipped == [(2, "forgotten at your request")]


def test_recommendations_endorsements_and_follows_warm_the_ranking(tmp_path: Path) -> None:
    """A recommendation and an endorsement become incoming interactions with the person who gave
    them (by name and by profile URL); followed companies count as interest in the ranking."""
    archive = tmp_path / "Basic_LinkedInDataExport"
    archive.mkdir()
    write(
        archive / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lee,https://www.linkedin.com/in/ana-lee,,Acme,UX Researcher,09 Feb 2026\n"
        "Bo,Chen,https://www.linkedin.com/in/bo-chen,,Globex,UX Researcher,08 Feb 2026\n"
        "Cy,Diaz,https://www.linkedin.com/in/cy-diaz,,Initech,UX Researcher,07 Feb 2026\n",
    )
    write(
        archive / "Recommendations_Received.csv",
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
        'Ana,Lee,Acme,UX Researcher,"Riley is a careful, kind researcher.",'
        '"01/15/24, 10:30 AM",VISIBLE\n'
        'Nobody,Known,Hooli,Manager,Great.,"02/01/24, 9:00 AM",VISIBLE\n',
    )
    write(
        archive / "Endorsement_Received_Info.csv",
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
        "Endorser Public Url,Endorsement Status\n"
        "2024/12/07 14:51:07 UTC,User Research,Bo,Chen,www.linkedin.com/in/bo-chen,ACCEPTED\n",
    )
    write(
        archive / "Company Follows.csv",
        "Organization,Followed On\nInitech,Sat Dec 14 08:57:55 UTC 2024\n",
    )
    with Workspace(tmp_path / "ws") as ws:
        report = ws.import_path(archive)
        by_kind = {f.kind: f for f in report.files}
        assert by_kind["linkedin_recommendations"].interactions_added == 1
        assert by_kind["linkedin_recommendations"].interactions_unmatched == 1
        assert by_kind["linkedin_endorsements"].interactions_added == 1
        assert "  about you: 1 organisations you follow" in by_kind["linkedin_follows"].lines()
        people = ws.contacts().set_index("full_name")
        assert people.loc["Ana Lee", "recommended_you"] == 1
        assert people.loc["Bo Chen", "endorsed_you"] == 1
        assert ws.store.owner_facts()["follows"] == ["Initech"]
        ranked = ws.rank(["UX research"]).set_index("full_name")
        assert "wrote you a LinkedIn recommendation" in ranked.loc["Ana Lee", "why"]
        assert "endorsed your skills on LinkedIn" in ranked.loc["Bo Chen", "why"]
        assert "you follow Initech on LinkedIn" in ranked.loc["Cy Diaz", "why"]
        # Same role, same kind of tie: the warmer ones come first.
        assert list(ranked.index[:2]) == ["Ana Lee", "Bo Chen"]
