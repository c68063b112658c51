from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coffeechat.demo import sample_files
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
