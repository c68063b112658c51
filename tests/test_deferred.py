"""The command defers its heavy libraries: `coffeechat log` answers without importing pandas or
numpy, and a deferred library works as itself once something reads from it. Each case runs in a
fresh interpreter (this one has pandas loaded already)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from coffeechat.workspace import Workspace
from tests.outreach_world import make_workspace


def python(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_logging_a_meeting_loads_no_heavy_library(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    root = str(ws.root)
    ws.close()
    found = python(
        f"""
import json, sys
from coffeechat.__main__ import main
from coffeechat import deferred
sys.argv = ["coffeechat", "log", "Mara Quill", "--met", "--date", "2026-12-02", "-w", {root!r}]
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({{"code": code, **{{m: deferred.is_loaded(m) for m in deferred.HEAVY}}}}))
"""
    )
    assert found == {"code": 0, **dict.fromkeys(found.keys() - {"code"}, False)}
    with Workspace(tmp_path / "ws") as again:
        state = again.store.outreach_state([again.find("Mara Quill")])
    [fields] = state.values()
    assert fields.get("status") == "met" and str(fields.get("met_on")) == "2026-12-02"


def test_one_persons_history_loads_no_heavy_library(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    ws.log("Mara Quill", "sent", on=date(2026, 11, 30), note="fairday")
    root = str(ws.root)
    ws.close()
    found = python(
        f"""
import contextlib, io, json, sys
from coffeechat.__main__ import main
from coffeechat import deferred
sys.argv = ["coffeechat", "history", "Mara Quill", "-w", {root!r}]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit:
        pass
loaded = [m for m in deferred.HEAVY if deferred.is_loaded(m)]
print(json.dumps({{"loaded": loaded, "out": out.getvalue()}}))
"""
    )
    assert found["loaded"] == []
    assert "fairday" in str(found["out"]) and "2026-11-30" in str(found["out"])


def test_a_deferred_module_becomes_the_module_on_first_use() -> None:
    found = python(
        """
import json, sys
from coffeechat import deferred
deferred.defer("fractions")
import fractions as stand_in
before = deferred.is_loaded("fractions")
half = stand_in.Fraction(1, 2)
from fractions import Fraction
import fractions
print(json.dumps({"before": before, "after": deferred.is_loaded("fractions"),
                  "half": str(half + Fraction(1, 2)), "same": fractions.Fraction is Fraction,
                  "real": type(sys.modules["fractions"]).__name__}))
"""
    )
    assert found == {"before": False, "after": True, "half": "1", "same": True, "real": "module"}
