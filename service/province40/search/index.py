"""The search index: SQLite FTS5 over pre-segmented words, BM25 with titles weighted above descriptions.

FTS5's own tokenizers do not fit Thai (``unicode61`` cuts at every vowel and tone mark, so ข้าว matches
ข่าว; ``trigram`` matches across cluster boundaries, so ที่ matches เที่ยว, and needs three characters).
So :class:`~province40.text.segment.Segmenter` cuts the text into words first and FTS5 stores them with
its ``ascii`` tokenizer, which splits only at ASCII spaces and punctuation and keeps every Thai
character inside a word. A search is the AND of its words; matches are highlighted on the original
text. The README's Performance section has the figures that chose this.

One SQLite file (or memory); one connection guarded by a lock, so calls may come from any thread.
"""

from __future__ import annotations

import difflib
import html
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from province40.search.documents import SearchDocument
from province40.text.normalise import arabic_digits
from province40.text.segment import Segmenter

TITLE_WEIGHT = 10.0
DESCRIPTION_WEIGHT = 1.0
"""BM25 column weights: a word in a title counts ten times a word in a description (the table's rank
function, set in :class:`SearchIndex`, says so)."""
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY, item TEXT UNIQUE NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL,
    code TEXT, province_th TEXT, province_en TEXT, title_th TEXT, title_en TEXT, description TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(title, description,
    tokenize='ascii');
