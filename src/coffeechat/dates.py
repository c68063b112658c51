"""Dates as exported by LinkedIn, Excel and directories, parsed column-wide to ISO strings.

Each column is parsed with one format family; for numeric day/month orders the whole column decides
day-first or month-first (any leading number above 12 settles it), so `07.03.2022` never means two
different days in one file. Month names come from an explicit English table, never the locale.
"""

from __future__ import annotations

import pandas as pd

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

_PATTERNS: dict[str, str] = {
    # 2024-05-01 13:45:00 UTC, 2019-11-06T02:08:20, 2024/12/07 14:51:07 UTC
    "ymd": r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?",
    # 09 Feb 2026, 23-Apr-23, 1-mar-17, 7 May, 2021, Wed 25 Nov 2026, 25th November 2026
    "d_mon_y": r"^(?:[A-Za-z]{3,9},?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?[ \-]+(?P<mon>[A-Za-z]{3,9})\.?[ \-,]+(?P<y>\d{2,4})$",
    # Nov 25, 2026; November 25th 2026; Wed, Nov 25, 2026 (how Americans write a day out, and how
    # Excel and Google Sheets show it)
    "mon_d_y": r"^(?:[A-Za-z]{3,9}\.?,?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})$",
    # Sat Dec 14 08:57:55 UTC 2024
    "eee_mon": r"^[A-Za-z]{3} (?P<mon>[A-Za-z]{3}) (?P<d>\d{1,2}) (?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2}) \w+ (?P<y>\d{4})$",
    # 1/8/18, 6:14 PM ; 3/14/2021 ; 03.12.2015 (day/month order decided per column)
    "num": r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2,4})(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ap>[AaPp][Mm])?)?$",
    # Mon YYYY, May 2021
    "mon_y": r"^(?P<mon>[A-Za-z]{3,9})\.? (?P<y>\d{4})$",
    # YYYY
    "y": r"^(?P<y>\d{4})$",
}


def _year(y: pd.Series) -> pd.Series:
    year = pd.to_numeric(y, errors="coerce")
    # Two-digit years: 00-69 are 2000s, 70-99 the 1900s (LinkedIn started in 2003).
    return year.where(year >= 100, year + 2000).where((year >= 100) | (year < 70), year + 1900)


def parse_dates(values: pd.Series, *, with_time: bool = False) -> pd.Series:
    """ISO `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS` with_time) strings; '' where a value is empty
    or does not parse. Month-only values get day 1; year-only values January 1."""
    text = values.fillna("").astype(str).str.strip()
    result = pd.Series("", index=values.index, dtype=object)
    remaining = text != ""
    for kind, pattern in _PATTERNS.items():
        if not remaining.any():
            break
        parts = text[remaining].str.extract(pattern)
        hit = parts.notna().any(axis=1) & parts.iloc[:, 0].notna()
        if not hit.any():
            continue
        parts = parts[hit]
        year = _year(parts["y"])
        if "mon" in parts:
            month = parts["mon"].str.lower().map(MONTHS)
        elif kind == "num":
            a = pd.to_numeric(parts["a"])
            b = pd.to_numeric(parts["b"])
            # One decision per column: a first number above 12 means day-first; a second one above
            # 12 means month-first; otherwise dots are European (day-first) and slashes American.
            if bool((a > 12).any()):
                day_first = True
            elif bool((b > 12).any()):
                day_first = False
            else:
                day_first = bool(text[parts.index].str.contains(".", regex=False).mean() > 0.5)
            month, day_col = (b, a) if day_first else (a, b)
        else:
            month = pd.to_numeric(parts["m"]) if "m" in parts else pd.Series(1, index=parts.index)
        if kind == "num":
            day = day_col
        elif "d" in parts:
            day = pd.to_numeric(parts["d"])
        else:
            day = pd.Series(1, index=parts.index)
        stamp = pd.to_datetime(
            pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
        )
        if with_time and "H" in parts:
            hour = pd.to_numeric(parts["H"], errors="coerce").fillna(0)
            if "ap" in parts:
                ap = parts["ap"].fillna("").str.lower()
                hour = hour.where(~((ap == "pm") & (hour < 12)), hour + 12)
                hour = hour.where(~((ap == "am") & (hour == 12)), 0)
            minute = pd.to_numeric(parts["M"], errors="coerce").fillna(0)
            second = pd.to_numeric(parts["S"], errors="coerce").fillna(0)
            stamp = stamp + pd.to_timedelta(hour * 3600 + minute * 60 + second, unit="s")
        fmt = "%Y-%m-%d %H:%M:%S" if with_time else "%Y-%m-%d"
        formatted = stamp.dt.strftime(fmt)
        good = formatted.notna()
        result.loc[formatted.index[good]] = formatted[good].to_numpy()
        remaining.loc[parts.index] = False
    return result
