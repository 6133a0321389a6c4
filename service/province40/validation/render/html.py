"""The readable HTML report, in Thai or English (``--format html [--lang th|en]``).

Written for a provincial planner: province → plan → project → gap, each gap with what is wrong and
what to do about it; the plan as presented next to the plan with the team's curated links (and which
points are aligned only through them, with the team's rationale); the coverage heatmap; dates in
Buddhist-era years and Thai fiscal years. One self-contained file: inline CSS and SVG, no scripts,
nothing fetched. Text is escaped by Jinja2's autoescaping and normalised to Unicode NFC.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from province40 import __version__
from province40.validation.render.heatmap import (
    LEGEND,
    NOT_EXPECTED,
    NOT_EXPECTED_LEGEND,
    STYLE,
    column_keys,
    heatmap_layout,
)
from province40.validation.render.templating import template_environment
from province40.validation.render.thai_calendar import (
    fiscal_year_be,
    format_date,
    format_fiscal_year,
    format_year_range,
)
from province40.validation.report import Finding, LocalizedText, PlanSummary, Report, ScopeKind, Severity
from province40.validation.terms import display, node_key
from province40.validation.vocabulary import P40SH

UI: dict[str, LocalizedText] = {
    "title": LocalizedText("รายงานความสอดคล้องของแผนพัฒนาจังหวัด 4.0", "Province 4.0 plan alignment report"),
    "scope_store": LocalizedText("ทุกแผนในคลังข้อมูล", "Every plan in the store"),
    "scope_province": LocalizedText("แผนของ", "The plan of"),
    "scope_file": LocalizedText("ไฟล์แผน (ยังไม่ได้นำเข้าคลังข้อมูล)", "Plan file (not loaded into the store)"),
    "generated": LocalizedText("จัดทำเมื่อ", "Generated on"),
    "verdict": LocalizedText("ผลโดยรวม", "Overall result"),
    "national": LocalizedText("ภาพรวมทั้งประเทศ: จังหวัด × ประเภทช่องว่าง", "National summary: provinces × kinds of gap"),
    "national_note": LocalizedText(
        "จำนวนช่องว่างที่ยังเปิดอยู่ของแต่ละจังหวัดตามด้านที่ตรวจ คลิกชื่อจังหวัดเพื่อไปยังส่วนของจังหวัดนั้น",
        "Open gaps of each province by aspect checked; click a province to go to its section.",
    ),
    "province": LocalizedText("จังหวัด", "Province"),
    "violations": LocalizedText("ต้องแก้ไข", "Violations"),
    "warnings": LocalizedText("ควรปรับปรุง", "Warnings"),
    "fail": LocalizedText(
        "ยังไม่ผ่าน: มีข้อที่ต้องแก้ไขก่อนเสนอแผน", "Not ready: some gaps must be fixed before the plan is submitted"
    ),
    "pass_warn": LocalizedText(
        "ไม่มีข้อที่ต้องแก้ไข แต่มีข้อที่ควรปรับปรุง", "Nothing must be fixed, but some points should be improved"
    ),
    "pass": LocalizedText("ผ่าน: ไม่พบข้อบกพร่อง", "Passes: no gaps found"),
    "open": LocalizedText("ยังต้องดำเนินการ", "Still open"),
    "closed": LocalizedText("ปิดได้ด้วยความเชื่อมโยงที่ทีมคัดสรร", "Closed by curated links"),
    "views_note": LocalizedText(
        "“ตามที่นำเสนอ” คือสิ่งที่แผนหรือเอกสารต้นทางระบุไว้เอง “เมื่อรวมความเชื่อมโยงที่คัดสรร” "
        "เพิ่มความเชื่อมโยงที่ทีม province40 คัดสรรพร้อมเหตุผล ซึ่งแผนยังไม่ได้ระบุ "
        "จังหวัดควรพิจารณาและเขียนความเชื่อมโยงเหล่านี้ไว้ในแผนเอง",
        "“As presented” is what the plan or its source states itself; “with curated links” adds the links the "
        "province40 team curated, with a rationale, which the plan does not state yet. The province should review "
        "them and write them into the plan itself.",
    ),
    "as_presented_only": LocalizedText(
        "รายงานนี้ตรวจแผนตามที่นำเสนอเท่านั้น (ไม่รวมความเชื่อมโยงที่ทีมคัดสรร)",
        "This report checks the plan as presented only (without the team's curated links).",
    ),
    "presented_on": LocalizedText("นำเสนอเมื่อ", "Presented on"),
    "period": LocalizedText("ช่วงเวลาของแผน", "Plan period"),
    "projects": LocalizedText("โครงการ", "projects"),
    "point": LocalizedText("ประเด็น", "Point"),
    "as_presented": LocalizedText("ตามที่นำเสนอ", "As presented"),
    "with_curation": LocalizedText("เมื่อรวมความเชื่อมโยงที่คัดสรร", "With curated links"),
    "only_curated": LocalizedText("ผ่านความเชื่อมโยงที่คัดสรรเท่านั้น", "only through curated links"),
    "of": LocalizedText("จาก", "of"),
    "plan_gaps": LocalizedText("ข้อบกพร่องระดับแผน", "Gaps of the plan as a whole"),
    "no_gaps": LocalizedText("ไม่พบข้อบกพร่อง", "No gaps found"),
    "value": LocalizedText("ค่าที่เกี่ยวข้อง", "Concerns"),
    "fix": LocalizedText("วิธีแก้", "How to fix"),
    "basis_curated": LocalizedText(
        "พบเมื่อรวมความเชื่อมโยงที่ทีมคัดสรร: ตรวจทานความเชื่อมโยงที่คัดสรรร่วมกับทีม",
        "Appears only with the curated links: review those links with the team",
    ),
    "closed_title": LocalizedText("สอดคล้องผ่านความเชื่อมโยงที่ทีมคัดสรรเท่านั้น", "Aligned only through curated links"),
    "closed_intro": LocalizedText(
        "แผนตามที่นำเสนอยังไม่ผ่านเรื่องต่อไปนี้ ทีมคัดสรรความเชื่อมโยงที่ทำให้ผ่าน ควรเขียนไว้ในแผนเอง:",
        "The plan as presented does not meet these points; the team curated links that do. Write them into the plan:",
    ),
    "rationale": LocalizedText("เหตุผล", "Rationale"),
    "confidence": LocalizedText("ความเชื่อมั่น", "Confidence"),
    "issues": LocalizedText("ประเด็นการพัฒนา (แนวทาง ไม่ใช่โครงการ)", "development lines (not projects)"),
    "only_weak": LocalizedText("ผ่านความเชื่อมโยงระดับอ่อนเท่านั้น", "only through weak ones"),
    "weak_note": LocalizedText(
        "สอดคล้องผ่านความเชื่อมโยงที่คัดสรรระดับอ่อนเท่านั้น: {n} รายการ ควรให้จังหวัดยืนยันก่อนนับเป็นความเชื่อมโยงของแผน",
        "Aligned only through weak curated links: {n} items. The province should confirm them before they count "
        "as the plan's links",
    ),
    "claimed_note": LocalizedText(
        "แหล่งต้นทางระบุว่าแผนนี้ครอบคลุมเรื่องนี้ แต่ให้เพียงชื่อโครงการบรรทัดเดียว ช่องว่างนี้อาจมาจากข้อมูลต้นทางที่สั้น ไม่ใช่จากแผน",
        "The source states that the plan covers this, but gives only one-line titles: the gap may come from the "
        "source's brevity rather than from the plan",
    ),
    "coverage": LocalizedText(
        "ตารางความครอบคลุม (แผน × มิติ ปัจจัยความสำเร็จ และยุทธศาสตร์ชาติ)",
        "Coverage matrix (plans × dimensions, success factors and national strategies)",
    ),
    "key": LocalizedText("คำอธิบายหัวตาราง", "Column key"),
    "guidance": LocalizedText("ที่มาของข้อกำหนด", "Where this comes from"),
    "other": LocalizedText("ข้อบกพร่องอื่น (ไม่ได้อยู่ในแผนใด)", "Other gaps (not in any plan)"),
    "severity_note": LocalizedText(
        "ต้องแก้ไข = ข้อกำหนดที่แผนต้องผ่านก่อนเสนอ; ควรปรับปรุง = ช่องว่างที่ควรปิดหรือให้เหตุผล; "
        "ข้อสังเกต = ข้อมูลประกอบ",
        "Violation = must be met before the plan is submitted; Warning = a gap to close or justify; "
        "Info = for information",
    ),
    "rerun": LocalizedText("ตรวจซ้ำด้วยคำสั่ง", "Re-run with"),
    "made_with": LocalizedText("ตรวจด้วย", "Checked with"),
    "fiscal": LocalizedText("ปีงบประมาณ", "Fiscal year"),
}

_TALLY_NAMES = {
    str(P40SH.ProjectNationalStrategyShape): LocalizedText("เชื่อมโยงยุทธศาสตร์ชาติ", "Link to the National Strategy"),
    str(P40SH.ProjectDimensionShape): LocalizedText("ตอบมิติระบบราชการ 4.0", "Serve a Government 4.0 dimension"),
    str(P40SH.ProjectSuccessFactorShape): LocalizedText("ใช้ปัจจัยความสำเร็จ", "Apply a success factor"),
    str(P40SH.ProvincialStrategicIssueNationalStrategyShape): LocalizedText(
        "ประเด็นการพัฒนาเชื่อมโยงแผนแม่บท", "Development line links to a master plan"
    ),
}


@dataclass(frozen=True)
class _Gap:
    severity: str
    severity_label: str
    aspect: str
    title: str
    message: str
    value: str | None
    fix: str
    curated: bool
    note: str = ""


@dataclass(frozen=True)
class _Link:
    predicate: str
    target: str
    rationale: str
    confidence: str = ""
    criterion: str = ""
    weak: bool = False


@dataclass(frozen=True)
class _Project:
    number: str
    label: str
    iri: str
    gaps: list[_Gap]
    closed: list[str]
    links: list[_Link]


@dataclass(frozen=True)
class _Tally:
    name: str
    as_presented: str
    with_curation: str
    weak: bool


@dataclass(frozen=True)
class _Plan:
    heading: str
    label: str
    meta: list[str]
    tallies: list[_Tally]
    notes: list[str]
    gaps: list[_Gap]
    projects: list[_Project]
    closed: list[str] = field(default_factory=list)
    anchor: str = ""


@dataclass
class _SummaryRow:
    anchor: str
    province: str
    counts: list[int]
    violations: int
    warnings: int
    closed: int


def national_summary(report: Report, lang: str) -> tuple[list[str], list[_SummaryRow]]:
    """Provinces × gap kinds (the aspects): open findings per province, each row linking to the
    province's first plan section; empty when the report covers one province only."""
    provinces = sorted({p.province for p in report.plans if p.province})
    if len(provinces) < 2:
        return [], []
    aspects = [a.iri for a in report.aspects]
    labels: dict[str, str] = {}
    for plan in report.plans:
        if plan.province and plan.province not in labels:
            labels[plan.province] = province_name(plan.province_label, lang) or plan.province
    counts: dict[str, list[int]] = {code: [0] * (len(aspects) + 2) for code in provinces}
    for finding in report.findings:
        row = counts.get(finding.province or "")
        if row is None:
            continue
        if finding.aspect in aspects:
            row[aspects.index(finding.aspect)] += 1
        if finding.severity is Severity.VIOLATION:
            row[-2] += 1
        elif finding.severity is Severity.WARNING:
            row[-1] += 1
    closed: dict[str, int] = {}
    for finding in report.closed_by_curation:
        closed[finding.province or ""] = closed.get(finding.province or "", 0) + 1
    rows = [
        _SummaryRow(f"plan-{code}", f"{code} {labels[code]}", counts[code][: len(aspects)], counts[code][-2],
                    counts[code][-1], closed.get(code, 0))
        for code in provinces
    ]
    return [a.label.get(lang) for a in report.aspects], rows


