"""Imports over HTTP with province-scoped tokens: a TH-84 token imports TH-84's plan, is refused (403,
naming its scope) for TH-33 and for a Graph Store write; a revoked token is refused (401); the version
records the token's name. Versions, diff and export answer JSON and files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from province40.api.app import create_app
from province40.loading import BuildReport
from province40.store.embedded import EmbeddedStore
from province40.tokens import TokenFile
from tests.conftest import UPDATE_TOKEN, make_settings
from tests.plans.sheets import THAI_HEADERS, all_quads, project_row, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def setup(
    built: BuildReport, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, TokenFile, EmbeddedStore]]:
    root = tmp_path_factory.mktemp("plans-api")
    shutil.copytree(built.store_dir, root / "store")
    tokens = TokenFile(root / "tokens.json")
    settings = make_settings(root / "store", update_token=UPDATE_TOKEN, tokens_file=root / "tokens.json")
    store = EmbeddedStore(root / "store", workers=1, writable=True)
    try:
        with TestClient(create_app(settings, store=store)) as client:
            yield client, tokens, store
    finally:
        store.close()


def _post(client: TestClient, code: str, token: str | None, data: bytes, *, query: str = "") -> object:
    headers = {"Content-Type": XLSX}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(f"/api/plans/{code}/imports?filename=surat.xlsx{query}", content=data, headers=headers)


def test_a_token_scoped_to_th_84(setup: tuple[TestClient, TokenFile, EmbeddedStore]) -> None:
    client, tokens, store = setup
    secret = tokens.add("Surat Thani provincial office", ["TH-84"])
    data = xlsx([THAI_HEADERS, project_row(1), project_row(2)])

    dry = _post(client, "TH-84", secret, data, query="&dry-run=true")
    assert dry.status_code == 200 and dry.json()["written"] is False  # type: ignore[attr-defined]

    done = _post(client, "TH-84", secret, data)
    assert done.status_code == 201, done.text  # type: ignore[attr-defined]
    body = done.json()  # type: ignore[attr-defined]
    assert body["version"] == 2 and body["imported_by"] == "Surat Thani provincial office"
    assert body["report"]["scope"]["province"] == "TH-84" and body["file"]["name"] == "surat.xlsx"

    versions = client.get("/api/plans/TH-84/versions").json()["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert (
        versions[1]["imported_by"] == "Surat Thani provincial office"
        and versions[1]["diff"] == "/api/plans/TH-84/diff?from=1&to=2"
    )
    # the province page lists the versions and links each diff
    page = client.get("/province/TH-84?lang=en").text
    assert 'href="/api/plans/TH-84/diff?from=1&amp;to=2"' in page and "Surat Thani provincial office" in page
    assert page.count("<tr><td>") >= 2 and "current" in page
    diff = client.get(versions[1]["diff"]).json()
    assert (
        diff["from"] == 1
        and diff["to"] == 2
        and {c["change"] for c in diff["changes"]} >= {"item_added", "item_removed"}
    )

    before = all_quads(store)
    other = _post(client, "TH-33", secret, data)
    assert other.status_code == 403  # type: ignore[attr-defined]
    error = other.json()["error"]  # type: ignore[attr-defined]
    assert error["detail"]["scope"] == ["TH-84"] and "TH-84" in error["message"]
    graph_store = client.put(
        "/graph-store?graph=https://w3id.org/province40/graph/plan/TH-84",
        content=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {secret}"},
    )
    assert graph_store.status_code == 403 and graph_store.json()["error"]["detail"]["scope"] == ["TH-84"]
    update = client.post("/sparql", data={"update": "DROP ALL"}, headers={"Authorization": f"Bearer {secret}"})
    assert update.status_code == 403
    assert all_quads(store) == before

    tokens.revoke("Surat Thani provincial office")
    revoked = _post(client, "TH-84", secret, data)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["error"]["message"]  # type: ignore[attr-defined]
    assert _post(client, "TH-84", None, data).status_code == 401  # type: ignore[attr-defined]
    assert _post(client, "TH-84", "p40_not-a-token", data).status_code == 401  # type: ignore[attr-defined]
    assert all_quads(store) == before


def test_the_administrator_imports_any_province_and_a_bad_file_is_a_400_listing_every_problem(
    setup: tuple[TestClient, TokenFile, EmbeddedStore],
) -> None:
    client, _, store = setup
    before = all_quads(store)
    bad = project_row(1, budget="ไม่ทราบ")
    bad[5] = "นวตกรรม"
    response = _post(client, "TH-33", UPDATE_TOKEN, xlsx([THAI_HEADERS, bad]))
    assert response.status_code == 400  # type: ignore[attr-defined]
    problems = response.json()["error"]["detail"]["problems"]  # type: ignore[attr-defined]
    assert [p["column"] for p in problems] == ["F", "I"] and problems[0]["suggestions"]
    assert all_quads(store) == before
    ok = _post(client, "TH-33", UPDATE_TOKEN, xlsx([THAI_HEADERS, project_row(1)]))
    assert ok.status_code == 201 and ok.json()["imported_by"] == "administrator"  # type: ignore[attr-defined]


def test_multipart_upload_export_and_openapi(setup: tuple[TestClient, TokenFile, EmbeddedStore]) -> None:
    client, _, _ = setup
    data = xlsx([THAI_HEADERS, project_row(1)])
    response = client.post(
        "/api/plans/TH-11/imports?dry-run=true",
        files={"file": ("khon.xlsx", data, XLSX)},
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}"},
    )
    assert response.status_code == 200 and response.json()["file"]["name"] == "khon.xlsx"
    exported = client.get("/api/plans/TH-11/export?format=csv")
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/plans/{code}/imports",
        "/api/plans/{code}/versions",
        "/api/plans/{code}/diff",
        "/api/plans/{code}/export",
    } <= set(paths)
    too_big = client.post(
        "/api/plans/TH-11/imports",
        content=b"x" * (6 * 1024 * 1024),
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}", "Content-Type": "text/csv"},
    )
    assert too_big.status_code == 413 and too_big.json()["error"]["detail"]["setting"] == "max_import_bytes"
    assert client.get("/api/plans/TH-99/versions").json()["versions"] == []
    assert client.get("/api/plans/nope/versions").status_code == 400


def test_tokens_are_kept_hashed(tmp_path: Path) -> None:
    tokens = TokenFile(tmp_path / "tokens.json")
    secret = tokens.add("office", ["th-84", "TH-85"])
    text = (tmp_path / "tokens.json").read_text(encoding="utf-8")
    assert secret not in text and "TH-85" in text
    assert (tmp_path / "tokens.json").stat().st_mode & 0o777 == 0o600
    entry = tokens.verify(secret)
    assert entry is not None and entry.provinces == ("TH-84", "TH-85") and tokens.verify(secret + "x") is None


def test_an_http_import_lists_suggestions_and_writes_them_only_when_accepted(
    setup: tuple[TestClient, TokenFile, EmbeddedStore],
) -> None:
    client, _, store = setup
    bare = project_row(2, title="โครงการส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม")
    bare[4:8] = ["", "", "", ""]
    data = xlsx([THAI_HEADERS, project_row(1), bare])
    before = all_quads(store)
    dry = _post(client, "TH-30", UPDATE_TOKEN, data, query="&dry-run=true&accept-suggestions=true")
    assert dry.status_code == 200  # type: ignore[attr-defined]
    row = dry.json()["suggestions"][0]  # type: ignore[attr-defined]
    assert row["status"] == "suggested, not stated" and row["master-plan"]["suggestions"][0]["notation"] == "5"
    assert all_quads(store) == before
    done = _post(client, "TH-30", UPDATE_TOKEN, data, query="&accept-suggestions=true")
    assert done.status_code == 201 and done.json()["suggestions_accepted"] >= 2  # type: ignore[attr-defined]
