"""Names vulture cannot see used: click commands (registered by decorator), the drafting rules the
tests hold the drafts to, and attributes set on openpyxl and zipfile objects for their side effects."""

import coffeechat
from coffeechat import cli, deferred, frames
from coffeechat.outreach import drafts
from coffeechat.store.database import Store
from coffeechat.workspace import Workspace

coffeechat.__getattr__  # noqa: B018  (the package's lazy names, PEP 562)
cli.import_  # noqa: B018  (`coffeechat import`)
cli.demo  # noqa: B018  (`coffeechat demo`)
cli.history  # noqa: B018  (`coffeechat history`)
deferred.is_loaded  # noqa: B018  (the tests ask which libraries a command loaded)
drafts.WORD_LIMIT  # noqa: B018
drafts.FORBIDDEN  # noqa: B018
frames.FRAMES  # noqa: B018  (the tests check every declared frame)
frames.missing  # noqa: B018
frames.NUMBER  # noqa: B018
# The library API notebooks use; the command reads the same history as rows.
Workspace.history  # noqa: B018
Store.outreach_events  # noqa: B018
