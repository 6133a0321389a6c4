"""``province40 validate``: check the store, one province's plan, or a plan file against the shapes.

Exit codes (those of :mod:`province40.cli`): 0 when nothing fails (by default: no sh:Violation;
see ``--fail-on``), 1 when something does, 2 for bad input (a file that does not parse, an unknown
province, a missing store). The report goes to stdout, or to ``--output``; a one-line summary goes
to stderr. Validation only reads: a plan file is parsed in memory and never loaded into the store.
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import datetime as dt
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from province40.cli.codes import EXIT_FAILED, EXIT_OK
from province40.errors import ParameterError
from province40.validation.engine.names import ENGINES
from province40.validation.report import Report, Severity

if TYPE_CHECKING:
    from province40.validation.dataset import QuadSource
    from province40.validation.document_pieces import Assembled, Pieces
    from province40.validation.kept_document import KeptDocument
    from province40.validation.kept_parts import KeptParts, Outcome
    from province40.validation.render.json import Writable

_M_ARENA_MAX = -8
"""glibc's mallopt parameter for the number of malloc arenas."""
FORMATS = ("ttl", "jsonld", "json", "html", "csv")
_EXTENSIONS = {".ttl": "ttl", ".jsonld": "jsonld", ".json": "json", ".html": "html", ".htm": "html", ".csv": "csv"}
_FAIL_ON = {"violation": Severity.VIOLATION, "warning": Severity.WARNING, "info": Severity.INFO}

DESCRIPTION = """\
Check plans against the SHACL shapes (shapes/): structure, alignment with Government 4.0 and the
National Strategy, measurable results, provenance of links. Validates the whole store (default), one
province's plan (--province TH-33), or a plan file before it is loaded (FILE: Turtle, JSON-LD, ...;
checked against the store's reference data, or the repository's when there is no store).

Each plan is checked as presented and again with the team's curated links; the report lists what
still fails, and separately what is aligned only through curated links (--as-presented: check the
plan as presented only).

Exit status: 0 nothing fails (no violation, or nothing at --fail-on level), 1 something fails,
2 bad input (the file does not parse: the message names file and line).
"""


