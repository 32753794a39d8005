"""`--dask` runs the same preparation on a Dask cluster and must store exactly what one process
stores; without Dask installed it must say how to get it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES
from .dump import canonical_dump

TARGETS = [
    str(EXAMPLES / name)
    for name in (
        "airstrike.html",
        "kidnapping.txt",
        "political-talks.html",
        "two-incidents.html",
        "corrupt.html",
        "airstrike.html",
    )
]
"""Events, a document the prefilter rejects, one that fails, and a repeat."""


def test_dask_local_cluster_stores_the_same_as_one_process(store: Store, tmp_path: Path) -> None:
    settings = Settings()
    engine = make_engine(f"sqlite:///{tmp_path / 'single.db'}")
    upgrade(engine)
    single = Store(engine)
    try:
        Pipeline(single, settings).run(TARGETS)
        expected = canonical_dump(single)
    finally:
        engine.dispose()
    on_dask = Pipeline(store, settings, workers=2, dask="local")
    summary = on_dask.run(TARGETS)
    assert on_dask.analyser is None, "the writer must not load spaCy"
    assert [o.status for o in summary.outcomes] == [
        "new",
        "new",
        "new",
        "new",
        "failed",
        "unchanged",
    ]
    assert summary.events >= 3
    assert canonical_dump(store) == expected


def test_dask_missing_is_a_clear_error(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import distributed` fail as it does where it is not installed.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "khabar.scale.cluster", raising=False)
    store = Store.open(sqlite_url)
    try:
        with pytest.raises(KhabarError) as raised:
            Pipeline(store, Settings(), dask="local")
    finally:
        store.engine.dispose()
    assert raised.value.code is ErrorCode.DASK_MISSING
    assert "pip install khabar[dask]" in raised.value.message
