"""coffeechat: turn your contacts into a plan of informational interviews.

The public API, shared by the CLI and notebooks:

>>> from coffeechat import Workspace
>>> ws = Workspace("my-network")                       # doctest: +SKIP
>>> ws.import_path("Basic_LinkedInDataExport.zip")     # doctest: +SKIP
>>> ws.rank(["UX research"], top=10)                   # doctest: +SKIP
"""

from coffeechat.errors import CoffeechatError, InputError, ProfileError, StoreError, WorkbookError
from coffeechat.ingest import read_path
from coffeechat.ingest.importer import ImportReport
from coffeechat.network.graph import build_graph
from coffeechat.outreach.workbook import write_workbook
from coffeechat.profile import Profile, Target, load_profile
from coffeechat.ranking.ranker import Context, Ranker
from coffeechat.reporting.charts import network_growth
from coffeechat.workspace import Workspace

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
