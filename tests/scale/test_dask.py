"""`--dask` runs the same preparation on a Dask cluster and must store exactly what one process
stores, near-duplicates included and never analysed; without Dask installed it must say how to
get it."""

from __future__ import annotations

import sys

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.pipeline import Analyser, Pipeline
from khabar.settings import Settings
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import Store

from ..conftest import EXAMPLES
from .copies import COPY_OF_STORED, ORIGINAL, STORED, light_update
from .dump import Dump, canonical_dump

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


@pytest.fixture(scope="module")
def analyser() -> Analyser:
    return Analyser(Settings())


@pytest.fixture(scope="module")
def one_process(
    tmp_path_factory: pytest.TempPathFactory, analyser: Analyser
) -> tuple[list[str], Dump]:
    """The batch and what one process stores of it: made once for both stores."""
    folder = tmp_path_factory.mktemp("dask")
    targets = [*TARGETS, str(COPY_OF_STORED), str(ORIGINAL), str(light_update(folder))]
    engine = make_engine(f"sqlite:///{folder / 'single.db'}")
    upgrade(engine)
    single = Store(engine)
    try:
        Pipeline(single, Settings(), analyser).run([str(STORED)])
        Pipeline(single, Settings(), analyser).run(targets)
        return targets, canonical_dump(single)
    finally:
        engine.dispose()


def test_dask_local_cluster_stores_the_same_as_one_process(
    store: Store, analyser: Analyser, one_process: tuple[list[str], Dump]
) -> None:
    settings = Settings()
    targets, expected = one_process
    Pipeline(store, settings, analyser).run([str(STORED)])
    on_dask = Pipeline(store, settings, workers=2, dask="local")
    summary = on_dask.run(targets)
    assert on_dask.analyser is None, "the writer must not load spaCy"
    assert [(o.status, o.stored_as, o.analysed) for o in summary.outcomes] == [
        ("new", "extracted", True),
        ("new", "extracted", True),
        ("new", "not_relevant", False),
        ("new", "extracted", True),
        ("failed", "extracted", False),
        ("unchanged", "extracted", False),
        ("new", "near_duplicate", False),
        ("new", "extracted", True),
        ("new", "near_duplicate", False),
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
