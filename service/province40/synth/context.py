"""What synthetic plans are built on: the reference data's provinces, master plans and rubric.

Read from the project's own files (``data/reference/``, ``data/curation/master-plan-strategies.ttl``)
so synthetic plans point at the same provinces, dimensions, factors, master plans, strategies,
curation criteria and confidence levels as the real ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pyoxigraph as ox

from province40.assets import AssetDirs, asset_dirs
from province40.errors import ConfigurationError
from province40.namespaces import P40, sparql_prologue
from province40.synth.vocabulary import Phrase

_FILES = (
    "reference/provinces.ttl",
    "reference/government40.ttl",
    "reference/national-strategy.ttl",
    "reference/curation-rubric.ttl",
    "curation/master-plan-strategies.ttl",
)

_PROVINCES = sparql_prologue(("p40", "rdfs")) + """
SELECT ?province ?code ?th ?en WHERE {
    ?province a p40:Province ; p40:iso3166Code ?code ; rdfs:label ?th , ?en .
    FILTER (LANG(?th) = "th" && LANG(?en) = "en")
} ORDER BY ?code"""

_INSTANCES = sparql_prologue(("p40",)) + "SELECT ?node ?class WHERE { ?node a ?class } ORDER BY ?node"

_SERVES = sparql_prologue(("p40",)) + """
SELECT ?mp ?strategy WHERE { ?mp p40:servesStrategy ?strategy } ORDER BY ?mp ?strategy"""


@dataclass(frozen=True, kw_only=True)
class Province:
    """A province of the reference data."""

    code: str
    iri: str
    name: Phrase


@dataclass(frozen=True, kw_only=True)
class SynthContext:
    """The reference facts synthetic plans point at."""

    provinces: tuple[Province, ...]
    dimensions: tuple[str, ...]
    success_factors: tuple[str, ...]
    master_plans: Mapping[int, tuple[str, ...]]
    """Master plan number → IRIs of the strategies it serves (the team's curated mapping)."""
    criteria: tuple[str, ...]
    confidence_levels: tuple[str, ...]

    @classmethod
    def from_assets(cls, dirs: AssetDirs | None = None) -> SynthContext:
        """Read the reference files of a checkout or an installed package."""
        dirs = dirs or asset_dirs()
        store = ox.Store()
        for name in _FILES:
            path = dirs.data / name
            if not path.is_file():
                raise ConfigurationError(f"data/{name} is missing: synthetic plans are built on it")
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        provinces = tuple(
            Province(
                code=row["code"].value,
                iri=row["province"].value,
                name=Phrase(th=row["th"].value, en=row["en"].value),
            )
            for row in store.query(_PROVINCES)  # type: ignore[union-attr]
        )

        def instances(cls_iri: str) -> tuple[str, ...]:
            rows = store.query(_INSTANCES, substitutions={ox.Variable("class"): ox.NamedNode(cls_iri)})
            return tuple(row["node"].value for row in rows)  # type: ignore[union-attr]

        serves: dict[int, list[str]] = {}
        for row in store.query(_SERVES):  # type: ignore[union-attr]
            number = row["mp"].value.rsplit("/", 1)[-1]
            if number.isdigit():
                serves.setdefault(int(number), []).append(row["strategy"].value)
        if not provinces or not serves:
            raise ConfigurationError("the reference data has no provinces or no master plan → strategy mapping")
        return cls(
            provinces=provinces,
            dimensions=instances(P40.Dimension),
            success_factors=instances(P40.SuccessFactor),
            master_plans=MappingProxyType({k: tuple(v) for k, v in sorted(serves.items())}),
            criteria=instances(P40.CurationCriterion),
            confidence_levels=instances(P40.ConfidenceLevel),
        )
