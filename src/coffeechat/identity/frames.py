"""Column-wise helpers: text columns as plain Python strings, and functions applied once per distinct
value (names, employers and titles repeat across hundreds of thousands of rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """The rows as dicts, a missing value as None, read column by column: `to_dict("records")`
    boxes every Arrow string one at a time (0.4 s for 5,000 people, a minute for 500,000)."""
    columns = {
        name: frame[name].array.to_numpy(dtype=object, na_value=None).tolist()
        for name in frame.columns
    }
    for values in zip(*columns.values(), strict=True):
        yield dict(zip(columns, values, strict=True))


def rows_by_id(
    frame: pd.DataFrame, ids: Iterable[Any], *, column: str, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The rows whose `column` is one of `ids`, indexed by it: for looking up a plan's few people
    in a network of 500,000, where indexing everyone first costs a fifth of a second and each
    lookup in that index a few milliseconds more. `columns` (when given) are the only ones taken:
    taking even a few rows costs about a millisecond per column of half a million rows."""
    rows = frame[column].isin({str(i) for i in ids}).to_numpy(dtype=bool)
    wanted = frame.loc[rows, [column, *columns]] if columns is not None else frame[rows]
    return wanted.set_index(column)


def positions_of(values: pd.Series, ids: Sequence[Any]) -> np.ndarray:
    """The row position in `values` of each of `ids` (-1 where absent; values are unique).

    One pass over the column with a hash of the few ids wanted: hashing half a million ids to look
    up a few thousand took a fifth of a second, the pass 15 ms."""
    wanted = [str(i) for i in ids]
    found = np.flatnonzero(values.isin(set(wanted)).to_numpy(dtype=bool))
    at = dict(zip(values.iloc[found].astype(str).tolist(), found.tolist(), strict=True))
    return np.array([at.get(i, -1) for i in wanted], dtype=np.int64)


def mostly_empty_text(length: int, rows: np.ndarray, values: Sequence[str]) -> pd.Series:
    """A text column of `length` rows, '' except `values` at positions `rows`: built in Arrow
    from a dictionary of the few distinct values (a Python object per row took 50 ms per column
    of half a million)."""
    texts = ["", *values]
    distinct, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
    indices = np.full(length, int(codes[0]), dtype=np.int32)
    indices[np.asarray(rows, dtype=np.int64)] = codes[1:]
    column = pa.DictionaryArray.from_arrays(
        pa.array(indices), pa.array(distinct.tolist(), pa.large_string())
    ).cast(pa.large_string())
    return pd.Series(pd.array(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan)))


def as_text(values: pd.Series) -> pd.Series:
    """A column as Python strings in an object Series, '' where a value is missing.

    Import works on object columns throughout: pandas' Arrow-backed `str` dtype would be converted
    back and forth at each step, which costs more than the steps themselves on a big file.
    """
    array = values.to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(array, skipna=False) != "string":  # numbers, dates from Excel
        array = np.array([v if type(v) is str else str(v) for v in array], dtype=object)
    return pd.Series(array, index=values.index, dtype=object)


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A frame's column as text, '' where a value is missing, and all '' if there is no column."""
    if name in frame:
        return frame[name].fillna("").astype(str)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def by_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`func` (column-wise) applied once per distinct value: names, employers and emails repeat,
    and a column that is empty throughout costs one call on one value."""
    codes, uniques = pd.factorize(as_text(values))
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    results = func(distinct).to_numpy(dtype=object)
    return pd.Series(results[codes] if len(codes) else [], index=values.index, dtype=object)


def _strings(values: pd.Series) -> pd.Series:
    return pd.Series(as_text(values).to_numpy(), index=values.index, dtype="str")


def _arrow_text(values: pd.Series) -> pa.Array:
    return pa.array(as_text(values).to_numpy(), type=pa.string())


def map_unique(values: pd.Series, func: Callable[[str], Any]) -> pd.Series:
    """`values.map(func)`, calling func once per distinct value (names and employers repeat)."""
    return by_unique(
        values, lambda distinct: pd.Series([func(u) for u in distinct.to_numpy()], dtype=object)
    )


def map_unique_parts(
    values: pd.Series, func: Callable[[str], tuple[str, ...]], width: int
) -> list[pd.Series]:
    """Like `map_unique` for a function returning a tuple: one Series per element."""
    codes, uniques = pd.factorize(as_text(values))
    table = np.empty((len(uniques), width), dtype=object)
    for i, u in enumerate(uniques):
        table[i] = func(u)
    picked = table[codes] if len(codes) else np.empty((0, width), dtype=object)
    return [pd.Series(picked[:, k], index=values.index, dtype=object) for k in range(width)]
