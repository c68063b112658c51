"""Names vulture cannot see used: click commands (registered by decorator), the drafting rules the
tests hold the drafts to, and attributes set on openpyxl and zipfile objects for their side effects."""

import coffeechat
from coffeechat import cli, deferred, frames
from coffeechat.outreach import drafts

coffeechat.__getattr__  # noqa: B018  (the package's lazy names, PEP 562)
cli.import_  # noqa: B018  (`coffeechat import`)
cli.demo  # noqa: B018  (`coffeechat demo`)
deferred.is_loaded  # noqa: B018  (the tests ask which libraries a command loaded)
drafts.WORD_LIMIT  # noqa: B018
drafts.FORBIDDEN  # noqa: B018
frames.FRAMES  # noqa: B018  (the tests check every declared frame)
frames.missing  # noqa: B018
frames.NUMBER  # noqa: B018
