"""The measures the notebooks use, on the graph views of :mod:`province40.analysis.views`.

* :func:`served_by`: how many items (projects, strategic issues) reach each target, and the same
  weighted by the links' confidence: which strategies and master plans many or few projects serve;
* :func:`centrality`: degree centrality (share of the items that reach a target), weighted degree
  and betweenness of the targets of a view;
* :func:`coverage_matrix`: provinces × targets (item counts or weights), from any item view or the
  province–strategy view;
* :func:`similarity`: province × province similarity over a coverage matrix (Jaccard over which
  targets are reached, or cosine over the weights);
* :func:`communities`: Louvain communities (networkx's own algorithm, seeded: the same every run);
* :func:`link_summary`: the links of a view by basis (stated / curated) and confidence.

Every function returns a DataFrame labelled in the view's language (``graph.graph["lang"]``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

import networkx as nx
import pandas as pd

ITEM_KINDS = frozenset({"project", "strategic-issue"})
"""Node kinds that are items of a plan."""


def _targets(graph: nx.Graph, kinds: Iterable[str] | None) -> list[str]:
    wanted = None if kinds is None else set(kinds)
    nodes = [
        n for n, d in graph.nodes(data=True)
        if d.get("kind") not in ITEM_KINDS | {"province"} and (wanted is None or d.get("kind") in wanted)
    ]
    return sorted(nodes, key=lambda n: _order(graph, n))


def _order(graph: nx.Graph, node: str) -> tuple[str, int, str, str]:
    data = graph.nodes[node]
    notation = str(data.get("notation", ""))
    return (str(data.get("kind", "")), int(notation) if notation.isdigit() else 10**6, notation, node)


def _item_edges(graph: nx.Graph, target: str) -> list[tuple[str, dict[str, object]]]:
    edges = graph.in_edges(target, data=True) if graph.is_directed() else graph.edges(target, data=True)
    found = []
    for u, v, data in edges:
        other = u if v == target else v
        if graph.nodes[other].get("kind") in ITEM_KINDS:
            found.append((other, data))
    return found


def served_by(graph: nx.Graph, *, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Per target: items that reach it, their weight (confidence), and how many links are stated / curated.

    Sorted from the most to the least served; targets no item reaches are kept (0).
    """
    records = []
    for target in _targets(graph, kinds):
        edges = _item_edges(graph, target)
        data = graph.nodes[target]
        records.append(
            {
                "target": target,
                "label": data.get("label", target),
                "kind": data.get("kind", ""),
                "notation": data.get("notation", ""),
                "items": len({item for item, _ in edges}),
                "weighted": sum(float(str(e.get("weight", 1.0))) for _, e in edges),
                "stated": sum(1 for _, e in edges if e.get("basis") == "stated"),
                "curated": sum(1 for _, e in edges if e.get("basis") == "curated"),
            }
        )
    frame = pd.DataFrame.from_records(
        records, columns=["target", "label", "kind", "notation", "items", "weighted", "stated", "curated"]
    )
    frame = frame.astype({"items": "Int64", "weighted": "Float64", "stated": "Int64", "curated": "Int64"})
    return frame.sort_values(["items", "weighted"], ascending=False, kind="stable").reset_index(drop=True)


def centrality(graph: nx.Graph, *, kinds: Iterable[str] | None = None) -> pd.DataFrame:
    """Per target of a view: ``degree`` (share of the view's items that reach it), ``weighted_degree``
    (the sum of their links' weights) and ``betweenness`` (networkx, normalised, on the undirected view)."""
    undirected = graph.to_undirected(as_view=True)
    items = [n for n, d in graph.nodes(data=True) if d.get("kind") in ITEM_KINDS]
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    records = []
    for target in _targets(graph, kinds):
        edges = _item_edges(graph, target)
        records.append(
            {
                "target": target,
                "label": graph.nodes[target].get("label", target),
                "kind": graph.nodes[target].get("kind", ""),
                "degree": len({item for item, _ in edges}) / len(items) if items else math.nan,
                "weighted_degree": sum(float(str(e.get("weight", 1.0))) for _, e in edges),
                "betweenness": betweenness[target],
            }
        )
    frame = pd.DataFrame.from_records(
        records, columns=["target", "label", "kind", "degree", "weighted_degree", "betweenness"]
    )
    return frame.astype({"degree": "Float64", "weighted_degree": "Float64", "betweenness": "Float64"})


