"""Import a plan spreadsheet as a new version of a province's plan: check, read, validate, write once.

The steps, each able to refuse the file before the next one starts:

1. :mod:`~province40.spreadsheet.limits`: size, what the bytes are, zip bomb, macros, external links;
2. :mod:`~province40.spreadsheet.reading` and :mod:`~province40.plans.parse`: every problem of the
   file, reported together (:class:`~province40.errors.SpreadsheetRejected`);
3. the new version's quads (:mod:`~province40.plans.graph`), validated with the shapes against the
   store's ontology, reference data and curated links; alignment gaps do not block an import (they
   are what the report shows), malformed input does, and it never gets this far;
4. one SPARQL update, one transaction: the current version moves to
   ``.../graph/plan-version/TH-NN/K`` and the new one goes into ``.../graph/plan/TH-NN``. If it fails,
   nothing changed. ``dry_run`` stops before this step.

Every import is a new version, even when its content equals the previous one (``p40:sameContentAs``
says so). Imports into one store are serialised by the importer's lock, so two imports of the same
province cannot take the same version number.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import InputError
from province40.plans.graph import VersionInfo, build_version, default_titles, plan_iri
from province40.plans.parse import ParsedPlan, parse_plan
from province40.plans.suggested import (
    STATUS_EN,
    STATUS_TH,
    RowSuggestions,
    accept_update,
    accepted_quads,
    suggest_rows,
)
from province40.plans.versions import Version, check_code, list_versions
from province40.settings import Settings
from province40.spreadsheet.concepts import ConceptIndex, Scheme, concept_index
from province40.spreadsheet.limits import FileKind, check_upload
from province40.spreadsheet.reading import read_workbook
from province40.store.base import Store
from province40.suggestion.service import SuggestionService, vector_cache_dir
from province40.validation.plan_reader import from_plan_quads
from province40.validation.render.json import report_to_dict
from province40.validation.report import Report
from province40.validation.validator import Validator

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

MEDIA_TYPES = {
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.CSV: "text/csv",
}


@dataclass(frozen=True, kw_only=True)
class ImportRequest:
    """One file to import as the next version of ``province``'s plan."""

    data: bytes
    file_name: str
    province: str
    imported_by: str
    version_label: str | None = None
    dry_run: bool = False
    accept_suggestions: bool = False
    """Write the suggested links of rows that state none as curated links (weak, by the suggester)."""


