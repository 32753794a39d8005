"""The built gazetteer kept on disk between processes.

Building it from the packaged data takes about 14 s, its text automaton included; reading it
back takes about 2 s. Every process that analyses needs one: each `--workers` process, each
Dask worker, each `khabar` command.

The file's name is a fingerprint of everything the build reads:
- khabar's `geo` code and reviewed data files;
- the versions of the packages the data comes from;
- Python's version.
Any change to those gives a new name, so a stale file is never read, and older files are
removed when a new one is written.

A file is written under a temporary name and then renamed, so processes that start together
never read half of one. A file that cannot be read is built again. A folder that cannot be
written costs only the time.

Reading a pickle runs code, as importing a `.pyc` does, so the folder is made its owner's alone
and a file is read only where no one else may write it or its folder (`Settings.gazetteer_cache`,
by default the user's cache folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from khabar.geo.gazetteer import SOURCES, Gazetteer

PACKAGES = tuple(source for source in SOURCES if source != "khabar")
"""The packages whose data the gazetteer is built from; khabar's own inputs are its files."""
PREFIX = "gazetteer-"
SUFFIX = ".pickle"
_GEO = Path(__file__).parent


def fingerprint() -> str:
    """A digest of what the build reads (see the module docstring)."""
    digest = hashlib.sha256(sys.version.encode())
    for package in PACKAGES:
        digest.update(f"\0{package}={metadata.version(package)}".encode())
    for path in sorted([*_GEO.glob("*.py"), *(_GEO / "data").rglob("*")]):
        if path.is_file():
            digest.update(f"\0{path.relative_to(_GEO).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def path_in(folder: Path) -> Path:
    """The file in `folder` for this fingerprint; a process asks once, and reads and writes
    that file (`read`, `write`), as the fingerprint hashes every file it covers."""
    return folder / f"{PREFIX}{fingerprint()}{SUFFIX}"


def read(path: Path) -> Gazetteer | None:
    """The gazetteer kept at `path` (`path_in`); None when there is none that reads."""
    if not (_private(path.parent) and _private(path)):
        return None
    try:
        with path.open("rb") as file:
            found = pickle.load(file)  # noqa: S301 - written by this user's khabar (`_private`)
    except Exception:  # truncated or from other code: built again, nothing is lost
        return None
    return found if isinstance(found, Gazetteer) else None


def _private(path: Path) -> bool:
    """Whether `path` exists, is this user's, and no one else may write to it: only then is
    its pickle khabar's own."""
    try:
        status = path.stat()
    except OSError:
        return False
    owner = os.getuid() if hasattr(os, "getuid") else status.st_uid
    return status.st_uid == owner and not status.st_mode & 0o022


def write(target: Path, gazetteer: Gazetteer) -> None:
    """Keep `gazetteer` at `target` (`path_in`) for the next process. Its folder's other
    gazetteer files (older fingerprints, temporary files a killed process left) are removed."""
    folder = target.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=PREFIX, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(gazetteer, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
        return
    for old in folder.glob(f"{PREFIX}*"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()
