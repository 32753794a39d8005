"""Firehose throughput: how fast khabar gets through mostly irrelevant news, end to end.

The corpus is N plain-text documents, about 10% about violence (the example articles and, when
present, texts from ../shared/data/*.jsonl, read here only) and the rest non-conflict
paragraphs generated from a fixed seed, as in a news feed. In one run it prints the prefilter's
rate, spaCy's rate alone (the baseline, timed on the same documents in the same run), the full
`khabar ingest` rate (read, parse, prefilter, analyse, store into a fresh SQLite file) with one
process and with a pool, counted from the first stored document so that the pool's start-up
(printed apart) does not hide its rate, their ratios, the peak RSS of a worker, and the
projected hours for a million documents on this machine.

    .venv/bin/python benchmarks/throughput.py [--n 300] [--workers 2] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from khabar.errors import KhabarError
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import SourceDocument
from khabar.pipeline import Analyser, Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"
RELEVANT_SHARE = 0.10
SUBJECTS = (
    "The city council", "The central bank", "A local bakery", "The football club",
    "Researchers at the university", "The weather service", "The film festival",
    "Shareholders", "The school board", "A software company", "The orchestra", "Farmers",
)  # fmt: skip
PREDICATES = (
    "approved a new budget for road repairs", "reported higher quarterly profits",
    "opened a second branch near the station", "announced the line-up for next season",
    "published a study on coastal erosion", "forecast light rain for the weekend",
    "awarded its top prize to a debut director", "voted to extend the chairman's term",
    "hired forty teachers for the new term", "released an update to its mobile app",
    "played to a full house on Saturday", "expect a good harvest after a mild spring",
)  # fmt: skip
CLOSERS = (
    "Officials said more details would follow.", "The plan takes effect next month.",
    "Tickets are on sale online.", "Critics welcomed the decision.",
    "The figures beat analysts' expectations.", "A spokesperson declined to comment.",
)  # fmt: skip


def relevant_texts() -> list[str]:
    """Main texts of the examples, then texts from the shared evaluation sets if present."""
    texts: list[str] = []
    settings = Settings()
    for source in iter_sources([str(EXAMPLES)], settings):
        if isinstance(source, SourceDocument):
            try:
                texts.append(parse_document(source, settings).text)
            except KhabarError:  # the corrupt example
                continue
    for path in sorted(SHARED_DATA.glob("*.jsonl")) if SHARED_DATA.is_dir() else []:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line).get("text")
                if isinstance(text, str) and len(text) > 200:
                    texts.append(text)
    return texts


def filler(rng: random.Random) -> str:
    """A non-conflict news item of a few paragraphs."""
    paragraphs = [
        " ".join(
            f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)}. {rng.choice(CLOSERS)}"
            for _ in range(rng.randint(2, 4))
        )
        for _ in range(rng.randint(3, 6))
    ]
    return "\n\n".join(paragraphs)


def corpus(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    relevant = relevant_texts()
    rng.shuffle(relevant)
    k = max(1, round(n * RELEVANT_SHARE))
    texts = [relevant[i % len(relevant)] for i in range(k)]
    texts += [filler(rng) for _ in range(n - k)]
    rng.shuffle(texts)
    # Distinct bytes, so no document is skipped as already stored.
    return [f"{text}\n\n(item {i})" for i, text in enumerate(texts)]


def ingest(directory: Path, workers: int, db: Path) -> tuple[float, float, int]:
    """A full ingest into a fresh SQLite file: seconds to the first stored document (the
    pool's start-up), documents/s from then on, and the number of events."""
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    upgrade(engine)
    stored: list[float] = []
    started = time.perf_counter()
    pipeline = Pipeline(Store(engine), Settings(database_url=url), workers=workers)
    summary = pipeline.run(
        [str(directory)], on_outcome=lambda _: stored.append(time.perf_counter())
    )
    engine.dispose()
    return stored[0] - started, (len(stored) - 1) / (stored[-1] - stored[0]), summary.events


def peak_rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=300, help="documents in the corpus")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    texts = corpus(args.n, args.seed)
    analyser = Analyser(Settings())
    assert analyser.prefilter is not None
    analyser.nlp(texts[0])  # warm up
    print(f"corpus: {len(texts):,} documents, {sum(map(len, texts)) / len(texts):,.0f} chars avg")

    started = time.perf_counter()
    kept = sum(analyser.prefilter.check(text).relevant for text in texts)
    prefilter = len(texts) / (time.perf_counter() - started)

    started = time.perf_counter()
    for text in texts:
        analyser.nlp(text)
    spacy_alone = len(texts) / (time.perf_counter() - started)
    writer_rss = peak_rss_mib(resource.RUSAGE_SELF)

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp, "corpus")
        directory.mkdir()
        for i, text in enumerate(texts):
            (directory / f"{i:07d}.txt").write_text(text, "utf-8")
        start_single, single, events = ingest(directory, 1, Path(tmp, "single.db"))
        start_pooled, pooled, _ = ingest(directory, args.workers, Path(tmp, "pooled.db"))
    worker_rss = peak_rss_mib(resource.RUSAGE_CHILDREN)

    best = max(single, pooled)
    pool = f"{args.workers} workers"
    print(f"prefilter kept: {kept:,} of {len(texts):,} ({kept / len(texts):.0%}); events: {events}")
    print(f"prefilter alone:                 {prefilter:10,.1f} documents/s")
    print(f"spaCy alone (1 process):         {spacy_alone:10,.1f} documents/s  (baseline)")
    print(f"full ingest, 1 process:          {single:10,.1f} documents/s")
    print(f"full ingest, {pool}:          {pooled:10,.1f} documents/s")
    print(
        f"start-up to first document: 1 process {start_single:.1f} s, {pool} {start_pooled:.1f} s"
    )
    print(f"ratio prefilter/spaCy:           {prefilter / spacy_alone:10,.1f}")
    print(f"ratio ingest 1 process/spaCy:    {single / spacy_alone:10.2f}")
    print(f"ratio ingest {pool}/spaCy:    {pooled / spacy_alone:10.2f}")
    print(f"peak RSS, one process (analyser + run): {writer_rss:8,.0f} MiB")
    print(f"peak RSS, largest pool worker:          {worker_rss:8,.0f} MiB")
    hours = 1_000_000 / best / 3600
    print(f"projected 1,000,000 documents: {hours:,.1f} h on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
