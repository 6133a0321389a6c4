"""The JSON document of the whole store's report, kept beside the store: an unchanged store is answered
by copying it.

``province40 validate --store DIR --format json`` keeps the body of the document it writes (everything
after its head: plans, findings, closed by curation, coverage, prefixes; see
:func:`~province40.validation.render.json.write_json`) in ``DIR.validation/document-<view>/``, with the
head it was written with, the store's digest, the code key (:func:`~province40.validation.kept_files.code_key`),
the body's size and its SHA-256. When the store's digest and the code key are the same at the next run,
the document is a fresh head (how and how long: the rest of the head is the kept one) followed by the
kept body, byte for byte: no plan report is loaded, nothing is merged or rendered.

The body is trusted only as far as the kept reports are (:func:`~province40.validation.kept_files.load_object`
checks who owns the files) and only when its size and digest are those recorded: anything else (a body
cut short, changed, or missing) is answered as if nothing were kept, by the kept reports of the plans.
Keeping it is best effort, as for the reports.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

from province40.own_files import is_own_file
from province40.validation.kept_files import keep_object, kept_dir, load_object
from province40.validation.report import Severity, passes_counts

if TYPE_CHECKING:  # read by the run after a write only: an unchanged store imports neither
    from province40.validation.document_pieces import Assembled, Pieces
    from province40.validation.kept_parts import Outcome

log = logging.getLogger(__name__)

_FORMAT = "province40-kept-document/1"
_RECORD = "document.pickle"
_BODY = "body.json"


@dataclass(frozen=True)
class KeptDocument:
    """What is known of the kept body: what it was written for, and the head written with it."""

    format: str
    code: str
    """:func:`~province40.validation.kept_files.code_key` of the run (engine, versions, code, view)."""
    digest: str
    """The store's digest the document describes."""
    size: int
    """The body's size in bytes."""
    sha256: str
    """The body's SHA-256 (hex)."""
    head: Mapping[str, Any]
    """The head of the document it was written with (:data:`~province40.validation.render.json.HEAD`)."""

    def counts(self) -> dict[str, dict[str, int]]:
        """Findings per severity, open and closed by curation (the report's
        :meth:`~province40.validation.report.Report.counts`)."""
        return {name: dict(by_severity) for name, by_severity in self.head["counts"].items()}

    def passes(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """The report's :meth:`~province40.validation.report.Report.passes`."""
        return passes_counts(self.head["counts"]["open"], fail_on)

    def fresh_head(self, *, seconds: float, computation: str) -> dict[str, Any]:
        """The kept head, saying how (``computation``) and how long (``seconds``) this answer took."""
        generator = {**self.head["generator"], "computation": computation}
        return {**self.head, "generator": generator, "seconds": round(seconds, 4)}


def document_dir(store_dir: Path, include_curation: bool) -> Path:
    """Where the document of one view is kept."""
    return kept_dir(store_dir) / f"document-{'curated' if include_curation else 'presented'}"


def load_document(
    store_dir: Path, *, code: str, digest: str, include_curation: bool
) -> tuple[KeptDocument, bytes] | None:
    """The kept document for the store at ``digest`` and ``code``, with its body's bytes (checked
    against its size and digest), or None."""
    folder = document_dir(store_dir, include_curation)
    record = load_object(folder / _RECORD)
    if not isinstance(record, KeptDocument) or record.format != _FORMAT:
        return None
    if record.code != code or record.digest != digest:
        return None
    path = folder / _BODY
    if not is_own_file(path):
        return None
    try:
        body = path.read_bytes()
    except OSError as error:
        log.warning("ignoring the kept document %s: %s", path, error)
        return None
    if len(body) != record.size or hashlib.sha256(body).hexdigest() != record.sha256:
        log.warning("ignoring the kept document %s: not the body that was kept", path)
        return None
    return record, body


class BodyCopy:
    """A file that receives a document's body while it is written (``write_json(..., body_copy=...)``),
    kept by :meth:`keep` once the whole document was written. A context manager: what was not kept is
    removed on leaving it."""

    def __init__(self, store_dir: Path, include_curation: bool) -> None:
        self.folder = document_dir(store_dir, include_curation)
        self._digest = hashlib.sha256()
        self._size = 0
        self._stream: BinaryIO | None = None
        self._temporary: Path | None = None
        try:
            self.folder.parent.mkdir(mode=0o700, exist_ok=True)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            if is_own_file(self.folder) and is_own_file(self.folder.parent):
                handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
                self._temporary = Path(temporary)
                self._stream = os.fdopen(handle, "wb")
        except OSError as error:  # best effort: nothing is kept
            log.info("no document kept in %s: %s", self.folder, error)

    @property
    def active(self) -> bool:
        """True when the body can be kept (else write nothing to it)."""
        return self._stream is not None

    def write(self, chunk: bytes) -> int:
        """Copy ``chunk`` of the body."""
        assert self._stream is not None
        self._digest.update(chunk)
        self._size += len(chunk)
        return self._stream.write(chunk)

    def keep(self, *, code: str, digest: str, head: Mapping[str, Any]) -> bool:
        """Keep the body copied so far as the document of the store at ``digest`` (written with
        ``head``); False when it could not be kept."""
        if self._stream is None or self._temporary is None:
            return False
        try:
            self._stream.close()
            record = KeptDocument(
                format=_FORMAT, code=code, digest=digest, size=self._size, sha256=self._digest.hexdigest(),
                head=dict(head),
            )
            stale = dataclasses.replace(record, digest="")
            # the record first says no store state, so a run between the two replacements keeps nothing
            if not keep_object(self.folder / _RECORD, stale):
                return False
            os.replace(self._temporary, self.folder / _BODY)
            self._temporary = None
            return keep_object(self.folder / _RECORD, record)
        except OSError as error:
            log.info("no document kept in %s: %s", self.folder, error)
            return False

    def __enter__(self) -> BodyCopy:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._stream is not None and not self._stream.closed:
            self._stream.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class WholeDocument:
    """The JSON document of a whole-store validation, and the lines rendered for it in this run."""

    document: Assembled
    rendered: Mapping[str, Pieces]
    """The lines rendered in this run (of the plans validated again, and of those whose lines were not
    kept): to keep with their reports."""


def whole_document(store_dir: Path, outcome: Outcome, include_curation: bool) -> WholeDocument:
    """The document of ``outcome``: the lines of the plans validated again rendered from their
    reports, the others' read from where they are kept (a plan report is read only when its lines
    are not kept). Raises :class:`~province40.validation.kept_parts.KeptReportLost` when neither can
    be read."""
    from province40.validation.document_pieces import assemble, pieces_of
    from province40.validation.kept_parts import load_pieces

    parts = outcome.parts
    revalidated = set(outcome.revalidated)
    rendered: dict[str, Pieces] = {}
    ordered: list[Pieces] = []
    for plan in sorted(parts.plans):
        found = None if plan in revalidated else load_pieces(store_dir, parts, include_curation, plan)
        if found is None:
            found = rendered[plan] = pieces_of(parts.plans[plan])
        ordered.append(found)
    ordered.append(pieces_of(parts.rest))
    document = assemble(
        ordered, generated_at=parts.computed_at, seconds=time.perf_counter() - outcome.started,
        computation=outcome.how,
    )
    return WholeDocument(document, rendered)
