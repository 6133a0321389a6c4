"""The JSON summary of a report, for programs (``--format json``).

The shape of the document (``"format": "province40-validation-report/1"``) is described in
shapes/README.md; ``tests/validation/test_render.py`` checks it. Texts are given in Thai and
English side by side (``{"th": ..., "en": ...}``), IRIs in full, paths as SPARQL property paths
with the prefixes listed under ``"prefixes"``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, BinaryIO, Protocol

import pyoxigraph as ox

from province40 import __version__
from province40.validation.report import Coverage, Finding, LocalizedText, PlanSummary, Report, Scope, passes_counts
from province40.validation.terms import DISPLAY_PREFIXES, Term, node_key

FORMAT = "province40-validation-report/1"


class Writable(Protocol):
    """Where a copy of the document's body goes (a binary file, or anything with its ``write``)."""

    def write(self, chunk: bytes, /) -> object:
        """Take the next bytes."""


def _text(text: LocalizedText | None) -> dict[str, str] | None:
    return None if text is None else {"th": text.th, "en": text.en}


def _kind(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return "iri"
    if isinstance(term, ox.BlankNode):
        return "blank"
    return "literal"


def finding_to_dict(finding: Finding, report: Report) -> dict[str, Any]:
    """One finding as a JSON object."""
    shape = report.shapes.get(finding.shape)
    focus = node_key(finding.focus_node)
    value = None if finding.value is None else node_key(finding.value)
    return {
        "focus_node": focus,
        "focus_label": _text(report.labels.get(focus)),
        "path": finding.path,
        "severity": finding.severity.value,
        "shape": finding.shape,
        "shape_label": _text(shape.label) if shape else None,
        "constraint": finding.constraint,
        "aspect": finding.aspect,
        "message": {"th": finding.message_th, "en": finding.message_en},
        "fix": {"th": finding.fix_th, "en": finding.fix_en},
        "value": value,
        "value_kind": None if finding.value is None else _kind(finding.value),
        "value_label": _text(report.labels.get(value)) if value is not None else None,
        "basis": finding.basis.value,
        "province": finding.province,
        "plan": finding.plan,
        "project": finding.project,
        "curated_confidence": finding.confidence,
        "curated_confidence_label": _text(report.labels.get(finding.confidence)) if finding.confidence else None,
        "claimed_by_source": finding.claimed_by_source,
    }


def plan_to_dict(plan: PlanSummary) -> dict[str, Any]:
    """One plan's summary as a JSON object."""
    return {
        "plan": plan.iri,
        "label": _text(plan.label),
        "province": plan.province,
        "province_label": _text(plan.province_label),
        "presented_on": plan.presented_on.isoformat() if plan.presented_on else None,
        "first_year_be": plan.first_year_be,
        "last_year_be": plan.last_year_be,
        "projects": [{"project": p.iri, "label": _text(p.label), "sequence": p.sequence} for p in plan.projects],
        "strategic_issues": [{"issue": p.iri, "label": _text(p.label), "sequence": p.sequence} for p in plan.issues],
        "only_through_weak_curated_links": plan.only_through_weak,
        "alignment": [
            {
                "shape": t.shape,
                "projects": t.projects,
                "as_presented": t.as_presented,
                "with_curation": t.with_curation,
                "only_through_curation": t.only_through_curation,
                "only_through_weak": t.only_through_weak,
            }
            for t in plan.tallies
        ],
        "curated_links": [
            {
                "subject": c.subject,
                "predicate": c.predicate,
                "object": c.object,
                "rationale": _text(c.rationale),
                "criterion": c.criterion,
                "confidence": c.confidence,
            }
            for c in plan.curated_links
        ],
    }


def coverage_to_dict(coverage: Coverage) -> dict[str, Any]:
    """The coverage matrix as JSON: one object per axis with its columns and rows."""
    return {
        axis.name: {
            "label": _text(axis.label),
            "columns": [{"iri": c.iri, "label": _text(c.label), "notation": c.notation} for c in axis.columns],
            "rows": [
                {
                    "plan": row.plan,
                    "province": row.province,
                    "cells": [
                        {
                            "column": cell.column,
                            "status": cell.status.value,
                            "stated_projects": cell.stated_projects,
                            "curated_projects": cell.curated_projects,
                            "plan_claim": cell.plan_claim,
                        }
                        for cell in row.cells
                    ],
                }
                for row in axis.rows
            ],
        }
        for axis in coverage.axes
    }


HEAD = ("format", "generator", "generated_at", "seconds", "scope", "include_curation", "conforms", "passes", "counts")
"""The keys of the document's head, in order: what it is, when and how it was computed, and its counts.
The rest, its body (plans, findings, coverage ...), follows them."""


def document_head(
    *,
    engine: str,
    fallback_shapes: Sequence[str],
    computation: str | None,
    generated_at: dt.datetime,
    seconds: float,
    scope: Scope,
    include_curation: bool,
    counts: dict[str, dict[str, int]],
) -> dict[str, Any]:
    """The head of a document (:data:`HEAD`) from what it says; ``counts`` as
    :meth:`~province40.validation.report.Report.counts` gives them."""
    return {
        "format": FORMAT,
        "generator": {
            "name": "province40",
            "version": __version__,
            "engine": engine,
            "fallback_shapes": list(fallback_shapes),
            **({"computation": computation} if computation else {}),
        },
        "generated_at": generated_at.isoformat(),
        "seconds": round(seconds, 4),
        "scope": {"kind": scope.kind.value, "province": scope.province, "file": scope.file},
        "include_curation": include_curation,
        "conforms": not any(counts["open"].values()),
        "passes": passes_counts(counts["open"]),
        "counts": counts,
    }


def report_head(report: Report) -> dict[str, Any]:
    """The head of the report's document (:data:`HEAD`) as a JSON-ready dictionary."""
    return document_head(
        engine=report.engine,
        fallback_shapes=report.fallback_shapes,
        computation=report.computation,
        generated_at=report.generated_at,
        seconds=report.seconds,
        scope=report.scope,
        include_curation=report.include_curation,
        counts=report.counts(),
    )


def prefixes() -> dict[str, str]:
    """The document's ``prefixes`` (those its paths use)."""
    return dict(sorted(DISPLAY_PREFIXES.items()))


def report_body(report: Report) -> dict[str, Any]:
    """The body of the document (everything after its head) as a JSON-ready dictionary."""
    return {
        "plans": [plan_to_dict(p) for p in report.plans],
        "findings": [finding_to_dict(f, report) for f in report.findings],
        "closed_by_curation": [finding_to_dict(f, report) for f in report.closed_by_curation],
        "coverage": coverage_to_dict(report.coverage),
        "prefixes": prefixes(),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as a JSON-ready dictionary."""
    return {**report_head(report), **report_body(report)}


def render_json(report: Report) -> bytes:
    """UTF-8 JSON (Thai text unescaped): the report's sections indented, one finding, plan or coverage
    row per line (see :func:`write_json`)."""
    return b"".join(_chunks(report_to_dict(report)))


def write_json(report: Report, stream: BinaryIO, *, body_copy: Writable | None = None) -> None:
    """The same document as :func:`render_json`, written to ``stream`` piece by piece (a national
    report need not be held as one string as well). With ``body_copy``, the bytes of the document's
    body (what follows its head, to the end) are written there too: :func:`write_json_with_body`
    puts them after another head and gives the same document."""
    write_document(report_head(report), report_body(report), stream, body_copy=body_copy)


def write_document(
    head: Mapping[str, Any], body: Mapping[str, Any], stream: BinaryIO, *, body_copy: Writable | None = None
) -> None:
    """The document of ``head`` (the keys of :data:`HEAD`) and ``body`` (the keys that follow; values
    may hold :class:`Encoded` items), as :func:`write_json` writes it."""
    for chunk in _object_start(dict(head)):
        stream.write(chunk)
    for block in _blocks(_object_end(dict(body))):
        stream.write(block)
        if body_copy is not None:
            body_copy.write(block)


_BLOCK = 1 << 20
"""Bytes gathered before a write (a national document has tens of thousands of lines)."""


def _blocks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    gathered: list[bytes] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= _BLOCK:
            yield b"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield b"".join(gathered)


def write_json_with_body(head: Mapping[str, Any], body: bytes, stream: BinaryIO) -> None:
    """The document made of ``head`` (the keys of :data:`HEAD`) and the ``body`` bytes a
    :func:`write_json` copied: byte for byte what it wrote, but for what ``head`` says differently."""
    for chunk in _object_start(dict(head)):
        stream.write(chunk)
    stream.write(body)


class Encoded(bytes):
    """A value already encoded as this module encodes it (one line of a list: a finding, a plan, a
    coverage row): written as it is."""


def encoded(value: object) -> Encoded:
    """``value`` encoded as one line of the document."""
    return Encoded(_compact(value))


_INDENTED_LEVELS = 4
"""Objects this deep are written one key per line; deeper values, and each item of a list, on one
line. Every piece is encoded by the json module's C encoder (an indented document goes through its
pure-Python encoder: most of the time of writing a national report)."""


def _chunks(document: dict[str, Any]) -> Iterator[bytes]:
    yield from _value(document, 0)
    yield b"\n"


def _object_start(head: dict[str, Any]) -> Iterator[bytes]:
    """The top-level object's opening and its first keys (``head``, not empty), as :func:`_chunks`
    writes them."""
    yield b"{"
    yield from _items(head, first=True)


def _object_end(body: dict[str, Any]) -> Iterator[bytes]:
    """The top-level object's last keys (``body``, not empty) and its end, as :func:`_chunks` writes
    them after the keys of :func:`_object_start`."""
    yield from _items(body, first=False)
    yield b"\n}\n"


def _items(mapping: dict[str, Any], *, first: bool) -> Iterator[bytes]:
    inner = b"\n  "
    for position, (key, item) in enumerate(mapping.items()):
        yield (b"," if position or not first else b"") + inner + _compact(key) + b": "
        yield from _value(item, 1)


def _compact(value: object) -> bytes:
    if isinstance(value, Encoded):
        return value
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _value(value: object, depth: int) -> Iterator[bytes]:
    inner = b"\n" + b"  " * (depth + 1)
    if isinstance(value, dict) and value and depth < _INDENTED_LEVELS:
        yield b"{"
        for position, (key, item) in enumerate(value.items()):
            yield (b"," if position else b"") + inner + _compact(key) + b": "
            yield from _value(item, depth + 1)
        yield b"\n" + b"  " * depth + b"}"
    elif isinstance(value, list) and value and depth < _INDENTED_LEVELS:
        yield b"["
        for position, item in enumerate(value):
            yield (b"," if position else b"") + inner + _compact(item)
        yield b"\n" + b"  " * depth + b"]"
    else:
        yield _compact(value)
