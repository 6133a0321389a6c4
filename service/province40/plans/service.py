"""Plans of one store: import, versions, one version's gap report, diff, export (used by the CLI and
the HTTP routes alike; blocking: call it from a thread in async code)."""

from __future__ import annotations

from province40 import namespaces as ns
from province40.errors import ParameterError
from province40.plans.diff import PlanDiff, diff_drafts, with_gaps
from province40.plans.export import ExportedFile, ExportFormat, export_plan
from province40.plans.importer import ImportOutcome, ImportRequest, PlanImporter
from province40.plans.versions import Version, check_code, find_version, list_versions, version_headers
from province40.settings import Settings
from province40.spreadsheet.concepts import concept_index
from province40.store.base import Store
from province40.suggestion.service import SuggestionService
from province40.validation.plan_reader import from_plan_quads
from province40.validation.report import Report
from province40.validation.validator import Validator


class PlanService:
    """Everything about provinces' plan versions, on one store."""

    def __init__(
        self, store: Store, settings: Settings, *, validator: Validator | None = None,
        suggestions: SuggestionService | None = None,
    ) -> None:
        self.store = store
        self.importer = PlanImporter(store, settings, validator=validator, suggestions=suggestions)

    def import_file(self, request: ImportRequest) -> ImportOutcome:
        """Import a spreadsheet as the next version (see :class:`PlanImporter`)."""
        return self.importer.run(request)

    def versions(self, code: str) -> tuple[Version, ...]:
        """The versions of a province's plan, oldest first."""
        return list_versions(self.store, check_code(code))

    def version_headers(self, code: str) -> tuple[dict[str, object], ...]:
        """What a page shows of each version (number, label, date, who, file), oldest first, without
        reading the versions' content (:func:`~province40.plans.versions.version_headers`)."""
        return version_headers(self.store, code)

    def version(self, code: str, number: int | None) -> Version:
        """One version (None: the current one)."""
        code = check_code(code)
        return find_version(list_versions(self.store, code), code, number)

    def report(self, code: str, version: Version) -> Report:
        """The gap report of one version (as :func:`~province40.validation.validate_province` for the current one)."""
        quads = self.store.export([version.graph])
        return self.importer.validator().validate(from_plan_quads(self.store, check_code(code), quads))

    def diff(self, code: str, from_number: int | None = None, to_number: int | None = None) -> PlanDiff:
        """What changed from one version to another (default: the previous one → the current one)."""
        code = check_code(code)
        versions = list_versions(self.store, code)
        after = find_version(versions, code, to_number)
        if from_number is None:
            earlier = [v for v in versions if v.number < after.number]
            if not earlier:
                raise ParameterError(
                    f"{code} version {after.number} has no earlier version to compare with", parameter="from"
                )
            before = earlier[-1]
        else:
            before = find_version(versions, code, from_number)
        diff = diff_drafts(before.stored.draft, after.stored.draft, from_version=before.number, to_version=after.number)
        return with_gaps(diff, self.report(code, before), self.report(code, after), plans={before.plan, after.plan})

    def export(self, code: str, number: int | None, *, fmt: ExportFormat, lang: str) -> ExportedFile:
        """A version in the template's layout."""
        version = self.version(code, number)
        concepts = concept_index(self.store.export([ns.REFERENCE_GRAPH]))
        return export_plan(version.stored.draft, concepts, fmt=fmt, lang=lang, version=version.number)
