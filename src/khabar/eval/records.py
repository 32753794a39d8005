"""Reading an evaluation file: one JSON object per line, bad lines reported and skipped."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from khabar.errors import ErrorCode, KhabarError

T = TypeVar("T")

Record = Mapping[str, Any]


class BadRecord(ValueError):
    """A line that is JSON but lacks a field the set needs, or has it in the wrong type."""


@dataclass(frozen=True, slots=True)
class Loaded(Generic[T]):
    items: list[T]
    skipped: list[KhabarError]
    """One `EVAL_BAD_RECORD` error per line that could not be read, with its line number."""


def load(path: Path, parse: Callable[[Record], T]) -> Loaded[T]:
    """Every line of `path` that `parse` accepts, in file order; others are skipped."""
    if not path.is_file():
        raise KhabarError(ErrorCode.NOT_FOUND, str(path))
    items: list[T] = []
    skipped: list[KhabarError] = []
    for number, line in _lines(path):
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise BadRecord("not a JSON object")
            items.append(parse(record))
        except (ValueError, TypeError) as exc:  # JSONDecodeError and BadRecord are ValueErrors
            skipped.append(KhabarError(ErrorCode.EVAL_BAD_RECORD, f"{path} line {number}: {exc}"))
    if not items and skipped:
        raise KhabarError(ErrorCode.EVAL_BAD_FILE, f"{path} (no line could be read)")
    return Loaded(items, skipped)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, line
    except UnicodeDecodeError as exc:
        raise KhabarError(ErrorCode.EVAL_BAD_FILE, f"{path} (not UTF-8: {exc.reason})") from exc
    except OSError as exc:
        raise KhabarError(ErrorCode.UNREADABLE_FILE, f"{path} ({exc.strerror})") from exc


def field(record: Record, name: str, kind: type[T]) -> T:
    """`record[name]`, which must be present and of type `kind`."""
    if name not in record:
        raise BadRecord(f"missing field {name!r}")
    value = record[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadRecord(f"field {name!r} is not {kind.__name__}")
    return value


def optional(record: Record, name: str, kind: type[T]) -> T | None:
    """`record[name]` when present and not null, checked as by `field`."""
    return None if record.get(name) is None else field(record, name, kind)


def iso_date(value: str, name: str) -> tuple[date, str]:
    """An ISO date that may lack its day or month ("2021-03", "2021"): the first day it can be,
    and its precision (`day`, `month` or `year`)."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return date.fromisoformat(value), "day"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
    except ValueError:
        pass
    raise BadRecord(f"field {name!r} is not an ISO date: {value!r}")
