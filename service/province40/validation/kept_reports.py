"""The plans' reports kept beside the store (:mod:`~province40.validation.kept_parts`), each read from
its file only when it is needed: after a write, the whole store's JSON document is put together from
the plans' kept lines (:mod:`~province40.validation.document_pieces`) and needs none of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from province40.validation.kept_files import load_object
from province40.validation.report import Report


class KeptReportLost(LookupError):
    """A kept plan report listed in the index could not be read when it was needed."""


class KeptReports(Mapping[str, Report]):
    """The kept reports of the plans, by province code, each read from its file the first time it is
    needed (a run after a write needs a few of them)."""

    def __init__(self, folder: Path, files: Mapping[str, str], rest: Report) -> None:
        self._folder = folder
        self._files = dict(files)
        self._rest = rest
        self._loaded: dict[str, Report] = {}

    def __getitem__(self, plan: str) -> Report:
        found = self._loaded.get(plan)
        if found is None:
            name = self._files[plan]
            report = load_object(self._folder / name)
            if not isinstance(report, Report):
                raise KeptReportLost(f"the kept report {self._folder / name} could not be read")
            found = dataclasses.replace(report, shapes=self._rest.shapes, aspects=self._rest.aspects)
            self._loaded[plan] = found
        return found

    def __contains__(self, plan: object) -> bool:
        return plan in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def loaded(self) -> frozenset[str]:
        """The plans whose report was read so far."""
        return frozenset(self._loaded)


class SomeReports(Mapping[str, Report]):
    """The reports of the plans ``codes``: those of this run (``fresh``), else the kept ones (read when needed)."""

    def __init__(self, kept: Mapping[str, Report], codes: Iterable[str], fresh: Mapping[str, Report]) -> None:
        self._kept = kept
        self._fresh = fresh
        self._codes = [c for c in codes if c in fresh or c in kept]

    def __getitem__(self, plan: str) -> Report:
        if plan in self._fresh:
            return self._fresh[plan]
        if plan not in self._codes:
            raise KeyError(plan)
        return self._kept[plan]

    def __contains__(self, plan: object) -> bool:
        return plan in self._codes

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)
