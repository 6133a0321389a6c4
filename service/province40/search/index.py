"""The search index: tantivy (BM25, titles weighted above descriptions) over pre-segmented words,
with the documents, their words and the vocabulary kept in SQLite.

Thai needs its own cutting: :class:`~province40.text.segment.Segmenter` cuts the text into words (and
the words inside compounds) first; the index only splits at spaces (tantivy's ``whitespace``
tokenizer), so every Thai character stays inside its word and ข้าว never matches ข่าว. A search is the
AND of its words, each matched in the title (BM25 × :data:`TITLE_WEIGHT`) or in the description; a
word the segmenter kept whole but that holds ASCII punctuation (``th-84``) is a phrase of its parts.
Matches are highlighted on the original text.

Where things live: SQLite (a file beside the store, or memory) holds each document, its digest and its
segmented words, and the vocabulary that suggestions come from; the tantivy index lives in memory and
is rebuilt from the stored words when the index is opened (no segmenting: about a second for 25,000
projects) and updated with every :meth:`SearchIndex.apply`. Why tantivy and not SQLite FTS5: ranking
a word that half of 25,000 projects contain takes FTS5 10-40 ms and tantivy about 0.1 ms (the README's
Performance section and ``tests/benchmarks/test_search_and_pages_speed.py``).

One lock guards both, so calls may come from any thread.
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

import tantivy

from province40.search.documents import SearchDocument
from province40.text.normalise import arabic_digits
from province40.text.segment import Segmenter

TITLE_WEIGHT = 10.0
DESCRIPTION_WEIGHT = 1.0
"""BM25 column weights: a word in a title counts ten times a word in a description (the table's rank
function, set in :class:`SearchIndex`, says so)."""
SCHEMA_VERSION = "2"
"""Version 1 kept the words in an FTS5 table; an older file is emptied and filled again from the store."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    rowid INTEGER PRIMARY KEY, item TEXT UNIQUE NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL,
    code TEXT, province_th TEXT, province_en TEXT, title_th TEXT, title_en TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS terms (rowid INTEGER PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vocabulary (word TEXT PRIMARY KEY, documents INTEGER NOT NULL);
"""
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_ASCII_SEPARATORS = re.compile(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+")
"""ASCII characters that are neither letters nor digits: they separate the parts of a word (as
SQLite's ``ascii`` tokenizer did); every other character belongs to the word."""


def _parts(word: str) -> list[str]:
    return [part for part in _ASCII_SEPARATORS.split(word) if part]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("rowid", stored=True, indexed=True)
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    return builder.build()


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
        version = None
        if self._db.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone():
            version = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if version is not None and version[0] != SCHEMA_VERSION:
            self._db.executescript("DROP TABLE IF EXISTS documents; DROP TABLE IF EXISTS words;"
                                   " DROP TABLE IF EXISTS terms; DROP TABLE IF EXISTS vocabulary;")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self._db.commit()
        self._schema = _schema()
        self._index = tantivy.Index(self._schema)
        self._writer = self._index.writer(heap_size=64_000_000, num_threads=1)
        self._load()
        self.segmenter.prepare()

    def _load(self) -> None:
        """Fill the in-memory tantivy index from the words stored in SQLite."""
        writer = self._writer
        writer.delete_all_documents()
        for rowid, title, body in self._db.execute("SELECT rowid, title, description FROM terms"):
            writer.add_document(tantivy.Document(rowid=rowid, title=title, body=body))
        writer.commit()
        self._index.reload()
        self._searcher = self._index.searcher()

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
        """The words of a document's title and of its description, as the index stores them."""
        title = self.segmenter.index_words(f"{document.title_th} {document.title_en}")
        body = self.segmenter.index_words(
            f"{document.description} {document.province_th} {document.province_en} {document.code}"
        )
        return " ".join(p for w in title for p in _parts(w)), " ".join(p for w in body for p in _parts(w))

    def apply(self, upserts: Iterable[SearchDocument], deletions: Iterable[str] = ()) -> int:
        """Add or replace ``upserts`` and remove the items in ``deletions``, in one transaction.
        Segmentation happens before the lock is taken. Returns the number of documents changed."""
        prepared = [(d, *self._words(d)) for d in upserts]
        gone = list(deletions)
        removed: list[int] = []
        added: list[tuple[int, str, str]] = []
        with self._lock:
            with self._db:
                for item in gone + [d.item for d, _, _ in prepared]:
                    row = self._db.execute("SELECT rowid FROM documents WHERE item = ?", (item,)).fetchone()
                    if row is not None:
                        removed.append(int(row[0]))
                        self._db.execute("DELETE FROM terms WHERE rowid = ?", row)
                        self._db.execute("DELETE FROM documents WHERE rowid = ?", row)
                for document, title, body in prepared:
                    cursor = self._db.execute(
                        "INSERT INTO documents (item, digest, kind, code, province_th, province_en, title_th,"
                        " title_en, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    rowid = int(cursor.lastrowid or 0)
                    self._db.execute("INSERT INTO terms (rowid, title, description) VALUES (?, ?, ?)",
                                     (rowid, title, body))
                    added.append((rowid, title, body))
                if prepared or gone:
                    self._refresh_vocabulary()
            if removed or added:
                self._follow(removed, added)
        return len(prepared) + len(gone)

    def _follow(self, removed: list[int], added: list[tuple[int, str, str]]) -> None:
        """Bring the tantivy index in step with what SQLite now holds (rebuilt from it on any error)."""
        try:
            writer = self._writer
            for rowid in removed:
                writer.delete_documents_by_term("rowid", rowid)
            for rowid, title, body in added:
                writer.add_document(tantivy.Document(rowid=rowid, title=title, body=body))
            writer.commit()
            self._index.reload()
            self._searcher = self._index.searcher()
        except (ValueError, RuntimeError, OSError):
            writer.rollback()
            self._load()

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

    def _query(self, words: Sequence[str]) -> tantivy.Query:
        """Every word must match, in the title (weighted) or in the description."""
        must = []
        for word in words:
            parts = _parts(word)
            fields = []
            for field, weight in (("title", TITLE_WEIGHT), ("body", DESCRIPTION_WEIGHT)):
                if len(parts) == 1:
                    one = tantivy.Query.term_query(self._schema, field, parts[0])
                else:
                    phrase: list[str | tuple[int, str]] = list(parts)
                    one = tantivy.Query.phrase_query(self._schema, field, phrase)
                fields.append((tantivy.Occur.Should, tantivy.Query.boost_query(one, weight)))
            must.append((tantivy.Occur.Must, tantivy.Query.boolean_query(fields)))
        return tantivy.Query.boolean_query(must)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> SearchResult:
        """The documents that contain every word of ``query``, best first (BM25, titles × 10)."""
        words = tuple(w for w in self.segmenter.query_words(query) if _parts(w))
        if not words:
            return SearchResult(query=query, words=(), hits=(), total=0)
        with self._lock:
            searcher = self._searcher
            found = searcher.search(self._query(words), limit=limit, count=True, offset=offset)
            ranked = [(float(score), int(searcher.doc(address)["rowid"][0])) for score, address in found.hits]
            by_rowid = {}
            for _, rowid in ranked:
                row = self._db.execute(
                    "SELECT rowid, item, digest, kind, code, province_th, province_en, title_th, title_en, description"
                    " FROM documents WHERE rowid = ?", (rowid,)).fetchone()
                if row is not None:
                    by_rowid[row[0]] = row[1:]
            total = int(found.count or 0)  # type: ignore[attr-defined]  # the stubs lack it; count=True sets it
            suggestions = () if total else self._suggest(words)
        rows = [(*by_rowid[rowid], -score) for score, rowid in ranked if rowid in by_rowid]
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
