"""Starlette's TestClient, imported without its one-time "install httpx2" warning.

The test settings turn warnings into errors; the client works the same over httpx, so this one
warning is silenced here, at the single place the client is imported.
"""

from __future__ import annotations

import warnings

from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

__all__ = ["TestClient"]
