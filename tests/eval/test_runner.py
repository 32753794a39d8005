"""The runner analyses records in batches and judges each as one at a time would: a record whose
analysis raises fails alone, and a pool gives the same figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

import khabar.pipeline
from khabar.eval import runner
from khabar.extract.house_style import HouseStyle
from khabar.extract.types import DocumentExtraction
from khabar.pipeline import Analyser
from khabar.settings import Settings

GTD_FIXTURE = Path(__file__).parent / "data" / "gtd_invented.jsonl"
LIMIT = 8


def test_runner_batch_fails_only_the_record_whose_analysis_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepared = runner.prepare("gtd", GTD_FIXTURE, limit=LIMIT)
    broken = prepared.golds[3]
    real = khabar.pipeline.extract_document

    def failing(doc: Doc, published: date | None, style: HouseStyle) -> DocumentExtraction:
        if doc.text == broken.text:
            raise RuntimeError("injected extractor fault")
        return real(doc, published, style)

    monkeypatch.setattr(khabar.pipeline, "extract_document", failing)
    settings = Settings()
    run = runner.score(prepared, settings)

    analyser = Analyser(settings)
    alone = [runner._judge(analyser, prepared.spec, gold) for gold in prepared.golds]
    expected = prepared.spec.summarise([judgement for judgement, _ in alone])
    assert {k: run.result[k] for k in expected} == expected
    assert run.result["failed"] == 1
    assert run.failures == [f"{broken.id}: RuntimeError('injected extractor fault')"]


def test_runner_pool_gives_the_figures_of_one_process() -> None:
    prepared = runner.prepare("gtd", GTD_FIXTURE, limit=LIMIT)
    alone = runner.score(prepared, Settings()).result
    pooled = runner.score(prepared, Settings(), workers=2).result
    assert {k: v for k, v in pooled.items() if k != "seconds"} == {
        k: v for k, v in alone.items() if k != "seconds"
    }
