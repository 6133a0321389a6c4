"""A national-scale Province 4.0 graph generated for benchmarks: every one of the 77 provinces gets a
plan with N projects, each with curated links to dimensions, success factors, master plans and the
strategies those master plans serve (the same shape as data/programme/plans + data/curation).

Deterministic for a given seed. Titles are synthetic and say so; nothing here is loaded by
``make run``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from province40 import namespaces as ns

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode(RDF + "type")
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

DIMENSIONS = ("open-connected", "citizen-centric", "smart-high-performance")
FACTORS = ("participation", "innovation", "digital-technology")
# master plan → strategies, as curated in data/curation/master-plan-strategies.ttl
MASTER_PLANS = {
    1: (1,),
    2: (1,),
    3: (2,),
    4: (2,),
    5: (2,),
    6: (2, 5),
    7: (2,),
    8: (2,),
    9: (2,),
    10: (3,),
    11: (3,),
    12: (3,),
    13: (3,),
    14: (3,),
    15: (4,),
    16: (4,),
    17: (4,),
    18: (5,),
    19: (5,),
    20: (6,),
    21: (6,),
    22: (6,),
    23: (2, 3),
}


def p40(local: str) -> ox.NamedNode:
    return ox.NamedNode(ns.P40_NS + local)


def iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(ns.ID_BASE + path)


def province_codes(reference: Path) -> list[str]:
    """The 77 ISO codes, read from the project's reference data."""
    codes = []
    for quad in ox.parse(path=str(reference), format=ox.RdfFormat.TURTLE):
        if quad.predicate == p40("iso3166Code"):
            codes.append(quad.object.value)
    return sorted(codes)


def generate(codes: list[str], projects_per_province: int, *, seed: int = 40) -> Iterator[ox.Quad]:
    """Quads of one plan graph per province plus their curated links (in the curation graph)."""
    rng = random.Random(seed)
    curation = ox.NamedNode(ns.CURATION_GRAPH)
    team = iri("agent/province40-team")
    when = ox.Literal("2026-11-23T00:00:00Z", datatype=ox.NamedNode(XSD + "dateTime"))
    for code in codes:
        graph = ox.NamedNode(ns.plan_graph(code) + "-synthetic")
        province = iri(f"province/{code}")
        plan = iri(f"plan/{code}-synthetic")
        yield ox.Quad(plan, TYPE, p40("ProvincialDevelopmentPlan"), graph)
        yield ox.Quad(plan, p40("planOf"), province, graph)
        yield ox.Quad(plan, p40("versionLabel"), ox.Literal("synthetic benchmark plan"), graph)
        yield ox.Quad(plan, RDFS_LABEL, ox.Literal(f"แผนสังเคราะห์ {code}", language="th"), graph)
        yield ox.Quad(plan, RDFS_LABEL, ox.Literal(f"Synthetic plan {code}", language="en"), graph)
        for number in range(1, projects_per_province + 1):
            project = iri(f"project/{code}-S{number:04d}")
            yield ox.Quad(project, TYPE, p40("Project"), graph)
            yield ox.Quad(plan, p40("hasProject"), project, graph)
            yield ox.Quad(project, p40("inPlan"), plan, graph)
            yield ox.Quad(project, p40("ownerProvince"), province, graph)
            yield ox.Quad(
                project, p40("sequenceNumber"), ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer")), graph
            )
            yield ox.Quad(
                project, RDFS_LABEL, ox.Literal(f"โครงการสังเคราะห์ {code} ลำดับ {number}", language="th"), graph
            )
            yield ox.Quad(
                project, RDFS_LABEL, ox.Literal(f"Synthetic project {code} no. {number}", language="en"), graph
            )
            master_plans = rng.sample(sorted(MASTER_PLANS), rng.randint(1, 2))
            strategies = sorted({s for mp in master_plans for s in MASTER_PLANS[mp]})
            links = [("servesDimension", iri(f"dimension/{d}")) for d in rng.sample(DIMENSIONS, rng.randint(0, 2))]
            links += [
                ("appliesSuccessFactor", iri(f"success-factor/{f}")) for f in rng.sample(FACTORS, rng.randint(0, 2))
            ]
            links += [("contributesToMasterPlan", iri(f"master-plan/{mp}")) for mp in master_plans]
            links += [("contributesToStrategy", iri(f"strategy/{s}")) for s in strategies]
            for prop, target in links:
                yield ox.Quad(project, p40(prop), target, curation)
                link = iri(f"link/synthetic-{code}-{number}-{prop}-{target.value.rsplit('/', 1)[1]}")
                yield ox.Quad(link, TYPE, p40("CuratedLink"), curation)
                yield ox.Quad(link, ox.NamedNode(RDF + "subject"), project, curation)
                yield ox.Quad(link, ox.NamedNode(RDF + "predicate"), p40(prop), curation)
                yield ox.Quad(link, ox.NamedNode(RDF + "object"), target, curation)
                yield ox.Quad(link, p40("rationale"), ox.Literal("เหตุผลสังเคราะห์", language="th"), curation)
                yield ox.Quad(link, p40("rationale"), ox.Literal("synthetic rationale", language="en"), curation)
                yield ox.Quad(link, ox.NamedNode(PROV + "wasAttributedTo"), team, curation)
                yield ox.Quad(link, ox.NamedNode(PROV + "generatedAtTime"), when, curation)


def write_trig(path: Path, reference: Path, projects_per_province: int, *, seed: int = 40) -> int:
    """Write the synthetic graph as TriG; returns the number of quads."""
    quads = list(generate(province_codes(reference), projects_per_province, seed=seed))
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
    return len(quads)
