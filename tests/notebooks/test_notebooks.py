"""The notebooks: committed without outputs, listed in their README, and each one executed top to bottom
(nbclient) against the real server started on a free port, with PROVINCE40_ENDPOINT pointing at it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "province40"
CELL_TIMEOUT = 300


def test_there_are_numbered_notebooks_and_the_readme_lists_each() -> None:
    assert [p.name[:3] for p in PATHS] == ["01-", "02-", "03-", "04-"]
    readme = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for path in PATHS:
        assert f"`{path.name}`" in readme, f"{path.name} is missing from notebooks/README.md"
    assert "make notebooks" in readme and "make run" in readme and "PROVINCE40_ENDPOINT" in readme


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_notebooks_carry_no_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs (run `make notebooks-clean`)"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"
        assert not cell.metadata.get("execution"), f"{path.name}: a cell carries execution metadata"
    assert notebook.metadata.get("kernelspec", {}).get("name") == KERNEL
    assert set(notebook.metadata) == {"kernelspec"}, f"{path.name}: machine-specific metadata (make notebooks-clean)"


@pytest.mark.parametrize("path", [p for p in PATHS if "national" not in p.name], ids=lambda p: p.stem)
def test_a_notebook_on_the_endpoint_checks_it_in_its_first_code_cell(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "check_endpoint()" in first.source
    before = "".join(cell.source for cell in notebook.cells[: notebook.cells.index(first)])
    assert "make run" in before  # the command that starts the service, said before the check


def test_notebooks_import_the_package_instead_of_redefining_it() -> None:
    for path in PATHS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert not re.search(r"^\s*(def|class) ", cell.source, re.MULTILINE), f"{path.name} defines logic"


@pytest.fixture(scope="session")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder with the ``province40`` kernel: this test run's Python (outside the repository)."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "Python (province40)", "language": "python"}),
        encoding="utf-8",
    )
    return folder


@pytest.mark.server
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_against_the_live_endpoint(
    path: Path, live_endpoint: str, kernel_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVINCE40_ENDPOINT", live_endpoint)
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # the kernel writes nothing into the checkout
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name} failed:\n{error}")
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before, "the notebook wrote into notebooks/"
    errors, warnings, images = [], [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                errors.append(output.ename)
            if output.output_type == "stream" and output.name == "stderr":
                warnings.append(output.text)
            images += "image/png" in output.get("data", {})
    assert not errors, f"{path.name}: {errors}"
    assert not any("missing from font" in text or "Glyph" in text for text in warnings), warnings
    if not path.name.startswith("01-"):  # the first notebook is tables only
        assert images > 0, f"{path.name} drew no figure"
