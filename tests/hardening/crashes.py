"""Crash attacks: ``kill -9`` of the server (all its processes) and of its writer process during a write,
``kill -9`` of ``province40 build``, and a write to a full disk (a tiny tmpfs).

Each checks that the store afterwards holds the old or the new content of what was being written, never
a mix (and never nothing), and reports like :mod:`tests.hardening.attacks`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.hardening.attacks import Attack, Outcome, Row, error_shape, outcome_of
from tests.servers import BIN, _wait, free_port

TOKEN = "hardening-crash-token"
GRAPH = "https://w3id.org/province40/graph/plan/TH-33"
"""The graph every write replaces: a real plan graph, so "old" is the project's data."""


def graph_counts(store_dir: Path) -> dict[str, int]:
    """Triples per graph, read from the store files in a separate process (the store opens read-write,
    so a crashed writer's log is replayed first, as the service would)."""
    code = (
        "import json, sys, pyoxigraph as ox\n"
        "s = ox.Store(sys.argv[1])\n"
        "counts = {}\n"
        "for q in s:\n"
        "    g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ''\n"
        "    counts[g] = counts.get(g, 0) + 1\n"
        "print(json.dumps(counts))\n"
    )
    result = subprocess.run(
        [str(BIN / "python"), "-c", code, str(store_dir)], capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the store at {store_dir} does not open: {result.stderr[-500:]}")
    import json

    return {str(k): int(v) for k, v in json.loads(result.stdout).items()}


def new_content(triples: int) -> bytes:
    """The replacement of GRAPH: ``triples`` triples (about 80 bytes each)."""
    lines = [
        f'<http://example.org/crash/s{i}> <http://www.w3.org/2000/01/rdf-schema#label> "แทนที่ {i}"@th .'
        for i in range(triples)
    ]
    return "\n".join(lines).encode("utf-8")


@contextmanager
def own_server(store_dir: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``province40 serve`` in its own process group (so all of it can be killed at once)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVINCE40_")}
    env.update({f"PROVINCE40_{k.upper()}": v for k, v in settings.items()})
    log = (store_dir.parent / f"serve-{port}.log").open("w+b")
    process = subprocess.Popen(
        [str(BIN / "province40"), "serve", "--store", str(store_dir), "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/readyz", process, log, "province40 serve")  # type: ignore[arg-type]
        yield base, process
    finally:
        kill_group(process)
        log.close()


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """``kill -9`` of the process and everything in its group; wait until they are gone."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _group_members(process.pid):
        time.sleep(0.05)


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def writer_pid(server_pid: int) -> int:
    """The store's writer process: the first worker the server started (the pool starts it first)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server_pid and b"spawn_main" in cmdline:
            workers.append((int(fields[19]), int(entry.name)))  # start time, pid
    if not workers:
        raise RuntimeError("no worker process found")
    return min(workers)[1]


def _verdict(before: dict[str, int], after: dict[str, int], new_count: int) -> tuple[bool, str]:
    """Old or new content of GRAPH, every other graph as it was."""
    others_same = {g: n for g, n in after.items() if g != GRAPH} == {g: n for g, n in before.items() if g != GRAPH}
    graph = after.get(GRAPH, 0)
    which = "old" if graph == before.get(GRAPH) else "new" if graph == new_count else f"MIX ({graph} triples)"
    return others_same and which in ("old", "new"), f"graph holds the {which} content"


def _send_upload(base: str, body: bytes) -> subprocess.Popen[bytes]:
    """The upload from a separate process (curl-like), so killing the server does not touch this one."""
    code = (
        "import sys, httpx\n"
        "body = open(sys.argv[2], 'rb').read()\n"
        "try:\n"
        "    r = httpx.put(sys.argv[1] + '/graph-store', params={'graph': sys.argv[3]}, content=body,\n"
        "                  headers={'Content-Type': 'application/n-triples', 'Authorization': 'Bearer ' + sys.argv[4]},\n"
        "                  timeout=300)\n"
        "    print(r.status_code); print(r.text)\n"
        "except httpx.HTTPError as e:\n"
        "    print('(' + type(e).__name__ + ')')\n"
    )
    path = Path(f"/tmp/province40-crash-upload-{os.getpid()}.nt")
    path.write_bytes(body)
    return subprocess.Popen(
        [str(BIN / "python"), "-c", code, base, str(path), GRAPH, TOKEN],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def kill_server_during_write(store_dir: Path, delay: float, triples: int = 150_000) -> tuple[Outcome, bool]:
    """PUT a large replacement of GRAPH, ``kill -9`` every server process ``delay`` s later."""
    before = graph_counts(store_dir)
    body = new_content(triples)
    with own_server(store_dir, update_token=TOKEN, workers="1", update_timeout="300", max_body_bytes=str(64 << 20)) as (
        base,
        process,
    ):
        client = _send_upload(base, body)
        time.sleep(delay)
        kill_group(process)
        answer = client.communicate(timeout=60)[0].decode(errors="replace").split("\n", 1)[0]
    after = graph_counts(store_dir)
    consistent, note = _verdict(before, after, triples)
    return Outcome("(killed)", "", True, f"killed {delay:g} s in, client got {answer}; {note}"), consistent


def kill_writer_during_write(store_dir: Path, delay: float, triples: int = 150_000) -> tuple[Outcome, bool]:
    """PUT a large replacement, ``kill -9`` the writer process ``delay`` s later; the server must answer."""
    before = graph_counts(store_dir)
    body = new_content(triples)
    with own_server(store_dir, update_token=TOKEN, workers="1", update_timeout="300", max_body_bytes=str(64 << 20)) as (
        base,
        process,
    ):
        writer = writer_pid(process.pid)
        with httpx.Client(base_url=base, timeout=300) as http:
            started = time.monotonic()
            response_box: list[httpx.Response] = []
            import threading

            thread = threading.Thread(
                target=lambda: response_box.append(
                    http.put(
                        "/graph-store",
                        params={"graph": GRAPH},
                        content=body,
                        headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
                    )
                )
            )
            thread.start()
            time.sleep(max(0.0, delay - (time.monotonic() - started)))
            os.kill(writer, signal.SIGKILL)
            thread.join(120)
            outcome = outcome_of(response_box[0]) if response_box else Outcome("(no answer)", "", False)
            alive = http.get("/healthz").status_code == 200
        kill_group(process)
    after = graph_counts(store_dir)
    consistent, note = _verdict(before, after, triples)
    outcome.note = f"writer killed {delay:g} s in; {note}"
    return outcome, consistent and alive


def kill_build(store_dir: Path, extra: Path, delay: float, new: dict[str, int]) -> tuple[Outcome, bool]:
    """``province40 build --with extra`` over an existing store, ``kill -9`` ``delay`` s later; ``new``: the
    graph counts of the same build left to finish."""
    before = graph_counts(store_dir)
    process = subprocess.Popen(
        [str(BIN / "province40"), "build", "--store", str(store_dir), "--with", str(extra)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    finished = process.poll() is not None
    kill_group(process)
    # what the next `province40 serve` or build does first (recover_store); then the store must open
    from province40.store.recovery import recover_store

    recover_store(store_dir)
    after = graph_counts(store_dir)
    which = "old" if after == before else "new" if after == new else "MIX"
    leftovers = sorted(
        p.name for p in store_dir.parent.glob(f"{store_dir.name}.*") if ".building-" in p.name or ".old-" in p.name
    )
    state = " (it had finished)" if finished else ""
    note = f"killed {delay:g} s in{state}: the {which} content; leftovers: {', '.join(leftovers) or 'none'}"
    return Outcome("(killed)", "", True, note), which != "MIX" and not leftovers


def disk_full(built: Path, work: Path) -> tuple[Outcome, bool, str]:
    """A write that does not fit on a small tmpfs holding the store: a clean 4xx/503, the store as it was."""
    mount = work / "tmpfs"
    mount.mkdir()
    size_kib = int(sum(f.stat().st_size for f in built.rglob("*") if f.is_file()) / 1024) + 3 * 1024
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return (
            Outcome("(skipped)"),
            True,
            f"tmpfs cannot be mounted here: {result.stderr.strip() or result.stdout.strip()}",
        )
    try:
        store_dir = mount / "store"
        shutil.copytree(built, store_dir)
        before = graph_counts(store_dir)
        with own_server(
            store_dir, update_token=TOKEN, workers="1", update_timeout="120", max_body_bytes=str(64 << 20)
        ) as (
            base,
            _process,
        ):
            with httpx.Client(base_url=base, timeout=300) as http:
                response = http.put(
                    "/graph-store",
                    params={"graph": GRAPH},
                    content=new_content(200_000),
                    headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
                )
                outcome = outcome_of(response)
                small = http.put(
                    "/graph-store",
                    params={"graph": "http://example.org/after-disk-full"},
                    content=b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .",
                    headers={"Content-Type": "application/n-triples", "Authorization": f"Bearer {TOKEN}"},
                )
                alive = http.get("/healthz").status_code == 200
                http.delete(
                    "/graph-store",
                    params={"graph": "http://example.org/after-disk-full"},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                )
        # RocksDB writes its manifest when it opens: give the tmpfs room again, as an operator would
        subprocess.run(["mount", "-o", f"remount,size={size_kib * 4}k", str(mount)], check=True)
        after = graph_counts(store_dir)
        after.pop("http://example.org/after-disk-full", None)
        unchanged = after == before
        outcome.note = (
            f"tmpfs {size_kib // 1024} MiB; a small write afterwards: HTTP {small.status_code}; "
            f"the store {'opens unchanged' if unchanged else 'CHANGED'} once there is room"
        )
        return outcome, unchanged and alive, ""
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


__all__ = [
    "Attack",
    "Row",
    "disk_full",
    "error_shape",
    "kill_build",
    "kill_server_during_write",
    "kill_writer_during_write",
]
