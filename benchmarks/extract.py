"""Event extraction speed: the whole analysis against spaCy alone, on the bundled examples.

The example articles (parsed once, before the clock starts) are repeated to `--n` documents.
In one process, and in the same run, it times spaCy alone and `Analyser.analyse_many` (spaCy,
toponyms, extractors, the trained role model `roles@1`, geocoding; no prefilter and no store),
so their ratio is the cost of khabar's own stages whatever the machine. spaCy alone is
`nlp.pipe` over all documents in batches of `pipeline.BATCH` (spaCy's fastest on these
articles), with exactly the components the analysis loads: the model's tagger, parser,
attribute ruler, lemmatizer and NER (none disabled: the extractors read them all) and khabar's
entity ruler and dateline splitter. The analysis gets its documents in batches of the same
size, so both run spaCy the same way. The two alternate over slices of `--slice` documents
(spaCy alone on a slice, then the analysis on the same slice), so a machine whose speed drifts
during the run (a shared virtual machine's neighbours, clock scaling) slows both alike: run one
after the other, 1,000 documents each, the ratio swung between 0.63 and 0.79 on the same code.
Times are wall-clock; the ratio is also given in CPU time, which other processes on a shared
machine disturb less. The peak RSS printed is what one `--workers` process needs.

    .venv/bin/python benchmarks/extract.py [--n 2000]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from khabar.errors import KhabarError
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.pipeline import BATCH, Analyser
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
    parser.add_argument(
        "--slice", type=int, default=256, help="documents per alternation (a multiple of 32)"
    )
    args = parser.parse_args()

    docs = documents(args.n)
    texts = [doc.text for doc in docs]
    analyser = Analyser(Settings())
    analyser.analyse(docs[0])  # warm up: lazy matchers and caches
    batch = BATCH
    chars = sum(len(text) for text in texts) / len(texts)
    print(f"documents: {len(docs):,} ({chars:,.0f} chars avg), batches of {batch}")
    print(f"spaCy components: {', '.join(analyser.nlp.pipe_names)}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    spacy_wall = spacy_cpu = whole_wall = whole_cpu = 0.0
    reports = 0
    for first in range(0, len(docs), args.slice):
        part = docs[first : first + args.slice]
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in analyser.nlp.pipe(texts[first : first + args.slice], batch_size=batch):
            pass
        spacy_wall += time.perf_counter() - wall
        spacy_cpu += time.process_time() - cpu
        wall, cpu = time.perf_counter(), time.process_time()
        for start in range(0, len(part), batch):
            analyses = analyser.analyse_many(part[start : start + batch])
            reports += sum(len(analysis.extraction.reports) for analysis in analyses)
        whole_wall += time.perf_counter() - wall
        whole_cpu += time.process_time() - cpu

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"reports: {reports:,}")
    print(f"spaCy alone:        {len(docs) / spacy_wall:8,.1f} documents/s  (baseline)")
    print(f"whole analysis:     {len(docs) / whole_wall:8,.1f} documents/s")
    ratio, cpu_ratio = spacy_wall / whole_wall, spacy_cpu / whole_cpu
    print(f"ratio analysis/spaCy: {ratio:7.3f}  (in CPU time: {cpu_ratio:.3f})")
    print(f"peak RSS per worker:  {rss:6,.0f} MiB")


if __name__ == "__main__":
    main()
