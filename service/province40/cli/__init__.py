"""The ``province40`` command line: ``build``, ``synth``, ``serve``, ``query`` (and ``validate``, ``network``,
``suggest``;
``template``, ``import``, ``versions``, ``diff``, ``export`` and ``token`` in :mod:`province40.commands`).

``province40 COMMAND --help`` is the reference for each command. Exit codes: 0 success, 1 the work
ran but found problems (e.g. validation violations) or failed, 2 bad input (a file that does not
parse, a malformed query, a wrong option).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from province40 import __version__
from province40.errors import InputError, ParameterError, Province40Error

if TYPE_CHECKING:
    from province40.settings import Settings

from province40.cli.codes import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "build_parser", "main"]


def _settings(args: argparse.Namespace) -> Settings:
    from province40.settings import get_settings

    overrides: dict[str, object] = {}
    for name in ("store_dir", "host", "port", "workers", "server_processes"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return get_settings(**overrides)


def _cmd_build(args: argparse.Namespace) -> int:
    from province40.loading import build_store
    settings = _settings(args)
    report = build_store(
        settings.store_dir, extra=[Path(p) for p in args.with_files or ()], progress_stream=sys.stderr
    )
    width = max(len(f.display_name) for f in report.files)
    for item in report.files:
        graph = item.graph or "(graphs named in the file)"
        note = f"  ({item.normalised_literals} literals normalised to NFC)" if item.normalised_literals else ""
        print(f"{item.display_name:<{width}}  {item.triples:>6} triples  → <{graph}>{note}")
    print(f"built {report.store_dir}: {report.total_quads} quads in {len(report.graphs)} named graphs")
    documents = _rebuild_search_index(settings)
    print(f"search index: {documents} projects and strategic issues")
    return EXIT_OK


def _rebuild_search_index(settings: Settings) -> int:
    """Write the search index of the store just built, from scratch."""
    from province40.search import SearchIndex, index_path, refresh_index
    from province40.store.embedded import EmbeddedStore

    path = index_path(settings)
    if path is not None:
        path.unlink(missing_ok=True)
    store = EmbeddedStore(settings.store_dir, workers=1)
    index = SearchIndex(path)
    try:
        refresh_index(index, store)
        return len(index)
    finally:
        index.close()
        store.close()


def _cmd_synth(args: argparse.Namespace) -> int:
    from province40.synth import SynthOptions, write

    try:
        options = SynthOptions(
            provinces=args.provinces,
            projects_per_province=args.projects_per_province,
            seed=args.seed,
            gap_share=args.gap_share,
        )
    except ValueError as error:
        raise ParameterError(str(error), parameter="synth") from None
    summary = write(args.output, options, progress_stream=sys.stderr)
    print(
        f"wrote {summary.path}: {summary.quads} quads ({options.provinces} provinces × "
        f"{options.projects_per_province} projects, seed {options.seed}, gap share {options.gap_share})"
    )
    return EXIT_OK


def _processes(value: str) -> int | str:
    """``--processes``: a number of processes, or ``auto``."""
    if value == "auto":
        return value
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a number of processes or 'auto', not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1 process")
    return number


def _auto_processes(settings: Settings) -> int:
    """``--processes auto``: two server processes (one per core, at most two) for a read-only embedded store,
    which each open on their own as ``oxigraph serve-read-only`` does; one when anything can write (an
    update token or a tokens file: one writer, one cache of answers) or the store is remote."""
    read_only = settings.backend == "embedded" and settings.update_token is None and not settings.tokens_file.is_file()
    return min(2, os.cpu_count() or 1) if read_only else 1


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from province40.api.app import create_app
    from province40.logs import configure_logging
    # auto, unless PROVINCE40_SERVER_PROCESSES says otherwise
    auto = args.server_processes == "auto" and "PROVINCE40_SERVER_PROCESSES" not in os.environ
    if args.server_processes == "auto":
        args.server_processes = None
    settings = _settings(args)
    if auto:
        settings = settings.model_copy(update={"server_processes": _auto_processes(settings)})
    configure_logging(settings.log_level)
    if auto:
        logging.getLogger(__name__).info(
            "--processes auto: %d server process(es) (two only for a read-only embedded store)",
            settings.server_processes,
        )
    if settings.backend == "embedded" and not (settings.store_dir / "CURRENT").is_file():
        where = settings.store_dir
        print(f"province40: no store at {where}; build it first: province40 build --store {where}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if settings.server_processes == 1:
        app = create_app(settings)
        uvicorn.run(app, host=settings.host, port=settings.port, log_config=None, access_log=False)
        return EXIT_OK
    if settings.tokens_file.is_file():
        print(
            f"province40: --processes {settings.server_processes} needs a read-only store, but the tokens file "
            f"{settings.tokens_file} enables province imports; serve it with one process",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    # each process builds its own application from the environment (uvicorn starts them with `spawn`)
    # (the command line's own options travel as PROVINCE40_* variables; the rest already came from there)
    for name in ("store_dir", "host", "port", "workers", "server_processes"):
        os.environ[f"PROVINCE40_{name.upper()}"] = str(getattr(settings, name))
    uvicorn.run(
        "province40.api.app:create_app_from_environment",
        factory=True,
        workers=settings.server_processes,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
    )
    return EXIT_OK


def _cmd_query(args: argparse.Namespace) -> int:
    from province40.settings import Settings
    from province40.sparql.protocol import Operation, ProtocolRequest
    from province40.sparql.service import SparqlService
    from province40.store import open_store

    settings = _settings(args)
    assert isinstance(settings, Settings)
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.query
    if not text:
        raise InputError("give a query, or --file FILE")
    store = open_store(settings)
    try:
        service = SparqlService(store, settings)
        request = ProtocolRequest(Operation.QUERY, text, (), (), (), (), None, None, args.format)
        outcome = service.query(request, accept=None)
    finally:
        store.close()
    sys.stdout.buffer.write(outcome.result.body)
    if outcome.result.truncated:
        print(f"\nprovince40: truncated at {outcome.max_rows} rows (setting max_rows)", file=sys.stderr)
    return EXIT_OK


def _cmd_push(args: argparse.Namespace) -> int:
    from pydantic import SecretStr

    from province40.push import push
    from province40.store import open_remote_store
    from province40.store.embedded import EmbeddedStore

    settings = _settings(args)
    if (args.user is None) != (args.password is None):
        raise InputError("give --user and --password together (or --token)")
    overrides: dict[str, object] = {
        "remote_user": args.user,
        "remote_password": SecretStr(args.password) if args.password is not None else None,
        "remote_token": SecretStr(args.token) if args.token is not None else None,
    }
    if args.digest:
        overrides["remote_auth_scheme"] = "digest"
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    if not (settings.store_dir / "CURRENT").is_file():
        where = settings.store_dir
        raise InputError(f"no store at {where}; build it first: province40 build --store {where}")
    target = open_remote_store(
        settings,
        query_url=args.to,
        update_url=args.update_url,
        graph_store_url=args.graph_store_url,
        probe_writes=True,
    )
    source = EmbeddedStore(settings.store_dir, workers=1, writable=False)
    try:
        capabilities = target.capabilities
        print(f"pushing {settings.store_dir} to {args.to} ({capabilities.engine} {capabilities.server})".rstrip())
        report = push(source, target, progress=print)
    finally:
        source.close()
        target.close()
    print(f"pushed {report.triples} triples in {len(report.graphs)} graphs; counts and value digests verified")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also the CLI reference: ``province40 --help``)."""
    parser = argparse.ArgumentParser(
        prog="province40",
        description="Province 4.0 (จังหวัด 4.0) knowledge graph: build the store, serve the SPARQL endpoint, "
        "query and validate plans. Settings also come from PROVINCE40_* environment variables.",
    )
    parser.add_argument("--version", action="version", version=f"province40 {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the embedded store from ontology/, shapes/ and data/",
        description="Parse every RDF file of the project (and --with files), then build the persistent store "
        "atomically: a syntax error stops the build with the file and line and leaves the existing store "
        "untouched. Rebuilding from the same files gives the same store.",
    )
    build.add_argument("--store", dest="store_dir", type=Path, help="store directory (default: var/store)")
    build.add_argument(
        "--with",
        dest="with_files",
        action="append",
        metavar="FILE",
        help="an extra RDF file to load (into .../graph/extra/<stem>); repeatable",
    )
    build.set_defaults(handler=_cmd_build)

    synth = commands.add_parser(
        "synth",
        help="generate synthetic plans for all 77 provinces (for benchmarks and demonstrations)",
        description="Write synthetic Province 4.0 plans (TriG or N-Quads, from --output's extension), loadable "
        "with `province40 build --with FILE`: Thai and English titles from the vocabulary of real provincial "
        "plans, development lines, indicators with B.E. targets, data sources, stated and curated links with "
        "rationales and confidences, several versions of some plans, and a controlled share of every kind of "
        "gap the shapes find. Everything is marked synthetic (labels end in '(synthetic)', plans cite the "
        "generator). The same options and seed give the same file; memory stays flat in the size asked for.",
    )
    synth.add_argument("--provinces", type=int, default=77, help="number of provinces, by ISO code (default 77)")
    synth.add_argument(
        "--projects-per-province", type=int, default=30, metavar="N", help="projects in each current plan (default 30)"
    )
    synth.add_argument("--seed", type=int, default=40, help="random seed (default 40)")
    synth.add_argument(
        "--gap-share", type=float, default=0.02, metavar="SHARE",
        help="share of items each kind of gap hits (default 0.02; 0 for gap-free plans)",
    )
    synth.add_argument("--output", type=Path, required=True, metavar="FILE", help="a .trig or .nq file to write")
    synth.set_defaults(handler=_cmd_synth)

    serve = commands.add_parser(
        "serve",
        help="serve the SPARQL endpoint and query page",
        description="Serve the store over HTTP: /sparql (SPARQL 1.1 protocol), /graph-store, / (query page), "
        "/docs (OpenAPI), /healthz and /readyz.",
    )
    serve.add_argument("--store", dest="store_dir", type=Path, help="store directory (default: var/store)")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--workers", type=int, help="query worker processes (default 2)")
    serve.add_argument(
        "--processes",
        dest="server_processes",
        type=_processes,
        metavar="N|auto",
        help="HTTP server processes on the port (default 1; more only for a read-only store; auto: 2 for a "
        "read-only embedded store on a machine with two cores or more, else 1; `make run` uses auto)",
    )
    serve.set_defaults(handler=_cmd_serve)

    query = commands.add_parser(
        "query",
        help="run one SPARQL query on the store and print the result",
        description="Run a query in-process, with the same limits as the endpoint.",
    )
    query.add_argument("query", nargs="?", help="the query text (or use --file)")
    query.add_argument("--file", help="read the query from this file")
    query.add_argument("--store", dest="store_dir", type=Path, help="store directory (default: var/store)")
    query.add_argument("--format", default=None, help="json, xml, csv, tsv, ttl, nt, jsonld, rdfxml (default json/ttl)")
    query.set_defaults(handler=_cmd_query)

    push = commands.add_parser(
        "push",
        help="copy the embedded store to a remote SPARQL engine, graph by graph, and verify it",
        description="Copy every named graph of the embedded store to a remote SPARQL 1.1 engine (each graph "
        "replaced all or nothing), showing progress, then verify the triple count and a by-value digest of "
        "every graph. Safe to re-run: an interrupted push is finished by running it again. The remote's "
        "endpoints default to the remote-backend settings (PROVINCE40_REMOTE_*).",
    )
    push.add_argument("--store", dest="store_dir", type=Path, help="store directory (default: var/store)")
    push.add_argument("--to", required=True, metavar="QUERY_URL", help="the remote's SPARQL query endpoint")
    push.add_argument("--update-url", metavar="URL", help="the remote's update endpoint (default: remote_update_url)")
    push.add_argument(
        "--graph-store-url", metavar="URL", help="the remote's Graph Store endpoint (default: remote_graph_store_url)"
    )
    push.add_argument("--user", help="user name on the remote (with --password)")
    push.add_argument("--password", help="password on the remote (with --user)")
    push.add_argument("--digest", action="store_true", help="HTTP Digest instead of Basic authentication (Virtuoso)")
    push.add_argument("--token", help="bearer token for the remote (instead of --user/--password)")
    push.set_defaults(handler=_cmd_push)

    from province40.cli.validate import add_validate_command
    add_validate_command(commands)
    from province40.analysis.command import add_network_command
    add_network_command(commands)
    from province40.commands.plans import add_plan_commands
    from province40.commands.tokens import add_token_commands
    add_plan_commands(commands)
    add_token_commands(commands)
    from province40.cli.suggest import add_suggest_command
    add_suggest_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except InputError as error:
        print(f"province40: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        print(f"province40: invalid settings: {problems}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Province40Error as error:
        print(f"province40: {error.message}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
