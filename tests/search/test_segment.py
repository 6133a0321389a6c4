"""Thai word segmentation for search: words inside compounds, never across tone marks."""

from __future__ import annotations

import pytest

from province40.text.segment import Segmenter


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter()


def test_a_word_is_found_inside_compounds(segmenter: Segmenter) -> None:
    for compound in ("การส่งเสริมการท่องเที่ยว", "การพัฒนาการท่องเที่ยวและการกีฬา", "นักท่องเที่ยว"):
        assert "ท่องเที่ยว" in segmenter.index_words(compound), compound


def test_tone_marks_are_never_separators(segmenter: Segmenter) -> None:
    assert segmenter.query_words("ข้าว") == ["ข้าว"]
    assert "ข้าว" not in segmenter.index_words("ข่าวสารของชุมชน")
    assert "ข่าว" not in segmenter.index_words("ข้าวหอมมะลิ")


def test_short_pieces_are_not_split_off_lexicalised_words(segmenter: Segmenter) -> None:
    words = segmenter.index_words("จังหวัดสุราษฎร์ธานี")
    assert "หวัด" not in words and "วัด" not in words


def test_thai_digits_are_arabic_digits_and_english_is_lower_case(segmenter: Segmenter) -> None:
    assert segmenter.query_words("ปี ๒๕๖๕ Smart MICE") == ["ปี", "2565", "smart", "mice"]
    assert "2565" in segmenter.index_words("พ.ศ. 2565")
