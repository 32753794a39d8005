"""Event extraction speed: the whole analysis against spaCy alone, on the bundled examples.

The example articles (parsed once, before the clock starts) are repeated to `--n` documents.
In one process, and in the same run, it times spaCy alone (khabar's pipeline: model, entity
ruler, dateline splitter) and `Analyser.analyse` (spaCy, toponyms, extractors, geocoding; no
prefilter and no store), so their ratio is the cost of khabar's own stages whatever the
machine. The peak RSS printed is what one `--workers` process needs.

    .venv/bin/python benchmarks/extract.py [--n 2000]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from khabar.errors import KhabarError
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.pipeline import Analyser
from khabar.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def documents(n: int) -> list[ParsedDocument]:
    settings = Settings()
    parsed: list[ParsedDocument] = []
    for source in iter_sources([str(EXAMPLES)], settings):
        if isinstance(source, SourceDocument):
            try:
                parsed.append(parse_document(source, settings))
            except KhabarError:  # the corrupt example
                continue
    return [parsed[i % len(parsed)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=2000, help="documents (examples repeated)")
    args = parser.parse_args()

    docs = documents(args.n)
    analyser = Analyser(Settings())
    analyser.analyse(docs[0])  # warm up: lazy matchers and caches
    chars = sum(len(doc.text) for doc in docs) / len(docs)
    print(f"documents: {len(docs):,} ({chars:,.0f} chars avg)")

    started = time.perf_counter()
    for doc in docs:
        analyser.nlp(doc.text)
    spacy_alone = len(docs) / (time.perf_counter() - started)

    started = time.perf_counter()
    reports = sum(len(analyser.analyse(doc).extraction.reports) for doc in docs)
    pipeline = len(docs) / (time.perf_counter() - started)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"reports: {reports:,}")
    print(f"spaCy alone:        {spacy_alone:8,.1f} documents/s  (baseline)")
    print(f"whole analysis:     {pipeline:8,.1f} documents/s")
    print(f"ratio analysis/spaCy: {pipeline / spacy_alone:6.2f}")
    print(f"peak RSS per worker:  {rss:6,.0f} MiB")


if __name__ == "__main__":
    main()
