"""``province40 template | import | versions | diff | export``: provinces' plans as spreadsheets and versions.

Exit codes: ``import`` 0 imported (or, with --dry-run, importable) and conforming, 1 imported with gaps,
2 refused (bad input: nothing written); the others 0, or 2 for bad input.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from province40.errors import ParameterError

if TYPE_CHECKING:
    from province40.settings import Settings
    from province40.store.base import Store



def _settings(args: argparse.Namespace) -> Settings:
    from province40.settings import get_settings

    return get_settings(**({"store_dir": args.store_dir} if getattr(args, "store_dir", None) else {}))


def _open(settings: Settings, *, writable: bool) -> Store:
    from province40.store import open_store
    from province40.store.embedded import EmbeddedStore

    if settings.backend == "remote":
        return open_store(settings)
    if not (settings.store_dir / "CURRENT").is_file():
        raise ParameterError(
            f"no store at {settings.store_dir}; build it first: province40 build --store {settings.store_dir}",
            parameter="store",
        )
    return EmbeddedStore(
        settings.store_dir,
        workers=1,
        writable=writable,
        query_timeout=settings.query_timeout,
        update_timeout=settings.update_timeout,
        max_rows=settings.max_rows,
    )


def _write_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise ParameterError(f"cannot write {path}: {error.strerror}", parameter="output") from None


def _cmd_template(args: argparse.Namespace) -> int:
    from province40 import namespaces as ns
    from province40.spreadsheet.concepts import concept_index
    from province40.spreadsheet.template import example_plan, write_workbook
    from province40.validation.dataset import AssetSource

    settings = _settings(args)
    if settings.backend == "embedded" and (settings.store_dir / "CURRENT").is_file():
        store = _open(settings, writable=False)
        try:
            quads = store.export([ns.REFERENCE_GRAPH])
        finally:
            store.close()
    else:
        quads = AssetSource().export([ns.REFERENCE_GRAPH])
    concepts = concept_index(quads)
    province = (args.province or "TH-10").upper()
    _write_output(args.output, write_workbook(example_plan(province, concepts), concepts, lang=args.lang, example=True))
    print(f"province40: wrote the import template ({args.lang}) to {args.output}", file=sys.stderr)
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from province40.plans.importer import ImportRequest
    from province40.plans.service import PlanService
    from province40.spreadsheet.limits import read_limited

    settings = _settings(args)
    path = Path(args.file)
    data = read_limited(path, max_bytes=settings.max_import_bytes)
    store = _open(settings, writable=not args.dry_run)
    try:
        outcome = PlanService(store, settings).import_file(
            ImportRequest(
                data=data,
                file_name=path.name,
                province=args.province,
                dry_run=args.dry_run,
                version_label=args.version_label,
                imported_by=args.by or f"command line ({getpass.getuser()})",
                accept_suggestions=args.accept_suggestions,
            )
        )
    finally:
        store.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print("\n".join(outcome.summary()))
        for finding in outcome.report.findings:
            label = outcome.report.label(_key(finding), args.lang)
            print(f"  [{finding.severity.value}] {label}: {finding.message(args.lang)}")
    return outcome.exit_code


def _key(finding: object) -> str:
    from province40.validation.terms import node_key

    return node_key(finding.focus_node)  # type: ignore[attr-defined]


def _cmd_versions(args: argparse.Namespace) -> int:
    from province40.plans.service import PlanService

    settings = _settings(args)
    store = _open(settings, writable=False)
    try:
        versions = PlanService(store, settings).versions(args.province)
    finally:
        store.close()
    if args.format == "json":
        sys.stdout.write(json.dumps([v.to_dict() for v in versions], ensure_ascii=False, indent=2) + "\n")
        return 0
    if not versions:
        print(f"{args.province.upper()}: no plan in the store")
    for v in versions:
        d = v.to_dict()
        when = d["imported_at"] or "built from data/programme"
        who = f", by {d['imported_by']}" if d["imported_by"] else ""
        source = f", {d['file_name']} (sha256 {str(d['sha256'])[:12]}…)" if d["file_name"] else ""
        same = ", same content as the previous version" if d["same_content_as"] else ""
        mark = " (current)" if v.current else ""
        print(
            f"{v.number}{mark}  {d['label']}  [{when}{who}{source}{same}]  {d['projects']} projects, "
            f"{d['development_lines']} development lines  <{v.graph}>"
        )
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from province40.plans.service import PlanService

    settings = _settings(args)
    store = _open(settings, writable=False)
    try:
        diff = PlanService(store, settings).diff(args.province, args.from_version, args.to_version)
    finally:
        store.close()
    if args.format == "json":
        sys.stdout.write(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print("\n".join(diff.lines(args.lang)))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from province40.plans.service import PlanService

    settings = _settings(args)
    store = _open(settings, writable=False)
    try:
        exported = PlanService(store, settings).export(args.province, args.version, fmt=args.format, lang=args.lang)
    finally:
        store.close()
    _write_output(args.output, exported.data)
    print(f"province40: wrote {args.province.upper()} to {args.output}", file=sys.stderr)
    return 0


def add_plan_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register template, import, versions, diff and export."""
    store_help = "store directory (default: var/store)"
    template = commands.add_parser(
        "template",
        help="write the XLSX template provinces fill in",
        description="Write the import template: Thai and English headers, drop-down lists of provinces, dimensions, "
        "success factors, master plans and strategies from the graph, an instructions sheet and one example row.",
    )
    template.add_argument("--lang", choices=("th", "en"), default="th", help="language shown first (default th)")
    template.add_argument("--output", type=Path, required=True, metavar="FILE", help="the .xlsx file to write")
    template.add_argument("--province", metavar="CODE", help="province of the example row's code (default TH-10)")
    template.add_argument(
        "--store", dest="store_dir", type=Path, help=store_help + "; without one, the repository's data"
    )
    template.set_defaults(handler=_cmd_template)

    imp = commands.add_parser(
        "import",
        help="import a plan spreadsheet (XLSX or CSV) as a new version",
        description="Import a province's plan from a spreadsheet as the next version of its plan graph. The file is "
        "checked (size, kind, zip bomb, macros, external links), read (Thai or English headers in any order, Thai "
        "digits, B.E./C.E. years, fiscal years, budgets), mapped to the graph's concepts (a value that maps to no "
        "concept is an error naming the nearest ones), validated with the shapes and written in one transaction. "
        "Rows that state no master plan, strategy, dimension or success factor get suggested links in the summary, "
        "marked suggested, not stated; they are written only with --accept-suggestions. "
        "Exit status: 0 imported and conforming, 1 imported with gaps, 2 refused (every problem "
        "listed; nothing written).",
    )
    imp.add_argument("file", metavar="FILE", help="the .xlsx or .csv file")
    imp.add_argument("--province", required=True, metavar="CODE", help="ISO 3166-2 code of the province, e.g. TH-84")
    imp.add_argument("--store", dest="store_dir", type=Path, help=store_help)
    imp.add_argument(
        "--dry-run", action="store_true", help="check and validate, print what would happen, write nothing"
    )
    imp.add_argument(
        "--accept-suggestions", action="store_true",
        help="write the links suggested for rows that state none as curated links (confidence weak, attributed "
        "to the suggester, its evidence as rationale); without it suggestions are only listed",
    )
    imp.add_argument("--version-label", metavar="TEXT", help="name of the new version (default: number, file and date)")
    imp.add_argument("--by", metavar="NAME", help="who imports (recorded; default: 'command line (<user>)')")
    imp.add_argument("--format", choices=("text", "json"), default="text", help="summary as text (default) or JSON")
    imp.add_argument("--lang", choices=("th", "en"), default="th", help="language of the findings (default th)")
    imp.set_defaults(handler=_cmd_import)

    versions = commands.add_parser(
        "versions",
        help="list the versions of a province's plan",
        description="Every version of the province's plan: number, label, date, file, "
        "digest, who imported it, and the named graph that holds it.",
    )
    versions.add_argument("--province", required=True, metavar="CODE", help="e.g. TH-84")
    versions.add_argument("--store", dest="store_dir", type=Path, help=store_help)
    versions.add_argument("--format", choices=("text", "json"), default="text")
    versions.set_defaults(handler=_cmd_versions)

    diff = commands.add_parser(
        "diff",
        help="what changed between two versions, with their gap reports",
        description="Projects added, removed or renamed, links added or removed, indicator "
        "targets changed, and which gaps the revision closed or opened. Default: the previous "
        "version → the current one.",
    )
    diff.add_argument("--province", required=True, metavar="CODE", help="e.g. TH-84")
    diff.add_argument(
        "from_version", nargs="?", type=int, metavar="FROM", help="version number (default: the one before TO)"
    )
    diff.add_argument("to_version", nargs="?", type=int, metavar="TO", help="version number (default: the current one)")
    diff.add_argument("--store", dest="store_dir", type=Path, help=store_help)
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.add_argument("--lang", choices=("th", "en"), default="th")
    diff.set_defaults(handler=_cmd_diff)

    export = commands.add_parser(
        "export",
        help="write a version of a plan in the template's layout",
        description="Write a version (default: the current one) as XLSX or CSV in the "
        "template's layout; importing the file again gives the same plan.",
    )
    export.add_argument("--province", required=True, metavar="CODE", help="e.g. TH-84")
    export.add_argument("--version", type=int, metavar="V", help="version number (default: the current one)")
    export.add_argument("--format", choices=("xlsx", "csv"), required=True)
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--lang", choices=("th", "en"), default="th")
    export.add_argument("--store", dest="store_dir", type=Path, help=store_help)
    export.set_defaults(handler=_cmd_export)
