"""`workshop serve` under load: 20 browsers at once, each designing and building a session.

Starts the real server (`workshop serve`, in its own process) on 127.0.0.1; then 20
concurrent users each open the page, send 10 plan previews as they "type" (the form changes
each time; the page asks for a preview at most every 0.4 s, after typing pauses, so each user
waits that long between them), build, and download the zip. Prints plan-preview latency
(median, p95; target p95 <= 150 ms) and build throughput, and checks that every user got
their own session back, nothing lost or mixed up.
Run: python benchmarks/bench_serve.py [--users 20]
"""

from __future__ import annotations

import argparse
import io
import re
import socket
import statistics
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx2 as httpx  # noqa: E402

DEPARTMENTS = ["legal", "hr", "sales", "leadership"]
PAUSE = 0.4  # the design page's debounce (hx-trigger "delay:400ms")


def serve() -> tuple[str, subprocess.Popen[bytes]]:
    """The real `workshop serve`, in its own process as it runs for users."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--no-browser",
                               "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/", timeout=1)
            return base, server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("workshop serve did not start within 30 s")


def user(base: str, number: int) -> tuple[list[float], float, bool]:
    """One browser: type (10 previews), build, download; was the zip its own session?"""
    with httpx.Client(base_url=base, timeout=300) as client:
        page = client.get("/")
        csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', page.text).group(1)
        headers = {"X-CSRF-Token": csrf}
        title = f"Session {number} for user {number}"
        form = {"title": title, "organization": f"Client {number}", "format": "group",
                "departments": [DEPARTMENTS[number % 4]], "start": "09:00",
                "outputs": ["deck", "agenda", "handouts"]}
        latencies = []
        for step in range(10):
            time.sleep(PAUSE)
            begin = time.perf_counter()
            reply = client.post("/plan", data={**form, "duration": str(60 + 10 * step)},
                                headers=headers)
            latencies.append(time.perf_counter() - begin)
            assert reply.status_code == 200 and "table" in reply.text, reply.text[:300]
        begin = time.perf_counter()
        built = client.post("/build", data={**form, "duration": "150"}, headers=headers)
        seconds = time.perf_counter() - begin
        assert "Built " in built.text, built.text[:500]
        archive = zipfile.ZipFile(io.BytesIO(client.get("/session.zip").content))
        own = title.encode() in archive.read("agenda.md")
        return latencies, seconds, own


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    users = parser.parse_args().users
    base, server = serve()
    begin = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        results = list(pool.map(lambda n: user(base, n), range(users)))
    wall = time.perf_counter() - begin
    server.terminate()
    server.wait(timeout=30)
    latencies = sorted(x for r in results for x in r[0])
    builds = [r[1] for r in results]
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{users} users, {len(latencies)} plan previews, {users} builds, {wall:.1f} s wall")
    print(f"  plan preview   median {statistics.median(latencies) * 1000:6.0f} ms   "
          f"p95 {p95 * 1000:6.0f} ms   (target p95 <= 150 ms)")
    print(f"  build          median {statistics.median(builds):6.2f} s    "
          f"throughput {users / wall * 60:.1f} builds a minute")
    print(f"  every user got their own session back: {all(r[2] for r in results)}")


if __name__ == "__main__":
    main()
