"""Errors a user can cause. Each carries its data and renders as one line: what, where, how to fix."""

from __future__ import annotations


class CoffeechatError(Exception):
    """Base class: anything the CLI turns into one `Error: ...` line and exit code 1."""

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [self.what]
        if self.where:
            parts.append(self.where)
        if self.fix:
            parts.append(self.fix)
        return ", ".join(parts)


class UsageError(CoffeechatError):
    """A command was asked for something that cannot mean anything (an empty target, say); the
    CLI exits with 2, as for a usage error."""


class InputError(CoffeechatError):
    """An input file cannot be read as any format coffeechat knows."""


class HeaderNotFoundError(InputError):
    """No header row of the expected kind in the first lines of a file (it may be another kind)."""


class ProfileError(CoffeechatError):
    """The workspace profile (coffeechat.toml) is missing or invalid."""


class StoreError(CoffeechatError):
    """The workspace database cannot be opened or is newer than this version of coffeechat."""


class WorkbookError(CoffeechatError):
    """The outreach workbook cannot be written or read back."""


class NotFoundError(CoffeechatError):
    """A person, file or record named by the user does not exist."""
