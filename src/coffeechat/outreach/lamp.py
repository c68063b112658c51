"""LAMP scores typed in the workbook's Employers sheet, written into the profile.

The LAMP list lives in `coffeechat.toml` (`[[employers]]`: name, motivation 0-3, posting 1-3); the
Employers sheet shows it. Scoring employers in a spreadsheet is how the LAMP method is done, so a
motivation or posting changed there, or an employer added in a new row, is written into the profile
by the next sync, with tomlkit, which keeps the file's comments and layout as they are.

Only what changed in the sheet since the write counts (the write remembers the scores it showed):
a workbook that is not re-scored changes nothing, and where the profile was edited by hand since,
the profile is kept and the sync says so. A row deleted from the sheet removes nothing: the list is
the profile's, and removing an employer is done there.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.errors import ProfileError
from coffeechat.profile import Profile

Scores = tuple[int, int]  # (motivation, posting)


@dataclass(frozen=True)
class LampEdit:
    """One row of the Employers sheet as read back."""

    row: int
    name: str
    scores: Scores


@dataclass
class LampChanges:
    """What the Employers sheet changes in the profile, and what it could not."""

    updates: dict[str, Scores] = field(default_factory=dict)  # name as typed -> scores
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # lines: the profile changed too; it was kept

    def lines(self) -> list[str]:
        changed = [
            f"{name} (motivation {m}, posting {p}{', added' if name in self.added else ''})"
            for name, (m, p) in self.updates.items()
        ]
        out = [f"LAMP scores written to coffeechat.toml: {'; '.join(changed)}"] if changed else []
        return out + self.kept


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _scores_of(profile: Profile) -> dict[str, Scores]:
    """The profile's LAMP scores, by name key."""
    return {_key(e.name): (e.motivation, e.posting) for e in profile.employers}


def shown_scores(profile: Profile) -> dict[str, list[int]]:
    """What a write's Employers sheet shows, to remember with the write (by name key)."""
    return {_key(e.name): [e.motivation, e.posting] for e in profile.employers}


def lamp_changes(
    edits: Sequence[LampEdit], shown: Mapping[str, Sequence[int]] | None, profile: Profile
) -> LampChanges:
    """The scores the sheet changed since it was written (`shown`; None when the write is unknown:
    then only employers the profile does not list yet are taken, never a stale score)."""
    current = _scores_of(profile)
    out = LampChanges()
    for edit in edits:
        key = _key(edit.name)
        was = tuple(shown[key]) if shown is not None and key in shown else None
        now = current.get(key)
        if edit.scores == was or edit.scores == now:
            continue  # not re-scored in this file, or the profile already says so
        if now is not None and shown is None:
            out.kept.append(
                f"Employers row {edit.row}: {edit.name} was re-scored in a workbook whose scores"
                " coffeechat does not know (written elsewhere or by an older version): not written;"
                " set it in coffeechat.toml, or score it again in a new plan"
            )
            continue
        if now is not None and was is not None and now != was:
            out.kept.append(
                f"coffeechat.toml changed {edit.name} since the workbook was written: kept its"
                f" motivation {now[0]}, posting {now[1]} over the sheet's {edit.scores[0]},"
                f" {edit.scores[1]} (Employers row {edit.row})"
            )
            continue
        out.updates[edit.name] = edit.scores
        if now is None:
            out.added.append(edit.name)
    return out


def with_before(
    profile: Profile, updates: Mapping[str, Scores]
) -> list[tuple[str, Scores | None, Scores]]:
    """(employer, its scores in the profile before or None if not listed, the scores written):
    what `undo` needs to put them back."""
    current = _scores_of(profile)
    return [(name, current.get(_key(name)), scores) for name, scores in updates.items()]


def undo_scores(
    path: Path, profile: Profile, written: Sequence[tuple[str, Sequence[int] | None, Sequence[int]]]
) -> tuple[list[str], list[str]]:
    """Put back LAMP scores a sync wrote: each employer's scores as they were before, or out of
    the list if the sync added them, where the profile still says what the sync wrote. Returns
    (lines of what was put back, lines of what was left: changed since)."""
    current = _scores_of(profile)
    back: dict[str, Scores | None] = {}
    done, left = [], []
    for name, before, after in written:
        if current.get(_key(name)) != tuple(after):
            left.append(f"{name} (changed in coffeechat.toml since)")
            continue
        back[name] = None if before is None else (int(before[0]), int(before[1]))
        done.append(
            f"{name} (removed: the sync had added it)" if before is None
            else f"{name} (motivation {before[0]}, posting {before[1]})"
        )  # fmt: skip
    if back:
        write_scores(path, back)
    return done, left


def write_scores(path: Path, updates: Mapping[str, Scores | None]) -> None:
    """Set these employers' motivation and posting in the profile (adding those not listed;
    None takes one out of the list), the rest of the file as it was; written to a temporary file
    and moved over the old one."""
    import tomlkit

    document = tomlkit.parse(path.read_text("utf-8"))
    employers = document.get("employers")
    if employers is None:
        employers = tomlkit.aot()
        document["employers"] = employers
    tables = {_key(str(t.get("name", ""))): t for t in employers}
    # `employers = [{...}, ...]` written inline takes inline tables; `[[employers]]` takes tables.
    inline = isinstance(employers, tomlkit.items.Array)
    for name, scores in updates.items():
        table = tables.get(_key(name))
        if scores is None:
            if table is not None:
                employers.remove(table)
                del tables[_key(name)]
            continue
        motivation, posting = scores
        if table is None:
            table = tomlkit.inline_table() if inline else tomlkit.table()
            table["name"] = name
            employers.append(table)
            tables[_key(name)] = table
        table["motivation"] = motivation
        table["posting"] = posting
    text = tomlkit.dumps(document)
    # Never write a profile that would not load: the scores must read back as written.
    written = {_key(str(e.get("name", ""))): (e.get("motivation"), e.get("posting"))
               for e in tomllib.loads(text).get("employers", [])}  # fmt: skip
    if any(
        written.get(_key(name)) != scores for name, scores in updates.items() if scores is not None
    ) or any(_key(n) in written for n, v in updates.items() if v is None):
        raise ProfileError(
            "the LAMP scores could not be written into the profile",
            where=str(path),
            fix="set them in [[employers]] by hand (the sync said which)",
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
