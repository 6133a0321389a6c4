"""``province40 synth`` output: deterministic for a seed, TriG or N-Quads, loadable by other stores."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from province40 import namespaces as ns
from province40.cli import main
from province40.errors import ParameterError
from province40.loading import BuildReport
from province40.synth import SynthOptions, SynthSummary, write


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path: Path) -> None:
    options = SynthOptions(provinces=4, projects_per_province=6, seed=3)
    first = write(tmp_path / "a.trig", options, progress_stream=None)
    second = write(tmp_path / "b.trig", options, progress_stream=None)
    other = write(tmp_path / "c.trig", SynthOptions(provinces=4, projects_per_province=6, seed=4), progress_stream=None)
    assert first.quads == second.quads > 0
    assert _digest(first.path) == _digest(second.path)
    assert _digest(other.path) != _digest(first.path)


def test_the_format_follows_the_extension(tmp_path: Path) -> None:
    options = SynthOptions(provinces=2, projects_per_province=3)
    trig = write(tmp_path / "x.trig", options, progress_stream=None)
    nquads = write(tmp_path / "x.nq", options, progress_stream=None)
    from_trig = set(ox.parse(path=str(trig.path), format=ox.RdfFormat.TRIG))
    from_nq = set(ox.parse(path=str(nquads.path), format=ox.RdfFormat.N_QUADS))
    assert from_trig == from_nq and len(from_trig) == trig.quads == nquads.quads
    with pytest.raises(ParameterError, match=r"\.trig or \.nq"):
        write(tmp_path / "x.ttl", options, progress_stream=None)


def test_the_cli_writes_the_file_and_stays_quiet_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "national.nq"
    code = main(["synth", "--provinces", "3", "--projects-per-province", "4", "--seed", "9", "--output", str(output)])
    assert code == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # no progress bar when stderr is not a terminal
    assert f"wrote {output}:" in captured.out and "3 provinces × 4 projects, seed 9" in captured.out
    assert output.stat().st_size > 0
    assert main(["synth", "--provinces", "0", "--output", str(output)]) == 2


def test_build_with_the_file_loads_every_quad(small_synth: SynthSummary, small_synth_store: BuildReport) -> None:
    loaded = {f.display_name: f.triples for f in small_synth_store.files}
    assert loaded[str(small_synth.path)] == small_synth.quads
    plans = {g for g in small_synth_store.graphs if g.startswith(ns.PLAN_GRAPH_BASE)}
    assert len(plans) >= 12
    store = ox.Store.read_only(str(small_synth_store.store_dir))
    try:
        count = next(iter(store.query(  # type: ignore[arg-type]
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p a <https://w3id.org/province40/ontology#Project> } "
            "FILTER (CONTAINS(STR(?p), '-S')) }"
        )))["n"].value
    finally:
        del store
    assert int(count) >= 12 * 12


def test_another_store_reads_the_file(small_synth: SynthSummary) -> None:
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():  # rdflib's own Dataset.parse uses its deprecated default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=Path(small_synth.path).read_bytes(), format="trig")
    assert sum(len(g) for g in dataset.graphs()) == small_synth.quads