@dataclass(frozen=True, kw_only=True)
class ImportOutcome:
    """What an import did (or, for a dry run, would do), with the new version's validation report."""

    province: str
    number: int
    plan: str
    graph: str
    previous: Version | None
    archived_to: str | None
    same_content_as: str | None
    dry_run: bool
    written: bool
    file_name: str
    digest: str
    file_kind: str
    encoding: str | None
    sheet: str
    notices: tuple[str, ...]
    counts: dict[str, int]
    imported_by: str
    report: Report
    suggestions: tuple[RowSuggestions, ...] = ()
    """Rows that state no link of some kind, with the links suggested for them (suggested, not stated)."""
    accepted: int = 0
    """Suggested links written as curated links (``accept_suggestions``; 0 on a dry run)."""

    @property
    def validated_graphs_changed(self) -> tuple[str, ...]:
        """The graphs this import changed that validation reads: the plan graph, and the curation graph
        when suggestions were accepted (the version moved away is not validated); none for a dry run."""
        if not self.written:
            return ()
        return (self.graph, ns.CURATION_GRAPH) if self.accepted else (self.graph,)

    @property
    def exit_code(self) -> int:
        """0 imported (or importable) and conforming, 1 with gaps (as ``province40 validate``)."""
        return 0 if self.report.passes() else 1

    def to_dict(self, *, with_report: bool = True) -> dict[str, Any]:
        """The import summary for JSON (the HTTP answer), with the validation report."""
        counts = self.report.counts()
        body: dict[str, Any] = {
            "province": self.province,
            "version": self.number,
            "plan": self.plan,
            "graph": self.graph,
            "dry_run": self.dry_run,
            "written": self.written,
            "previous_version": self.previous.number if self.previous else None,
            "previous_moved_to": self.archived_to,
            "same_content_as_previous": self.same_content_as is not None,
            "file": {
                "name": self.file_name,
                "sha256": self.digest,
                "kind": self.file_kind,
                "encoding": self.encoding,
                "sheet": self.sheet,
            },
            "imported_by": self.imported_by,
            "counts": self.counts,
            "notices": list(self.notices),
            "validation": {
                "passes": self.report.passes(),
                "conforms": self.report.conforms,
                "open": counts["open"],
                "closed_by_curation": counts["closed_by_curation"],
            },
        }
        body["suggestions"] = [row.to_dict() for row in self.suggestions]
        body["suggestions_accepted"] = self.accepted
        if with_report:
            body["report"] = report_to_dict(self.report)
        return body

    def summary(self) -> list[str]:
        """Lines for the command line, Thai then English."""
        counts = self.report.counts()["open"]
        verb_th, verb_en = (
            ("จะนำเข้า (ทดลอง ไม่มีการเขียน)", "would import (dry run, nothing written)")
            if self.dry_run
            else ("นำเข้าแล้ว", "imported")
        )
        lines = [
            f"{self.file_name}: {verb_th} เป็นฉบับที่ {self.number} ของแผน {self.province} / {verb_en} as version "
            f"{self.number} of {self.province}'s plan <{self.plan}>",
            f"  {self.counts['projects']} projects, {self.counts['development_lines']} development lines, "
            f"{self.counts['links']} stated links, {self.counts['indicators']} indicators, "
            f"{self.counts['data_sources']} data sources ({self.counts['quads']} triples); sheet '{self.sheet}'"
            + (f", {self.encoding}" if self.encoding else ""),
        ]
        if self.previous is not None:
            moved = (
                f"; version {self.previous.number} {'would move' if self.dry_run else 'moved'} to <{self.archived_to}>"
            )
            lines.append(f"  revises version {self.previous.number}{moved}")
        if self.same_content_as:
            lines.append(
                f"  เนื้อหาเหมือนฉบับที่ {self.previous.number if self.previous else '?'} / same content as "
                f"version {self.previous.number if self.previous else '?'} (a new version all the same)"
            )
        lines += [f"  note: {n}" for n in self.notices]
        lines.append(
            f"  validation: {counts['Violation']} violations, {counts['Warning']} warnings, {counts['Info']} infos"
            + (" — conforms" if self.report.conforms else " (gaps do not block an import: see the report)")
        )
        if self.suggestions:
            if self.accepted:
                said = (f"{self.accepted} ข้อเสนอแนะถูกบันทึกเป็นความเชื่อมโยงที่คัดสรร (ความเชื่อมั่นอ่อน) / {self.accepted} "
                        "suggestions written as curated links (weak, by the suggester)")
            elif self.dry_run:
                said = "ไม่มีการเขียน / nothing written"
            else:
                said = "ไม่ได้บันทึก (--accept-suggestions เพื่อบันทึก) / not written (--accept-suggestions writes them)"
            rows = len(self.suggestions)
            lines.append(f"  {STATUS_TH} / {STATUS_EN}: {rows} rows state no link of some kind; {said}")
            for row in self.suggestions:
                lines.extend(row.lines())
        return lines


