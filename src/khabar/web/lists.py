"""What every keyset-paged list of the app shares: its `after` and `limit` parameters, the
cursor check, the URLs of its other orders and pages, and its CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query

from khabar.errors import ErrorCode, KhabarError
from khabar.store import queries

After = Annotated[str | None, Query(description="`next_after` of the previous page")]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)]
CSV = "text/csv; charset=utf-8"


def cursor(value: str | None) -> int | None:
    """The id an `after` parameter names; `bad_argument` for anything but digits."""
    if not value:
        return None
    if not value.isdecimal():
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"after={value!r} is not a cursor from a page.")
    return int(value)


def csv_line(values: Sequence[object]) -> str:
    """One RFC 4180 row (CRLF, minimal quoting), as `khabar export` writes them."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(["" if v is None else v for v in values])
    return out.getvalue()


def sort_urls(path: str, params: dict[str, str], sorts: list[str]) -> dict[str, str]:
    """The list at `path` in each order, the first order being the default (left out)."""
    return {
        sort: url(path, params if i == 0 else {**params, "sort": sort})
        for i, sort in enumerate(sorts)
    }


def url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path
