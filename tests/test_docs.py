"""Documentation stays true: every setting documented, the ontology's HTML docs build, READMEs exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from province40.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_described_and_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"| `{name}` |" in readme, f"setting {name} is missing from the README's settings table"


def test_readme_starts_with_the_two_commands() -> None:
    first_lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:4]
    assert first_lines[0] == "```sh"
    assert first_lines[1].startswith("make run ")
    assert first_lines[2].startswith("make test ")
    assert first_lines[3] == "```"
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_each_top_level_folder_has_a_readme() -> None:
    for folder in ("ontology", "shapes", "data", "service", "notebooks", "tests"):
        assert (ROOT / folder / "README.md").is_file(), folder


def test_ontology_html_documentation_builds(tmp_path: Path) -> None:
    merged = tmp_path / "province40-ontology.ttl"
    merged.write_bytes(b"\n".join(p.read_bytes() for p in sorted((ROOT / "ontology").glob("*.ttl"))))
    out = tmp_path / "ontology.html"
    pylode = Path(sys.executable).parent / "pylode"
    subprocess.run([str(pylode), str(merged), "-o", str(out)], check=True, capture_output=True, timeout=300)
    html = out.read_text(encoding="utf-8")
    for term in ("ProvincialDevelopmentPlan", "CuratedLink", "servesDimension", "แผนพัฒนาจังหวัด 4.0"):
        assert term in html
