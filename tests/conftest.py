from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from coffeechat.demo import sample_files
from coffeechat.outreach.plan import OutreachPlan
from coffeechat.sample.generator import write_sample
from coffeechat.workspace import PROFILE_FILE, Workspace

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly generated copy of the synthetic sample."""
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


@pytest.fixture(scope="session")
def imported_db(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace folder with the whole sample imported (copy it before changing it)."""
    root = tmp_path_factory.mktemp("imported")
    shutil.copy(sample_dir / PROFILE_FILE, root / PROFILE_FILE)
    with Workspace(root) as ws:
        for path in sample_files(sample_dir):
            ws.import_path(path)
    return root


@pytest.fixture()
def workspace(imported_db: Path, tmp_path: Path) -> Workspace:
    """A private, writable copy of the imported sample workspace."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("coffeechat.toml", "coffeechat.db"):
        shutil.copy(imported_db / name, root / name)
    ws = Workspace(root)
    yield ws
    ws.close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# The day the workbook tests plan on, and the plan's first day (a Monday).
PLAN_TODAY = date(2026, 11, 26)
PLAN_START = date(2026, 11, 30)


def write_plan(ws: Workspace, path: Path) -> OutreachPlan:
    return ws.write_plan(path, start=PLAN_START, today=PLAN_TODAY)


@pytest.fixture()
def planned(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, Path]:
    """The sample workspace with a plan written to `plan.xlsx`."""
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    return workspace, path


def resaved_by_libreoffice(path: Path, tmp_path: Path) -> Path:
    """The workbook opened and saved again by LibreOffice, as a new file (the calling test is
    skipped where LibreOffice is not installed)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "saved-by-libreoffice"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out / path.name
