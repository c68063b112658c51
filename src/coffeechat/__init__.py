"""coffeechat: turn your contacts into a plan of informational interviews.

The public API, shared by the CLI and notebooks:

>>> from coffeechat import Workspace
>>> ws = Workspace("my-network")                       # doctest: +SKIP
>>> ws.import_path("Basic_LinkedInDataExport.zip")     # doctest: +SKIP
>>> ws.rank(["UX research"], top=10)                   # doctest: +SKIP
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from coffeechat.errors import CoffeechatError, InputError, ProfileError, StoreError, WorkbookError

# Where each public name lives. They load on first use (PEP 562), so `coffeechat log` does not pay
# for scikit-learn, matplotlib and openpyxl.
_LAZY = {
    "read_path": "coffeechat.ingest",
    "ImportReport": "coffeechat.ingest.reports",
    "build_graph": "coffeechat.network.graph",
    "write_workbook": "coffeechat.outreach.workbook",
    "Profile": "coffeechat.profile",
    "Target": "coffeechat.profile",
    "load_profile": "coffeechat.profile",
    "Context": "coffeechat.ranking.components",
    "Ranker": "coffeechat.ranking.ranker",
    "network_growth": "coffeechat.reporting.charts",
    "Workspace": "coffeechat.workspace",
}

if TYPE_CHECKING:
    from coffeechat.ingest import read_path
    from coffeechat.ingest.reports import ImportReport
    from coffeechat.network.graph import build_graph
    from coffeechat.outreach.workbook import write_workbook
    from coffeechat.profile import Profile, Target, load_profile
    from coffeechat.ranking.components import Context
    from coffeechat.ranking.ranker import Ranker
    from coffeechat.reporting.charts import network_growth
    from coffeechat.workspace import Workspace


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'coffeechat' has no attribute {name!r}")


__all__ = [
    "CoffeechatError",
    "Context",
    "ImportReport",
    "InputError",
    "Profile",
    "ProfileError",
    "Ranker",
    "StoreError",
    "Target",
    "WorkbookError",
    "Workspace",
    "build_graph",
    "load_profile",
    "network_growth",
    "read_path",
    "write_workbook",
]