CREATE TABLE IF NOT EXISTS vocabulary (word TEXT PRIMARY KEY, documents INTEGER NOT NULL);
"""
_THAI = re.compile(r"[\u0E00-\u0E7F]")


@dataclass(frozen=True, kw_only=True)
class Hit:
    """One search result: the document, its BM25 score and its fields with matches in ``<mark>``."""

    document: SearchDocument
    score: float
    title_th_html: str
    title_en_html: str
    description_html: str


@dataclass(frozen=True, kw_only=True)
class SearchResult:
    """The hits of one search (best first), the words searched for, and suggestions when none hit."""

    query: str
    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int
    suggestions: tuple[str, ...] = ()


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def highlight(text: str, words: Sequence[str]) -> str:
    """``text`` as HTML (escaped) with every occurrence of ``words`` in ``<mark>``. Case, Thai digits and
    Unicode composition are ignored when matching; the original characters are kept."""
    if not text:
        return ""
    folded = arabic_digits(unicodedata.normalize("NFC", text)).lower()
    if len(folded) != len(text):  # composition changed lengths: match on the folded text itself
        text = unicodedata.normalize("NFC", text)
        folded = arabic_digits(text).lower()
    marks = [False] * len(text)
    for word in words:
        if not word:
            continue
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            ascii_word = not _THAI.search(word)
            inside = ascii_word and (
                (start > 0 and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum())
            )
            if not inside:
                for k in range(start, end):
                    marks[k] = True
            start = folded.find(word, start + 1)
    out: list[str] = []
    k = 0
    while k < len(text):
        j = k
        while j < len(text) and marks[j] == marks[k]:
            j += 1
        piece = html.escape(text[k:j])
        out.append(f"<mark>{piece}</mark>" if marks[k] else piece)
        k = j
    return "".join(out)


class SearchIndex:
    """Projects and strategic issues, searchable by their words."""

    def __init__(self, path: Path | None = None, *, segmenter: Segmenter | None = None) -> None:
        self.path = path
        self.segmenter = segmenter or Segmenter()
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.executescript(_SCHEMA)
        version = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if version is not None and version[0] != SCHEMA_VERSION:
            self._db.executescript("DELETE FROM documents; DELETE FROM words; DELETE FROM vocabulary;")
        # BM25 with the column weights TITLE_WEIGHT, DESCRIPTION_WEIGHT as the table's rank function
        self._db.execute("INSERT INTO words(words, rank) VALUES ('rank', 'bm25(10.0, 1.0)')")
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ writing

    def digests(self) -> dict[str, str]:
        """Item IRI → digest of the text indexed for it."""
        with self._lock:
            return dict(self._db.execute("SELECT item, digest FROM documents").fetchall())

    def _words(self, document: SearchDocument) -> tuple[str, str]:
        title = self.segmenter.index_words(f"{document.title_th} {document.title_en}")
        body = self.segmenter.index_words(
            f"{document.description} {document.province_th} {document.province_en} {document.code}"
        )
        return " ".join(title), " ".join(body)

    def apply(self, upserts: Iterable[SearchDocument], deletions: Iterable[str] = ()) -> int:
        """Add or replace ``upserts`` and remove the items in ``deletions``, in one transaction.
        Segmentation happens before the lock is taken. Returns the number of documents changed."""
        prepared = [(d, *self._words(d)) for d in upserts]
        gone = list(deletions)
        with self._lock, self._db:
            for item in gone + [d.item for d, _, _ in prepared]:
                row = self._db.execute("SELECT rowid FROM documents WHERE item = ?", (item,)).fetchone()
                if row is not None:
                    self._db.execute("DELETE FROM words WHERE rowid = ?", row)
                    self._db.execute("DELETE FROM documents WHERE rowid = ?", row)
            for document, title, body in prepared:
                cursor = self._db.execute(
                    "INSERT INTO documents (item, digest, kind, code, province_th, province_en, title_th, title_en,"
                    " description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        document.item,
                        document.digest,
                        document.kind,
                        document.code,
                        document.province_th,
                        document.province_en,
                        document.title_th,
                        document.title_en,
                        document.description,
                    ),
                )
                self._db.execute("INSERT INTO words (rowid, title, description) VALUES (?, ?, ?)",
                                 (cursor.lastrowid, title, body))
            if prepared or gone:
                self._refresh_vocabulary()
        return len(prepared) + len(gone)

    def _refresh_vocabulary(self) -> None:
        counts: dict[str, int] = {}
        for (title,) in self._db.execute("SELECT title_th || ' ' || title_en FROM documents"):
            for word in set(self.segmenter.index_words(title or "")):
                if len(word) >= 2:
                    counts[word] = counts.get(word, 0) + 1
        self._db.execute("DELETE FROM vocabulary")
        self._db.executemany("INSERT INTO vocabulary VALUES (?, ?)", counts.items())

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """The documents that contain every word of ``query``, best first (BM25, titles × 10)."""
        words = tuple(self.segmenter.query_words(query))
        if not words:
            return SearchResult(query=query, words=(), hits=(), total=0)
        match = " AND ".join(_fts_phrase(w) for w in words)
        with self._lock:
            total = int(self._db.execute("SELECT COUNT(*) FROM words WHERE words MATCH ?", (match,)).fetchone()[0])
            rows = self._db.execute(
                "SELECT d.item, d.digest, d.kind, d.code, d.province_th, d.province_en, d.title_th, d.title_en,"
                " d.description, best.rank FROM (SELECT rowid, rank FROM words WHERE words MATCH ?"
                " ORDER BY rank LIMIT ? OFFSET ?) AS best JOIN documents d ON d.rowid = best.rowid ORDER BY best.rank",
                (match, limit, offset),
            ).fetchall()
            suggestions = () if total else self._suggest(words)
        hits = []
        for row in rows:
            document = SearchDocument(
                item=row[0], digest=row[1], kind=row[2], code=row[3], province_th=row[4], province_en=row[5],
                title_th=row[6], title_en=row[7], description=row[8],
            )
            hits.append(
                Hit(
                    document=document,
                    score=-float(row[9]),
                    title_th_html=highlight(document.title_th, words),
                    title_en_html=highlight(document.title_en, words),
                    description_html=highlight(document.description, words),
                )
            )
        return SearchResult(query=query, words=words, hits=tuple(hits), total=total, suggestions=suggestions)

    def _suggest(self, words: Sequence[str]) -> tuple[str, ...]:
        vocabulary = [w for (w,) in self._db.execute("SELECT word FROM vocabulary ORDER BY documents DESC")]
        found: list[str] = []
        for word in words:
            for close in difflib.get_close_matches(word, vocabulary, n=5, cutoff=0.6):
                if close not in found and close != word:
                    found.append(close)
        return tuple(found[:8])