class _View:
    """Turns a report into the plain values the template shows, in one language."""

    def __init__(self, report: Report, lang: str) -> None:
        self.report = report
        self.lang = lang

    def t(self, key: str) -> str:
        return UI[key].get(self.lang)

    def gap(self, finding: Finding) -> _Gap:
        report, lang = self.report, self.lang
        shape = report.shapes.get(finding.shape)
        aspect = next((a for a in report.aspects if a.iri == finding.aspect), None)
        value = None
        if finding.value is not None:
            key = node_key(finding.value)
            value = report.labels[key].get(lang) if key in report.labels else display(finding.value)
        return _Gap(
            severity=finding.severity.value.lower(),
            severity_label=finding.severity.label.get(lang),
            aspect=aspect.label.get(lang) if aspect else "",
            title=shape.label.get(lang) if shape else finding.shape,
            message=finding.message(lang),
            value=value,
            fix=finding.fix(lang),
            curated=finding.basis.value == "curated",
            note=self.t("claimed_note") if finding.claimed_by_source else "",
        )

    def closed_names(self, findings: list[Finding]) -> list[str]:
        names = []
        for finding in findings:
            shape = self.report.shapes.get(finding.shape)
            name = shape.label.get(self.lang) if shape else finding.shape
            if finding.value is not None and node_key(finding.value) in self.report.labels:
                name += f": {self.report.labels[node_key(finding.value)].get(self.lang)}"
            if name not in names:
                names.append(name)
        return names

    def plan(self, summary: PlanSummary) -> _Plan:
        report, lang = self.report, self.lang
        province = province_name(summary.province_label, lang)
        heading = f"{province} ({summary.province})" if summary.province else summary.label.get(lang)
        meta = []
        if summary.presented_on:
            fiscal = format_fiscal_year(fiscal_year_be(summary.presented_on), lang)
            meta.append(f"{self.t('presented_on')} {format_date(summary.presented_on, lang)} · {fiscal}")
        if summary.first_year_be or summary.last_year_be:
            meta.append(f"{self.t('period')} {format_year_range(summary.first_year_be, summary.last_year_be, lang)}")
        meta.append(f"{len(summary.projects)} {self.t('projects')}")
        if summary.issues:
            meta.append(f"{len(summary.issues)} {self.t('issues')}")
        tallies = []
        notes: list[str] = []
        for tally in summary.tallies:
            with_curation = f"{tally.with_curation} {self.t('of')} {tally.projects}"
            if tally.only_through_curation:
                weak = f"; {tally.only_through_weak} {self.t('only_weak')}" if tally.only_through_weak else ""
                with_curation += f" ({tally.only_through_curation} {self.t('only_curated')}{weak})"
            tallies.append(_Tally(
                _TALLY_NAMES.get(tally.shape, LocalizedText(tally.shape, tally.shape)).get(lang),
                f"{tally.as_presented} {self.t('of')} {tally.projects}",
                with_curation,
                tally.as_presented < tally.projects,
            ))
            shape = report.shapes.get(tally.shape)
            if tally.as_presented < tally.projects and shape is not None:
                for iri in shape.derived_from:
                    guidance = report.guidance.get(iri)
                    if guidance is not None:
                        when = f" ({format_date(guidance.given_on, lang)})" if guidance.given_on else ""
                        note = f"{shape.label.get(lang)} — {self.t('guidance')}: “{guidance.label.get(lang)}”{when}"
                        if note not in notes:
                            notes.append(note)
        own = [f for f in report.findings if f.plan == summary.iri]
        own_closed = [f for f in report.closed_by_curation if f.plan == summary.iri]
        if summary.only_through_weak:
            notes.append(self.t("weak_note").format(n=summary.only_through_weak))
        projects = []
        for position, project in enumerate(summary.projects + summary.issues, start=1):
            links = [
                _Link(
                    report.label(c.predicate, lang),
                    report.label(c.object, lang),
                    c.rationale.get(lang),
                    report.label(c.confidence, lang) if c.confidence else "",
                    report.label(c.criterion, lang) if c.criterion else "",
                    c.confidence_rank == 3,
                )
                for c in summary.curated_links
                if c.subject == project.iri
            ]
            projects.append(_Project(
                number=str(project.sequence or position),
                label=project.label.get(lang),
                iri=project.iri,
                gaps=[self.gap(f) for f in own if f.project == project.iri],
                closed=self.closed_names([f for f in own_closed if f.project == project.iri]),
                links=links,
            ))
        return _Plan(
            heading=heading,
            label=summary.label.get(lang),
            meta=meta,
            tallies=tallies,
            notes=notes,
            gaps=[self.gap(f) for f in own if f.project is None],
            projects=projects,
            closed=self.closed_names([f for f in own_closed if f.project is None]),
            anchor=f"plan-{summary.province}" if summary.province else "",
        )


