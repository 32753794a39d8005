"""The built gazetteer kept on disk between processes (`geo.gazetteer_cache`): read back as it
was written, never from a file that is broken, stale or writable by others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from khabar.geo import gazetteer_cache
from khabar.geo.gazetteer import Gazetteer, GazetteerEntry


def _small() -> Gazetteer:
    entries = [
        GazetteerEntry(
            "geonames:1", "Qarabel", "P", "PPL", "SY", "Syria", "09", "Aleppo", "", 36.2, 37.1,
            20_000, ("Qarabil",),
        ),
        GazetteerEntry(
            "country:SY", "Syria", "A", "PCLI", "SY", "Syria", "", "", "", 35.0, 38.0, 17_000_000
        ),
    ]  # fmt: skip
    return Gazetteer(entries, {}, {"SY": frozenset({"TR"})})


def _texts(gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    return gazetteer.find_in_text("Shelling on Qarabil, in northern Syria")


def test_gazetteer_cache_reads_back_what_it_wrote(tmp_path: Path) -> None:
    built = _small()
    gazetteer_cache.write(gazetteer_cache.path_in(tmp_path), built)
    found = gazetteer_cache.read(gazetteer_cache.path_in(tmp_path))
    assert found is not None
    assert list(found) == list(built)
    assert _texts(found) == _texts(built) == [(12, 19, "Qarabil"), (33, 38, "Syria")]
    assert [e.gazetteer_id for e in found.lookup("Qarabel")] == ["geonames:1"]
    assert [p.name for p in tmp_path.iterdir()] == [gazetteer_cache.path_in(tmp_path).name]
    assert gazetteer_cache.path_in(tmp_path).stat().st_mode & 0o777 == 0o600


def test_gazetteer_cache_reads_nothing_where_nothing_was_written(tmp_path: Path) -> None:
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is None
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path / "missing")) is None


def test_gazetteer_cache_a_broken_file_is_built_again(tmp_path: Path) -> None:
    gazetteer_cache.write(gazetteer_cache.path_in(tmp_path), _small())
    path = gazetteer_cache.path_in(tmp_path)
    path.write_bytes(path.read_bytes()[:100])
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is None
    path.write_bytes(b"not a pickle")
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is None


def test_gazetteer_cache_never_reads_a_file_others_may_write(tmp_path: Path) -> None:
    gazetteer_cache.write(gazetteer_cache.path_in(tmp_path), _small())
    path = gazetteer_cache.path_in(tmp_path)
    path.chmod(0o666)
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is None
    path.chmod(0o600)
    tmp_path.chmod(0o777)
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is None
    tmp_path.chmod(0o700)
    assert gazetteer_cache.read(gazetteer_cache.path_in(tmp_path)) is not None


def test_gazetteer_cache_writing_removes_older_files(tmp_path: Path) -> None:
    (tmp_path / "gazetteer-0123.pickle").write_bytes(b"older code's")
    (tmp_path / "gazetteer-abcd.tmp").write_bytes(b"left by a killed process")
    (tmp_path / "notes.txt").write_text("not ours")
    gazetteer_cache.write(gazetteer_cache.path_in(tmp_path), _small())
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([gazetteer_cache.path_in(tmp_path).name, "notes.txt"])


def test_gazetteer_cache_an_unwritable_folder_costs_only_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("")
    gazetteer_cache.write(gazetteer_cache.path_in(blocked / "cache"), _small())
    assert gazetteer_cache.read(gazetteer_cache.path_in(blocked / "cache")) is None


def test_gazetteer_cache_fingerprint_follows_code_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    geo = tmp_path / "geo"
    shutil.copytree(Path(gazetteer_cache.__file__).parent, geo)
    monkeypatch.setattr(gazetteer_cache, "_GEO", geo)
    first = gazetteer_cache.fingerprint()
    assert gazetteer_cache.fingerprint() == first
    towns = geo / "data" / "towns.tsv"
    towns.write_text(towns.read_text() + "Qarabel\tSY\t09\t36.2\t37.1\t0\t\treviewed\n")
    second = gazetteer_cache.fingerprint()
    assert second != first
    (geo / "gazetteer.py").write_text((geo / "gazetteer.py").read_text() + "\n# changed\n")
    assert gazetteer_cache.fingerprint() not in (first, second)
