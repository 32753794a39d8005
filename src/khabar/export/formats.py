"""Writers for each export format, and the atomic write that keeps a failed export invisible.

Rows arrive as a stream and are written as they come: CSV and JSON Lines row by row, GeoJSON
feature by feature inside one FeatureCollection, Parquet one row group per batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.errors import ErrorCode, KhabarError
from khabar.export.layouts import (
    ACLED_COLUMNS,
    FLAT_COLUMNS,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    UCDP_COLUMNS,
    acled,
    flat,
    ucdp,
)
from khabar.export.rows import BATCH_SIZE, EventRow
from khabar.store.queries import point_feature

FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled", "ucdp")

_INT_COLUMNS = frozenset(
    {"event_id", "place_precision", "report_count"}
    | {f"{c}_{p}" for c in ("killed", "injured", "abducted") for p in ("low", "best", "high")}
)
PARQUET_SCHEMA = pa.schema(
    [
        (
            column,
            pa.list_(pa.string())
            if column in LIST_COLUMNS
            else pa.date32()
            if column == "date"
            else pa.float64()
            if column in ("latitude", "longitude")
            else pa.int32()
            if column in _INT_COLUMNS
            else pa.string(),
            column != "event_id",
        )
        for column in FLAT_COLUMNS
    ]
)
"""Explicit types, so that an all-empty column is still typed (dates date32, counts int32)."""


@dataclass(frozen=True, slots=True)
class Written:
    rows: int
    skipped: int = 0
    """Events left out (GeoJSON: those without coordinates)."""


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _csv(
    columns: tuple[str, ...], layout: Callable[[EventRow], dict[str, Any]]
) -> Callable[[Iterable[EventRow], IO[str]], Written]:
    def write(rows: Iterable[EventRow], out: IO[str]) -> Written:
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: CRLF, minimal quoting
        writer.writerow(columns)
        count = 0
        for row in rows:
            values = layout(row)
            writer.writerow(["" if values[c] is None else _cell(values[c]) for c in columns])
            count += 1
        return Written(count)

    return write


def _jsonl(rows: Iterable[EventRow], out: IO[str]) -> Written:
    count = 0
    for row in rows:
        out.write(json.dumps(flat(row), ensure_ascii=False, default=_json_default) + "\n")
        count += 1
    return Written(count)


def _geojson(rows: Iterable[EventRow], out: IO[str]) -> Written:
    """Every matching event with coordinates, with all the flat layout's fields; the features
    are built as the map's (`point_feature`), which has only the newest and a few fields."""
    out.write('{"type":"FeatureCollection","features":[')
    count = skipped = 0
    for row in rows:
        if row.lat is None or row.lon is None:
            skipped += 1
            continue
        properties = {k: v for k, v in flat(row).items() if k not in ("latitude", "longitude")}
        feature = point_feature(row.id, row.lon, row.lat, properties)
        out.write(("," if count else "") + "\n")
        out.write(json.dumps(feature, ensure_ascii=False, default=_json_default))
        count += 1
    out.write("\n]}\n")
    return Written(count, skipped)


def _batches(rows: Iterable[EventRow]) -> Iterator[list[EventRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def _parquet(rows: Iterable[EventRow], path: Path) -> Written:
    count = 0
    with pq.ParquetWriter(path, PARQUET_SCHEMA) as writer:
        for batch in _batches(rows):
            values = [flat(row) for row in batch]
            table = pa.Table.from_pylist(values, schema=PARQUET_SCHEMA)
            writer.write_table(table)
            count += len(batch)
    return Written(count)


_TEXT_WRITERS: dict[str, Callable[[Iterable[EventRow], IO[str]], Written]] = {
    "csv": _csv(FLAT_COLUMNS, flat),
    "acled": _csv(ACLED_COLUMNS, acled),
    "ucdp": _csv(UCDP_COLUMNS, ucdp),
    "jsonl": _jsonl,
    "geojson": _geojson,
}


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise KhabarError(ErrorCode.EXPORT_UNKNOWN_FORMAT, repr(name))
    return name


def write_export(rows: Iterable[EventRow], fmt: str, target: Path) -> Written:
    """Write to a temporary file beside `target`, then rename it over `target`, so that a
    failed export never leaves a truncated file there (and an old export stays whole)."""
    check_format(fmt)
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        os.close(handle)
    except OSError as exc:
        raise KhabarError(ErrorCode.EXPORT_UNWRITABLE, str(target)) from exc
    temp = Path(name)
    try:
        if fmt == "parquet":
            written = _parquet(rows, temp)
        else:
            with temp.open("w", encoding="utf-8", newline="") as out:
                written = _TEXT_WRITERS[fmt](rows, out)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise KhabarError(ErrorCode.EXPORT_UNWRITABLE, f"{target} ({exc.strerror or exc})") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return written
