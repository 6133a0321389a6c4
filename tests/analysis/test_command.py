"""``province40 network``: views listed in --help, files written with their attributes, bad input exits 2."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from province40.analysis.views import VIEWS
from province40.cli import main
from tests.servers import free_port


def test_help_lists_every_view(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["network", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for name, view in VIEWS.items():
        assert name in out and view.title_en in out and view.title_th in out
    for option in ("--view", "--format", "--lang", "--output", "--endpoint", "--store"):
        assert option in out


def test_writes_a_view_from_the_store(tmp_path: Path, store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "dimensions.graphml"
    code = main(["network", "--view", "project-dimension", "--format", "graphml", "--lang", "en",
                 "--store", str(store_dir), "--output", str(output)])
    assert code == 0
    graph = nx.read_graphml(output)
    assert sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "dimension") == 3
    assert graph.nodes["https://w3id.org/province40/id/issue/TH-72-01"]["label"].startswith("Raising")
    assert {d["basis"] for _, _, d in graph.edges(data=True)} == {"curated"}
    assert "wrote" in capsys.readouterr().err


def test_writes_a_view_from_an_endpoint_to_stdout(live_endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["network", "--view", "province-strategy", "--format", "csv", "--endpoint", live_endpoint,
                 "--output", "-"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "source,target,source_label,target_label,basis,confidence,curated,items,relation,stated,weight"
    assert any("สุพรรณบุรี" in line for line in lines[1:])  # Thai labels by default


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--view", "projects", "--format", "csv"], "invalid choice: 'projects'"),
        (["--view", "programme", "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["--view", "programme", "--format", "csv", "--lang", "fr"], "invalid choice: 'fr'"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["network", *arguments, "--output", str(tmp_path / "x")])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_folder_or_store_exits_2(tmp_path: Path, store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing" / "x.gexf"
    assert main(["network", "--view", "programme", "--format", "gexf", "--store", str(store_dir),
                 "--output", str(missing)]) == 2
    assert f"no folder {missing.parent}" in capsys.readouterr().err
    assert main(["network", "--view", "programme", "--format", "gexf", "--store", str(tmp_path / "nostore"),
                 "--output", str(tmp_path / "x.gexf")]) == 2
    assert "province40 build" in capsys.readouterr().err
    assert not (tmp_path / "x.gexf").exists()


def test_an_endpoint_that_does_not_answer_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    assert main(["network", "--view", "programme", "--format", "csv", "--endpoint", url,
                 "--output", str(tmp_path / "x.csv")]) == 1
    assert "make run" in capsys.readouterr().err
