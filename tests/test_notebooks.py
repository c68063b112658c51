"""The notebooks run, use only the public API, hold no logic of their own and are committed clean."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

# Seconds each: `make quick` leaves them out, `make test` and CI run them.
pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_numbered_notebooks() -> None:
    names = [p.stem for p in NOTEBOOKS]
    assert len(names) >= 3
    assert all(name[:2].isdigit() for name in names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_clean_and_without_logic(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            lines = cell.source.splitlines()
            assert not [ln for ln in lines if ln.lstrip().startswith(("def ", "class ", "lambda"))]
            imports = [ln for ln in lines if ln.startswith(("import ", "from "))]
            assert all(
                "coffeechat" in ln or ln.split()[1] in {"tempfile", "pathlib"} for ln in imports
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()  # fmt: skip
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert len(outputs) >= len([c for c in notebook.cells if c.cell_type == "code"]) - 1
    if "growth" in path.stem:
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        assert len(images) >= 7  # every chart was drawn
