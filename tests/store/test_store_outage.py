"""The store goes away or fills up in the middle of a batch.

PostgreSQL is reached through a TCP proxy in this test, which is cut mid-batch (the server's
sessions ended too, with `pg_terminate_backend`) and started again; SQLite is held to a size by
`PRAGMA max_page_count`, its own "database or disk is full", or made read-only under a running
batch. Each time the batch stops with an error naming the database and the cause, keeps only
whole documents, and running it again ends in the state of a batch never interrupted.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from khabar.cli import app
from khabar.store import models as m
from khabar.store.db import make_engine, upgrade
from khabar.store.repository import all_tables

from ..conftest import EXAMPLES
from .test_faults import canonical, check_consistent

BATCH = [
    EXAMPLES / name
    for name in (
        "airstrike.html",
        "armed-clash.html",
        "claim-of-responsibility.html",
        "kidnapping.txt",
        "suicide-bombing.html",
        "two-incidents.html",
    )
]


def _ingest(url: str) -> tuple[int, str]:
    """`khabar ingest` of the batch in this process, its exit code and its one-line output."""
    result = CliRunner().invoke(app, ["--db", url, "ingest", *map(str, BATCH)])
    return result.exit_code, " ".join(result.output.split())


def _whole(engine: Engine) -> dict[str, tuple[int, int, int]]:
    """Per stored document (by its bytes): how many reports, mentions and evidence spans."""
    with engine.connect() as conn:
        documents = conn.execute(select(m.Document.id, m.Document.raw_sha256)).all()

        def count(model: Any, document_id: int) -> int:
            query = select(func.count()).where(model.document_id == document_id)
            return int(conn.scalar(query) or 0)

        return {
            key: (count(m.Report, id_), count(m.Mention, id_), count(m.Claim, id_))
            for id_, key in documents
        }


def _stops_then_resumes(
    engine: Engine, reference: dict[str, Any], stopped: tuple[int, str], resume: Callable[[], None]
) -> str:
    """The checks every outage shares; returns the stopped run's output."""
    code, output = stopped
    assert code == 2, output
    assert "Traceback" not in output
    check_consistent(engine)
    whole = _whole(engine)
    assert 0 < len(whole) < len(BATCH), "the outage came mid-batch"
    assert whole.items() <= reference["whole"].items(), "each stored document is whole"
    resume()
    check_consistent(engine)
    assert canonical(engine) == reference["dump"]
    return output


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A SQLite store after one uninterrupted run of the batch: its dump, its documents, and
    how many pages it grew by."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'k.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as conn:
        empty = int(conn.execute(text("PRAGMA page_count")).scalar_one())
    code, output = _ingest(url)
    assert code == 0, output
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        full = int(conn.execute(text("PRAGMA page_count")).scalar_one())
    reference = {"dump": canonical(engine), "whole": _whole(engine), "pages": (empty, full)}
    engine.dispose()
    assert reference["dump"]["report"], "the batch gives reports"
    return reference


class Proxy:
    """A TCP forwarder from a port of 127.0.0.1 to `upstream`; `cut` drops every connection
    and refuses new ones (nothing listens), `restart` listens on the same port again."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listening = threading.Event()
        self.restart()

    def restart(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self.listening.set()
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while self.listening.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                server = socket.create_connection(self.upstream)
                with self.lock:
                    self.sockets += [client, server]
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=_pipe, args=(source, target), daemon=True).start()

    def cut(self) -> None:
        self.listening.clear()
        time.sleep(0.2)  # the listener has closed
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)


def _when_stored(engine: Engine, count: int, act: Callable[[], None]) -> threading.Thread:
    """A thread that runs `act` once `count` documents are stored (or after a minute)."""

    def watch() -> None:
        started = time.monotonic()
        while time.monotonic() - started < 60:
            with engine.connect() as conn:
                if (conn.scalar(select(func.count()).select_from(m.Document)) or 0) >= count:
                    break
            time.sleep(0.02)
        act()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_store_outage_postgres_cut_mid_batch_is_a_clear_error_and_resumes(
    postgres_url: str, uninterrupted: dict[str, Any]
) -> None:
    direct = make_url(postgres_url)
    engine = make_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(all_tables())} RESTART IDENTITY CASCADE"))
    proxy = Proxy((direct.host or "127.0.0.1", direct.port or 5432))
    proxied = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)

    def stop_server() -> None:
        proxy.cut()
        with engine.connect() as conn:
            ended = conn.scalars(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": direct.database},
            ).all()
        assert all(ended)

    cutter = _when_stored(engine, 2, stop_server)
    stopped = _ingest(proxied)
    cutter.join()

    def restart() -> None:
        proxy.restart()
        code, output = _ingest(proxied)
        assert code == 0, output

    try:
        output = _stops_then_resumes(engine, uninterrupted, stopped, restart)
    finally:
        proxy.cut()
        engine.dispose()
    assert "[database_connection_lost]" in output
    assert f"127.0.0.1:{proxy.port}/{direct.database}" in output
    assert "run the same command again" in output


def test_store_outage_sqlite_full_is_a_clear_error_and_resumes(
    sqlite_url: str, uninterrupted: dict[str, Any]
) -> None:
    """SQLite's own SQLITE_FULL, from a page limit set on each new connection for this run."""
    empty, full = uninterrupted["pages"]
    limit = empty + (full - empty) // 2

    def limit_size(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(Engine, "connect", limit_size)
    try:
        stopped = _ingest(sqlite_url)
    finally:
        event.remove(Engine, "connect", limit_size)
    engine = make_engine(sqlite_url)

    def free_space() -> None:
        code, output = _ingest(sqlite_url)
        assert code == 0, output

    try:
        output = _stops_then_resumes(engine, uninterrupted, stopped, free_space)
    finally:
        engine.dispose()
    assert "[database_full]" in output
    assert "database or disk is full" in output
    assert "Free space on that disk or raise the limit" in output


def _chattr(flag: str, *paths: Path) -> None:
    subprocess.run(["chattr", flag, *map(str, paths)], check=True, capture_output=True)


def test_store_outage_sqlite_made_read_only_mid_batch(
    tmp_path: Path, uninterrupted: dict[str, Any]
) -> None:
    """The store's files and folder lose write permission under a running batch. Modes alone
    do not stop a process that has the files open (nor root): they are also made immutable,
    which refuses writes through open descriptors too, as a read-only disk does."""
    folder = tmp_path / "store"
    folder.mkdir()
    url = f"sqlite:///{folder / 'k.db'}"
    engine = make_engine(url)
    upgrade(engine)
    try:
        _chattr("+i", folder)
        _chattr("-i", folder)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"chattr +i is not available here ({exc})")
    stuck: list[Path] = []

    def read_only() -> None:
        stuck.extend(sorted(folder.iterdir()))
        for path in stuck:
            path.chmod(0o444)
        folder.chmod(0o555)
        _chattr("+i", *stuck, folder)

    def writable() -> None:
        _chattr("-i", *stuck, folder)
        folder.chmod(0o755)
        for path in stuck:
            path.chmod(0o644)

    watcher = _when_stored(engine, 2, read_only)
    try:
        stopped = _ingest(url)
        watcher.join()
    finally:
        writable()

    def resume() -> None:
        code, output = _ingest(url)
        assert code == 0, output

    try:
        # The check itself needs the files writable again (SQLite's WAL index is shared memory).
        output = _stops_then_resumes(engine, uninterrupted, stopped, resume)
    finally:
        engine.dispose()
    assert "[database_read_only]" in output
    assert "make the file and its folder writable" in output
