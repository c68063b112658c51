from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from PIL import Image

from coffeechat.cli import cli

# Seconds each: `make quick` leaves them out, `make test` and CI run them.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent


class NetworkUsed(AssertionError):
    """coffeechat never uses the network: any attempt fails the demo."""


def _no_network(*args: object, **kwargs: object) -> None:
    raise NetworkUsed(f"a network connection was attempted: {args!r}")


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo, run whole with every way onto the network blocked."""
    import socket

    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as patch:

        class Blocked(socket.socket):
            def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
                if family in (socket.AF_INET, socket.AF_INET6, -1):
                    _no_network(family)
                super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

        patch.setattr(socket, "socket", Blocked)
        patch.setattr(socket, "create_connection", _no_network)
        patch.setattr(socket, "getaddrinfo", _no_network)
        with pytest.raises(NetworkUsed):
            socket.create_connection(("example.org", 443))
        result = CliRunner().invoke(
            cli, ["demo", "--out", str(out), "--sample", str(REPO / "data" / "sample")]
        )
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_demo_prints_a_summary(demo_out: tuple[Path, str]) -> None:
    _, text = demo_out
    assert "Imported" in text and "merged across sources" in text
    assert "Top five to ask first:" in text
    numbered = [
        line for line in text.splitlines() if line.strip()[:2] in {"1.", "2.", "3.", "4.", "5."}
    ]
    assert len(numbered) == 5 and all(" - " in line for line in numbered)


def test_demo_writes_the_workbook_and_the_chart(demo_out: tuple[Path, str]) -> None:
    out, _ = demo_out
    wb = openpyxl.load_workbook(out / "outreach_plan.xlsx")
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == [
        "This week",
        "Plan",
        "Employers",
        "Contacts",
        "Introductions",
        "Questions",
        "Dashboard",
    ]
    assert wb["Plan"].max_row > 20
    with Image.open(out / "network_growth.png") as image:
        assert image.size[0] >= 1000 and image.size[1] >= 500
    assert (out / "workspace" / "coffeechat.db").exists()


def test_demo_is_repeatable(demo_out: tuple[Path, str]) -> None:
    out, first = demo_out
    again = CliRunner().invoke(
        cli, ["demo", "--out", str(out), "--sample", str(REPO / "data" / "sample")]
    )
    assert again.exit_code == 0
    assert again.stdout.splitlines()[:8] == first.splitlines()[:8]


def test_demo_generates_the_sample_when_the_folder_is_missing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["demo", "--out", str(tmp_path), "--sample", str(tmp_path / "none")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "workspace" / "sample" / "volunteer_directory.csv").exists()


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_workbook_to_pdf(
    demo_out: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = demo_out
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out / "outreach_plan.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "outreach_plan.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
