"""Labels and codes mapped to the graph's concepts; near misses are errors with suggestions."""

from __future__ import annotations

import pytest

from province40 import namespaces as ns
from province40.spreadsheet.concepts import ConceptIndex, Scheme, Unresolved, concept_index
from province40.validation.dataset import AssetSource


@pytest.fixture(scope="module")
def index() -> ConceptIndex:
    return concept_index(AssetSource().export([ns.REFERENCE_GRAPH]))


@pytest.mark.parametrize(
    ("scheme", "written", "local"),
    [
        (Scheme.STRATEGY, "ยุทธศาสตร์ที่ 2 การสร้างความสามารถในการแข่งขัน", "strategy/2"),
        (Scheme.STRATEGY, "๒", "strategy/2"),
        (Scheme.STRATEGY, "National Strategy on Competitiveness Enhancement", "strategy/2"),
        (Scheme.STRATEGY, "Strategy 2", "strategy/2"),
        (Scheme.DIMENSION, "มิติที่ 1", "dimension/open-connected"),
        (Scheme.DIMENSION, "Citizen-Centric", "dimension/citizen-centric"),
        (Scheme.DIMENSION, "3 องค์การที่มีขีดสมรรถนะสูงและทันสมัย", "dimension/smart-high-performance"),
        (Scheme.FACTOR, "การนำนวัตกรรม", "success-factor/innovation"),
        (Scheme.MASTER_PLAN, "แผนแม่บทประเด็นที่ 3 การเกษตร", "master-plan/3"),
        (Scheme.MASTER_PLAN, "Infrastructure, logistics and digital", "master-plan/7"),
        (Scheme.PROVINCE, "จังหวัดสุราษฎร์ธานี", "province/TH-84"),
        (Scheme.PROVINCE, "TH-84 สุราษฎร์ธานี", "province/TH-84"),
    ],
)
def test_written_forms_map_to_one_concept(index: ConceptIndex, scheme: Scheme, written: str, local: str) -> None:
    assert index.resolve(written, scheme).iri == ns.ID_BASE + local


@pytest.mark.parametrize(
    ("scheme", "written", "nearest"),
    [
        (Scheme.STRATEGY, "ยุทธศาสตร์ที่ 2 การสร้างความสามารถในการแข่งขนั", "strategy/2"),
        (Scheme.STRATEGY, "ยุทธศาสตร์ที่ 3 การสร้างความสามารถในการแข่งขัน", "strategy/3"),  # number and label disagree
        (Scheme.PROVINCE, "สุราษฏร์ธานี", "province/TH-84"),
        (Scheme.FACTOR, "นวตกรรม", "success-factor/innovation"),
    ],
)
def test_near_misses_are_errors_naming_the_nearest(
    index: ConceptIndex, scheme: Scheme, written: str, nearest: str
) -> None:
    with pytest.raises(Unresolved) as caught:
        index.resolve(written, scheme)
    assert ns.ID_BASE + nearest in [c.iri for c in caught.value.suggestions]


def test_every_concept_of_the_template_lists_maps_back(index: ConceptIndex) -> None:
    for scheme in Scheme:
        for concept in index.concepts(scheme):
            for lang in ("th", "en"):
                assert index.resolve(concept.display(lang), scheme) == concept