class PlanImporter:
    """Imports spreadsheets into one store (one lock per importer: keep one per store)."""

    def __init__(
        self, store: Store, settings: Settings, *, validator: Validator | None = None,
        suggestions: SuggestionService | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self._validator = validator
        self.suggestions = suggestions or SuggestionService(store, cache_dir=vector_cache_dir(settings))
        self._lock = threading.Lock()

    def validator(self) -> Validator:
        """The shapes of the store, read once."""
        if self._validator is None:
            self._validator = Validator.from_source(self.store)
        return self._validator

    def concepts(self) -> ConceptIndex:
        """The reference data's concepts."""
        return concept_index(self.store.export([ns.REFERENCE_GRAPH]))

    def read(self, request: ImportRequest, concepts: ConceptIndex) -> tuple[ParsedPlan, FileKind, str | None]:
        """Steps 1–2: the checked, parsed plan (raises FileRefused or SpreadsheetRejected)."""
        kind = check_upload(
            request.data,
            name=request.file_name,
            max_bytes=self.settings.max_import_bytes,
            max_unpacked=self.settings.max_import_unpacked_bytes,
        )
        workbook = read_workbook(
            request.data, name=request.file_name, kind=kind, max_rows=self.settings.max_import_rows
        )
        return parse_plan(workbook, province=request.province, concepts=concepts), kind, workbook.encoding

    def run(self, request: ImportRequest) -> ImportOutcome:
        """Import (or with ``dry_run`` only check) one file."""
        code = check_code(request.province)
        request = dataclasses.replace(request, province=code)
        concepts = self.concepts()
        parsed, kind, encoding = self.read(request, concepts)
        province = next((c for c in concepts.concepts(Scheme.PROVINCE) if c.notation == code), None)
        if province is None:
            raise InputError(f"{code} is not a province of the reference data")
        title_th, title_en = default_titles(province.label_th, province.label_en)
        draft = dataclasses.replace(
            parsed.draft, title_th=parsed.draft.title_th or title_th, title_en=parsed.draft.title_en or title_en
        )
        digest = hashlib.sha256(request.data).hexdigest()
        suggested = suggest_rows(draft, self.suggestions.suggester)
        with self._lock:
            versions = list_versions(self.store, code)
            previous = versions[-1] if versions else None
            if previous is None and ns.plan_graph(code) in self.store.named_graphs():
                raise InputError(
                    f"the graph <{ns.plan_graph(code)}> holds no plan of {code}; move or drop its content first"
                )
            number = previous.number + 1 if previous else 1
            now = datetime.now(UTC).replace(microsecond=0)
            same = previous.plan if previous and previous.stored.draft.content() == draft.content() else None
            info = VersionInfo(
                number=number,
                label=request.version_label
                or f"version {number}: {request.file_name}, imported {now.date().isoformat()}",
                imported_at=now,
                imported_by=request.imported_by,
                file_name=request.file_name,
                media_type=MEDIA_TYPES[kind],
                digest=digest,
                revises=previous.plan if previous else None,
                same_content_as=same,
            )
            quads = build_version(draft, info)
            report = self.validator().validate(from_plan_quads(self.store, code, quads))
            archived = ns.plan_version_graph(code, previous.number) if previous else None
            accepted = accepted_quads(suggested, now=now) if request.accept_suggestions else ()
            if not request.dry_run:
                text = update_text(quads, graph=ns.plan_graph(code), archive_to=archived)
                if accepted:  # the same transaction: the plan and the accepted links, or neither
                    text += " ;\n" + accept_update(accepted)
                self.store.update(text)
        return ImportOutcome(
            province=code,
            number=number,
            plan=plan_iri(code, number),
            graph=ns.plan_graph(code),
            previous=previous,
            archived_to=archived,
            same_content_as=same,
            dry_run=request.dry_run,
            written=not request.dry_run,
            file_name=request.file_name,
            digest=digest,
            file_kind=kind.value,
            encoding=encoding,
            sheet=parsed.sheet,
            notices=parsed.notices,
            counts=_counts(draft, quads),
            imported_by=request.imported_by,
            report=report,
            suggestions=suggested,
            accepted=0 if request.dry_run else sum(1 for q in accepted if q.predicate.value == _RDF_TYPE),
        )


def _counts(draft: Any, quads: tuple[ox.Quad, ...]) -> dict[str, int]:
    items = draft.items
    return {
        "projects": sum(1 for i in items if i.kind.value == "project"),
        "development_lines": sum(1 for i in items if i.kind.value == "issue"),
        "links": len(draft.links) + sum(len(i.links) for i in items),
        "indicators": sum(len(i.indicators) for i in items),
        "data_sources": len({(s.name_th, s.name_en) for i in items for s in i.sources}),
        "quads": len(quads),
    }


def update_text(quads: tuple[ox.Quad, ...], *, graph: str, archive_to: str | None) -> str:
    """One SPARQL update (one transaction): move the current version away, insert the new one.

    Terms are written by pyoxigraph (N-Triples syntax), never pasted from user text."""
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    target = ox.NamedNode(graph)
    operations = []
    if archive_to is not None:
        operations.append(f"MOVE SILENT GRAPH {target} TO GRAPH {ox.NamedNode(archive_to)}")
    operations.append(f"INSERT DATA {{ GRAPH {target} {{\n{body} .\n}} }}")
    return " ;\n".join(operations)
