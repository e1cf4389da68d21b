"""Benchmark referrals and resolve against health under gunicorn with wrk (`make bench-referral`).

For each database (SQLite, and PostgreSQL at 127.0.0.1:5432 db test when reachable) this loads
data/regelingen, starts gunicorn with referral_service/gunicorn_conf.py on a free loopback port,
and lets wrk (a C load generator: a Python client loop would be the bottleneck on the same
cores) hold 8 keep-alive connections. Health, referrals and resolve are measured in turns in
the same run; a small Lua script rotates over needs, municipalities and resolve sentences.
The figures and whether the goals are met go to docs/benchmarks.md. A benchmark, not a test.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATA = ROOT / "data" / "regelingen"
CONNECTIONS, THREADS = 8, 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_SCHEMA = "bench_referral"
# Places with local services, and a few without (national referrals only).
CODES = [p.stem for p in sorted((DATA / "services" / "local").glob("*.yml"))] + ["GM0363", "GM0518", "GM0014"]
SENTENCES = [
    "ik woon in Drachten",
    "Den Bosch",
    "postcode 9203 AB",
    "ik kom uit bergen",
    "amsterdm",
    "ik woon in Gouda",
    "3511",
    "Súdwest-Fryslân",
    "wij wonen in de gemeente Utrecht",
    "mijn moeder woont in Hengelo",
    "geen plaats hier",
    "Ik woon sinds kort in Zwolle en heb schulden",
]
GOAL_P99, GOAL_RPS = 1.5, 0.70
LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[n %% #paths + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""
START, END = "<!-- bench-referral:start -->", "<!-- bench-referral:end -->"


def endpoint_paths() -> dict[str, list[str]]:
    """The paths each endpoint's turn rotates over."""
    needs = [p.stem for p in sorted((DATA / "needs").glob("*.yml"))]
    referrals = [
        f"/api/v1/referrals?need={n}" + (f"&municipality={c}" if c else "") for n in needs for c in [*CODES, ""]
    ]
    resolve = [f"/api/v1/resolve?q={quote(s)}" for s in SENTENCES]
    return {"health": ["/api/v1/health"], "referrals": referrals, "resolve": resolve}


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian when absent (as `make browser-deps` does for chromium)."""
    if not shutil.which("wrk"):
        print("==> installing Debian's wrk for the benchmark")
        install = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null"
        if subprocess.run(install, shell=True, check=False).returncode != 0 or not shutil.which("wrk"):
            raise SystemExit("ERROR: could not install wrk with apt-get (needs root and Debian's package mirror)")
    return str(shutil.which("wrk"))


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(database_url: str) -> dict[str, str]:
    """Migrate and load data/regelingen; the environment for the CLI and gunicorn."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(16)}
    flask = [str(VENV_BIN / "flask"), "--app", "referral_service"]
    for args in (["db", "upgrade"], ["data", "load", str(DATA)]):
        done = subprocess.run(flask + args, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"ERROR: flask {' '.join(args)} failed:\n{done.stderr}")
    return env


@contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[str]:
    """gunicorn as deployed (referral_service/gunicorn_conf.py), bound to loopback; yields its base URL."""
    port = free_port()
    conf = ["-c", "referral_service/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    command = [str(VENV_BIN / "gunicorn"), *conf, "referral_service:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_healthy(base: str) -> None:
    """Wait until /api/v1/health answers (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy")


def run_wrk(wrk: str, base: str, paths: list[str], seconds: int) -> dict[str, float]:
    """One wrk run over `paths`: p50, p99 (ms), requests/s and errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(f'"{p}"' for p in paths))
    try:
        args = [wrk, "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s", "-s", script.name, base]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not found:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    requests, micros, p50, p99, errors = (int(g) for g in found.groups())
    return {"p50": p50 / 1000, "p99": p99 / 1000, "rps": requests / (micros / 1e6), "errors": errors}


def measure(wrk: str, base: str) -> dict[str, dict[str, float]]:
    """Warm every endpoint up, then ROUNDS turns of each; the median of each figure over the turns."""
    paths = endpoint_paths()
    for kind in paths:
        run_wrk(wrk, base, paths[kind], 5)  # every worker builds what it keeps, as after a data load
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in paths}
    for _ in range(ROUNDS):
        for kind in paths:
            runs[kind].append(run_wrk(wrk, base, paths[kind], SECONDS))
    return {
        kind: {k: statistics.median(r[k] for r in results) for k in ("p50", "p99", "rps")}
        | {"errors": sum(r["errors"] for r in results)}
        for kind, results in runs.items()
    }


