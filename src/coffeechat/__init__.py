"""coffeechat: turn your contacts into a plan of informational interviews.

The public API, shared by the CLI and notebooks:

>>> from coffeechat import Workspace
>>> ws = Workspace("my-network")                       # doctest: +SKIP
>>> ws.import_path("Basic_LinkedInDataExport.zip")     # doctest: +SKIP
>>> ws.rank(["UX research"], top=10)                   # doctest: +SKIP
"""

from coffeechat.errors import CoffeechatError, InputError, ProfileError, StoreError, WorkbookError
from coffeechat.export.charts import network_growth
from coffeechat.export.workbook import write_workbook
from coffeechat.graph import build_graph
from coffeechat.importer import ImportReport
from coffeechat.profile import Profile, Target, load_profile
from coffeechat.rank import Context, Ranker
from coffeechat.sources import read_path
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
