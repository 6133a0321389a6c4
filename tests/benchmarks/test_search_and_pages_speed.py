"""Benchmark: Thai search at national scale, and the pages and API answers on a national-size store.

    make bench     # or: .venv/bin/pytest tests/benchmarks/test_search_and_pages_speed.py -s -o addopts=""

1. The choice of segmenter and index, measured on 25,000 synthetic projects whose titles are built
   from real project-title phrases: PyThaiNLP newmm alone, newmm + words inside compounds (what
   province40 uses), SQLite FTS5 ``unicode61`` and ``trigram``: recall of ท่องเที่ยว, false ข้าว/ข่าว
   matches, search latency, index build time.
2. p50/p95 of a province page, a project page, API answers, search and the overview on a store of 77
   provinces × PROVINCE40_BENCH_PROJECTS projects (default 300), in-process, one client.

Never fails on time: it asserts only what the figures must show about correctness.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from province40.api.app import create_app
from province40.assets import asset_dirs
from province40.loading import build_store
from province40.search import SearchDocument, SearchIndex
from province40.settings import Settings
from province40.text.segment import Segmenter
from tests.benchmarks.synthetic import write_trig

DOCUMENTS = int(os.environ.get("PROVINCE40_BENCH_DOCUMENTS", "25000"))
PROJECTS = int(os.environ.get("PROVINCE40_BENCH_PROJECTS", "300"))
ROUNDS = int(os.environ.get("PROVINCE40_BENCH_ROUNDS", "40"))

PHRASES = (
    "การส่งเสริมการท่องเที่ยว", "การพัฒนาการท่องเที่ยวเชิงเกษตร", "นักท่องเที่ยว", "ข้าวหอมมะลิ", "ข่าวสารชุมชน",
    "การขับเคลื่อนระบบการขนส่งอัจฉริยะ", "การขยายผลระบบติดตามผู้ป่วย", "เกษตรอินทรีย์", "การแปรรูปผลผลิต",
    "การยกระดับคุณภาพการให้บริการ", "ด้วยนวัตกรรม", "เมืองอัจฉริยะ", "การอนุรักษ์ทรัพยากรธรรมชาติ",
    "และสิ่งแวดล้อม", "การพัฒนาคุณภาพชีวิตของประชาชน", "ศูนย์ข้อมูลจังหวัด", "ตลาดชุมชน", "การจัดการขยะ",
    "ปี ๒๕๖๖", "ปี 2567", "Smart City", "Smart Farming", "MICE", "Geopark", "การศึกษาตลอดชีวิต",
)


def synthetic_documents(count: int, *, seed: int = 8) -> list[SearchDocument]:
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        title = "".join(rng.sample(PHRASES, rng.randint(2, 4)))
        docs.append(SearchDocument(
            item=f"https://w3id.org/province40/id/project/TH-{10 + n % 77:02d}-S{n:05d}", kind="project",
            code=f"TH-{10 + n % 77:02d}", province_th="จังหวัดทดสอบ", province_en="Test province",
            title_th=title, title_en="synthetic", description="".join(rng.sample(PHRASES, 2)), digest=str(n)))
    return docs


def timed(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def _fts(docs: list[SearchDocument], tokenizer: str) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, description, tokenize='{tokenizer}')")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(d.title_th, d.description) for d in docs])
    return db


def test_search_choice_and_speed() -> None:
    docs = synthetic_documents(DOCUMENTS)
    truth_tourism = sum("ท่องเที่ยว" in d.title_th + d.description for d in docs)
    truth_rice = sum("ข้าว" in d.title_th + d.description for d in docs)
    print(f"\n{DOCUMENTS} projects; {truth_tourism} contain ท่องเที่ยว, {truth_rice} contain ข้าว (rice)")
    print(f"{'method':<34}{'ท่องเที่ยว found':>18}{'ข้าว hits':>11}{'of them ข่าว only':>19}{'p50 ms':>9}{'p95 ms':>9}")

    for tokenizer in ("unicode61", "trigram"):
        db = _fts(docs, tokenizer)
        tourism = db.execute("SELECT COUNT(*) FROM t WHERE t MATCH ?", ('"ท่องเที่ยว"',)).fetchone()[0]
        rows = [r[0] for r in db.execute("SELECT title FROM t WHERE t MATCH ?", ('"ข้าว"',))]
        wrong = sum("ข้าว" not in r for r in rows)
        rows = [r[0] + r[1] for r in db.execute("SELECT title, description FROM t WHERE t MATCH ?", ('"ข้าว"',))]
        wrong = sum("ข้าว" not in r for r in rows)
        p50, p95 = timed(lambda db=db: db.execute("SELECT rowid FROM t WHERE t MATCH ? LIMIT 20", ('"ท่องเที่ยว"',)).fetchall(), ROUNDS)
        print(f"{'FTS5 ' + tokenizer:<34}{tourism:>18}{len(rows):>11}{wrong:>19}{p50:>9.2f}{p95:>9.2f}")

    plain = Segmenter()
    newmm_only = sum("ท่องเที่ยว" in plain.query_words(d.title_th + " " + d.description) for d in docs)
    print(f"{'PyThaiNLP newmm alone':<34}{newmm_only:>18}{'':>11}{'':>19}")

    started = time.perf_counter()
    index = SearchIndex()
    index.apply(docs)
    build = time.perf_counter() - started
    tourism_hits = index.search("ท่องเที่ยว", limit=1).total
    rice = index.search("ข้าว", limit=DOCUMENTS)
    rice_wrong = sum("ข้าว" not in h.document.title_th + h.document.description for h in rice.hits)
    p50, p95 = timed(lambda: index.search("ท่องเที่ยว"), ROUNDS)
    print(f"{'province40: newmm + compounds':<34}{tourism_hits:>18}{rice.total:>11}{rice_wrong:>19}{p50:>9.2f}{p95:>9.2f}")
    for query in ("ข้าวหอมมะลิ", "smart", "๒๕๖๖", "การท่องเที่ยว เกษตร", "ทองเทียว"):
        p50, p95 = timed(lambda query=query: index.search(query), ROUNDS)
        print(f"  search {query!r:<26} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  hits {index.search(query).total}")
    print(f"  index build: {build:.1f} s for {DOCUMENTS} projects")
    assert tourism_hits == truth_tourism and rice_wrong == 0


def test_pages_and_api_at_national_scale(tmp_path: Path) -> None:
    trig = tmp_path / "national.trig"
    quads = write_trig(trig, asset_dirs().data / "reference" / "provinces.ttl", PROJECTS)
    started = time.perf_counter()
    store_dir = tmp_path / "store"
    build_store(store_dir, extra=[trig])
    print(f"\nnational store: 77 × {PROJECTS} projects, {quads} extra quads, built in {time.perf_counter() - started:.0f} s")
    settings = Settings(store_dir=store_dir, workers=2)
    with TestClient(create_app(settings)) as client:
        pages = {
            "overview /": "/",
            "province page": "/province/TH-33",
            "project page": "/project/TH-33-S0007",
            "strategy page": "/strategy/2",
            "API show-province-plan": "/api/show-province-plan?province=TH-33",
            "API trace-project-chain": "/api/trace-project-chain?id=TH-33-S0007",
            "API find-master-plan-projects": "/api/find-master-plan-projects?master_plan=5&limit=100",
            "API search": "/api/search?q=%E0%B8%AA%E0%B8%B1%E0%B8%87%E0%B9%80%E0%B8%84%E0%B8%A3%E0%B8%B2%E0%B8%B0%E0%B8%AB%E0%B9%8C",
            "coverage page": "/coverage",
        }
        print(f"{'request':<32}{'p50 ms':>9}{'p95 ms':>9}")
        for label, url in pages.items():
            assert client.get(url).status_code == 200, url
            p50, p95 = timed(lambda url=url: client.get(url), ROUNDS)
            print(f"{label:<32}{p50:>9.1f}{p95:>9.1f}")
