"""Import rules the layout promises (architecture review §2.2): the domain packages never reach up
into the CLI, and the web framework stays inside api/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "service" / "province40"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_validation_module_imports_the_cli() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "validation").rglob("*.py")
        if any(name == "province40.cli" or name.startswith("province40.cli.") for name in _imports(path))
    ]
    assert offenders == []


def test_only_api_imports_fastapi_or_starlette() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "api" or relative == Path("__init__.py"):  # __init__: TYPE_CHECKING only
            continue
        if any(name.split(".")[0] in {"fastapi", "starlette"} for name in _imports(path)):
            offenders.append(str(relative))
    assert offenders == []


def test_the_store_imports_nothing_from_the_endpoint() -> None:
    """The query path is one-way (review §2.2, §5.1): sparql/ uses store/, never the other way round;
    result formats and serialisers (province40.results) sit below both."""
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "store").rglob("*.py")
        for name in _imports(path)
        if name == "province40.sparql" or name.startswith("province40.sparql.")
    ]
    assert offenders == []


def test_one_row_cap() -> None:
    """Query results are capped in one place, province40.results.capped (review §3.4: it was written four
    times). spreadsheet/ is left out: its max_rows is the size limit of an uploaded sheet, not a result."""
    pattern = re.compile(r"(len\(\w+\)|seen)\s*>=?\s*(self\.)?_?max_rows")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "results.py"
        and path.relative_to(PACKAGE).parts[0] != "spreadsheet"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_route_modules_only_translate_http() -> None:
    """No route module parses a body or keeps a table of formats (review §5.2): parsing happens in the
    store or the domain modules, format registries live beside their renderers."""
    offenders = []
    for path in (PACKAGE / "api" / "routes").glob("*.py"):
        names = _imports(path)
        text = path.read_text(encoding="utf-8")
        if "pyoxigraph" in names or re.search(r"\bparse_bytes\b|\bparse_file\b|\bparse_accept\b", text):
            offenders.append(f"{path.name}: parses")
        if re.search(r"^_?[A-Z_]*FORMATS\b\s*[:=]", text, re.MULTILINE):
            offenders.append(f"{path.name}: a format table")
    assert offenders == []


def _room_imports(room: str) -> dict[str, set[str]]:
    return {
        str(path.relative_to(PACKAGE)): {n for n in _imports(path) if n.startswith("province40.validation")}
        for path in (PACKAGE / "validation" / room).rglob("*.py")
    }


def test_the_validation_rooms_depend_one_way() -> None:
    """data and engine → report → render: a renderer only reads a report, and the report room
    neither renders nor validates."""
    upstream = ("province40.validation.validator", "province40.validation.engine", "province40.validation.dataset",
                "province40.validation.plan_reader", "province40.validation.merge")
    render = {m: sorted(n for n in names if n.startswith(upstream)) for m, names in _room_imports("render").items()}
    assert {m: names for m, names in render.items() if names} == {}
    report = {
        m: sorted(n for n in names if n.startswith((*upstream, "province40.validation.render")))
        for m, names in _room_imports("report").items()
    }
    assert {m: names for m, names in report.items() if names} == {}
    assert (PACKAGE / "validation" / "render" / "templates" / "report.html.j2").is_file()
