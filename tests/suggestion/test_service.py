"""The suggester service on the real store: a write's ``forget`` never waits for a suggester being built.

Every write through the service calls :meth:`SuggestionService.forget` before it is answered, and the
server builds the suggester in a warm-up thread at start-up (tens of seconds on a loaded machine). When
``forget`` waited for that build, the first writes after a start got no answer within a client's 30 s:
the hang of ``test_protocol_dataset_replaces_the_whole_dataset[embedded]`` (tests/conformance). These tests
hold the build inside its read of the store (a deterministic interleaving, not a race against the clock).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import cast

import pyoxigraph as ox

from province40.store.base import Store
from province40.store.embedded import EmbeddedStore
from province40.suggestion.service import SuggestionService


class _HeldStore:
    """The real store, whose ``export`` (the build's read) waits until the test releases it."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store
        self.entered = threading.Event()
        self.release = threading.Event()
        self.exports = 0

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        self.exports += 1
        self.entered.set()
        assert self.release.wait(120), "the test never released the build"
        return self._store.export(graphs)


def test_forget_returns_while_a_suggester_is_being_built(store: EmbeddedStore) -> None:
    held = _HeldStore(store)
    service = SuggestionService(cast(Store, held))
    built: list[object] = []
    building = threading.Thread(target=lambda: built.append(service.suggester()), daemon=True)
    building.start()
    assert held.entered.wait(120), "the build never read the store"
    forgetting = threading.Thread(target=service.forget, daemon=True)
    forgetting.start()
    forgetting.join(10)  # returns at once when correct; a hang is reported, never waited out
    hung = forgetting.is_alive()
    held.release.set()
    building.join(300)
    assert not hung, "forget() waited for the suggester being built: a write would hang behind the warm-up"
    assert built, "the build did not finish"


def test_a_suggester_built_across_a_write_is_not_kept(store: EmbeddedStore) -> None:
    held = _HeldStore(store)
    held.release.set()
    service = SuggestionService(cast(Store, held))
    service.suggester()
    service.suggester()
    assert held.exports == 1, "a suggester built with no write since is reused"
    service.forget()
    held.release.clear()
    held.entered.clear()
    building = threading.Thread(target=service.suggester, daemon=True)
    building.start()
    assert held.entered.wait(120)
    forgetting = threading.Thread(target=service.forget, daemon=True)
    forgetting.start()
    forgetting.join(10)
    held.release.set()
    building.join(300)
    assert not forgetting.is_alive()
    service.suggester()  # the one built while the write was forgotten read the old data: built again
    assert held.exports == 3
    service.suggester()
    assert held.exports == 3