def add_validate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``validate`` on the CLI's sub-command parser."""
    parser = commands.add_parser(
        "validate",
        help="check plans against the SHACL shapes and write a gap report",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a plan file to check before loading it")
    target.add_argument(
        "--province", metavar="CODE", help="check the plan graph of one province (ISO 3166-2, e.g. TH-33)"
    )
    parser.add_argument("--store", dest="store_dir", type=Path, help="store directory (default: var/store)")
    parser.add_argument(
        "--format", choices=FORMATS,
        help="ttl / jsonld: the SHACL report graph; json: summary for programs; html: readable report; "
        "csv: one row per finding (default: from --output's extension, else ttl)",
    )
    parser.add_argument("--lang", choices=("th", "en"), default="th", help="language of html and csv (default th)")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    parser.add_argument(
        "--as-presented", action="store_true",
        help="check only what the plans and sources state, leaving out the team's curated links",
    )
    parser.add_argument(
        "--fail-on", choices=tuple(_FAIL_ON), default="violation",
        help="lowest severity that makes the exit status 1 (default violation)",
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default=None,
        help="SHACL engine: compiled (the shapes as SPARQL; a shape it cannot compile is checked by pySHACL) or "
        "pyshacl (the reference); default: the validation_engine setting (compiled)",
    )
    parser.add_argument(
        "--recompute", action="store_true",
        help="validate the whole store again even when it is unchanged since the report kept next to it "
        "(<store>.validation/; see province40.validation.kept_parts)",
    )
    parser.add_argument(
        "--coverage", action="store_true",
        help="with --format json or csv: write the coverage matrix (plans × dimensions, factors, strategies) only",
    )
    parser.set_defaults(handler=run_validate)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None and args.output.suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[args.output.suffix.lower()]
    return "ttl"


def _renderer(fmt: str, lang: str, coverage_only: bool) -> Callable[[Report], bytes]:
    if coverage_only and fmt not in ("csv", "json"):
        raise ParameterError("--coverage goes with --format json or csv", parameter="coverage")
    name = f"coverage.{fmt}" if coverage_only else fmt

    def render(report: Report) -> bytes:  # the renderers are imported only when one is used
        from province40.validation.formats import report_format

        return report_format(name, parameter="format").render(report, lang)

    return render


def _write_with(write: Callable[[BinaryIO], None], output: Path | None) -> None:
    """What ``write`` writes, to ``output`` (else stdout)."""
    try:
        if output is None:
            write(sys.stdout.buffer)
            sys.stdout.flush()
        else:
            with output.open("wb") as stream:
                write(stream)
    except OSError as error:
        where = output or "stdout"
        raise ParameterError(f"cannot write {where}: {error.strerror}", parameter="output") from None


def _write(
    report: Report, render: Callable[[Report], bytes], *, streamed: bool, output: Path | None,
    body_copy: Writable | None = None,
) -> None:
    """The report to ``output`` (else stdout); JSON piece by piece (its body copied to ``body_copy``
    too), the other formats at once."""
    from province40.validation.render.json import write_json

    def write(stream: BinaryIO) -> None:
        if streamed:
            write_json(report, stream, body_copy=body_copy)
        else:
            stream.write(render(report))

    _write_with(write, output)


def _open_store(store_dir: Path | None, *, required: bool) -> QuadSource | None:
    """The configured store (read-only), or None when there is none and none is required."""
    from province40.settings import get_settings

    settings = get_settings(**({"store_dir": store_dir} if store_dir is not None else {}))
    if settings.backend == "remote":
        from province40.store import open_store

        return open_store(settings)
    if not (settings.store_dir / "CURRENT").is_file():
        if required or store_dir is not None:
            raise ParameterError(
                f"no store at {settings.store_dir}; build it first: province40 build --store {settings.store_dir}",
                parameter="store",
            )
        return None
    from province40.store.snapshot import StoreSnapshot

    return StoreSnapshot(settings.store_dir)


def _engine_setting() -> str:
    from province40.settings import get_settings

    return get_settings().validation_engine


def _summary(counts: dict[str, dict[str, int]], *, include_curation: bool, where: str) -> str:
    text = (
        f"{where}: {counts['open']['Violation']} violations, {counts['open']['Warning']} warnings, "
        f"{counts['open']['Info']} infos"
    )
    if include_curation:
        closed = sum(counts["closed_by_curation"].values())
        text += f" ({closed} closed only by curated links)"
    return text


def _one_malloc_arena() -> None:
    """Ask glibc for one malloc arena instead of one per thread that allocates: each reserves 64 MB of
    address space it mostly never uses, which counts against a memory limit (``ulimit -v``) although
    the command validates one part of the store at a time. Nothing happens where glibc is absent."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):
        return


@dataclass(frozen=True)
class _Kept:
    """Where and for what the whole embedded store's reports are kept."""

    store_dir: Path
    code: str
    """Engine, versions, code and view (:func:`~province40.validation.kept_files.code_key`)."""
    digest: str
    """The store's digest, taken before anything is read."""


def _kept_key(args: argparse.Namespace, engine: str, include_curation: bool) -> _Kept | None:
    """Where the reports are kept when the whole embedded store is validated (else None)."""
    if args.file is not None or args.province:
        return None
    from province40.settings import get_settings

    settings = get_settings(**({"store_dir": args.store_dir} if args.store_dir is not None else {}))
    if settings.backend != "embedded" or not (settings.store_dir / "CURRENT").is_file():
        return None
    from province40.store.journal import store_digest
    from province40.validation.kept_files import code_key

    store_dir = settings.store_dir.resolve()
    digest = store_digest(store_dir)
    if digest is None:
        return None
    return _Kept(store_dir, code_key(engine=engine, include_curation=include_curation), digest)


def _validate_whole(
    kept: _Kept, parts: KeptParts | None, engine: str, include_curation: bool, *, recompute: bool
) -> Outcome:
    """The whole embedded store, plan by plan, brought up to date from the kept parts when it can."""
    from province40.store.snapshot import StoreSnapshot
    from province40.validation.engine import make_engine
    from province40.validation.kept_parts import WholeStore
    from province40.validation.shapes import ShapeCatalog
    from province40.validation.validator import Validator

    source = StoreSnapshot(kept.store_dir)
    try:
        shapes = ShapeCatalog.from_source(source)
        validator = Validator(shapes, engine=make_engine(engine, shapes))
        whole = WholeStore(kept.store_dir, source, validator, include_curation=include_curation)
        return whole.validate(code=kept.code, digest=kept.digest, kept=parts, recompute=recompute)
    finally:
        source.close()


def _validate(args: argparse.Namespace, engine: str, include_curation: bool) -> Report:
    from province40.validation.dataset import AssetSource
    from province40.validation.engine import make_engine
    from province40.validation.shapes import ShapeCatalog
    from province40.validation.validator import Validator, validate_file, validate_province, validate_store

    source = _open_store(args.store_dir, required=args.file is None)
    try:
        validation_source = source or AssetSource()
        shapes = ShapeCatalog.from_source(validation_source)
        validator = Validator(shapes, engine=make_engine(engine, shapes))
        if args.file is not None:
            return validate_file(
                args.file, source=validation_source, include_curation=include_curation, validator=validator
            )
        if args.province:
            return validate_province(
                validation_source, args.province.strip().upper(), include_curation=include_curation,
                validator=validator,
            )
        return validate_store(validation_source, include_curation=include_curation, validator=validator)
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()


def _from_kept_document(
    kept: _Kept, include_curation: bool, output: Path | None, started: float
) -> KeptDocument | None:
    """Write the kept JSON document of the unchanged store, with a fresh head; None (and nothing
    written) when no sound document is kept for this store, code and view."""
    from province40.validation.kept_document import load_document
    from province40.validation.render.json import write_json_with_body

    found = load_document(kept.store_dir, code=kept.code, digest=kept.digest, include_curation=include_curation)
    if found is None:
        return None
    document, body = found
    head = document.fresh_head(seconds=time.perf_counter() - started, computation=KEPT_DOCUMENT)
    _write_with(lambda stream: write_json_with_body(head, body, stream), output)
    return document


def _write_and_keep(document: Assembled, kept: _Kept, include_curation: bool, *, output: Path | None) -> None:
    """The JSON document of the whole store, its body kept beside the store for the next run."""
    from province40.validation.kept_document import BodyCopy
    from province40.validation.render.json import write_document

    with BodyCopy(kept.store_dir, include_curation) as copy:
        body_copy = copy if copy.active else None
        _write_with(lambda stream: write_document(document.head, document.body, stream, body_copy=body_copy), output)
        copy.keep(code=kept.code, digest=kept.digest, head=document.head)


@dataclass(frozen=True)
class _Answer:
    """What the summary line and the exit status say."""

    counts: dict[str, dict[str, int]]
    passes: bool
    note: str


def _write_whole(
    outcome: Outcome, kept: _Kept, include_curation: bool, render: Callable[[Report], bytes], *,
    streamed: bool, output: Path | None, fail_on: Severity,
) -> tuple[_Answer, Mapping[str, Pieces]]:
    """Write the report of ``outcome``: JSON from the plans' kept lines, the other formats from the
    merged report; with the lines rendered for the plans validated in this run."""
    from province40.validation.kept_document import whole_document
    from province40.validation.report import passes_counts

    note = f" ({outcome.how})"
    if streamed:
        whole = whole_document(kept.store_dir, outcome, include_curation)
        _write_and_keep(whole.document, kept, include_curation, output=output)
        counts = whole.document.counts
        return _Answer(counts, passes_counts(counts["open"], fail_on), note), whole.rendered
    report = outcome.report
    _write(report, render, streamed=False, output=output)
    return _Answer(report.counts(), report.passes(fail_on), note), {}


def _whole_store(
    args: argparse.Namespace, kept: _Kept, engine: str, include_curation: bool, render: Callable[[Report], bytes],
    *, streamed: bool, fail_on: Severity,
) -> _Answer:
    """Validate the whole embedded store, from what is kept beside it when it can, and write the report."""
    started = time.perf_counter()
    if streamed and not args.recompute:
        document = _from_kept_document(kept, include_curation, args.output, started)
        if document is not None:
            computed = dt.datetime.fromisoformat(document.head["generated_at"])
            note = (
                f" (kept reports of an unchanged store, computed {computed:%Y-%m-%d %H:%M:%S} UTC: "
                "kept JSON document)"
            )
            return _Answer(document.counts(), document.passes(fail_on), note)
    from province40.validation.kept_parts import Outcome, keep_parts, load_parts
    from province40.validation.kept_reports import KeptReportLost

    parts = None if args.recompute else load_parts(kept.store_dir, kept.code, include_curation)
    unchanged = parts is not None and parts.digest == kept.digest
    if parts is not None and unchanged:
        outcome = Outcome(parts, (), "kept reports of the unchanged store", started)
    else:
        outcome = _validate_whole(kept, parts, engine, include_curation, recompute=args.recompute)

    def write(outcome: Outcome) -> tuple[_Answer, Mapping[str, Pieces]]:
        return _write_whole(
            outcome, kept, include_curation, render, streamed=streamed, output=args.output, fail_on=fail_on
        )

    try:
        answer, rendered = write(outcome)
    except KeptReportLost:  # a kept report could not be read after all: nothing kept is used
        unchanged = False
        outcome = _validate_whole(kept, None, engine, include_curation, recompute=True)
        answer, rendered = write(outcome)
    if unchanged:
        if rendered:  # lines that were not kept
            keep_parts(kept.store_dir, outcome.parts, include_curation, written=(), pieces=rendered)
        computed = outcome.parts.computed_at
        return dataclasses.replace(
            answer, note=f" (kept reports of an unchanged store, computed {computed:%Y-%m-%d %H:%M:%S} UTC)"
        )
    keep_parts(kept.store_dir, outcome.parts, include_curation, written=outcome.revalidated, pieces=rendered)
    return answer


KEPT_DOCUMENT = "kept reports of the unchanged store: their kept JSON document"
"""How a report answered by :func:`_from_kept_document` says it was obtained (its ``computation``)."""


def run_validate(args: argparse.Namespace) -> int:
    """Run the command; returns the exit status."""
    _one_malloc_arena()
    fmt = _format(args)
    render = _renderer(fmt, args.lang, args.coverage)
    include_curation = not args.as_presented
    engine = args.engine or _engine_setting()
    kept = _kept_key(args, engine, include_curation)
    streamed = fmt == "json" and not args.coverage
    fail_on = _FAIL_ON[args.fail_on]
    to = f" → {args.output}" if args.output else ""
    if kept is not None:
        answer = _whole_store(args, kept, engine, include_curation, render, streamed=streamed, fail_on=fail_on)
        summary = _summary(answer.counts, include_curation=include_curation, where="store")
        print(f"province40: {summary}{answer.note}{to}", file=sys.stderr)
        return EXIT_OK if answer.passes else EXIT_FAILED
    report = _validate(args, engine, include_curation)
    _write(report, render, streamed=streamed, output=args.output)
    where = report.scope.province or report.scope.file or "store"
    summary = _summary(report.counts(), include_curation=report.include_curation, where=where)
    print(f"province40: {summary}{to}", file=sys.stderr)
    return EXIT_OK if report.passes(fail_on) else EXIT_FAILED
