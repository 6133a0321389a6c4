"""A small graph whose every measure is known by hand, for the analysis tests.

Two provinces' plans: TH-01 (projects pa1, pa2) and TH-02 (project pb1, strategic issue ib1);
three dimensions (d3 unlinked; d2 has only an English label), three strategies, two master plans.
Links, stated (no p40:CuratedLink describes them) or curated with a grade:

    pa1 servesDimension d1        stated                 pa1 contributesToStrategy s1   stated
    pa2 servesDimension d1        curated strong         pa2 contributesToStrategy s1   curated strong
    pb1 servesDimension d1        curated weak           pa2 contributesToStrategy s2   curated weak
    pb1 servesDimension d2        curated, no grade      pb1 contributesToStrategy s2   curated moderate
    ib1 servesDimension d2        curated moderate       ib1 contributesToStrategy s3   stated
    pa1 contributesToMasterPlan m1  curated strong       m1 servesStrategy s1 curated strong; m2 → s2 stated
"""

from __future__ import annotations

import pyoxigraph as ox

TTL = """
@prefix p40: <https://w3id.org/province40/ontology#> .
@prefix id: <https://w3id.org/province40/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/province40/id/confidence/strong> a p40:ConfidenceLevel ; skos:notation "strong" ; p40:rank 1 .
<https://w3id.org/province40/id/confidence/moderate> a p40:ConfidenceLevel ; skos:notation "moderate" ; p40:rank 2 .
<https://w3id.org/province40/id/confidence/weak> a p40:ConfidenceLevel ; skos:notation "weak" ; p40:rank 3 .

<https://w3id.org/province40/id/province/TH-01> a p40:Province ; p40:iso3166Code "TH-01" ;
    rdfs:label "จังหวัดเอ"@th , "Province A"@en .
<https://w3id.org/province40/id/province/TH-02> a p40:Province ; p40:iso3166Code "TH-02" ;
    rdfs:label "จังหวัดบี"@th , "Province B"@en .

<https://w3id.org/province40/id/plan/A> a p40:ProvincialDevelopmentPlan ;
    p40:planOf <https://w3id.org/province40/id/province/TH-01> ;
    p40:hasProject <https://w3id.org/province40/id/project/pa1> , <https://w3id.org/province40/id/project/pa2> .
<https://w3id.org/province40/id/plan/B> a p40:ProvincialDevelopmentPlan ;
    p40:planOf <https://w3id.org/province40/id/province/TH-02> ;
    p40:hasProject <https://w3id.org/province40/id/project/pb1> ;
    p40:hasStrategicIssue <https://w3id.org/province40/id/issue/ib1> .

<https://w3id.org/province40/id/project/pa1> a p40:Project ; p40:sequenceNumber 1 ;
    rdfs:label "โครงการเอหนึ่ง"@th , "Project A1"@en .
<https://w3id.org/province40/id/project/pa2> a p40:Project ; p40:sequenceNumber 2 ;
    rdfs:label "โครงการเอสอง"@th , "Project A2"@en .
<https://w3id.org/province40/id/project/pb1> a p40:Project ; rdfs:label "โครงการบีหนึ่ง"@th , "Project B1"@en .
<https://w3id.org/province40/id/issue/ib1> a p40:ProvincialStrategicIssue ; rdfs:label "ประเด็นบี"@th , "Issue B"@en .

<https://w3id.org/province40/id/dimension/d1> a p40:Dimension ; skos:notation "1" ;
    rdfs:label "มิติหนึ่ง"@th , "Dimension one"@en .
<https://w3id.org/province40/id/dimension/d2> a p40:Dimension ; skos:notation "2" ; rdfs:label "Dimension two"@en .
<https://w3id.org/province40/id/dimension/d3> a p40:Dimension ; skos:notation "3" ;
    rdfs:label "มิติสาม"@th , "Dimension three"@en .
<https://w3id.org/province40/id/strategy/1> a p40:Strategy ; skos:notation "1" ; rdfs:label "ยุทธศาสตร์หนึ่ง"@th , "Strategy one"@en .
<https://w3id.org/province40/id/strategy/2> a p40:Strategy ; skos:notation "2" ; rdfs:label "ยุทธศาสตร์สอง"@th , "Strategy two"@en .
<https://w3id.org/province40/id/strategy/3> a p40:Strategy ; skos:notation "3" ; rdfs:label "ยุทธศาสตร์สาม"@th , "Strategy three"@en .
<https://w3id.org/province40/id/master-plan/1> a p40:MasterPlan ; skos:notation "1" ; rdfs:label "แผนแม่บทหนึ่ง"@th , "Master plan one"@en .
<https://w3id.org/province40/id/master-plan/2> a p40:MasterPlan ; skos:notation "2" ; rdfs:label "แผนแม่บทสอง"@th , "Master plan two"@en .

<https://w3id.org/province40/id/project/pa1> p40:servesDimension <https://w3id.org/province40/id/dimension/d1> ;
    p40:contributesToStrategy <https://w3id.org/province40/id/strategy/1> ;
    p40:contributesToMasterPlan <https://w3id.org/province40/id/master-plan/1> .
<https://w3id.org/province40/id/project/pa2> p40:servesDimension <https://w3id.org/province40/id/dimension/d1> ;
    p40:contributesToStrategy <https://w3id.org/province40/id/strategy/1> , <https://w3id.org/province40/id/strategy/2> .
<https://w3id.org/province40/id/project/pb1> p40:servesDimension <https://w3id.org/province40/id/dimension/d1> ,
    <https://w3id.org/province40/id/dimension/d2> ;
    p40:contributesToStrategy <https://w3id.org/province40/id/strategy/2> .
<https://w3id.org/province40/id/issue/ib1> p40:servesDimension <https://w3id.org/province40/id/dimension/d2> ;
    p40:contributesToStrategy <https://w3id.org/province40/id/strategy/3> .
<https://w3id.org/province40/id/master-plan/1> p40:servesStrategy <https://w3id.org/province40/id/strategy/1> .
<https://w3id.org/province40/id/master-plan/2> p40:servesStrategy <https://w3id.org/province40/id/strategy/2> .
"""

