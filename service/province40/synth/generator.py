"""Quads of synthetic Province 4.0 plans for any number of provinces, streamed province by province.

Every province gets its current plan (``plan/TH-NN-synthetic``) in its own plan graph
(``.../graph/plan/TH-NN``) with N projects, development lines (strategic issues), indicators with
targets in B.E. fiscal years, data sources, stated links (some described by a ``p40:StatedLink``
citing the generator as source) and curated links (in the curation graph, each described by a
``p40:CuratedLink`` with a Thai and English rationale, the synthetic curator, a time, a rubric
criterion and a confidence). Some provinces also have an earlier version of the plan that the
current one revises (``prov:wasRevisionOf``). Gaps of every kind the shapes find are introduced in a
controlled share (:mod:`province40.synth.gaps`).

Everything is marked synthetic: each label ends in "(สังเคราะห์)" / "(synthetic)", each plan cites
the generator (``dcterms:source``), and curated links are attributed to the synthetic curator.
The same options and seed give the same quads, in the same order; nothing is held in memory beyond
one province.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.synth import gaps
from province40.synth.context import Province, SynthContext
from province40.synth.gaps import GapDraw, GapKind
from province40.synth.vocabulary import ACTIONS, DATA_SOURCES, ISSUES, MEANS, SECTORS, SYNTHETIC, Phrase, synthetic

SYNTHETIC_GRAPH = ns.GRAPH_BASE + "synthetic"
"""Where the generator's own description (source document, curator) goes."""

_ISSUE_MASTER_PLANS = (4, 13, 18, 20)  # one per entry of vocabulary.ISSUES
_CONFIDENCE_WEIGHTS = {"strong": 5, "moderate": 3, "weak": 2}
_CURATED_SHARE = 0.2
_VERSIONED_SHARE = 0.1
_CURATION_TIME = "2026-12-01T00:00:00Z"


@dataclass(frozen=True, kw_only=True)
class SynthOptions:
    """What to generate."""

    provinces: int = 77
    """How many provinces (the first ones by ISO code); at most the reference data's 77."""
    projects_per_province: int = 30
    seed: int = 40
    gap_share: float = 0.02
    """Share of the items each gap kind hits (see :mod:`province40.synth.gaps`)."""

    def __post_init__(self) -> None:
        if self.provinces < 1 or self.projects_per_province < 1:
            raise ValueError("provinces and projects per province must be at least 1")
        if not 0 <= self.gap_share <= 1:
            raise ValueError("the gap share is a fraction between 0 and 1")


def _id(path: str) -> ox.NamedNode:
    return ox.NamedNode(ns.ID_BASE + path)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD.integer))


_TYPE = _n(RDF.type)
_LABEL = _n(RDFS.label)


class _Emitter:
    """Collects one province's quads; ``graph`` is where plain statements go."""

    def __init__(self, graph: str) -> None:
        self.graph = _n(graph)
        self.curation = _n(ns.CURATION_GRAPH)
        self.quads: list[ox.Quad] = []

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal, *, graph: ox.NamedNode | None = None) -> None:
        self.quads.append(ox.Quad(s, _n(p), o, graph or self.graph))

    def labels(self, node: ox.NamedNode, label: Phrase, *, english: bool = True, latin_thai: bool = False) -> None:
        th = label.en if latin_thai else label.th
        self.add(node, RDFS.label, ox.Literal(th, language="th"))
        if english:
            self.add(node, RDFS.label, ox.Literal(label.en, language="en"))


