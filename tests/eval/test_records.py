from __future__ import annotations

from pathlib import Path

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.eval.records import BadRecord, Record, field, load


def _parse(record: Record) -> int:
    return field(record, "n", int)


def test_records_skip_bad_lines_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"n": 1}\n{"n": \n\n[1, 2]\n{"n": "two"}\n{"n": 3}\n', encoding="utf-8")
    loaded = load(path, _parse)
    assert loaded.items == [1, 3]
    assert [e.code for e in loaded.skipped] == [ErrorCode.EVAL_BAD_RECORD] * 3
    messages = " ".join(e.message for e in loaded.skipped)
    assert "line 2:" in messages
    assert "line 4: not a JSON object" in messages
    assert "line 5: field 'n' is not int" in messages


def test_records_missing_file_and_unusable_files(tmp_path: Path) -> None:
    with pytest.raises(KhabarError) as missing:
        load(tmp_path / "absent.jsonl", _parse)
    assert missing.value.code is ErrorCode.NOT_FOUND
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b'{"n": 1}\n\xff\xfe\n')
    with pytest.raises(KhabarError) as not_utf8:
        load(binary, _parse)
    assert not_utf8.value.code is ErrorCode.EVAL_BAD_FILE
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json\n", encoding="utf-8")
    with pytest.raises(KhabarError) as nothing:
        load(garbage, _parse)
    assert nothing.value.code is ErrorCode.EVAL_BAD_FILE


def test_records_field_checks_types() -> None:
    assert field({"x": 2}, "x", float) == 2.0
    with pytest.raises(BadRecord, match="missing"):
        field({}, "x", str)
    with pytest.raises(BadRecord, match="not int"):
        field({"x": True}, "x", int)