ID = "https://w3id.org/province40/id/"
P40 = "https://w3id.org/province40/ontology#"

CURATED = (
    # subject, property, object, grade (None: ungraded)
    ("project/pa2", "servesDimension", "dimension/d1", "strong"),
    ("project/pb1", "servesDimension", "dimension/d1", "weak"),
    ("project/pb1", "servesDimension", "dimension/d2", None),
    ("issue/ib1", "servesDimension", "dimension/d2", "moderate"),
    ("project/pa2", "contributesToStrategy", "strategy/1", "strong"),
    ("project/pa2", "contributesToStrategy", "strategy/2", "weak"),
    ("project/pb1", "contributesToStrategy", "strategy/2", "moderate"),
    ("project/pa1", "contributesToMasterPlan", "master-plan/1", "strong"),
    ("master-plan/1", "servesStrategy", "strategy/1", "strong"),
)


def known_store() -> ox.Store:
    """The known graph in an in-memory pyoxigraph store (one named graph, like the service's data)."""
    graph = ox.NamedNode("https://w3id.org/province40/graph/test")
    store = ox.Store()
    store.load(TTL.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=graph)
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    for number, (subject, prop, target, grade) in enumerate(CURATED):
        link = ox.NamedNode(f"{ID}link/test-{number}")
        quads = [
            (ox.NamedNode(rdf + "type"), ox.NamedNode(P40 + "CuratedLink")),
            (ox.NamedNode(rdf + "subject"), ox.NamedNode(ID + subject)),
            (ox.NamedNode(rdf + "predicate"), ox.NamedNode(P40 + prop)),
            (ox.NamedNode(rdf + "object"), ox.NamedNode(ID + target)),
        ]
        if grade is not None:
            quads.append((ox.NamedNode(P40 + "confidence"), ox.NamedNode(f"{ID}confidence/{grade}")))
        for predicate, value in quads:
            store.add(ox.Quad(link, predicate, value, graph))
    return store
