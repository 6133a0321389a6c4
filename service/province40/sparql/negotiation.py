"""Content negotiation: which format a response takes, as a lookup table plus RFC 9110 ``Accept`` rules.

A ``format`` request parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``jsonld``,
``rdfxml`` or a media type) wins over ``Accept``. Browsers (whose ``Accept`` lists ``text/html``)
get the default format of the result kind: JSON for solutions and booleans, Turtle for graphs.
"""

from __future__ import annotations

from province40.errors import NotAcceptable, ParameterError
from province40.media import MediaRange, parse_accept
from province40.results import ResultFormat, ResultKind

# Server preference order per result kind; the first is the default.
OFFERS: dict[ResultKind, tuple[ResultFormat, ...]] = {
    ResultKind.SOLUTIONS: (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV),
    ResultKind.BOOLEAN: (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV),
    ResultKind.GRAPH: (ResultFormat.TURTLE, ResultFormat.N_TRIPLES, ResultFormat.JSON_LD, ResultFormat.RDF_XML),
}

# Other media types clients send for the same formats.
ALIASES: dict[str, tuple[ResultFormat, ...]] = {
    "application/json": (ResultFormat.JSON, ResultFormat.JSON_LD),
    "application/xml": (ResultFormat.XML, ResultFormat.RDF_XML),
    "text/xml": (ResultFormat.XML, ResultFormat.RDF_XML),
    "application/x-turtle": (ResultFormat.TURTLE,),
    "text/plain": (ResultFormat.N_TRIPLES,),
    "text/n3": (ResultFormat.TURTLE,),
}

FORMAT_NAMES: dict[str, tuple[ResultFormat, ...]] = {
    # a name may stand for a results format and a graph format; the result kind picks
    "json": (ResultFormat.JSON, ResultFormat.JSON_LD),
    "xml": (ResultFormat.XML, ResultFormat.RDF_XML),
    "csv": (ResultFormat.CSV,),
    "tsv": (ResultFormat.TSV,),
    "ttl": (ResultFormat.TURTLE,),
    "turtle": (ResultFormat.TURTLE,),
    "n3": (ResultFormat.TURTLE,),
    "nt": (ResultFormat.N_TRIPLES,),
    "ntriples": (ResultFormat.N_TRIPLES,),
    "n-triples": (ResultFormat.N_TRIPLES,),
    "jsonld": (ResultFormat.JSON_LD,),
    "json-ld": (ResultFormat.JSON_LD,),
    "rdfxml": (ResultFormat.RDF_XML,),
    "rdf+xml": (ResultFormat.RDF_XML,),
    "rdf": (ResultFormat.RDF_XML,),
}


def _quality(ranges: list[MediaRange], fmt: ResultFormat) -> float:
    aliases = [alias for alias, targets in ALIASES.items() if fmt in targets]
    best_specificity = -1
    best_q = 0.0
    for media_range in ranges:
        specificity = media_range.matches(fmt.media_type)
        if specificity < 2 and any(media_range.matches(alias) == 2 for alias in aliases):
            specificity = 2  # an alias only counts when named exactly, never through a wildcard
        if specificity > best_specificity:
            best_specificity, best_q = specificity, media_range.q
    return best_q if best_specificity >= 0 else 0.0


def choose_format(kind: ResultKind, *, accept: str | None, format_param: str | None = None) -> ResultFormat:
    """The response format for a result kind, or :class:`NotAcceptable`."""
    offers = OFFERS[kind]
    if format_param:
        name = format_param.strip().lower()
        wanted = FORMAT_NAMES.get(name)
        if wanted is None and "/" in name:
            # a media type: negotiate as if it were the only entry of Accept (aliases included)
            return choose_format(kind, accept=name)
        if wanted is None:
            raise ParameterError(
                f"unknown format {format_param!r}; use one of {', '.join(sorted(FORMAT_NAMES))} or a media type",
                parameter="format",
            )
        usable = [fmt for fmt in wanted if fmt in offers]
        if not usable:
            raise NotAcceptable(
                f"format {format_param!r} cannot carry {kind.value} results; "
                f"available: {', '.join(f.media_type for f in offers)}"
            )
        return usable[0]
    ranges = parse_accept(accept)
    if any(r.type == "text" and r.subtype == "html" and r.q > 0 for r in ranges):
        return offers[0]
    scored = [(_quality(ranges, fmt), -index, fmt) for index, fmt in enumerate(offers)]
    q, _, fmt = max(scored, key=lambda item: (item[0], item[1]))
    if q <= 0:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) can carry {kind.value} results; "
            f"available: {', '.join(f.media_type for f in offers)}"
        )
    return fmt
