"""The coverage matrix as a heatmap picture (SVG), drawn from a template.

Rows are plans (by province), columns the three dimensions, three success factors and six national
strategies, grouped. A cell's colour *and* its mark say how the plan reaches the column, so the
picture reads without colour too: a number on dark blue (projects that link to it as the plan states
them), a number on hatched light blue (projects that reach it only through curated links), "!" on
orange (only the plan claims it, no project backs the claim), "✗" on red (a gap). Thai text is
rendered by the viewer's fonts (the SVG names Thai font families first).
"""

from __future__ import annotations

from dataclasses import dataclass

from province40.validation.render.templating import template_environment
from province40.validation.report import CellStatus, Coverage, LocalizedText, Report

STYLE: dict[CellStatus, tuple[str, str, str]] = {
    CellStatus.STATED: ("#2166ac", "#ffffff", ""),
    CellStatus.CURATED: ("#92c5de", "#08306b", "url(#hatch)"),
    CellStatus.CLAIMED: ("#fdb863", "#3f2a00", ""),
    CellStatus.GAP: ("#d6604d", "#ffffff", ""),
}
"""Fill, text colour and overlay pattern (none when empty) of each status."""

LEGEND: dict[CellStatus, LocalizedText] = {
    CellStatus.STATED: LocalizedText("มีโครงการเชื่อมโยงตามที่แผนระบุ (ตัวเลข = จำนวนโครงการ)",
                                     "Projects link to it as the plan states (number = projects)"),
    CellStatus.CURATED: LocalizedText("เชื่อมโยงผ่านความเชื่อมโยงที่ทีมคัดสรรเท่านั้น (ลายเส้น)",
                                      "Reached only through curated links (hatched)"),
    CellStatus.CLAIMED: LocalizedText("แผนอ้างไว้ แต่ไม่มีโครงการใดเชื่อมโยง (!)",
                                      "Claimed by the plan, but no project links to it (!)"),
    CellStatus.GAP: LocalizedText("ช่องว่างที่ควรปิด: ไม่มีความเชื่อมโยง (✗)", "A gap to close: no link at all (✗)"),
}

NOT_EXPECTED = ("#eeeeee", "#666666", "")
NOT_EXPECTED_LEGEND = LocalizedText(
    "ไม่มีโครงการเชื่อมโยง (ไม่จำเป็นต้องครบทุกด้านของยุทธศาสตร์ชาติ) (–)",
    "No project links to it (a plan need not reach every national strategy) (–)",
)

_SHORT = {
    "dimensions": LocalizedText("มิติ", "D"),
    "success_factors": LocalizedText("ปัจจัย", "F"),
    "strategies": LocalizedText("ยศ.", "S"),
}

LABEL_WIDTH = 250
CELL_W = 58
CELL_H = 30
GROUP_GAP = 14
TOP = 64


@dataclass(frozen=True)
class _Cell:
    x: int
    y: int
    fill: str
    ink: str
    overlay: str
    text: str
    title: str


@dataclass(frozen=True)
class _Header:
    x: int
    text: str
    title: str


@dataclass(frozen=True)
class _Group:
    x: int
    width: int
    text: str


@dataclass(frozen=True)
class _Row:
    y: int
    text: str
    title: str


def column_keys(coverage: Coverage, lang: str) -> list[tuple[str, str]]:
    """(short header, full name) of every column, as the heatmap labels them."""
    return [
        (f"{_SHORT[axis.name].get(lang)} {column.notation}", column.label.get(lang))
        for axis in coverage.axes
        for column in axis.columns
    ]


def _mark(status: CellStatus, count: int) -> str:
    if status is CellStatus.GAP:
        return "✗"
    if status is CellStatus.CLAIMED:
        return "!"
    return str(count)


@dataclass(frozen=True)
class HeatmapLayout:
    """Everything the SVG template draws, positioned."""

    width: int
    height: int
    cell_w: int
    cell_h: int
    label_width: int
    top: int
    groups: tuple[_Group, ...]
    headers: tuple[_Header, ...]
    cells: tuple[_Cell, ...]
    rows: tuple[_Row, ...]
    title: str


def heatmap_layout(coverage: Coverage, report: Report, lang: str) -> HeatmapLayout:
    """Lay the coverage matrix out as cells, headers and row labels."""
    groups: list[_Group] = []
    headers: list[_Header] = []
    cells: list[_Cell] = []
    plans = [row.plan for row in coverage.axes[0].rows] if coverage.axes else []
    x = LABEL_WIDTH
    for axis in coverage.axes:
        start = x
        for column in axis.columns:
            short = f"{_SHORT[axis.name].get(lang)} {column.notation}"
            headers.append(_Header(x + CELL_W // 2, short, column.label.get(lang)))
            for r, row in enumerate(axis.rows):
                cell = next(c for c in row.cells if c.column == column.iri)
                relaxed = cell.status is CellStatus.GAP and not axis.expects_all
                fill, ink, overlay = NOT_EXPECTED if relaxed else STYLE[cell.status]
                meaning = (NOT_EXPECTED_LEGEND if relaxed else LEGEND[cell.status]).get(lang)
                count = cell.stated_projects if cell.status is CellStatus.STATED else cell.curated_projects
                title = (
                    f"{report.label(row.plan, lang)} — {column.label.get(lang)}: {meaning}"
                    f" [{cell.stated_projects} / {cell.curated_projects}]"
                )
                mark = "–" if relaxed else _mark(cell.status, count)
                cells.append(_Cell(x, TOP + r * CELL_H, fill, ink, overlay, mark, title))
            x += CELL_W
        groups.append(_Group(start, x - start, axis.label.get(lang)))
        x += GROUP_GAP
    rows = []
    for r, plan in enumerate(plans):
        summary = next((p for p in report.plans if p.iri == plan), None)
        name = report.label(plan, lang)
        province = summary.province if summary else None
        short = summary.province_label.get(lang) if summary and summary.province_label else name
        rows.append(_Row(TOP + r * CELL_H, f"{province} {short}" if province else short, name))
    return HeatmapLayout(
        width=x - GROUP_GAP + 8,
        height=TOP + max(len(plans), 1) * CELL_H + 8,
        cell_w=CELL_W,
        cell_h=CELL_H,
        label_width=LABEL_WIDTH,
        top=TOP,
        groups=tuple(groups),
        headers=tuple(headers),
        cells=tuple(cells),
        rows=tuple(rows),
        title=LocalizedText("ความครอบคลุมของแผน", "Plan coverage").get(lang),
    )


def heatmap_svg(coverage: Coverage, report: Report, lang: str) -> str:
    """The heatmap as a standalone SVG document."""
    layout = heatmap_layout(coverage, report, lang)
    return template_environment().get_template("heatmap.svg.j2").render(heatmap=layout)
