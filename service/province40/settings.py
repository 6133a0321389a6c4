"""Settings: one typed, described table, read from ``PROVINCE40_*`` environment variables.

Every field carries a description; ``tests/test_settings.py`` fails when one is missing from the
README's settings table. Defaults are safe: read-only (no update token), no outbound fetching, no
CORS, a deadline and a row cap on every query. Nothing is read at import time: call
:func:`get_settings` (or build :class:`Settings` directly in tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from province40.assets import default_store_dir, default_tokens_file


class Settings(BaseSettings):
    """All configuration of the service and the command line."""

    model_config = SettingsConfigDict(env_prefix="PROVINCE40_", frozen=True, extra="forbid")

    store_dir: Path = Field(
        default_factory=default_store_dir,
        description="Directory of the embedded pyoxigraph store (default: var/store in the checkout, ignored by git).",
    )
    backend: Literal["embedded", "remote"] = Field(
        default="embedded",
        description="'embedded' runs pyoxigraph on store_dir; 'remote' talks SPARQL 1.1 over HTTP to "
        "remote_query_url / remote_update_url / remote_graph_store_url.",
    )
    remote_query_url: str | None = Field(default=None, description="SPARQL query endpoint of the remote store.")
    remote_update_url: str | None = Field(default=None, description="SPARQL update endpoint of the remote store.")
    remote_graph_store_url: str | None = Field(
        default=None, description="Graph Store HTTP Protocol endpoint of the remote store."
    )
    remote_engine: Literal["auto", "oxigraph", "virtuoso", "generic"] = Field(
        default="auto",
        description="Which engine profile the remote backend starts from: 'auto' reads the engine's Server header; "
        "'generic' assumes the least (every workaround on). The probe then measures what it can.",
    )
    remote_user: str | None = Field(default=None, description="User name for the remote store (with remote_password).")
    remote_password: SecretStr | None = Field(default=None, description="Password for the remote store.")
    remote_auth_scheme: Literal["basic", "digest"] = Field(
        default="basic",
        description="HTTP authentication with remote_user/remote_password: 'basic', or 'digest' (Virtuoso's "
        "/sparql-auth and /sparql-graph-crud-auth).",
    )
    remote_token: SecretStr | None = Field(
        default=None, description="Bearer token sent to the remote store (managed engines); instead of a user."
    )
    remote_query_method: Literal["form", "direct"] | None = Field(
        default=None,
        description="How queries are POSTed to the remote store: 'form' (query=) or 'direct' "
        "(application/sparql-query). Unset: probed (Virtuoso never answers a direct POST).",
    )
    remote_writable_default_graph: bool | None = Field(
        default=None,
        description="Whether the remote store's default graph can be written. Unset: probed (Virtuoso: no; "
        "writes to ?default are then refused with 400).",
    )
    remote_insert_batch_triples: int | None = Field(
        default=None,
        ge=1,
        description="Most triples per INSERT DATA request to the remote store. Unset: the engine profile's "
        "(Virtuoso fails above about 1,250: 1,000).",
    )
    remote_atomic_update: bool | None = Field(
        default=None,
        description="Whether the remote store applies a multi-operation update all or nothing. Unset: probed; "
        "when false, updates run under snapshots of the graphs they touch, restored on failure.",
    )
    remote_atomic_graph_replace: bool | None = Field(
        default=None,
        description="Whether a Graph Store PUT on the remote store is all or nothing. Unset: probed; when "
        "false, graphs are replaced through a staging graph and one MOVE.",
    )
    remote_row_cap: int | None = Field(
        default=None,
        ge=1,
        description="Rows at which the remote store silently cuts results (Virtuoso's ResultSetMaxRows). Unset: "
        "probed up to 10,100 rows; a result of exactly this many rows is flagged truncated.",
    )
    remote_system_graphs: tuple[str, ...] | None = Field(
        default=None,
        description="IRI prefixes of the remote store's own graphs, never listed, counted or queried (JSON list). "
        "Unset: the engine profile's (Virtuoso: virtrdf#, ldp#, the service-description graph...).",
    )
    remote_deadline_parameter: str | None = Field(
        default=None,
        description="Query parameter that gives the remote store each query's deadline in milliseconds, so the "
        "engine stops when province40 gives up. Unset: the engine profile's (Virtuoso: timeout; others: none).",
    )
    host: str = Field(default="127.0.0.1", description="Interface the HTTP server listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the HTTP server listens on.")
    query_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Deadline in seconds for one query; the worker evaluating it is stopped at the "
        "deadline. A request may lower it ('timeout' parameter), never raise it.",
    )
    max_rows: int = Field(
        default=10_000,
        ge=1,
        description="Row cap: at most this many solutions (or triples) are returned; the response says "
        "when it was truncated. A request may lower it ('max-rows' parameter), never raise it.",
    )
    result_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory for the one result cache (SPARQL results, stored-question answers, pages), in bytes: "
        "an answer is kept until a write through the service changes the data, the least recently used "
        "first out beyond this size. 0: no cache. Responses of /sparql say 'Province40-Cache: hit|miss|refresh|off'; "
        "a request with 'Cache-Control: no-cache' is answered by the engine.",
    )
    remote_sole_writer: bool = Field(
        default=False,
        description="Remote backend only: true when province40 is the remote engine's only writer, so its answers "
        "may be cached (writes that reach the engine another way cannot clear the cache). False: nothing is "
        "cached on a remote backend.",
    )
    max_query_bytes: int = Field(
        default=64 * 1024, ge=256, description="Largest SPARQL query or update text accepted, in bytes."
    )
    max_query_depth: int = Field(
        default=64,
        ge=4,
        description="Deepest nesting of { ( [ accepted in a query; deeper queries are refused before "
        "parsing (pyoxigraph's parser overflows its stack near 3,000).",
    )
    max_query_operators: int = Field(
        default=1_000,
        ge=10,
        description="Most binary operators (UNION, &&, ||, /, |, +, *) accepted in one query; long "
        "chains overflow the evaluator's stack.",
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted (RDF uploads, validation requests), in bytes.",
    )
    body_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a client may take to send a request body (uploads, queries); a slower one gets "
        "408 and its connection closed, so slow uploads cannot hold the service.",
    )
    worker_memory_mib: int = Field(
        default=2048,
        ge=256,
        description="Memory ceiling of each store worker process, in MiB (its data segment, RLIMIT_DATA); a "
        "query or upload that needs more ends that worker only, with a 4xx naming this setting.",
    )
    max_validation_triples: int = Field(
        default=50_000,
        ge=100,
        description="Most triples a plan posted to /validation may hold (bounds the time one validation takes; "
        "a real province plan has a few hundred).",
    )
    validation_engine: Literal["compiled", "pyshacl"] = Field(
        default="compiled",
        description="SHACL engine of /validation and `province40 validate`: the shapes compiled to SPARQL "
        "(fast; a shape it cannot compile is checked by pySHACL) or pySHACL alone (the reference).",
    )
    workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Worker processes that evaluate queries on the embedded store; a slow query holds "
        "one worker until its deadline, the others keep answering.",
    )
    inline_lookups: bool = Field(
        default=True,
        description="Answer bounded point look-ups (one triple pattern with a constant subject; see "
        "province40/sparql/cost.py) in the server process from a read-only view of the embedded store, "
        "stopping after 500 rows; False sends every query to a worker process.",
    )
    server_processes: int = Field(
        default=1,
        ge=1,
        le=16,
        description="HTTP server processes answering on one port (uvicorn workers; a process that dies is "
        "restarted). More than one only for a read-only embedded store (no update token, no tokens file): "
        "each process opens the store read-only with its own query workers, as `oxigraph serve-read-only` "
        "does; a service that writes runs one process, so that one writer and one data generation exist.",
    )
    update_token: SecretStr | None = Field(
        default=None,
        description="Bearer token that enables SPARQL Update and Graph Store writes. Unset: the service is read-only.",
    )
    update_timeout: float = Field(
        default=60.0, gt=0, description="Deadline in seconds for one update or graph-store write."
    )
    outbound_allowlist: tuple[str, ...] = Field(
        default=(),
        description="IRI prefixes that SERVICE, FROM/FROM NAMED, default-graph-uri/named-graph-uri and "
        "LOAD may name outside the store. Empty: no outbound access at all.",
    )
    cors_origins: tuple[str, ...] = Field(
        default=(),
        description="Origins allowed to call the API from a browser (exact origins; '*' is refused).",
    )
    search_index: Path | None = Field(
        default=None,
        description="SQLite file of the search index. Default: beside the embedded store "
        "(<store_dir>.search.sqlite3); in memory for a remote store. Rebuilt by 'province40 build', brought "
        "in step with the store when the service starts and after every write through it.",
    )
    endpoint: str = Field(
        default="http://127.0.0.1:8000/sparql",
        description="SPARQL endpoint that clients of the service query: the analysis module, "
        "`province40 network --endpoint` and the notebooks (the server itself ignores it).",
    )
    tokens_file: Path = Field(
        default_factory=default_tokens_file,
        description="File of the province-scoped import tokens (names, provinces, SHA-256 of each token; managed "
        "with 'province40 token add|list|revoke'; default var/tokens.json beside the store). Absent: no scoped tokens.",
    )
    max_import_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        description="Largest plan spreadsheet (XLSX or CSV) accepted for import, in bytes; a larger file is refused "
        "before anything in it is read.",
    )
    max_import_unpacked_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=1024,
        description="Most bytes an XLSX file may unpack to (its zip entries together); more is refused as a zip bomb "
        "before the workbook is parsed.",
    )
    max_import_rows: int = Field(
        default=5_000,
        ge=10,
        description="Most rows a plan spreadsheet may have (a real plan has tens); more is refused.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Level of the service's logs."
    )

    @field_validator("update_token")
    @classmethod
    def _token_strong_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("update_token must be at least 16 characters long")
        return value

    @field_validator("cors_origins")
    @classmethod
    def _no_wildcard_origin(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if "*" in value:
            raise ValueError("cors_origins may not contain '*': list the exact origins")
        return value

    @model_validator(mode="after")
    def _remote_needs_urls(self) -> Settings:
        if self.backend == "remote" and not self.remote_query_url:
            raise ValueError("backend 'remote' needs remote_query_url (PROVINCE40_REMOTE_QUERY_URL)")
        return self

    @model_validator(mode="after")
    def _several_processes_read_only(self) -> Settings:
        if self.server_processes > 1 and (self.update_token is not None or self.backend != "embedded"):
            raise ValueError(
                "server_processes above 1 needs a read-only embedded store: unset update_token (each process "
                "would start its own writer) or set server_processes to 1"
            )
        return self

    @property
    def updates_enabled(self) -> bool:
        """True when an update token is configured."""
        return self.update_token is not None


def get_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
