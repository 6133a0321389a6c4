"""Figures: the Thai font is found once and every Thai label has its glyphs (a missing glyph is a
matplotlib warning, and warnings fail the tests)."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from province40.analysis.figures import (
    THAI_FONTS,
    bar_chart,
    draw_network,
    heatmap,
    shorten,
    status_heatmap,
    use_thai_font,
)
from province40.analysis.measures import served_by
from province40.analysis.views import build_view
from tests.analysis.known import known_store


@pytest.fixture(autouse=True)
def _agg_backend() -> None:
    plt.switch_backend("agg")


def test_a_thai_font_of_fonts_thai_tlwg_is_used() -> None:
    name = use_thai_font()
    assert name in THAI_FONTS
    assert mpl.rcParams["font.sans-serif"][0] == name and mpl.rcParams["font.family"] == ["sans-serif"]
    assert use_thai_font() == name  # once per process


def test_a_thai_font_installed_after_matplotlib_cached_its_font_list_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    without_thai = [font for font in font_manager.fontManager.ttflist if "tlwg" not in font.fname.lower()]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", without_thai)  # the list cached before the install
    use_thai_font.cache_clear()
    try:
        assert use_thai_font() in THAI_FONTS
    finally:
        use_thai_font.cache_clear()


def test_figures_draw_thai_labels_without_missing_glyphs(tmp_path: Path) -> None:
    graph = build_view("project-dimension", known_store(), lang="th")
    figures = [
        draw_network(graph, title="โครงการและมิติ"),
        bar_chart(served_by(graph), label="label", value="items", title="จำนวนโครงการ"),
        heatmap(pd.DataFrame([[1.0, 0.5]], index=["จังหวัดเอ"], columns=["มิติหนึ่ง", "มิติสอง"]), title="ทดสอบ"),
        status_heatmap(pd.DataFrame([["stated", "gap"]], index=["จังหวัดเอ"], columns=["ก", "ข"]),
                       labels={"gap": "ช่องว่าง"}),
    ]
    for number, figure in enumerate(figures):
        figure.savefig(tmp_path / f"figure-{number}.png")  # rendering raises on a missing glyph
        plt.close(figure)
    assert all((tmp_path / f"figure-{n}.png").stat().st_size > 1000 for n in range(len(figures)))


def test_shorten_never_separates_a_thai_letter_from_its_marks() -> None:
    assert shorten("สั้น", 10) == "สั้น"
    cut = shorten("ยุทธศาสตร์ชาติด้านความมั่นคง", 9)
    assert cut == "ยุทธศาสตร์…"  # the 9th character ร is followed by the mark ์, kept with it
