from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.workspace import Workspace
from tests.conftest import write


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_contacts_csv_has_the_contract_columns(workspace: Workspace) -> None:
    code, out, _ = run("contacts", "--format", "csv", "--workspace", str(workspace.root))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(C.CONTACTS_CSV)
    assert len(rows) == len(workspace.contacts())
    dated = [r["connected_on"] for r in rows if r["connected_on"]]
    assert all(len(d) == 10 and d[4] == "-" and d[7] == "-" for d in dated)
    assert {r["sources"] for r in rows} >= {"linkedin", "directory", "directory;linkedin"}


def test_a_long_table_shows_its_head_and_says_where_the_rest_is(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat import cli as command

    monkeypatch.setattr(command, "TABLE_ROWS", 7)
    root = str(workspace.root)
    code, out, err = run("contacts", "--workspace", root)
    everyone = len(workspace.contacts())
    assert code == 0 and everyone > 7
    assert err.strip() == f"Showing the first 7 of {everyone:,}: --format csv lists them all."
    first = workspace.contacts()[C.FULL_NAME].head(8).tolist()
    assert first[6].split()[0] in out and first[7] not in out
    code, out, err = run("rank", "--top", "12", "--format", "table", "--workspace", root)
    assert code == 0 and "Showing" not in err  # --top is what the user asked for
    code, out, _ = run("contacts", "--format", "csv", "--workspace", root)
    assert len(list(csv.DictReader(io.StringIO(out)))) == everyone


def test_rank_csv_has_the_contract_columns_and_top_n(workspace: Workspace) -> None:
    code, out, _ = run(
        "rank",
        "--target",
        "UX research",
        "--top",
        "7",
        "--format",
        "csv",
        "-w",
        str(workspace.root),
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(C.RANK_CSV)
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, 8)]
    scores = [float(r["score"]) for r in rows]
    assert all(r["why"] for r in rows)
    assert max(scores) == scores[0]


def test_workspace_comes_from_the_environment(workspace: Workspace) -> None:
    code, out, _ = run(
        "contacts", "--format", "csv", env={"COFFEECHAT_WORKSPACE": str(workspace.root)}
    )
    assert code == 0 and out.startswith("person_id,")


def test_init_writes_a_profile_and_never_overwrites_it(tmp_path: Path) -> None:
    code, out, _ = run("init", "-w", str(tmp_path))
    assert code == 0 and "Wrote" in out
    profile = tmp_path / "coffeechat.toml"
    profile.write_text(profile.read_text() + "\n# my edit\n")
    code, out, _ = run("init", "-w", str(tmp_path))
    assert code == 0 and "Kept your existing" in out
    assert profile.read_text().endswith("# my edit\n")
    assert (tmp_path / "coffeechat.db").exists()


def test_import_prints_the_report(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Connections.csv",
        "First Name,Last Name,Company,Position,Connected On\nAna,Lee,Acme,UX Researcher,09 Feb 2026\n",
    )
    code, out, _ = run("import", str(path), "-w", str(tmp_path / "ws"))
    assert code == 0
    assert "1 rows read" in out and "people added: 1" in out


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Error: the file is empty, {path}, export it again"),
        (
            b"PK\x03\x04broken",
            "Error: the file is a damaged or truncated ZIP archive and Connections.csv cannot be recovered, {path}, download the export again",
        ),
    ],
)
def test_bad_input_is_one_error_line_with_exit_1_and_no_change(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(data)
    code, out, err = run("import", str(path), "-w", str(tmp_path / "ws"))
    assert code == 1
    assert err.strip() == expected.format(path=path)
    assert "Traceback" not in out + err


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.csv"), "-w", str(tmp_path))
    assert code == 1
    assert err.strip() == f"Error: no such file or folder, {tmp_path / 'nope.csv'}, check the path"


def test_usage_errors_exit_2_with_one_error_line(tmp_path: Path) -> None:
    code, _, err = run("rank", "--top", "zero", "-w", str(tmp_path))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")


def test_commands_outside_a_workspace_say_how_to_start(tmp_path: Path) -> None:
    code, _, err = run("contacts", "-w", str(tmp_path))
    assert code == 1
    assert err.startswith("Error: no coffeechat workspace here") and "coffeechat init" in err


def test_rank_without_targets_uses_the_profile_or_explains(tmp_path: Path) -> None:
    run("init", "-w", str(tmp_path))
    # The template has one target, so ranking an empty store works and prints nothing but a table.
    code, _, _ = run("rank", "--format", "csv", "-w", str(tmp_path))
    assert code == 0
    (tmp_path / "coffeechat.toml").write_text("[me]\nname = 'A'\n")
    code, _, err = run("rank", "-w", str(tmp_path))
    assert code == 1 and err.startswith("Error: no target fields given")


def test_invalid_profile_names_the_file(tmp_path: Path) -> None:
    run("init", "-w", str(tmp_path))
    (tmp_path / "coffeechat.toml").write_text("[me\nname = 1")
    code, _, err = run("rank", "-w", str(tmp_path))
    assert (
        code == 1
        and "coffeechat.toml" in err
        and err.startswith("Error: the profile is not valid TOML")
    )


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name in cli.commands:
        assert f"coffeechat {name}" in readme, name


def test_every_command_help_ends_with_examples() -> None:
    runner = CliRunner()
    for name in cli.commands:
        text = runner.invoke(cli, [name, "--help"]).output
        usage = text.partition("Options:")[0]
        examples = usage.split("Examples:")[-1]
        assert "Examples:" in usage and f"coffeechat {name}" in examples, name


def test_imported_text_in_brackets_is_shown_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "dir.csv"
    path.write_text(
        "Name,Employer,Job Title\nAna [Annie] Lee,Acme [bold]Labs[/bold],Engineer [Contract]\n",
        encoding="utf-8",
    )
    root = str(tmp_path / "ws")
    assert run("import", str(path), "-w", root)[0] == 0
    code, out, _ = run("contacts", "-w", root, env={"COLUMNS": "250"})
    assert code == 0
    assert "Engineer [Contract]" in out and "[bold]Labs[/bold]" in out
