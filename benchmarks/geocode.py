"""Geocoding throughput on one core: toponyms resolved per second, against a dict-lookup baseline.

The workload is bounded and fixed by a seed: short synthetic reports, each naming a few places
taken from the example documents (the names the gazetteer finds in them) and from the gazetteer
itself, every name as one mention with the offsets the places extractor would give it. Loading
the gazetteer and building its text matcher happen before the clock starts; the baseline, a plain
dict lookup of the same names, is timed in the same run so the ratio holds across machines.

    .venv/bin/python benchmarks/geocode.py [--toponyms 6000] [--seed 7]

Target: at least 2,000 toponyms/s.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

from khabar.errors import KhabarError
from khabar.extract.types import Evidence, PlaceMention
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import geocode
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import SourceDocument
from khabar.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TARGET = 2000
PER_REPORT = 3
TEMPLATES = (
    "Fighting was reported in {} on Friday, officials said.",
    "An explosion hit a market in {}, killing several people.",
    "Police near {} said gunmen had attacked a checkpoint.",
    "Residents of {} fled as clashes spread.",
)

Report = tuple[str, list[PlaceMention]]


def example_names(gazetteer: Gazetteer) -> list[str]:
    """The toponyms the gazetteer finds in the example documents' main text."""
    names: list[str] = []
    for source in iter_sources([str(EXAMPLES)], Settings()):
        if isinstance(source, SourceDocument):
            try:
                text = parse_document(source, Settings()).text
            except KhabarError:  # the corrupt example has no text, so no names
                continue
            names.extend(surface for _, _, surface in gazetteer.find_in_text(text))
    return names


def workload(gazetteer: Gazetteer, toponyms: int, seed: int) -> list[Report]:
    """Reports naming `toponyms` places in all: half from the examples, half from the gazetteer."""
    rng = random.Random(seed)
    examples = example_names(gazetteer)
    entries = list(gazetteer)
    names = [rng.choice(examples) for _ in range(toponyms // 2)]
    names += [rng.choice(entries).name for _ in range(toponyms - len(names))]
    rng.shuffle(names)
    reports: list[Report] = []
    for i in range(0, len(names), PER_REPORT):
        text, mentions = "", []
        for name in names[i : i + PER_REPORT]:
            before, after = rng.choice(TEMPLATES).split("{}")
            start = len(text) + len(before)
            evidence = Evidence(start, start + len(name), name, "places@1")
            mentions.append(PlaceMention(name, "event_site", evidence))
            text += f"{before}{name}{after} "
        reports.append((text, mentions))
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--toponyms", type=int, default=6000, help="size of the workload")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    reports = workload(gazetteer, args.toponyms, args.seed)
    warm_text, warm_mentions = reports[0]
    geocode(warm_mentions, warm_text, gazetteer)  # builds the text matcher
    print(f"setup (gazetteer, matcher, workload): {time.perf_counter() - started:.1f} s")
    names = [m.text for _, mentions in reports for m in mentions]

    started = time.perf_counter()
    resolved = sum(
        r.entry is not None
        for text, mentions in reports
        for r in geocode(mentions, text, gazetteer)
    )
    geocoding = len(names) / (time.perf_counter() - started)

    index = {name: gazetteer.lookup(name) for name in set(names)}
    started = time.perf_counter()
    for name in names:
        index.get(name)
    baseline = len(names) / (time.perf_counter() - started)

    print(f"toponyms: {len(names):,} in {len(reports):,} reports ({resolved:,} resolved)")
    print(f"geocode:             {geocoding:12,.0f} toponyms/s (target {TARGET:,})")
    print(f"baseline dict.get:   {baseline:12,.0f} toponyms/s")
    print(f"ratio geocode/dict:  {geocoding / baseline:12.5f}")
    print(f"target met: {'yes' if geocoding >= TARGET else 'NO'}")


if __name__ == "__main__":
    main()
