"""Benchmark the referrals and resolve endpoints under gunicorn on loopback (`make bench-referral`).

Starts gunicorn on a free 127.0.0.1 port for each database (SQLite, and PostgreSQL
when reachable), sends a bounded number of requests from 8 concurrent clients,
and writes p50/p99 latency and requests per second to docs/benchmarks.md.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CLIENTS = 8
REQUESTS_PER_CLIENT = 250
WARMUP = 50
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NEEDS = ["tozo", "schuldhulp", "bijstand", "eenzaamheid", "werk", "voedselhulp"]
CODES = ["GM0090", "GM0363", "GM0599", "GM0344", "GM0513", "GM0796"]
PLACES = ["Drachten", "9203 AB", "Den Bosch", "amsterdm", "ik woon in Gouda", "postcode 3511"]
START, END = "<!-- bench-referral:start -->", "<!-- bench-referral:end -->"


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def flask_env(database_url: str) -> dict[str, str]:
    """Environment for the CLI and gunicorn: the given database, a throwaway key."""
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(16)}


def prepare(env: dict[str, str]) -> None:
    """Migrate and load data/regelingen into the benchmark database."""
    flask = [str(VENV_BIN / "flask"), "--app", "referral_service"]
    for args in (["db", "upgrade"], ["data", "load", "data/regelingen"]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True)


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """gunicorn with 2 workers (one per core) and 4 threads each."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers",
        "2",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "referral_service:create_app()",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).ok:
                return process
        except requests.RequestException:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not become healthy")


def urls(base: str, kind: str) -> list[str]:
    """The request mix for one endpoint."""
    if kind == "referrals":
        return [f"{base}/api/v1/referrals?need={n}&municipality={c}" for n in NEEDS for c in CODES]
    return [f"{base}/api/v1/resolve?q={p}" for p in PLACES]


def client(mix: list[str], count: int, offset: int) -> list[float]:
    """One client: sequential requests over its own session; latencies in ms."""
    session, latencies = requests.Session(), []
    for i in range(count):
        started = time.perf_counter()
        session.get(mix[(offset + i) % len(mix)], timeout=10).raise_for_status()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def measure(base: str, kind: str) -> dict[str, float]:
    """p50, p99 and requests per second with 8 concurrent clients."""
    mix = urls(base, kind)
    client(mix, WARMUP, 0)
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda i: client(mix, REQUESTS_PER_CLIENT, i * 7), range(CLIENTS)))
    elapsed = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return {"p50": statistics.median(latencies), "p99": p99, "rps": len(latencies) / elapsed}


def run_backend(name: str, database_url: str) -> list[str]:
    """Benchmark both endpoints on one database; table rows."""
    env = flask_env(database_url)
    prepare(env)
    port = free_port()
    process = start_gunicorn(env, port)
    try:
        rows = []
        for kind in ("referrals", "resolve"):
            r = measure(f"http://127.0.0.1:{port}", kind)
            print(f"{name:<10} {kind:<9} p50 {r['p50']:.1f} ms  p99 {r['p99']:.1f} ms  {r['rps']:.0f} req/s")
            rows.append(f"| {name} | {kind} | {r['p50']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} |")
        return rows
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def postgres_reachable() -> bool:
    """True when the benchmark PostgreSQL accepts connections."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def machine() -> str:
    """CPU model, cores and memory of this machine."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()) if Path("/proc/meminfo").exists() else None
    gib = f"{int(mem.group(1)) / 1048576:.0f} GiB" if mem else "?"
    return f"{model.group(1) if model else platform.processor()}, {os.cpu_count()} cores, {gib} RAM"


def load_average() -> str:
    """1-minute load average: above the core count, other work competed for the CPU."""
    return f"{os.getloadavg()[0]:.2f}"


def write_section(rows: list[str], load_before: str) -> None:
    """Replace this benchmark's section in docs/benchmarks.md."""
    section = "\n".join(
        [
            START,
            "## Referral service API (`make bench-referral`)",
            "",
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
            f"gunicorn 2 workers x 4 threads on 127.0.0.1; {CLIENTS} concurrent clients x {REQUESTS_PER_CLIENT} "
            "requests each after a warm-up; the clients run on the same 2 cores as the server. "
            f"Load average (1 min) before / after: {load_before} / {load_average()}. "
            "Goal: p99 under 10 ms for referrals at 8 concurrent clients.",
            "",
            "| database | endpoint | p50 (ms) | p99 (ms) | requests/s |",
            "|---|---|---|---|---|",
            *rows,
            END,
        ]
    )
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> int:
    """Benchmark on SQLite and, when reachable, PostgreSQL."""
    load_before = load_average()
    with tempfile.TemporaryDirectory() as tmp:
        rows = run_backend("SQLite", f"sqlite:///{tmp}/bench.db")
    if postgres_reachable():
        rows += run_backend("PostgreSQL", POSTGRES_URL)
    else:
        print("PostgreSQL not reachable on 127.0.0.1:5432; skipped")
    write_section(rows, load_before)
    print("written to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
