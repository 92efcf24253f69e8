"""Start and stop the long-running processes of e2e tests (Prefect server, `newsflow serve`, workers)
and prove that nothing they started is left behind.

Every process gets a unique tag in its environment, which its children inherit: scanning /proc for
the tag finds them all, even orphans that left the process group.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TAG_VARIABLE = "NEWSFLOW_TEST_PROCESS_TAG"


def _default_sigint() -> None:
    # A CI shell may start us with SIGINT ignored, and children inherit that; Prefect's worker
    # turns SIGTERM into SIGINT, so it must be able to receive it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_tag() -> str:
    return uuid.uuid4().hex


def tagged_processes(tag: str) -> list[tuple[int, str]]:
    """(pid, command line) of live processes whose environment carries the tag."""
    marker = f"{TAG_VARIABLE}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if state != "Z":  # a zombie is already dead, only not yet reaped
            found.append((int(entry.name), cmdline))
    return found


def wait_until(check: Callable[[], object], timeout: float, what: str, interval: float = 0.5,
               details: Callable[[], str] = lambda: ""):
    """Poll until check() returns something truthy, and return it; fail with `what` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{details()}")
        time.sleep(interval)


@dataclass
class Service:
    """A background command with its own session, log file and process tag."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    cwd: Path | None = None
    tag: str = field(default_factory=new_tag)
    process: subprocess.Popen | None = None

    def start(self) -> "Service":
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(self.args, env={**self.env, TAG_VARIABLE: self.tag}, cwd=self.cwd,
                                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True, preexec_fn=_default_sigint)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- last lines of {self.name} log {self.log} ---\n" + "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = 30) -> list[tuple[int, str]]:
        """SIGTERM the service, as a supervisor would, and wait for it and its children to exit.

        Returns what was still running after the grace period (then killed): empty when the
        service shut down cleanly.
        """
        if self.process is None:
            return []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        deadline = time.monotonic() + 10
        while (left := tagged_processes(self.tag)) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        return left
