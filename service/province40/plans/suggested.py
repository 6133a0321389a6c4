"""Suggested links for the rows of an imported plan that state none of a kind, and accepting them.

A row (project or development line) that states no master plan and no strategy gets master-plan and
strategy suggestions; one that states no dimension gets dimension suggestions; no success factor,
success-factor suggestions. They appear in the import summary marked *suggested, not stated* and are
never written, unless the person importing accepts them (``--accept-suggestions``): then each becomes
a curated link in ``.../graph/curation`` attributed to the suggester (``agent:province40-suggester``,
a software agent acting for the team), with the suggester's evidence as its rationale, the rubric
criterion it answers and confidence **weak at most** (a person should confirm it), written in the
same transaction as the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.plans.graph import item_iri
from province40.plans.model import Location, PlanDraft
from province40.suggestion.reference import Kind
from province40.suggestion.result import Confidence, KindSuggestions, Suggestion
from province40.suggestion.suggester import Suggester

SUGGESTER_AGENT = ns.ID_BASE + "agent/province40-suggester"
STATUS_TH = "ข้อเสนอแนะ ไม่ใช่ความเชื่อมโยงที่แผนระบุ"
STATUS_EN = "suggested, not stated"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"
_XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
_CRITERION = ns.ID_BASE + "criterion/"
_STATED_KINDS = {
    Kind.MASTER_PLAN: (str(P40.contributesToMasterPlan), str(P40.contributesToStrategy)),
    Kind.STRATEGY: (str(P40.contributesToMasterPlan), str(P40.contributesToStrategy)),
    Kind.DIMENSION: (str(P40.servesDimension),),
    Kind.FACTOR: (str(P40.appliesSuccessFactor),),
}
"""A row stating any of these properties gets no suggestion of the kind."""


@dataclass(frozen=True, kw_only=True)
class RowSuggestions:
    """The suggestions for one row of the file, per kind it states nothing of."""

    item: str
    code: str | None
    title: str
    location: Location | None
    kinds: tuple[KindSuggestions, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form (each suggestion marked suggested, not stated)."""
        return {
            "item": self.item,
            "code": self.code,
            "title": self.title,
            "sheet": self.location.sheet if self.location else None,
            "row": self.location.row if self.location else None,
            "status": STATUS_EN,
            "status_th": STATUS_TH,
            **{k.kind.value: k.to_dict() for k in self.kinds},
        }

    def lines(self) -> list[str]:
        """Lines for the import summary (Thai and English)."""
        where = f"{self.location.sheet} row {self.location.row}: " if self.location else ""
        out = [f"    {where}{self.code or ''} {self.title}"]
        for k in self.kinds:
            if k.abstention is not None:
                out.append(f"      {k.kind.label('th')} / {k.kind.label('en')}: {k.abstention.text('en')}")
            kind = f"{k.kind.label('th')} / {k.kind.label('en')}"
            for s in k.suggestions:
                evidence = "; ".join(e.text("en") for e in s.evidence[:2])
                out.append(f"      {kind}: {s.target.notation} {s.target.label_th} / {s.target.label_en} "
                           f"[{s.confidence.value}, {s.score:.3f}] — {evidence}")
        return out


def suggest_rows(draft: PlanDraft, suggester: Callable[[], Suggester]) -> tuple[RowSuggestions, ...]:
    """Suggestions for every row that states nothing of some kind (``suggester`` is called, and the model
    loaded, only when there is such a row)."""
    out = []
    for item in draft.items:
        stated = {link.predicate for link in item.links}
        missing = [kind for kind in Kind if not stated & set(_STATED_KINDS[kind])]
        if not missing:
            continue
        title = item.title_th or item.title_en or ""
        description = item.title_en if item.title_th and item.title_en else ""
        answer = suggester().suggest(title, description or "")
        out.append(RowSuggestions(item=item_iri(item), code=item.code, title=title, location=item.location,
                                  kinds=tuple(answer.of(kind) for kind in missing)))
    return tuple(out)


def _criterion(kind: Kind, suggestion: Suggestion) -> str:
    if kind is Kind.MASTER_PLAN:
        return _CRITERION + "master-plan-subject"
    if kind is Kind.STRATEGY:
        return _CRITERION + "strategy-through-master-plan"
    rubric = next((e for e in suggestion.evidence if e.how == "rubric"), None)
    notation = rubric.matched_text if rubric else ""
    return _CRITERION + {"D1": "open-connected", "D2": "citizen-centric", "D3": "smart-high-performance",
                         "F1": "participation", "F2": "innovation", "F3": "digital-technology"}.get(notation, "")


def accepted_quads(rows: tuple[RowSuggestions, ...], *, now: datetime) -> tuple[ox.Quad, ...]:
    """The accepted suggestions as curated links in the curation graph (confidence weak at most)."""
    graph = ox.NamedNode(ns.CURATION_GRAPH)
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    for row in rows:
        item = ox.NamedNode(row.item)
        for k in row.kinds:
            for suggestion in k.suggestions:
                target = ox.NamedNode(suggestion.target.iri)
                link = ox.NamedNode(ns.ID_BASE + "link/suggested-" + quote(row.item.rsplit("/", 1)[-1], safe="-._~")
                                    + f"-{k.kind.value}-{quote(suggestion.target.iri.rsplit('/', 1)[-1], safe='-._~')}")
                confidence = suggestion.confidence.at_most(Confidence.WEAK)
                evidence_th = "; ".join(e.text("th") for e in suggestion.evidence[:2])
                evidence_en = "; ".join(e.text("en") for e in suggestion.evidence[:2])
                add(item, k.kind.link_property, target)
                add(link, _RDF + "type", ox.NamedNode(str(P40.CuratedLink)))
                add(link, _RDF + "subject", item)
                add(link, _RDF + "predicate", ox.NamedNode(k.kind.link_property))
                add(link, _RDF + "object", target)
                add(link, str(P40.meetsCriterion), ox.NamedNode(_criterion(k.kind, suggestion)))
                add(link, str(P40.confidence), ox.NamedNode(confidence.iri))
                add(link, str(P40.rationale), ox.Literal(
                    f"ข้อเสนอแนะของตัวเสนอแนะความเชื่อมโยงที่ผู้นำเข้ายอมรับ (คะแนน {suggestion.score:.3f}): {evidence_th}",
                    language="th"))
                add(link, str(P40.rationale), ox.Literal(
                    f"Suggested by the link suggester and accepted by the person importing (score "
                    f"{suggestion.score:.3f}): {evidence_en}", language="en"))
                add(link, _PROV + "wasAttributedTo", ox.NamedNode(SUGGESTER_AGENT))
                add(link, _PROV + "generatedAtTime", ox.Literal(now.isoformat().replace("+00:00", "Z"),
                                                                datatype=_XSD_DATETIME))
    return tuple(quads)


def accept_update(quads: tuple[ox.Quad, ...]) -> str:
    """SPARQL update operations that replace earlier descriptions of the same suggested links, then insert
    them (to run in the import's transaction). Terms are written by pyoxigraph, never pasted from user text."""
    if not quads:
        return ""
    graph = ox.NamedNode(ns.CURATION_GRAPH)
    links = sorted({str(q.subject) for q in quads
                    if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ns.ID_BASE + "link/")})
    operations = [f"DELETE WHERE {{ GRAPH {graph} {{ {link} ?p ?o }} }}" for link in links]
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    operations.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body} .\n}} }}")
    return " ;\n".join(operations)
