"""Start the referral service, the action server and Rasa; stop all of them together.

Used by `make run` and by the integration tests. Standard library only, so it
runs on any Python 3.10+ without a virtualenv.
"""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT_VENV = Path(os.environ.get("BOT_VENV", ROOT / ".venv-bot"))
REFERRAL_VENV = Path(os.environ.get("REFERRAL_VENV", ROOT / ".venv-referral"))
LOOPBACK = "127.0.0.1"


@dataclass
class Ports:
    """The three listening ports; each can be overridden by an environment variable."""

    referral: int = int(os.environ.get("REFERRAL_PORT", "8000"))
    actions: int = int(os.environ.get("ACTIONS_PORT", "5055"))
    rasa: int = int(os.environ.get("RASA_PORT", "5005"))


@dataclass
class Service:
    """One child process, started in its own process group."""

    name: str
    argv: list[str]
    cwd: Path
    health_url: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self, env: dict[str, str], log: Path | None) -> None:
        """Start the process; its output goes to the log file or to our stdout."""
        if log is None:
            self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=env, start_new_session=True)
            return
        # The child gets its own copy of the descriptor; ours closes with the block.
        with open(log, "ab") as out:
            self.process = subprocess.Popen(self.argv, cwd=self.cwd, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def healthy(self) -> bool:
        """True when the health URL answers 200."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self, grace: float = 10.0) -> None:
        """Terminate the whole process group, then kill what is left."""
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def stack_env(ports: Ports) -> dict[str, str]:
    """Environment shared by the three processes, with a run-time secret for Rasa's HTTP API."""
    env = dict(os.environ)
    # Rasa's HTTP API checks a JWT signed with this; it goes to Rasa and the referral service by
    # environment only, never on a command line (components.launch, lookup/rasa_client.py).
    if not env.get("RASA_JWT_SECRET_FILE"):
        env.setdefault("RASA_JWT_SECRET", secrets.token_hex(32))
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(32))
    env["REFERRAL_SERVICE_URL"] = f"http://127.0.0.1:{ports.referral}"
    env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{ports.actions}/webhook"
    env["RASA_URL"] = f"http://127.0.0.1:{ports.rasa}"
    # The bot (components.signals) posts anonymous need signals with this shared secret.
    env.setdefault("SIGNALS_TOKEN", secrets.token_hex(24))
    env["SIGNALS_URL"] = f"http://127.0.0.1:{ports.referral}/api/v1/signals"
    env.setdefault("RASA_PUBLIC_URL", env["RASA_URL"])
    # Rasa and the action server answer only on loopback; the referral service binds there too.
    # The action server (Rasa SDK) takes its address from SANIC_HOST only.
    env["SANIC_HOST"] = LOOPBACK
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Rasa's dependencies print pages of DeprecationWarnings at start; they are not ours.
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def build_services(ports: Ports, env: dict[str, str]) -> list[Service]:
    """The three services in start order: referral service, actions, Rasa."""
    endpoints = env.get("RASA_ENDPOINTS", "endpoints.yml")
    return [
        Service("referral service", [str(REFERRAL_VENV / "bin/gunicorn"), "--workers", "2",
                "--bind", f"127.0.0.1:{ports.referral}", "referral_service:create_app()"],
                ROOT, f"http://127.0.0.1:{ports.referral}/api/v1/health"),
        Service("action server", [str(BOT_VENV / "bin/rasa"), "run", "actions", "--actions", "actions",
                "--port", str(ports.actions)], ROOT, f"http://127.0.0.1:{ports.actions}/health"),
        # components.launch: `rasa` (components.server) with JWT auth on its HTTP API, the secret
        # from RASA_JWT_SECRET. Health: "/" needs no auth, and Rasa loads the model before it binds the port.
        Service("rasa", [str(BOT_VENV / "bin/python"), "-m", "components.launch", "run", "--model", "models",
                "--enable-api", "--cors", "*", "--interface", LOOPBACK, "--port", str(ports.rasa),
                "--credentials", "credentials.yml", "--endpoints", endpoints],
                ROOT / "bot", f"http://127.0.0.1:{ports.rasa}/"),
    ]


class Stack:
    """All Steunwijzer processes, started and stopped as one."""

    def __init__(self, ports: Ports | None = None, log_dir: Path | None = None):
        self.ports = ports or Ports()
        self.env = stack_env(self.ports)
        self.services = build_services(self.ports, self.env)
        self.log_dir = log_dir

    def start(self, timeout: float = 180.0) -> None:
        """Start every service and wait until all answer their health check."""
        for service in self.services:
            log = self.log_dir / f"{service.name.replace(' ', '_')}.log" if self.log_dir else None
            service.start(self.env, log)
        deadline = time.monotonic() + timeout
        for service in self.services:
            self.wait_healthy(service, deadline)

    def wait_healthy(self, service: Service, deadline: float) -> None:
        """Poll one service's health URL until it answers or the deadline passes."""
        while not service.healthy():
            if service.process is not None and service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited with code {service.process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{service.name} did not become healthy at {service.health_url}")
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop in reverse order, so Rasa goes before what it depends on."""
        for service in reversed(self.services):
            service.stop()

    def watch(self) -> int:
        """Block until a child dies (return 1) or we are told to stop (return 0)."""
        while True:
            for service in self.services:
                if service.process is not None and service.process.poll() is not None:
                    print(f"!! {service.name} stopped unexpectedly (exit {service.process.returncode})")
                    return 1
            time.sleep(1)

    def addresses(self) -> str:
        """Human-readable list of where everything listens."""
        p = self.ports
        return "\n".join([
            f"  Resident chat page:   http://127.0.0.1:{p.referral}/",
            f"  Staff lookup:         http://127.0.0.1:{p.referral}/staff",
            f"  Admin:                http://127.0.0.1:{p.referral}/admin",
            f"  REST API:             http://127.0.0.1:{p.referral}/api/v1 (health: /api/v1/health)",
            f"  Rasa (REST, socket.io): http://127.0.0.1:{p.rasa}/webhooks/rest/webhook",
            f"  Action server:        http://127.0.0.1:{p.actions}/webhook",
        ])


def main() -> int:
    """Run the stack until Ctrl-C; leave no process behind."""
    stack = Stack()
    # Explicit handlers: a parent may have left SIGINT ignored (e.g. a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        print("==> starting referral service, action server and Rasa ...", flush=True)
        stack.start()
        print("==> Steunwijzer is running:\n" + stack.addresses() + "\nPress Ctrl-C to stop.", flush=True)
        return stack.watch()
    except KeyboardInterrupt:
        print("\n==> stopping ...", flush=True)
        return 0
    except RuntimeError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("==> all Steunwijzer processes stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
