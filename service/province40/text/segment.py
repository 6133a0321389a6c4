"""Word segmentation for search, in Thai (no spaces between words) and English.

Thai text is cut into words by PyThaiNLP's ``newmm`` (dictionary maximal matching on Thai Character
Cluster boundaries). ``newmm`` keeps compounds whole (การท่องเที่ยว is one word), so a search for
ท่องเที่ยว would miss it. For the index, each Thai word is also opened into the dictionary words it
contains that start and end on character-cluster boundaries (การท่องเที่ยว → การ, ท่อง, เที่ยว,
ท่องเที่ยว): after a nominal prefix (การ, ความ, นัก...), or where the compound is made exactly of
dictionary words of four characters or more, cut on character-cluster boundaries. Shorter pieces are
not split off, so ข่าว (news) does not yield ข่า (galangal) and จังหวัด (province) does not yield
หวัด (a cold) or วัด (temple). Cluster
boundaries never fall inside a consonant–vowel–tone group and a tone mark is never a separator: ข้าว
(rice) and ข่าว (news) stay two different words.

English is lower-cased and cut at anything that is not a letter or digit. Thai digits are read as
Arabic digits everywhere. The README's Performance section records the measurements behind these choices.

>>> segmenter = Segmenter()
>>> "ท่องเที่ยว" in segmenter.index_words("การส่งเสริมการท่องเที่ยว")
True
>>> segmenter.query_words("ข้าว ๒๕๖๕ Smart")
['ข้าว', '2565', 'smart']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.tokenize.tcc import tcc_pos

from province40.text.normalise import arabic_digits

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_WORD = re.compile(r"[\w\u0E00-\u0E7F]+", re.UNICODE)
_THAI_RUN = re.compile(r"[\u0E01-\u0E4E]+")
MAX_PART_LENGTH = 20
COMPOUND_PART_LENGTH = 4
"""A compound is opened into its words only when each has at least this many characters: shorter ones
(จัง|หวัด, ข่าว|สาร, ส่ง|เสริม) are too often a different word inside another (หวัด, a cold)."""
PREFIXES = ("การ", "ความ", "นัก", "ผู้", "ชาว", "เครื่อง", "โครงการ", "ระบบ", "แหล่ง", "ศูนย์", "งาน")
"""Nominal prefixes that make compounds: the rest of the word is a word of its own (การ|ท่องเที่ยว)."""


def _clean(text: str) -> str:
    return arabic_digits(unicodedata.normalize("NFC", text)).lower()


class Segmenter:
    """Cuts text into search words (see the module docstring). Thread-safe; results are cached."""

    def __init__(self, dictionary: Iterable[str] | None = None) -> None:
        self._words = frozenset(dictionary) if dictionary is not None else thai_words()

    @lru_cache(maxsize=65_536)  # noqa: B019  (one segmenter per service; the cache is its memory)
    def _thai_words(self, run: str) -> tuple[str, ...]:
        return tuple(w for w in word_tokenize(run, engine="newmm", keep_whitespace=False) if w.strip())

    def _split(self, word: str, *, shortest: int) -> tuple[str, ...]:
        """The fewest dictionary words of at least ``shortest`` characters, cut on character-cluster
        boundaries, that make up ``word`` exactly (never ``word`` itself); () when there are none."""
        bounds = sorted(tcc_pos(word) | {0, len(word)})
        best: dict[int, tuple[str, ...]] = {0: ()}
        for j in bounds[1:]:
            for i in bounds:
                if i >= j:
                    break
                if i not in best or not shortest <= j - i <= MAX_PART_LENGTH:
                    continue
                piece = word[i:j]
                if piece == word or piece not in self._words:
                    continue
                candidate = (*best[i], piece)
                if j not in best or len(candidate) < len(best[j]):
                    best[j] = candidate
        return best.get(len(word), ())

    @lru_cache(maxsize=65_536)  # noqa: B019
    def _parts(self, word: str) -> tuple[str, ...]:
        """The words a compound is made of, at every level: after a nominal prefix (การ|ท่องเที่ยว) or
        where it is made of words of four characters or more (ท่อง|เที่ยว, สุพรรณ|บุรี)."""
        pieces: tuple[str, ...] = ()
        for prefix in PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 2 and (rest in self._words or self._split(rest, shortest=2)):
                pieces = (rest,)
                break
        if not pieces:
            pieces = self._split(word, shortest=COMPOUND_PART_LENGTH)
        found: list[str] = []
        for piece in pieces:
            found.append(piece)
            found.extend(self._parts(piece))
        return tuple(found)

    def _words_of(self, text: str) -> list[str]:
        words: list[str] = []
        for chunk in _WORD.findall(_clean(text)):
            if not _THAI.search(chunk):
                words.append(chunk)
                continue
            position = 0
            for run in _THAI_RUN.finditer(chunk):
                if run.start() > position:  # Latin letters or digits glued to Thai
                    words.append(chunk[position : run.start()])
                words.extend(self._thai_words(run.group()))
                position = run.end()
            if position < len(chunk):
                words.append(chunk[position:])
        return [w for w in words if w.strip("_")]

    def prepare(self) -> None:
        """Load what the first cut would load (PyThaiNLP builds its dictionary trie on first use: 1-2 s),
        so that it happens at start-up rather than in the first search."""
        self.index_words("การท่องเที่ยว")

    def query_words(self, text: str) -> list[str]:
        """The words of a search, in order, each once."""
        return list(dict.fromkeys(self._words_of(text)))

    def index_words(self, text: str) -> list[str]:
        """The words of a text to index: its words and, for Thai compounds, the words inside them."""
        words = self._words_of(text)
        out: list[str] = []
        for word in words:
            out.append(word)
            if _THAI.search(word):
                out.extend(self._parts(word))
        return out