def verdict(result: dict[str, float], health: dict[str, float]) -> tuple[float, float, str]:
    """p99 and requests/s relative to health, and in words which goal is met."""
    p99_ratio, rps_ratio = result["p99"] / health["p99"], result["rps"] / health["rps"]
    p99_said = "met" if p99_ratio <= GOAL_P99 else "NOT met"
    rps_said = "met" if rps_ratio >= GOAL_RPS else "NOT met"
    return p99_ratio, rps_ratio, f"p99 goal {p99_said}, requests/s goal {rps_said}"


def table_rows(name: str, results: dict[str, dict[str, float]]) -> list[str]:
    """Markdown rows for one database, printed as well."""
    rows, health = [], results["health"]
    for kind, r in results.items():
        p99_ratio, rps_ratio, said = verdict(r, health)
        goals = "(reference)" if kind == "health" else said
        errors = f" ({r['errors']:.0f} errors)" if r["errors"] else ""
        row = f"| {name} | {kind} | {r['p50']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} | "
        rows.append(row + f"{p99_ratio:.2f}x | {rps_ratio:.0%} | {goals}{errors} |")
        print(f"{name:<10} {kind:<9} p50 {r['p50']:.1f} ms  p99 {r['p99']:.1f} ms  {r['rps']:.0f} req/s  {goals}")
    return rows


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A scratch schema in the test database, dropped afterwards; yields its URL."""
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    try:
        yield f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{PG_SCHEMA}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        engine.dispose()


def postgres_reachable() -> bool:
    """True when the benchmark PostgreSQL accepts connections."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run_backend(wrk: str, name: str, database_url: str) -> list[str]:
    """Benchmark the three endpoints on one database; table rows."""
    with gunicorn(prepare(database_url)) as base:
        return table_rows(name, measure(wrk, base))


def machine() -> str:
    """CPU model, cores and memory of this machine."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()) if Path("/proc/meminfo").exists() else None
    gib = f"{int(mem.group(1)) / 1048576:.0f} GiB" if mem else "?"
    return f"{model.group(1) if model else platform.processor()}, {os.cpu_count()} cores, {gib} RAM"


def method() -> str:
    """How the figures were measured, for the document."""
    needs = len(list((DATA / "needs").glob("*.yml")))
    return (
        f"wrk ({THREADS} threads, {CONNECTIONS} keep-alive connections) against gunicorn as deployed "
        f"(referral_service/gunicorn_conf.py: {os.environ.get('WEB_CONCURRENCY', '2')} sync workers) on 127.0.0.1. "
        "The sync workers close the connection after each response, so wrk reconnects for every request, "
        "the same for all three endpoints; wrk and the server share the same cores. Health, referrals and "
        f"resolve take turns in one run: a warm-up of 5 s each (each worker builds what it keeps, as after a "
        f"data load), then {ROUNDS} turns of {SECONDS} s each; every figure is the median over the turns. "
        f"Referrals rotate over {needs} needs x ({len(CODES)} municipalities and none), resolve over "
        f"{len(SENTENCES)} sentences (two of them go through the slower typo search)."
    )


def write_section(rows: list[str], load_before: float) -> None:
    """Replace this benchmark's section in docs/benchmarks.md."""
    load_after = os.getloadavg()[0]
    # Before the run the machine should be idle; wrk and gunicorn alone raise the load during it.
    busy = load_before > (os.cpu_count() or 1) * 0.5
    section = [
        START,
        "## Referral service API (`make bench-referral`)",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()} with {method()}",
        "",
        f"Goals: referrals and resolve p99 at most {GOAL_P99}x health's p99, and at least {GOAL_RPS:.0%} of "
        "health's requests/s.",
        f"Load average (1 min) before / after: {load_before:.2f} / {load_after:.2f}"
        + (": the machine was busy with other work, so the figures are low and noisy." if busy else "."),
        "",
        "| database | endpoint | p50 (ms) | p99 (ms) | requests/s | p99 vs health | requests/s vs health | goals |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        END,
    ]
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text() if path.exists() else "# Benchmarks\n"
    if START in doc:
        doc = doc[: doc.index(START)] + "\n".join(section) + doc[doc.index(END) + len(END) :]
    else:
        doc = doc.rstrip() + "\n\n" + "\n".join(section) + "\n"
    path.write_text(doc)


def main() -> int:
    """Benchmark on SQLite and, when reachable, PostgreSQL; write docs/benchmarks.md."""
    wrk, load_before = ensure_wrk(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        rows = run_backend(wrk, "SQLite", f"sqlite:///{tmp}/bench.db")
    if postgres_reachable():
        with postgres_schema() as url:
            rows += run_backend(wrk, "PostgreSQL", url)
    else:
        print("PostgreSQL not reachable on 127.0.0.1:5432; skipped")
    write_section(rows, load_before)
    print("written to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