def coverage_matrix(
    graph: nx.Graph, *, value: Literal["items", "weight"] = "items", labels: bool = True
) -> pd.DataFrame:
    """Provinces × targets of a view: how many items of each province's plans reach each target
    (``value="items"``) or the sum of their weights (``"weight"``). Every target is a column, so a
    column of zeros is a target no plan reaches.

    Rows and columns carry labels (``labels=True``) or ISO codes and IRIs.
    """
    targets = _targets(graph, None)
    provinces = {d["province"]: n for n, d in graph.nodes(data=True) if d.get("kind") == "province"}
    cells: dict[tuple[str, str], float] = {}
    codes: set[str] = set(provinces)
    for target in targets:
        if provinces:  # the province–strategy view: its edges are the cells
            for u, v, data in graph.edges(target, data=True):
                other = u if v == target else v
                code = graph.nodes[other].get("province")
                if code is not None:
                    cells[(code, target)] = float(str(data.get(value if value == "weight" else "items", 0)))
            continue
        for item, data in _item_edges(graph, target):
            code = str(graph.nodes[item].get("province", ""))
            codes.add(code)
            cells[(code, target)] = cells.get((code, target), 0.0) + (
                float(str(data.get("weight", 1.0))) if value == "weight" else 1.0
            )
    for _node, data in graph.nodes(data=True):
        if data.get("kind") in ITEM_KINDS:
            codes.add(str(data.get("province", "")))
    rows = sorted(codes)
    frame = pd.DataFrame(
        [[cells.get((code, t), 0.0) for t in targets] for code in rows], index=rows, columns=targets, dtype="float64"
    )
    if value == "items":
        frame = frame.astype("int64")
    if labels:
        province_labels = {
            str(d["province"]): str(d["label"] if d.get("kind") == "province" else d.get("province_label", ""))
            for _, d in graph.nodes(data=True)
            if d.get("kind") in ITEM_KINDS | {"province"}
        }
        frame.index = [province_labels.get(code, code) for code in rows]
        frame.columns = [graph.nodes[t].get("label", t) for t in targets]
    frame.index.name = "province"
    return frame


def similarity(matrix: pd.DataFrame, *, metric: Literal["jaccard", "cosine"] = "jaccard") -> pd.DataFrame:
    """Row × row similarity of a coverage matrix.

    ``jaccard``: shared targets over targets either reaches (a cell > 0 counts as reached);
    ``cosine``: the cosine of the rows' vectors. Undefined (NaN) where there is nothing to compare: two
    rows that reach nothing (Jaccard), a row that reaches nothing (cosine).
    """
    if metric not in ("jaccard", "cosine"):
        raise ValueError(f"metric must be 'jaccard' or 'cosine', not {metric!r}")
    values = matrix.to_numpy(dtype="float64")
    names = list(matrix.index)
    result = pd.DataFrame(math.nan, index=names, columns=names, dtype="float64")
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if metric == "jaccard":
                union = int(((a > 0) | (b > 0)).sum())
                score = int(((a > 0) & (b > 0)).sum()) / union if union else math.nan
            else:
                norm = math.sqrt(float((a * a).sum()) * float((b * b).sum()))
                score = float((a * b).sum()) / norm if norm else math.nan
            result.iat[i, j] = score
    return result


def communities(graph: nx.Graph, *, weight: str | None = "weight", seed: int = 40) -> pd.DataFrame:
    """Louvain communities of the undirected view: ``node label kind community`` (0 = the largest).

    Seeded, so the same view gives the same communities; isolated nodes are communities of their own.
    """
    undirected = nx.Graph(graph.to_undirected(as_view=True)) if graph.is_multigraph() else graph.to_undirected()
    found = nx.community.louvain_communities(undirected, weight=weight, seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    records = [
        {"node": n, "label": graph.nodes[n].get("label", n), "kind": graph.nodes[n].get("kind", ""), "community": i}
        for i, members in enumerate(ordered)
        for n in members
    ]
    frame = pd.DataFrame.from_records(records, columns=["node", "label", "kind", "community"])
    return frame.astype({"community": "Int64"})


def link_summary(graph: nx.Graph) -> pd.DataFrame:
    """The view's edges counted by ``relation``, ``basis`` and ``confidence``."""
    records = [
        {"relation": d.get("relation", ""), "basis": d.get("basis", ""), "confidence": d.get("confidence", "")}
        for _, _, d in graph.edges(data=True)
    ]
    frame = pd.DataFrame.from_records(records, columns=["relation", "basis", "confidence"])
    return frame.value_counts().rename("links").reset_index().sort_values(["relation", "basis", "confidence"],
                                                                         ignore_index=True)
