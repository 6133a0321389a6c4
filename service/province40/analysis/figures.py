"""Figures for the analyses, with Thai labels that render: the Thai font is set up here, once.

:func:`use_thai_font` points matplotlib at a Thai font from Debian's ``fonts-thai-tlwg`` (Loma first;
its Latin letters cover the English labels too); every drawing function here calls it, so a notebook
never configures fonts itself. Without the package it raises
:class:`~province40.errors.ConfigurationError` naming the package to install, rather than drawing
empty boxes.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from province40.errors import ConfigurationError

THAI_FONTS = ("Loma", "Garuda", "Norasi", "Sawasdee", "Kinnari", "Umpush", "Waree", "Tlwg Typo")
"""Thai fonts of ``fonts-thai-tlwg``, in order of preference."""

KIND_COLOURS = {
    "project": "#4C72B0",
    "strategic-issue": "#64B5CD",
    "province": "#8172B3",
    "dimension": "#DD8452",
    "success-factor": "#55A868",
    "master-plan": "#CCB974",
    "strategy": "#C44E52",
}
"""Node colour by kind (others grey)."""

STATUS_COLOURS = {"stated": "#2E7D32", "curated": "#F9A825", "claimed": "#90CAF9", "gap": "#E53935"}
"""Coverage status colours: stated, curated only, claimed by the plan only, gap."""


@functools.cache
def use_thai_font() -> str:
    """Make the first installed Thai font matplotlib's sans-serif font; returns its name (once per process)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed.intersection(THAI_FONTS):
        # matplotlib's font list is cached per user: fonts installed after it was written are not in it
        for path in font_manager.findSystemFonts():
            if "tlwg" in path.lower():
                font_manager.fontManager.addfont(path)
        installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in THAI_FONTS:
        if name in installed:
            current = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["font.sans-serif"] = [name, *current]
            return name
    raise ConfigurationError(
        "no Thai font found for the figures (looked for " + ", ".join(THAI_FONTS) + "); install Debian's "
        "fonts-thai-tlwg (sudo apt-get install fonts-thai-tlwg, or `make browser`), then restart the kernel"
    )


def shorten(text: str, width: int = 32) -> str:
    """``text`` cut to about ``width`` characters with an ellipsis, never between a Thai letter and its marks."""
    if len(text) <= width:
        return text
    end = width
    while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Mc"):
        end += 1
    return text[:end].rstrip() + "…"


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    use_thai_font()
    if ax is not None:
        figure = ax.get_figure()
        assert isinstance(figure, Figure)
        return figure, ax
    figure, created = plt.subplots(figsize=size, layout="constrained")
    return figure, created


def bar_chart(
    frame: pd.DataFrame, *, label: str, value: str, title: str = "", ax: Axes | None = None, width: int = 40
) -> Figure:
    """Horizontal bars of ``value`` per ``label`` (largest on top)."""
    figure, axes = _axes(ax, (8, 0.35 * len(frame) + 1.2))
    ordered = frame.sort_values(value, ascending=True)
    axes.barh([shorten(str(v), width) for v in ordered[label]], ordered[value].astype("float64"), color="#4C72B0")
    axes.set_xlabel(value)
    axes.set_title(title)
    return figure


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str = "",
    ax: Axes | None = None,
    cmap: str = "viridis",
    vmin: float | None = None,
    vmax: float | None = None,
    annotate: bool = True,
    width: int = 40,
) -> Figure:
    """A numeric matrix (rows × columns) as a heatmap with its values written in the cells."""
    figure, axes = _axes(ax, (max(6.0, 0.6 * len(matrix.columns) + 3), max(3.0, 0.45 * len(matrix) + 1.5)))
    values = matrix.to_numpy(dtype="float64", na_value=float("nan"))
    image = axes.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    _ticks(axes, list(matrix.index), list(matrix.columns), width)
    if annotate:
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v == v:  # not NaN
                    axes.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=8, color="white")
    figure.colorbar(image, ax=axes, shrink=0.8)
    axes.set_title(title)
    return figure