class _Province:
    """Generates the plans of one province."""

    def __init__(
        self,
        context: SynthContext,
        options: SynthOptions,
        province: Province,
        neighbour: Province,
        plan_kinds: frozenset[GapKind],
        rng: random.Random,
    ) -> None:
        self.context = context
        self.options = options
        self.province = province
        self.neighbour = neighbour
        self.plan_kinds = plan_kinds
        self.rng = rng
        self.out = _Emitter(ns.plan_graph(province.code))
        self.source = _id(f"source/synthetic-seed-{options.seed}")
        self.curator = _id("agent/synthetic-curator")
        self.province_node = _n(province.iri)

    # ------------------------------------------------------------ plans

    def generate(self) -> list[ox.Quad]:
        code = self.province.code
        revised: ox.NamedNode | None = None
        if self.rng.random() < _VERSIONED_SHARE or (self.options.provinces == 1):
            revised = _id(f"plan/{code}-synthetic-v1")
            small = max(1, self.options.projects_per_province // 10)
            self._plan(revised, "S1-", small, version=1, kinds=frozenset())
        current = _id(f"plan/{code}-synthetic")
        self._plan(current, "S", self.options.projects_per_province, version=2 if revised else 1,
                   kinds=self.plan_kinds, revises=revised)
        if GapKind.EMPTY_DRAFT in self.plan_kinds:
            draft = _id(f"plan/{code}-synthetic-draft")
            self._plan_header(draft, version=3 if revised else 2, kinds=frozenset(), draft=True)
            self.out.add(draft, PROV.wasRevisionOf, current)
        return self.out.quads

    def _plan_header(self, plan: ox.NamedNode, *, version: int, kinds: frozenset[GapKind], draft: bool = False) -> None:
        out, name = self.out, self.province.name
        first = 2566 + 2 * (version - 1)
        out.add(plan, RDF.type, _n(P40.ProvincialDevelopmentPlan))
        what_th = "ร่าง" if draft else f"ฉบับที่ {version}"
        what_en = "draft" if draft else f"version {version}"
        out.labels(plan, synthetic(f"แผนพัฒนาจังหวัด 4.0 จังหวัด{name.th} ({what_th})",
                                   f"{name.en} Province 4.0 development plan ({what_en})"))
        out.add(plan, P40.versionLabel, ox.Literal(f"synthetic {what_en}"))
        province = _id(f"provinces/{self.province.code}") if GapKind.UNKNOWN_PROVINCE in kinds else self.province_node
        out.add(plan, P40.planOf, province)
        out.add(plan, P40.firstYearBE, _int(first - 543 if GapKind.FIRST_YEAR_CE in kinds else first))
        out.add(plan, P40.lastYearBE, _int(first + 4 - 543 if GapKind.LAST_YEAR_CE in kinds else first + 4))
        out.add(plan, DCTERMS.source, self.source)
        meeting = _id(f"meeting/synthetic-{self.province.code}-{'draft' if draft else f'v{version}'}")
        out.add(plan, P40.presentedAt, meeting)
        out.add(meeting, RDF.type, _n(P40.Meeting))
        out.labels(meeting, synthetic(f"การประชุมคณะกรรมการจังหวัด{name.th}", f"{name.en} provincial committee meeting"))
        month = 1 + (version * 5 + len(self.province.code)) % 12
        if GapKind.MEETING_DATE_AS_TEXT in kinds:
            out.add(meeting, P40.meetingDate, ox.Literal(f"{month} / {first - 1}"))
        else:
            out.add(meeting, P40.meetingDate, ox.Literal(f"{first - 544}-{month:02d}-15", datatype=_n(XSD.date)))

    def _plan(
        self,
        plan: ox.NamedNode,
        key: str,
        count: int,
        *,
        version: int,
        kinds: frozenset[GapKind],
        revises: ox.NamedNode | None = None,
    ) -> None:
        out, rng = self.out, self.rng
        self._plan_header(plan, version=version, kinds=kinds)
        if revises is not None:
            out.add(plan, PROV.wasRevisionOf, revises)
        name = self.province.name
        basis = synthetic(f"การวิเคราะห์จุดแข็งและโอกาสของจังหวัด{name.th}",
                          f"An analysis of {name.en}'s strengths and opportunities")
        out.add(plan, P40.statedBasis, ox.Literal(basis.th, language="th"))
        out.add(plan, P40.statedBasis, ox.Literal(basis.en, language="en"))

        code = self.province.code
        prefix = f"{code}-{key.rstrip('-')}"
        issues = self._issues(plan, prefix, kinds)
        sources = []
        for k, phrase in enumerate(rng.sample(DATA_SOURCES, 2), start=1):
            source = _id(f"data-source/{prefix}-{k}")
            sources.append(source)
            out.add(source, RDF.type, _n(P40.DataSource))
            out.labels(source, synthetic(f"{phrase.th}จังหวัด{name.th}", f"{phrase.en}, {name.en}"))
        excluded_dimension = rng.choice(self.context.dimensions) if GapKind.DIMENSION_NOT_COVERED in kinds else None
        excluded_factor = rng.choice(self.context.success_factors) if GapKind.FACTOR_NOT_COVERED in kinds else None
        dimensions = [d for d in self.context.dimensions if d != excluded_dimension]
        factors = [f for f in self.context.success_factors if f != excluded_factor]
        if rng.random() < 0.5:  # the plan itself claims every dimension and factor, as the real plans do
            for prop, targets in ((P40.servesDimension, dimensions), (P40.appliesSuccessFactor, factors)):
                for target in targets:
                    self._stated_link(plan, prop, _n(target), described=True)
        for number in range(1, count + 1):
            project = _id(f"project/{code}-{key}{number:04d}")
            draw = gaps.draw(rng, gaps.PROJECT, self.options.gap_share)
            self._project(plan, project, number, issues, sources, dimensions, factors, draw)

    def _issues(self, plan: ox.NamedNode, prefix: str, kinds: frozenset[GapKind]) -> list[ox.NamedNode]:
        out, rng = self.out, self.rng
        chosen = sorted(rng.sample(range(len(ISSUES)), rng.randint(2, 3)))
        issues = []
        for k, which in enumerate(chosen, start=1):
            issue = _id(f"issue/{prefix}-{k}")
            issues.append(issue)
            out.add(issue, RDF.type, _n(P40.ProvincialStrategicIssue))
            out.add(plan, P40.hasStrategicIssue, issue)
            out.add(issue, P40.sequenceNumber, _int(k))
            out.labels(issue, synthetic(ISSUES[which].th, ISSUES[which].en))
            mp = _ISSUE_MASTER_PLANS[which]
            if not (k == 1 and GapKind.ISSUE_WITHOUT_MASTER_PLAN in kinds):
                out.add(issue, P40.contributesToMasterPlan, _id(f"master-plan/{mp}"))
            out.add(issue, P40.contributesToStrategy, _n(self.context.master_plans[mp][0]))
        if GapKind.ORPHAN_ISSUE in kinds:
            orphan = _id(f"issue/{prefix}-orphan")
            out.add(orphan, RDF.type, _n(P40.ProvincialStrategicIssue))
            out.labels(orphan, synthetic("ประเด็นที่ไม่มีแผนใดระบุ", "A development line no plan lists"))
            out.add(orphan, P40.contributesToMasterPlan, _id("master-plan/20"))
        return issues

    # ------------------------------------------------------------ projects

    def _project(
        self,
        plan: ox.NamedNode,
        project: ox.NamedNode,
        number: int,
        issues: Sequence[ox.NamedNode],
        sources: Sequence[ox.NamedNode],
        dimensions: Sequence[str],
        factors: Sequence[str],
        draw: GapDraw,
    ) -> None:
        out, rng, name = self.out, self.rng, self.province.name
        sector = rng.choice(SECTORS)
        subject, action, means = rng.choice(sector.subjects), rng.choice(ACTIONS), rng.choice(MEANS)
        title = synthetic(f"{action.th}{subject.th}{means.th} จังหวัด{name.th}",
                          f"{action.en} {subject.en} {means.en}, {name.en}")
        out.add(project, RDF.type, _n(P40.Project))
        if GapKind.PROJECT_NOT_LISTED not in draw:
            out.add(plan, P40.hasProject, project)
        out.add(project, P40.inPlan, plan)
        owner = self.neighbour if GapKind.FOREIGN_OWNER in draw else self.province
        out.add(project, P40.ownerProvince, _n(owner.iri))
        out.add(project, P40.sequenceNumber, _int(number))
        out.labels(project, title, english=GapKind.MISSING_ENGLISH_LABEL not in draw,
                   latin_thai=GapKind.LATIN_THAI_LABEL in draw)
        out.add(project, DCTERMS.description, ox.Literal(
            f"โครงการด้าน{sector.name.th}ของจังหวัด{name.th} มุ่ง{action.th}{subject.th} {SYNTHETIC.th}",
            language="th"))
        out.add(project, DCTERMS.description, ox.Literal(
            f"A {sector.name.en.lower()} project of {name.en} on {subject.en} (synthetic)", language="en"))

        links: list[tuple[str, str]] = []
        if GapKind.NO_DIMENSION not in draw:
            chosen = {dimensions[(number - 1) % len(dimensions)]} if number <= len(dimensions) else set()
            chosen |= set(rng.sample(list(dimensions), rng.randint(1, 2)))
            links += [(P40.servesDimension, d) for d in sorted(chosen)]
        if GapKind.NO_SUCCESS_FACTOR not in draw:
            chosen = {factors[(number - 1) % len(factors)]} if number <= len(factors) else set()
            chosen |= set(rng.sample(list(factors), rng.randint(1, 2)))
            links += [(P40.appliesSuccessFactor, f) for f in sorted(chosen)]
        if GapKind.NO_NATIONAL_STRATEGY not in draw:
            mp = rng.choice(sector.master_plans)
            links.append((P40.contributesToMasterPlan, ns.ID_BASE + f"master-plan/{mp}"))
            strategies = self.context.master_plans[mp]
            if GapKind.MASTER_PLAN_MISMATCH in draw:
                others = [s for ss in self.context.master_plans.values() for s in ss if s not in strategies]
                strategies = (sorted(set(others))[number % len(set(others))],)
            links += [(P40.contributesToStrategy, s) for s in strategies]
            if GapKind.FOREIGN_ISSUE in draw:
                out.add(project, P40.addressesIssue, _id(f"issue/{self.neighbour.code}-S-1"))
            else:
                out.add(project, P40.addressesIssue, rng.choice(list(issues)))
        elif GapKind.FOREIGN_ISSUE in draw:
            out.add(project, P40.addressesIssue, _id(f"issue/{self.neighbour.code}-S-1"))
        for prop, target in links:
            if rng.random() < _CURATED_SHARE:
                self._curated_link(project, prop, _n(target))
            else:
                self._stated_link(project, prop, _n(target), described=rng.random() < 0.05)

        if GapKind.NO_INDICATOR not in draw:
            indicator = _id(f"indicator/{project.value.rsplit('/', 1)[-1]}")
            out.add(project, P40.hasIndicator, indicator)
            out.add(indicator, RDF.type, _n(P40.Indicator))
            out.labels(indicator, synthetic(sector.indicator.th, sector.indicator.en))
            out.add(indicator, P40.targetValue, _int(rng.randint(5, 500)))
            out.add(indicator, P40.unitOfMeasure, ox.Literal(sector.unit, language="th"))
            year = rng.choice((2567, 2568, 2569, 2570))
            out.add(indicator, P40.targetFiscalYearBE, _int(year - 543 if GapKind.INDICATOR_YEAR_CE in draw else year))
        if GapKind.NO_DATA_SOURCE not in draw:
            out.add(project, P40.usesDataSource, rng.choice(list(sources)))

    # ------------------------------------------------------------ links

    def _stated_link(self, subject: ox.NamedNode, prop: str, target: ox.NamedNode, *, described: bool) -> None:
        out = self.out
        out.add(subject, prop, target)
        if not described:
            return
        draw = gaps.draw(self.rng, gaps.STATED_LINK, self.options.gap_share)
        link = _id(f"link/synthetic-stated-{_slug(subject)}-{prop.rsplit('#', 1)[-1]}-{_slug(target)}")
        out.add(link, RDF.type, _n(P40.StatedLink))
        out.add(link, RDF.subject, subject)
        out.add(link, RDF.predicate, _n(prop + "s") if GapKind.MISSPELT_PREDICATE in draw else _n(prop))
        out.add(link, RDF.object, target)
        if GapKind.STATED_LINK_WITHOUT_SOURCE not in draw:
            out.add(link, DCTERMS.source, self.source)
        out.add(link, P40.sourceQuote, ox.Literal("ข้อความสังเคราะห์ที่ระบุความเชื่อมโยง (สังเคราะห์)", language="th"))

    def _curated_link(self, subject: ox.NamedNode, prop: str, target: ox.NamedNode) -> None:
        out, rng = self.out, self.rng
        draw = gaps.draw(rng, gaps.CURATED_LINK, self.options.gap_share)
        graph = out.curation
        if GapKind.DESCRIBED_LINK_MISSING not in draw:
            out.add(subject, prop, target, graph=graph)
        link = _id(f"link/synthetic-curated-{_slug(subject)}-{prop.rsplit('#', 1)[-1]}-{_slug(target)}")
        out.add(link, RDF.type, _n(P40.CuratedLink), graph=graph)
        out.add(link, RDF.subject, subject, graph=graph)
        out.add(link, RDF.predicate, _n(prop), graph=graph)
        out.add(link, RDF.object, target, graph=graph)
        topic = target.value.rsplit("/", 1)[-1]
        rationale = synthetic(f"ชื่อโครงการสื่อถึง {topic} โดยตรง", f"The project's title points at {topic}")
        out.add(link, P40.rationale, ox.Literal(rationale.th, language="th"), graph=graph)
        if GapKind.RATIONALE_THAI_ONLY not in draw:
            out.add(link, P40.rationale, ox.Literal(rationale.en, language="en"), graph=graph)
        if GapKind.NO_CURATOR not in draw:
            out.add(link, PROV.wasAttributedTo, self.curator, graph=graph)
        if GapKind.CURATION_TIME_AS_TEXT in draw:
            out.add(link, PROV.generatedAtTime, ox.Literal("1 ธันวาคม 2569"), graph=graph)
        else:
            out.add(link, PROV.generatedAtTime, ox.Literal(_CURATION_TIME, datatype=_n(XSD.dateTime)), graph=graph)
        if GapKind.NO_CRITERION not in draw:
            out.add(link, P40.meetsCriterion, _n(self._criterion(prop, target)), graph=graph)
        if GapKind.NO_CONFIDENCE not in draw:
            level = rng.choices(list(_CONFIDENCE_WEIGHTS), weights=list(_CONFIDENCE_WEIGHTS.values()))[0]
            out.add(link, P40.confidence, _id(f"confidence/{level}"), graph=graph)

    def _criterion(self, prop: str, target: ox.NamedNode) -> str:
        if prop in (P40.servesDimension, P40.appliesSuccessFactor):
            return ns.ID_BASE + "criterion/" + target.value.rsplit("/", 1)[-1]
        if prop == P40.contributesToMasterPlan:
            return ns.ID_BASE + "criterion/master-plan-subject"
        return ns.ID_BASE + "criterion/strategy-through-master-plan"


def _slug(node: ox.NamedNode) -> str:
    return node.value.rsplit("/", 1)[-1]


def _preamble(options: SynthOptions) -> Iterator[ox.Quad]:
    graph = _n(SYNTHETIC_GRAPH)
    source = _id(f"source/synthetic-seed-{options.seed}")
    curator = _id("agent/synthetic-curator")
    yield ox.Quad(source, _TYPE, _n(P40.SourceDocument), graph)
    label = synthetic(f"ข้อมูลสังเคราะห์จาก province40 synth (seed {options.seed})",
                      f"Synthetic data generated by province40 synth (seed {options.seed})")
    yield ox.Quad(source, _LABEL, ox.Literal(label.th, language="th"), graph)
    yield ox.Quad(source, _LABEL, ox.Literal(label.en, language="en"), graph)
    yield ox.Quad(source, _n(DCTERMS.description), ox.Literal(
        f"{options.provinces} provinces × {options.projects_per_province} projects, gap share {options.gap_share}; "
        "no statement in it comes from a real plan", language="en"), graph)
    yield ox.Quad(curator, _TYPE, _n(PROV.Agent), graph)
    curator_label = synthetic("ผู้คัดสรรสังเคราะห์", "Synthetic curator")
    yield ox.Quad(curator, _LABEL, ox.Literal(curator_label.th, language="th"), graph)
    yield ox.Quad(curator, _LABEL, ox.Literal(curator_label.en, language="en"), graph)


def generate(options: SynthOptions | None = None, *, context: SynthContext | None = None) -> Iterator[ox.Quad]:
    """The synthetic quads, province by province (deterministic for ``options``, seed included)."""
    options = options or SynthOptions()
    context = context or SynthContext.from_assets()
    if options.provinces > len(context.provinces):
        raise ValueError(f"the reference data has {len(context.provinces)} provinces, not {options.provinces}")
    provinces = context.provinces[: options.provinces]
    rng = random.Random(options.seed)  # noqa: S311 (reproducible data, not secrets)
    plan_kinds = gaps.plan_gaps(rng, [p.code for p in provinces], options.gap_share)
    yield from _preamble(options)
    for index, province in enumerate(provinces):
        neighbour = provinces[(index + 1) % len(provinces)]
        yield from _Province(context, options, province, neighbour, plan_kinds[province.code], rng).generate()
