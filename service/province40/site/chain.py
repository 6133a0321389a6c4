"""A project's chain to the National Strategy drawn as SVG, server-side: one column per level
(project or strategic issue → master plan → strategy → National Strategy), stated links as solid
lines, curated links dashed. Labels longer than a box are cut and given in full in ``<title>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from province40.answer import JsonValue

COLUMNS = {"Project": 0, "ProvincialStrategicIssue": 0, "MasterPlan": 1, "Strategy": 2, "NationalStrategy": 3}
BOX_WIDTH = 210
BOX_HEIGHT = 58
COLUMN_GAP = 60
ROW_GAP = 18
MARGIN = 12
LINE_CHARS = 26
STATED = "#0b3d62"
CURATED = "#b3541e"


@dataclass(frozen=True, kw_only=True)
class ChainNode:
    """One box of the drawing."""

    iri: str
    column: int
    label: str
    href: str | None


@dataclass(frozen=True, kw_only=True)
class ChainEdge:
    """One arrow: stated or curated."""

    source: str
    target: str
    basis: str


def _text(value: JsonValue) -> str:
    return "" if value is None else str(value)


def chain_parts(
    rows: Sequence[Mapping[str, JsonValue]], lang: str, *, href: Mapping[str, str]
) -> tuple[list[ChainNode], list[ChainEdge]]:
    """Nodes and edges from the rows of ``trace-project-chain`` (``href``: IRI → page)."""
    nodes: dict[str, ChainNode] = {}
    edges: list[ChainEdge] = []
    other = "en" if lang == "th" else "th"
    for row in rows:
        for end in ("from", "to"):
            iri = _text(row[end])
            kind = _text(row.get(f"{end}_type"))
            if iri and iri not in nodes and kind in COLUMNS:
                label = _text(row.get(f"{end}_{lang}")) or _text(row.get(f"{end}_{other}")) or iri.rsplit("/", 1)[-1]
                nodes[iri] = ChainNode(iri=iri, column=COLUMNS[kind], label=label, href=href.get(iri))
        edge = ChainEdge(source=_text(row["from"]), target=_text(row["to"]), basis=_text(row.get("basis")))
        if edge.source in nodes and edge.target in nodes and edge not in edges:
            edges.append(edge)
    return list(nodes.values()), edges


def _lines(label: str) -> list[str]:
    if len(label) <= LINE_CHARS:
        return [label]
    first, rest = label[:LINE_CHARS], label[LINE_CHARS:]
    return [first, rest if len(rest) <= LINE_CHARS else rest[: LINE_CHARS - 1] + "…"]


def chain_svg(nodes: Sequence[ChainNode], edges: Sequence[ChainEdge], *, title: str, legend: Mapping[str, str]) -> str:
    """The drawing as an inline SVG element (scales to its container's width)."""
    by_column: dict[int, list[ChainNode]] = {}
    for node in nodes:
        by_column.setdefault(node.column, []).append(node)
    rows = max((len(v) for v in by_column.values()), default=1)
    width = MARGIN * 2 + 4 * BOX_WIDTH + 3 * COLUMN_GAP
    height = MARGIN * 2 + rows * (BOX_HEIGHT + ROW_GAP) + 30
    place: dict[str, tuple[float, float]] = {}
    for column, members in by_column.items():
        column_height = len(members) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP
        top = MARGIN + (rows * (BOX_HEIGHT + ROW_GAP) - ROW_GAP - column_height) / 2
        for index, node in enumerate(members):
            place[node.iri] = (MARGIN + column * (BOX_WIDTH + COLUMN_GAP), top + index * (BOX_HEIGHT + ROW_GAP))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="0 0 {width} {height}" role="img" '
        f"aria-label={quoteattr(title)}>",
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ]
    for edge in edges:
        x1, y1 = place[edge.source]
        x2, y2 = place[edge.target]
        curated = edge.basis == "curated"
        dash = ' stroke-dasharray="7 5"' if curated else ""
        out.append(
            f'<line class="edge {escape(edge.basis)}" x1="{x1 + BOX_WIDTH:.0f}" y1="{y1 + BOX_HEIGHT / 2:.0f}" '
            f'x2="{x2:.0f}" y2="{y2 + BOX_HEIGHT / 2:.0f}" stroke="{CURATED if curated else STATED}" '
            f'stroke-width="2"{dash} marker-end="url(#arrow)"/>'
        )
    for node in nodes:
        x, y = place[node.iri]
        box = [
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" '
            f'fill="{"#e7f0f8" if node.column == 0 else "#fff"}" stroke="#6b7f93"/>',
            f"<title>{escape(node.label)}</title>",
        ]
        for i, line in enumerate(_lines(node.label)):
            box.append(f'<text x="{x + 8:.0f}" y="{y + 24 + i * 20:.0f}" font-size="15">{escape(line)}</text>')
        group = "<g>" + "".join(box) + "</g>"
        out.append(f"<a href={quoteattr(node.href)}>{group}</a>" if node.href else group)
    legend_y = height - 12
    out.append(
        f'<line x1="{MARGIN}" y1="{legend_y - 5}" x2="{MARGIN + 40}" y2="{legend_y - 5}" stroke="{STATED}" '
        'stroke-width="2"/>'
        f'<text x="{MARGIN + 48}" y="{legend_y}" font-size="14">{escape(legend["stated"])}</text>'
        f'<line x1="{MARGIN + 260}" y1="{legend_y - 5}" x2="{MARGIN + 300}" y2="{legend_y - 5}" stroke="{CURATED}" '
        f'stroke-width="2" stroke-dasharray="7 5"/>'
        f'<text x="{MARGIN + 308}" y="{legend_y}" font-size="14">{escape(legend["curated"])}</text>'
    )
    out.append("</svg>")
    return "".join(out)