def status_heatmap(
    table: pd.DataFrame,
    *,
    title: str = "",
    ax: Axes | None = None,
    labels: dict[str, str] | None = None,
    width: int = 40,
) -> Figure:
    """A coverage table of statuses (``stated`` / ``curated`` / ``claimed`` / ``gap``) in four colours
    with a legend; ``labels`` renames the statuses in the legend (e.g. in Thai)."""
    figure, axes = _axes(ax, (max(6.0, 0.6 * len(table.columns) + 4), max(3.0, 0.45 * len(table) + 1.5)))
    order = list(STATUS_COLOURS)
    codes = table.apply(lambda column: column.astype("string").map(order.index)).to_numpy(dtype="float64")
    axes.imshow(codes, cmap=ListedColormap(list(STATUS_COLOURS.values())), vmin=-0.5, vmax=len(order) - 0.5,
                aspect="auto")
    _ticks(axes, list(table.index), list(table.columns), width)
    names = labels or {}
    axes.legend(
        handles=[Patch(color=c, label=names.get(s, s)) for s, c in STATUS_COLOURS.items()],
        loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
    )
    axes.set_title(title)
    return figure


def _ticks(axes: Axes, rows: Sequence[Any], columns: Sequence[Any], width: int) -> None:
    axes.set_yticks(range(len(rows)), [shorten(str(r), width) for r in rows])
    axes.set_xticks(range(len(columns)), [shorten(str(c), width) for c in columns], rotation=60, ha="right")


def _node_label(data: dict[str, Any], node: str, width: int) -> str:
    label = str(data.get("label", node))
    notation = str(data.get("notation", ""))
    return shorten(f"{notation}. {label}" if notation and not label.startswith(notation) else label, width)


def draw_network(
    graph: nx.Graph,
    *,
    title: str = "",
    ax: Axes | None = None,
    seed: int = 40,
    width: int = 20,
    size: tuple[float, float] = (11, 8),
    show_labels: bool = True,
) -> Figure:
    """Draw a view: node colour by kind, node size by degree, curated links dashed and stated solid,
    line width by weight, labels (shortened, after the notation when there is one) in the view's language.
    The layout is seeded; nodes nothing links to are drawn in a row underneath."""
    figure, axes = _axes(ax, size)
    undirected = nx.Graph(graph.to_undirected(as_view=True))
    linked = undirected.subgraph(n for n in undirected if undirected.degree(n) > 0)
    positions = dict(nx.spring_layout(linked, seed=seed, k=1.5 / max(1, len(linked)) ** 0.5)) if len(linked) else {}
    isolated = sorted(n for n in undirected if undirected.degree(n) == 0)
    for i, node in enumerate(isolated):  # what nothing links, in a row under the network
        positions[node] = ((2 * i + 1) / len(isolated) - 1, -1.25)
    degrees = dict(undirected.degree())
    colours = [KIND_COLOURS.get(str(d.get("kind")), "#999999") for _, d in undirected.nodes(data=True)]
    sizes = [60 + 40 * degrees[n] for n in undirected.nodes]
    nx.draw_networkx_nodes(undirected, positions, ax=axes, node_color=colours, node_size=sizes, alpha=0.9)
    for basis, style in (("stated", "solid"), ("curated", "dashed"), ("", "solid")):
        edges = [(u, v) for u, v, d in undirected.edges(data=True) if d.get("basis", "") == basis]
        widths = [0.5 + 1.5 * float(undirected.edges[e].get("weight", 1.0)) for e in edges]
        nx.draw_networkx_edges(undirected, positions, edgelist=edges, ax=axes, style=style, width=widths,
                               alpha=0.5, edge_color="#555555")
    if show_labels:
        nx.draw_networkx_labels(
            undirected, positions, ax=axes, font_size=7, font_family=mpl.rcParams["font.sans-serif"][0],
            labels={n: _node_label(d, n, width) for n, d in undirected.nodes(data=True)},
        )
    kinds = sorted({str(d.get("kind")) for _, d in undirected.nodes(data=True)} & set(KIND_COLOURS))
    handles: list[Any] = [Patch(color=KIND_COLOURS[k], label=k) for k in kinds]
    handles += [
        Line2D([0], [0], color="#555555", linestyle="-", label="stated"),
        Line2D([0], [0], color="#555555", linestyle="--", label="curated"),
    ]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    axes.set_title(title)
    axes.set_axis_off()
    return figure
