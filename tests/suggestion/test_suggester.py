"""The link suggester on the repository's data: abstains on empty, meaningless and tied texts, suggests the
expected master plan for unambiguous titles in Thai and English, reaches strategies through master plans,
and suggests dimensions and success factors only on the rubric's evidence words."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.suggestion import Confidence, Kind, Suggester, SuggestionReference, suggester_for
from province40.validation.dataset import AssetSource


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return suggester_for(AssetSource().export([ns.REFERENCE_GRAPH, ns.CURATION_GRAPH]))


@pytest.mark.parametrize("title", ["", "   ", "โครงการ", "๑๒๓", "asdf qwer", "abc", "ทดสอบ", "lorem ipsum dolor"])
def test_abstains_on_an_empty_or_meaningless_title(suggester: Suggester, title: str) -> None:
    answer = suggester.suggest(title)
    plans = answer.of(Kind.MASTER_PLAN)
    assert plans.suggestions == ()
    assert plans.abstention is not None and plans.abstention.reason in {"empty", "below-threshold"}
    assert "no clear link: write the link yourself" in plans.abstention.text("en")
    assert "โปรดระบุความเชื่อมโยงเอง" in plans.abstention.text("th")
    assert answer.of(Kind.STRATEGY).abstention is not None


def _twin_reference() -> SuggestionReference:
    """Two master plans described by the same words: no text can tell them apart."""
    g = ox.NamedNode(ns.REFERENCE_GRAPH)
    skos = "http://www.w3.org/2004/02/skos/core#"
    quads = []
    for n in ("98", "99"):
        mp = ox.NamedNode(f"{ns.ID_BASE}master-plan/{n}")
        quads += [
            ox.Quad(mp, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(str(P40.MasterPlan)), g),
            ox.Quad(mp, ox.NamedNode(skos + "notation"), ox.Literal(n), g),
            ox.Quad(mp, ox.NamedNode(skos + "prefLabel"), ox.Literal("การท่องเที่ยว", language="th"), g),
            ox.Quad(mp, ox.NamedNode(skos + "example"), ox.Literal("การท่องเที่ยวชุมชน", language="th"), g),
        ]
    return SuggestionReference.from_quads(quads)


def test_abstains_on_a_near_tie_and_names_the_two() -> None:
    answer = Suggester(_twin_reference()).suggest("โครงการส่งเสริมการท่องเที่ยวชุมชน")
    plans = answer.of(Kind.MASTER_PLAN)
    assert plans.suggestions == ()
    assert plans.abstention is not None and plans.abstention.reason == "near-tie"
    assert {c.target.notation for c in plans.abstention.candidates} == {"98", "99"}
    assert "98" in plans.abstention.text("en") and "99" in plans.abstention.text("en")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม", "5"),
        ("โครงการส่งเสริมเกษตรอินทรีย์", "3"),
        ("โครงการพัฒนาบริการสุขภาพและการป้องกันโรคไม่ติดต่อเรื้อรัง", "13"),
        ("โครงการบริหารจัดการน้ำ แม่น้ำและลำคลอง", "19"),
        ("โครงการศูนย์บริการประชาชนแบบเบ็ดเสร็จ", "20"),
        ("Promoting cultural tourism", "5"),
        ("Organic farming for rice growers", "3"),
        ("Waste management and recycling", "18"),
        ("Health services for patients with chronic diseases", "13"),
    ],
)
def test_suggests_the_expected_master_plan_for_an_unambiguous_title(
    suggester: Suggester, title: str, expected: str
) -> None:
    plans = suggester.suggest(title).of(Kind.MASTER_PLAN)
    assert plans.abstention is None
    best = plans.suggestions[0]
    assert best.target.notation == expected
    assert best.target.iri == f"{ns.ID_BASE}master-plan/{expected}"
    assert best.target.label_th and best.target.label_en
    assert best.confidence in (Confidence.STRONG, Confidence.MODERATE)
    words = [w for e in best.evidence for w in e.words]
    assert words, "a lexical match names the words that matched"
    assert all(e.matched_text for e in best.evidence)


def test_evidence_quotes_the_master_plan_text_it_matched(suggester: Suggester) -> None:
    best = suggester.suggest("การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม").of(Kind.MASTER_PLAN).suggestions[0]
    texts = [e.matched_text for e in best.evidence if e.how == "words"]
    assert any("การท่องเที่ยวเชิงวัฒนธรรม" in t for t in texts)
    assert best.confidence is Confidence.STRONG  # the plan's own name (การท่องเที่ยว) is named


def test_strategies_follow_the_curated_master_plan_mapping(suggester: Suggester) -> None:
    answer = suggester.suggest("การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม")
    strategies = answer.of(Kind.STRATEGY).suggestions
    assert [s.target.notation for s in strategies] == ["2"]
    assert strategies[0].evidence[0].how == "master-plan" and "5" in strategies[0].evidence[0].matched_text


def test_dimensions_and_factors_only_on_the_rubrics_evidence_words(suggester: Suggester) -> None:
    plain = suggester.suggest("การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม")
    assert plain.of(Kind.DIMENSION).abstention is not None and plain.of(Kind.DIMENSION).suggestions == ()
    assert plain.of(Kind.FACTOR).abstention is not None
    smart = suggester.suggest("Smart Tourism Model")  # the rubric: Smart or Model alone is not evidence
    assert smart.of(Kind.DIMENSION).suggestions == () and smart.of(Kind.FACTOR).suggestions == ()
    named = suggester.suggest("ระบบบริการออนไลน์แบบเบ็ดเสร็จด้วยข้อมูลเปิด")
    dims = {s.target.iri.rsplit("/", 1)[1]: s for s in named.of(Kind.DIMENSION).suggestions}
    assert set(dims) == {"citizen-centric", "open-connected"}
    assert "ข้อมูลเปิด" in dims["open-connected"].evidence[0].words
    factors = [s.target.iri.rsplit("/", 1)[1] for s in named.of(Kind.FACTOR).suggestions]
    assert factors == ["digital-technology"]


def test_json_has_every_kind_and_says_suggested_not_stated(suggester: Suggester) -> None:
    body = suggester.suggest("Promoting cultural tourism").to_dict()
    assert body["status"] == "suggested, not stated"
    for kind in ("master-plan", "strategy", "dimension", "success-factor"):
        assert set(body[kind]) == {"suggestions", "abstained"}  # type: ignore[arg-type]
    first = body["master-plan"]["suggestions"][0]  # type: ignore[index]
    assert set(first) == {"iri", "notation", "label_th", "label_en", "score", "confidence", "evidence"}
    assert body["dimension"]["abstained"]["reason"] == "no-evidence"  # type: ignore[index]
