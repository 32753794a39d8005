"""Coverage-guided fuzzing (atheris, libFuzzer) of the HTML, feed and WARC parsers.

hypothesis generates inputs of a known shape; libFuzzer mutates real pages, feeds and archives
byte by byte, steered towards code it has not run yet. Each target gets KHABAR_ATHERIS_RUNS
inputs (default 10,000) in `make fuzz`, in a process of its own (libFuzzer exits when done),
starting from the ingest tests' fixtures. atheris ships wheels for Linux on x86-64 only; where it
is not installed these tests are skipped.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .conftest import SEEN

RUNS = int(os.environ.get("KHABAR_ATHERIS_RUNS", "10000"))
HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "ingest" / "fixtures"
SEEDS = {"html": FIXTURES / "articles", "feed": FIXTURES / "feeds"}
_DONE = re.compile(r"^Done (\d+) runs", re.MULTILINE)

pytestmark = pytest.mark.slow


def _archive(gzip: bool) -> bytes:
    """A small archive with a request, an HTML page, an image and a 404."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(
        writer.create_warc_record(
            "https://news.example/",
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=request,
        )
    )
    for status, content_type, body in [
        (
            "200 OK",
            "text/html; charset=utf-8",
            b"<html><body><p>Gunmen attacked.</p></body></html>",
        ),
        ("200 OK", "image/png", b"\x89PNG"),
        ("404 Not Found", "text/html", b"<html>gone</html>"),
    ]:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
        )
    return buffer.getvalue()


def _corpus(target: str, folder: Path) -> Path:
    """A folder of seeds that libFuzzer may add its own finds to."""
    corpus = folder / "corpus"
    if target == "warc":
        corpus.mkdir()
        (corpus / "plain.warc").write_bytes(_archive(gzip=False))
        (corpus / "gzip.warc.gz").write_bytes(_archive(gzip=True))
    else:
        shutil.copytree(SEEDS[target], corpus, ignore=shutil.ignore_patterns("pages"))
    return corpus


@pytest.mark.parametrize("target", ["html", "feed", "warc"])
def test_atheris_parser_survives_mutated_inputs(target: str, tmp_path: Path) -> None:
    if importlib.util.find_spec("atheris") is None:
        pytest.skip("atheris is not installed (it has wheels for Linux on x86-64 only)")
    crashes = tmp_path / "crashes"
    crashes.mkdir()
    command = [
        sys.executable,
        str(HERE / "atheris_targets.py"),
        target,
        f"-runs={RUNS}",
        f"-artifact_prefix={crashes}/",
        "-timeout=60",  # one input wedging a parser for a minute is a failure too
        "-rss_limit_mb=4096",
        str(_corpus(target, tmp_path)),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    found = [f"{path.name}: {path.read_bytes()[:2000]!r}" for path in sorted(crashes.iterdir())]
    report = "\n".join([run.stderr[-6000:], *found])
    assert run.returncode == 0, report
    assert not found, report
    done = _DONE.search(run.stderr)
    assert done, report
    SEEN[f"atheris_{target}"] += int(done[1])
