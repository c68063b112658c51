"""The command defers its heavy libraries: commands about one person (`log`, `history`, `intro`,
`forget`) answer without importing pandas, numpy or openpyxl, and a deferred library works as itself once something reads from it. Each case runs in a
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


def command(*args: str) -> dict[str, object]:
    """Run `coffeechat ARGS` in a fresh interpreter: its exit code, what it printed, and which
    heavy libraries it loaded."""
    return python(
        f"""
import contextlib, io, json, sys
from coffeechat.__main__ import main
from coffeechat import deferred
sys.argv = ["coffeechat", *{list(args)!r}]
out, code = io.StringIO(), 0
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
loaded = [m for m in deferred.HEAVY if deferred.is_loaded(m)]
print(json.dumps({{"code": code, "loaded": loaded, "out": out.getvalue()}}))
"""
    )


def test_one_persons_history_loads_no_heavy_library(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    ws.log("Mara Quill", "sent", on=date(2026, 11, 30), note="fairday")
    root = str(ws.root)
    ws.close()
    # By the name as stored, written another way (case, punctuation), and by a part of it.
    for name in ("Mara Quill", "mara-QUILL", "Quill"):
        found = command("history", name, "-w", root)
        assert found["loaded"] == [], name
        assert "fairday" in str(found["out"]) and "2026-11-30" in str(found["out"]), name


def test_an_introduction_to_someone_new_and_forgetting_them_load_no_heavy_library(
    tmp_path: Path,
) -> None:
    ws = make_workspace(tmp_path / "ws")
    ws.write_plan(tmp_path / "plan.xlsx")  # a workbook that does not name the newcomer
    root = str(ws.root)
    ws.close()
    found = command("intro", "Ethan Cole", "Zia Newcombe", "--company", "Brightwave", "-w", root)
    assert found["code"] == 0 and found["loaded"] == []
    assert "Zia Newcombe is new to you" in str(found["out"])
    found = command("forget", "Zia Newcombe", "--yes", "-w", root)
    assert found["code"] == 0 and found["loaded"] == []
    with Workspace(tmp_path / "ws") as again:
        assert again.store.lookup_name_key("zia newcombe") == []


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
