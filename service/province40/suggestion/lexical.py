"""Words of a project's text and of the master plans' passages, and word TF-IDF over them.

Words are the search segmenter's (:class:`province40.text.segment.Segmenter`: ``newmm`` plus the words
inside Thai compounds, English lower-cased), less stop words and the words every plan title uses
(โครงการ, พัฒนา, project, develop...), which say nothing about a subject. TF-IDF is the suggester's
named baseline and the source of its evidence: the words a project shares with a master plan's text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pythainlp.corpus import thai_stopwords

from province40.text.segment import Segmenter

GENERIC_WORDS = frozenset(
    {
        "โครงการ", "พัฒนา", "การพัฒนา", "ส่งเสริม", "การส่งเสริม", "ยกระดับ", "เพิ่ม", "ศักยภาพ", "สร้าง", "เสริมสร้าง",
        "ขับเคลื่อน", "จังหวัด", "สู่", "ด้าน", "แผน", "งาน", "มุ่ง", "ดำเนินการ", "ประเด็น", "ที่", "ของ", "และ",
        "project", "projects", "programme", "develop", "developing", "development", "promote", "promoting",
        "province", "provincial", "strengthen", "strengthening", "upgrade", "upgrading", "improve", "improving",
        "the", "of", "and", "for", "in", "to", "a", "an", "with", "by", "on", "at", "its", "their", "through",
        "towards", "from", "as", "or", "into",
        # the rubric: "Smart" or "Model" alone is not evidence (data/curation/README.md)
        "smart", "อัจฉริยะ", "model", "โมเดล",
    }
)
"""Words that name no subject: every project title has them."""

_LATIN = re.compile(r"^[a-z0-9&]+$")


class Words:
    """Content words of a text (see the module docstring). One instance per process; thread-safe."""

    def __init__(self, segmenter: Segmenter | None = None) -> None:
        self._segmenter = segmenter or Segmenter()
        self._stop = frozenset(thai_stopwords()) | GENERIC_WORDS

    def of(self, text: str) -> tuple[str, ...]:
        """The content words of ``text``, in order, with the Thai words inside compounds."""
        return _cached_words(self, text)

    def _compute(self, text: str) -> tuple[str, ...]:
        out = []
        for word in self._segmenter.index_words(text):
            word = _stem(word)
            if len(word) < 2 or word.isdigit() or word in self._stop:
                continue
            out.append(word)
        return tuple(out)


@lru_cache(maxsize=8192)
def _cached_words(words: Words, text: str) -> tuple[str, ...]:
    return words._compute(text)


def _stem(word: str) -> str:
    """A light English plural/-ing stem (farms → farm, farming → farm); Thai words are left alone."""
    if not _LATIN.match(word) or len(word) <= 4:
        return word
    if word.endswith("ing") and len(word) > 6:
        return word[:-3]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class TfIdf:
    """Word TF-IDF (sublinear tf, smoothed idf, L2-normalised) over one document per ranked target."""

    def __init__(self, documents: Sequence[Iterable[str]]) -> None:
        counted = [Counter(d) for d in documents]
        n = len(counted)
        df: Counter[str] = Counter()
        for c in counted:
            df.update(c.keys())
        self.idf = {w: math.log((1 + n) / (1 + k)) + 1.0 for w, k in df.items()}
        self._vectors = [self._vector(c) for c in counted]

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {w: (1.0 + math.log(k)) * self.idf[w] for w, k in counts.items() if w in self.idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    def scores(self, words: Iterable[str]) -> list[float]:
        """Cosine similarity of the words with each document, in the documents' order."""
        query = self._vector(Counter(words))
        return [sum(v * doc.get(w, 0.0) for w, v in query.items()) for doc in self._vectors]

    def known(self, words: Iterable[str]) -> tuple[str, ...]:
        """The words that occur in some document."""
        return tuple(w for w in dict.fromkeys(words) if w in self.idf)
