"""`make run`'s launcher: the warm-up starts when Streamlit's runtime exists, before any session asks for it."""

from __future__ import annotations

import streamlit.runtime as st_runtime

from smartpick_app import cache, serve


def test_the_warm_up_starts_as_soon_as_the_runtime_exists(monkeypatch):
    checks = iter([False, False, True])
    started: list[str] = []
    monkeypatch.setattr(st_runtime.Runtime, "exists", staticmethod(lambda: next(checks)))
    monkeypatch.setattr(cache, "warm_up", lambda: started.append("warm-up"))
    monkeypatch.setattr(serve.time, "sleep", lambda _s: None)

    assert serve._warm_when_serving(wait_s=60) is True
    assert started == ["warm-up"]


def test_no_warm_up_when_the_server_never_starts(monkeypatch):
    started: list[str] = []
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr(st_runtime.Runtime, "exists", staticmethod(lambda: False))
    monkeypatch.setattr(cache, "warm_up", lambda: started.append("warm-up"))
    monkeypatch.setattr(serve.time, "sleep", lambda _s: None)
    monkeypatch.setattr(serve.time, "monotonic", lambda: next(clock))

    assert serve._warm_when_serving(wait_s=60) is False
    assert started == []


def test_the_launcher_runs_the_apps_own_entry_point_with_the_callers_options():
    argv = serve.streamlit_argv(["--server.port", "8502"])
    assert argv[:2] == ["streamlit", "run"]
    assert argv[2].endswith("app.py") and serve.APP.exists()
    assert argv[3:] == ["--server.port", "8502"]


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.me = self


def test_the_warm_up_freezes_what_it_loaded_and_collects_garbage_first():
    import gc
    import weakref

    kept = _Node()
    dropped = _Node()
    dropped_ref = weakref.ref(dropped)
    del dropped            # unreachable, but alive until a collection: a cycle
    try:
        frozen = cache.freeze_long_lived_objects()
        assert frozen == gc.get_freeze_count() > 0
        assert dropped_ref() is None                     # garbage was collected, not frozen
        assert not any(o is kept for o in gc.get_objects(generation=2))   # out of the full collection's walk
    finally:
        gc.unfreeze()
