"""``province40 network``: write a graph view as GraphML, GEXF or a CSV edge list.

The view is read from a SPARQL endpoint (``--endpoint URL``) or from the embedded store (default,
``--store DIR``). Exit codes: 0 written, 1 the source failed (endpoint down, store error), 2 bad input
(an unknown view or format, an output folder that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from province40.analysis.views import VIEWS

if TYPE_CHECKING:
    import networkx as nx

    from province40.analysis.graphs import Lang
    from province40.settings import Settings

FORMATS = ("graphml", "gexf", "csv")


def _description() -> str:
    width = max(len(name) for name in VIEWS)
    lines = [f"  {name:<{width}}  {view.title_en} / {view.title_th}" for name, view in VIEWS.items()]
    return (
        "Write a graph view of the Province 4.0 graph for Gephi, Cytoscape (GraphML, GEXF) or a spreadsheet "
        "(CSV edge list). Nodes carry labels (--lang), kind and IRI; edges carry the relation, whether the "
        "link is stated by a source or curated by the team, the curated link's confidence and a weight "
        "(stated 1, curated strong 1, moderate 2/3, weak 1/3).\n\nviews:\n" + "\n".join(lines) + "\n\n"
        "Reads the embedded store (--store, default var/store) or a SPARQL endpoint (--endpoint URL, e.g. "
        "http://127.0.0.1:8000/sparql). Exit status: 0 written, 1 the source failed, 2 bad input."
    )


def add_network_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``network`` on the CLI's sub-command parser."""
    parser = commands.add_parser(
        "network",
        help="write a graph view (project–dimension, province–strategy, ...) as GraphML, GEXF or CSV",
        description=_description(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--view", required=True, choices=list(VIEWS), metavar="NAME", help="the view (listed above)")
    parser.add_argument("--format", dest="export_format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--lang", choices=("th", "en"), default="th", help="language of the labels (default th)")
    parser.add_argument("--output", required=True, type=Path, metavar="FILE", help="file to write ('-': stdout)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--endpoint", metavar="URL", help="read from this SPARQL endpoint")
    source.add_argument("--store", dest="store_dir", type=Path, help="read the embedded store (default: var/store)")
    parser.set_defaults(handler=run_network)


def run_network(args: argparse.Namespace) -> int:
    """Build the view and write it; returns the exit code."""
    from province40.analysis.export import ExportFormat, graph_bytes, write_graph
    from province40.analysis.views import build_view
    from province40.errors import ParameterError
    from province40.settings import get_settings

    export_format = ExportFormat.parse(args.export_format)
    output: Path = args.output
    if str(output) != "-" and not output.parent.is_dir():
        raise ParameterError(f"cannot write {output}: no folder {output.parent}", parameter="output")
    if args.endpoint:
        graph = build_view(args.view, args.endpoint, lang=args.lang)
    else:
        settings = get_settings(**({"store_dir": args.store_dir} if args.store_dir else {}))
        graph = _from_store(args.view, settings, args.lang)
    if str(output) == "-":
        sys.stdout.buffer.write(graph_bytes(graph, export_format))
    else:
        write_graph(graph, output, export_format=export_format)
        print(
            f"wrote {output}: view {args.view}, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
            file=sys.stderr,
        )
    return 0


def _from_store(view: str, settings: Settings, lang: Lang) -> nx.Graph:
    from province40.analysis.views import build_view
    from province40.errors import InputError
    from province40.store import open_store

    if settings.backend == "embedded" and not (settings.store_dir / "CURRENT").is_file():
        where = settings.store_dir
        raise InputError(f"no store at {where}; build it first: province40 build --store {where}")
    store = open_store(settings)
    try:
        return build_view(view, store, lang=lang)
    finally:
        store.close()
