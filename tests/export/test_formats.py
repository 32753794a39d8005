"""Each export format written from the seeded store and read back with an ordinary reader."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from khabar.errors import KhabarError
from khabar.export.formats import FORMATS, write_export
from khabar.export.layouts import ACLED_COLUMNS, FLAT_COLUMNS, UCDP_COLUMNS
from khabar.export.rows import EventRow, iter_rows
from khabar.store.queries import EventFilters

from .conftest import SENTENCE, Seeded


def _export(seeded: Seeded, fmt: str, path: Path) -> list[dict[str, str]]:
    write_export(iter_rows(seeded.store, EventFilters()), fmt, path)
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


def test_formats_csv_has_header_and_rfc4180_quoting(seeded: Seeded, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    rows = _export(seeded, "csv", path)
    raw = path.read_bytes()
    assert raw.startswith(b"event_id,event_type,")
    assert b'"The ""Daily"", Kabul; Wire"' in raw, "quotes doubled, fields with commas quoted"
    assert raw.count(b"\r\n") == 4
    assert list(rows[0]) == list(FLAT_COLUMNS)
    clash = next(r for r in rows if r["event_id"] == str(seeded.ids[0]))
    assert clash["date"] == "2024-03-04"
    assert clash["killed_qualifier"] == "at least seven"
    assert clash["perpetrators"] == "Taliban"
    assert clash["source_urls"] == "https://news1.example/story; https://news2.example/story"
    unplaced = next(r for r in rows if r["event_id"] == str(seeded.ids[1]))
    assert unplaced["latitude"] == ""
    assert unplaced["killed_best"] == ""


def test_formats_jsonl_one_object_per_event(seeded: Seeded, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_export(iter_rows(seeded.store, EventFilters()), "jsonl", path)
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert sorted(line["event_id"] for line in lines) == sorted(seeded.ids)
    clash = next(line for line in lines if line["event_id"] == seeded.ids[0])
    assert clash["targets"] == ["Afghan National Army"]
    assert clash["killed_high"] == 9
    assert clash["date"] == "2024-03-04"


def _check_geojson(value: Any) -> None:
    """The parts of RFC 7946 a FeatureCollection of Points must satisfy."""
    assert isinstance(value, dict)
    assert value["type"] == "FeatureCollection"
    assert set(value) <= {"type", "features", "bbox"}
    assert isinstance(value["features"], list)
    for feature in value["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) <= {"type", "id", "geometry", "properties", "bbox"}
        assert isinstance(feature["id"], int | str)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert all(isinstance(c, float | int) and not isinstance(c, bool) for c in (lon, lat))
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90


def test_formats_geojson_is_a_valid_feature_collection(seeded: Seeded, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    written = write_export(iter_rows(seeded.store, EventFilters()), "geojson", path)
    value = json.loads(path.read_text("utf-8"))
    _check_geojson(value)
    assert (written.rows, written.skipped) == (2, 1), "the unplaced event is left out"
    kabul = next(f for f in value["features"] if f["id"] == seeded.ids[0])
    assert kabul["geometry"]["coordinates"] == [69.17233, 34.52813], "longitude first"
    assert kabul["properties"]["place_name"] == "Kabul"
    assert "latitude" not in kabul["properties"]


def test_formats_geojson_of_no_events_is_still_valid(store: Any, tmp_path: Path) -> None:
    path = tmp_path / "none.geojson"
    written = write_export(iter_rows(store, EventFilters()), "geojson", path)
    assert written.rows == 0
    _check_geojson(json.loads(path.read_text("utf-8")))


def test_formats_parquet_reads_back_with_its_schema(seeded: Seeded, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    write_export(iter_rows(seeded.store, EventFilters()), "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("killed_best").type == pa.int32()
    assert table.schema.field("killed_best").nullable
    assert table.schema.field("perpetrators").type == pa.list_(pa.string())
    rows = {row["event_id"]: row for row in table.to_pylist()}
    clash = rows[seeded.ids[0]]
    assert clash["date"] == dt.date(2024, 3, 4)
    assert clash["killed_low"] == 7
    assert rows[seeded.ids[1]]["killed_best"] is None
    assert rows[seeded.ids[1]]["latitude"] is None


def test_formats_parquet_opens_in_pandas_when_installed(seeded: Seeded, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is not a khabar dependency")
    path = tmp_path / "events.parquet"
    write_export(iter_rows(seeded.store, EventFilters()), "parquet", path)
    assert len(pandas.read_parquet(path)) == 3


def test_formats_acled_layout_and_precisions(seeded: Seeded, tmp_path: Path) -> None:
    rows = _export(seeded, "acled", tmp_path / "acled.csv")
    assert list(rows[0]) == list(ACLED_COLUMNS)
    by_id = {row["event_id_cnty"]: row for row in rows}
    clash = by_id[f"AFG{seeded.ids[0]}"]
    assert clash["iso"] == "4"
    assert (clash["time_precision"], clash["geo_precision"]) == ("1", "1")
    assert clash["disorder_type"] == "Political violence"
    assert (clash["actor1"], clash["inter1"]) == ("Taliban", "2")
    assert (clash["actor2"], clash["inter2"], clash["interaction"]) == (
        "Afghan National Army",
        "1",
        "12",
    )
    assert clash["fatalities"] == "7"
    assert clash["notes"] == SENTENCE
    assert clash["region"] == ""
    abduction = by_id[f"XXX{seeded.ids[1]}"]
    assert abduction["time_precision"] == "2"
    assert abduction["civilian_targeting"] == "Civilian targeting"
    assert abduction["fatalities"] == "0"
    bombing = by_id[f"IRQ{seeded.ids[2]}"]
    assert (bombing["time_precision"], bombing["geo_precision"]) == ("3", "3")


def test_formats_ucdp_layout_and_precisions(seeded: Seeded, tmp_path: Path) -> None:
    rows = _export(seeded, "ucdp", tmp_path / "ged.csv")
    assert list(rows[0]) == list(UCDP_COLUMNS)
    by_id = {int(row["id"]): row for row in rows}
    clash = by_id[seeded.ids[0]]
    assert clash["type_of_violence"] == "1"
    assert (clash["side_a"], clash["side_b"]) == ("Afghan National Army", "Taliban")
    assert clash["dyad_name"] == "Afghan National Army - Taliban"
    assert (clash["where_prec"], clash["date_prec"]) == ("1", "1")
    assert (clash["date_start"], clash["date_end"]) == ("2024-03-04", "2024-03-04")
    assert (clash["low"], clash["best"], clash["high"]) == ("7", "7", "9")
    assert clash["deaths_unknown"] == "7"
    assert clash["number_of_sources"] == "2"
    abduction = by_id[seeded.ids[1]]
    assert (abduction["type_of_violence"], abduction["side_b"]) == ("3", "Civilians")
    assert (abduction["date_prec"], abduction["date_end"]) == ("3", "2024-02-11")
    assert abduction["where_prec"] == ""
    bombing = by_id[seeded.ids[2]]
    assert (bombing["where_prec"], bombing["date_prec"]) == ("4", "4")
    assert (bombing["date_start"], bombing["date_end"]) == ("2023-11-01", "2023-11-30")


def test_formats_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KhabarError, match="export_unknown_format") as caught:
        write_export(iter([]), "xlsx", tmp_path / "out.xlsx")
    assert "csv, jsonl, geojson, parquet, acled" in caught.value.message
    assert not (tmp_path / "out.xlsx").exists()


def test_formats_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KhabarError, match="export_unwritable"):
        write_export(iter([]), "csv", tmp_path / "missing" / "out.csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_formats_failed_export_leaves_no_partial_file(
    seeded: Seeded, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out"
    target.write_text("previous export", "utf-8")

    def failing() -> Any:
        yield from iter_rows(seeded.store, EventFilters(), batch_size=1)
        raise RuntimeError("database went away")

    rows: Any = failing()
    with pytest.raises(RuntimeError):
        write_export(rows, fmt, target)
    assert target.read_text("utf-8") == "previous export"
    assert os.listdir(folder) == ["out"], "the temporary file is removed"


def test_formats_rows_without_events_write_only_a_header(tmp_path: Path) -> None:
    rows: list[EventRow] = []
    write_export(iter(rows), "acled", tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_bytes() == ",".join(ACLED_COLUMNS).encode() + b"\r\n"
