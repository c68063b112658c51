"""Reading what can be read from a truncated ZIP (an export whose download was cut short).

A ZIP's index sits at its end, so a cut-off file cannot be opened; but every member also starts
with a local header. Members are read from those headers and kept only if their CRC checks out.
"""

from __future__ import annotations

import struct
import zlib

_LOCAL = b"PK\x03\x04"
_HEADER = struct.Struct(
    "<4s5H3L2H"
)  # signature, version, flags, method, time, date, crc, sizes, lengths


def salvage_members(data: bytes) -> dict[str, bytes]:
    """name -> content for every member whose data is complete and whose CRC-32 matches."""
    found: dict[str, bytes] = {}
    offset = data.find(_LOCAL)
    while offset != -1 and offset + _HEADER.size <= len(data):
        (_, _, flags, method, _, _, crc, size, _, name_len, extra_len) = _HEADER.unpack_from(
            data, offset
        )
        start = offset + _HEADER.size + name_len + extra_len
        name = data[offset + _HEADER.size : offset + _HEADER.size + name_len].decode(
            "utf-8", "replace"
        )
        content = _member(data, start, method=method, size=size, streamed=bool(flags & 0x08))
        if content is not None:
            body, consumed = content
            if flags & 0x08:
                # The sizes and CRC follow the data, in a descriptor (with or without its signature).
                tail = data[start + consumed : start + consumed + 16]
                fields = tail[4:] if tail.startswith(b"PK\x07\x08") else tail
                crc = struct.unpack_from("<L", fields)[0] if len(fields) >= 4 else -1
            if zlib.crc32(body) == crc:
                found[name] = body
        offset = data.find(_LOCAL, start)
    return found


def _member(
    data: bytes, start: int, *, method: int, size: int, streamed: bool
) -> tuple[bytes, int] | None:
    """(content, bytes consumed) or None when the member is cut off or uses another method."""
    if method == 0 and not streamed:
        chunk = data[start : start + size]
        return (chunk, size) if len(chunk) == size else None
    if method != 8:
        return None
    inflater = zlib.decompressobj(-15)
    try:
        body = inflater.decompress(data[start:] if streamed else data[start : start + size])
    except zlib.error:
        return None
    if not inflater.eof:
        return None
    consumed = len(data) - start - len(inflater.unused_data) if streamed else size
    return body, consumed