def _first_anchors(plans: list[_Plan]) -> list[_Plan]:
    """Keep a province's anchor on its first plan only (anchors are unique)."""
    seen: set[str] = set()
    kept = []
    for plan in plans:
        kept.append(dataclasses.replace(plan, anchor="") if plan.anchor in seen else plan)
        seen.add(plan.anchor)
    return kept


def province_name(label: LocalizedText | None, lang: str) -> str:
    """จังหวัดศรีสะเกษ / Si Sa Ket (Bangkok is กรุงเทพมหานคร, not a จังหวัด)."""
    if label is None:
        return ""
    name = label.get(lang)
    if lang == "th" and not name.startswith(("จังหวัด", "กรุงเทพ")):
        return "จังหวัด" + name
    return name


def _scope_text(report: Report, lang: str) -> str:
    scope = report.scope
    if scope.kind is ScopeKind.PROVINCE:
        name = next((province_name(p.province_label, lang) for p in report.plans if p.province_label), "")
        return f"{UI['scope_province'].get(lang)}{' ' if lang == 'en' else ''}{name} ({scope.province})"
    if scope.kind is ScopeKind.FILE:
        return f"{UI['scope_file'].get(lang)}: {scope.file}"
    return UI["scope_store"].get(lang)


def _rerun(report: Report, lang: str) -> str:
    scope = report.scope
    file = str(scope.file) if scope.file != "request body" else ("แผน.ttl" if lang == "th" else "plan.ttl")
    target = {"province": f"--province {scope.province}", "file": file}.get(scope.kind.value, "")
    flags = ("" if report.include_curation else " --as-presented") + (" --lang en" if lang == "en" else "")
    return f"province40 validate {target} --format html{flags}".replace("  ", " ")


