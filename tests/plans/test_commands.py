"""The command line in-process: template, import (exit 0 / 1 / 2), versions, diff, export, token."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from province40.cli import main
from province40.loading import BuildReport
from tests.plans.sheets import THAI_HEADERS, project_row, xlsx


@pytest.fixture()
def store_copy(built: BuildReport, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(built.store_dir, target)
    return target


def test_template_has_bilingual_headers_drop_downs_instructions_and_an_example(tmp_path: Path, store_dir: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["template", "--output", str(out), "--store", str(store_dir), "--lang", "en"]) == 0
    book = load_workbook(out)
    plan, instructions, lists = book.worksheets
    assert (plan.title, instructions.title, lists.title, lists.sheet_state) == (
        "Plan",
        "Instructions",
        "Lists",
        "hidden",
    )
    headers = [c.value for c in plan[11] if c.value]
    assert headers[3] == "Title (Thai)\nชื่อโครงการ (ภาษาไทย)" and len(headers) == 18
    assert plan.cell(row=12, column=4).value.startswith("(ตัวอย่าง)") and plan.cell(row=12, column=5).value.startswith(
        "(Example)"
    )
    formulas = {dv.formula1 for dv in plan.data_validations.dataValidation}
    assert len(formulas) == 6 and any("$D$2:$D$24" in f for f in formulas)  # 23 master plans from the graph
    assert lists.max_row == 78  # 77 provinces
    texts = [c.value for row in instructions.iter_rows() for c in row if c.value]
    assert "คำแนะนำ" in texts[0] and any("ปีงบประมาณเริ่ม 1 ตุลาคม" in t for t in texts)
    assert any("the fiscal year starts on 1 October" in t for t in texts)


def test_import_exit_codes_and_the_commands_around_it(
    store_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([THAI_HEADERS, project_row(1), project_row(2), project_row(3)]))
    gaps = tmp_path / "gaps.csv"
    row = project_row(1)
    row[3] = ""  # no English title: a structure gap, not malformed input
    gaps.write_text("\n".join(",".join(f'"{v}"' for v in r) for r in (THAI_HEADERS, row)), encoding="utf-8")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet at all \x00\x01\x02")
    store = ["--store", str(store_copy)]

    assert main(["import", str(bad), "--province", "TH-84", *store]) == 2
    assert "not a spreadsheet" in capsys.readouterr().err
    assert main(["import", str(good), "--province", "TH-84", "--dry-run", *store]) == 0
    assert "dry run" in capsys.readouterr().out
    assert main(["import", str(good), "--province", "TH-84", "--by", "planner", *store]) == 0
    capsys.readouterr()
    assert main(["import", str(gaps), "--province", "TH-84", "--format", "json", *store]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["version"] == 3 and summary["validation"]["open"]["Violation"] >= 1 and summary["written"]
    assert main(["versions", "--province", "TH-84", "--format", "json", *store]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["number"], v["imported_by"]) for v in versions] == [
        (1, None),
        (2, "planner"),
        (3, versions[2]["imported_by"]),
    ]
    assert versions[2]["imported_by"].startswith("command line")
    assert main(["diff", "--province", "TH-84", "2", "3", "--lang", "en", *store]) == 0
    text = capsys.readouterr().out
    assert "version 2 → 3" in text and "removed" in text
    out = tmp_path / "export.csv"
    assert (
        main(["export", "--province", "TH-84", "--version", "2", "--format", "csv", "--output", str(out), *store]) == 0
    )
    assert "โครงการทดสอบที่ 3" in out.read_text(encoding="utf-8-sig")
    assert main(["diff", "--province", "TH-84", "7", *store]) == 2


def test_token_add_list_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = ["--tokens-file", str(tmp_path / "tokens.json")]
    assert main(["token", "add", "Surat Thani office", "--province", "TH-84", *file]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("p40_") and secret not in (tmp_path / "tokens.json").read_text(encoding="utf-8")
    assert main(["token", "add", "Surat Thani office", "--province", "TH-84", *file]) == 2
    assert main(["token", "revoke", "Surat Thani office", *file]) == 0
    assert main(["token", "list", "--format", "json", *file]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["provinces"] == ["TH-84"] and entry["revoked"]
