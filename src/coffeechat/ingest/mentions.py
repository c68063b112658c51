"""Whether a workbook mentions someone at all, read as a stream of text.

`forget` takes a person out of every workbook coffeechat wrote, and rewriting a workbook of a
large network takes minutes; most workbooks never name the person (the Contacts sheet holds the
first few thousand). This reads the text of every XML part once, markup stripped and entities
decoded, and answers whether any of the texts occurs in it, case ignored. It errs only one way:
text the markup splits ("Ana" and " Lee" in two runs, or two cells side by side) is read joined,
so a workbook that names the person is never missed.
"""

from __future__ import annotations

import codecs
import html
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from coffeechat.errors import CoffeechatError
from coffeechat.limits import UNREADABLE_ZIP, check_archive

_UNREADABLE: tuple[type[BaseException], ...] = (*UNREADABLE_ZIP, CoffeechatError)
_TAG = re.compile(r"<[^>]*+>")  # possessive: a tag is never given back (a fifth faster)
_CHUNK = 1 << 22


def workbook_mentions(path: Path, texts: Sequence[str]) -> bool:
    """Whether any of `texts` occurs in the workbook's text. A file that cannot be read as a
    workbook counts as mentioning them (the caller then tries it the thorough way)."""
    wanted = [t.casefold() for t in texts if t]
    if not wanted:
        return False
    # Escaped, a character takes up to ten (`&#x1F600;`): a window that long holds any occurrence.
    keep = 10 * max(len(t) for t in wanted)
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, where=str(path))
            for info in archive.infolist():
                if info.filename.endswith(".xml") and _member_mentions(archive, info, wanted, keep):
                    return True
    except _UNREADABLE:
        return True  # damaged, or over a limit: the caller decides with the workbook itself
    return False


def _member_mentions(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, wanted: list[str], keep: int
) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""  # the start of a tag cut by the chunk's end
    carry = ""  # the end of the text read so far, escaped
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            data = pending + decoder.decode(chunk, final=not chunk)
            cut = data.rfind("<")
            if chunk and cut != -1 and data.find(">", cut) == -1:
                data, pending = data[:cut], data[cut:]
            else:
                pending = ""
            window = carry + _TAG.sub("", data)
            text = html.unescape(window).casefold()
            if any(t in text for t in wanted):
                return True
            carry = window[-keep:]
            if not chunk:
                return False