def render_html(report: Report, *, lang: str = "th") -> bytes:
    """The report as one self-contained HTML page in ``lang`` ('th' or 'en')."""
    view = _View(report, lang)
    plans = [view.plan(p) for p in report.plans]
    in_plans = {p.iri for p in report.plans}
    other = [view.gap(f) for f in report.findings if f.plan not in in_plans]
    if not report.passes():
        verdict, verdict_class = UI["fail"].get(lang), "fail"
    elif report.findings:
        verdict, verdict_class = UI["pass_warn"].get(lang), "warn"
    else:
        verdict, verdict_class = UI["pass"].get(lang), "pass"
    counts = report.counts()
    severities = [(s.label.get(lang), s.value.lower(), counts["open"][s.value], counts["closed_by_curation"][s.value])
                  for s in Severity]
    columns = column_keys(report.coverage, lang)
    summary_columns, summary_rows = national_summary(report, lang)
    template = template_environment().get_template("report.html.j2")
    html = template.render(
        lang=lang,
        t=view.t,
        scope=_scope_text(report, lang),
        generated=f"{format_date(report.generated_at.date(), lang)}",
        verdict=verdict,
        verdict_class=verdict_class,
        severities=severities,
        include_curation=report.include_curation,
        plans=_first_anchors(plans),
        summary_columns=summary_columns,
        summary_rows=summary_rows,
        other=other,
        heatmap=heatmap_layout(report.coverage, report, lang) if report.coverage.axes and plans else None,
        legend=[(STYLE[status][0], STYLE[status][2], text.get(lang)) for status, text in LEGEND.items()]
        + [(NOT_EXPECTED[0], NOT_EXPECTED[2], NOT_EXPECTED_LEGEND.get(lang))],
        columns=columns,
        engine=report.engine,
        version=__version__,
        rerun=_rerun(report, lang),
        seconds=f"{report.seconds:.2f}",
    )
    return html.encode("utf-8")
