"""A headless Chromium driven over the Chrome DevTools Protocol, for the report's tests.

Debian's `chromium` package is the browser (no browser download is possible here);
the protocol is spoken over a WebSocket with the `websockets` package. It records
what a reader's browser would reveal: console errors, uncaught exceptions and every
network request the page makes.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


@dataclass
class Page:
    socket: ClientConnection
    events: list[dict[str, Any]] = field(default_factory=list)
    _next_id: int = 0

    def send(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message_id = self._next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for seen in self.events:
                if seen.get("method") == event:
                    return seen
            message = json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            self.events.append(message)

    def open(self, url: str) -> None:
        """Load a page and let it settle, recording its console and network from the start."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    @property
    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    @property
    def console_errors(self) -> list[str]:
        errors = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"], ensure_ascii=False))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                errors.append(" ".join(str(a.get("value")) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(params["entry"]["text"])
        return errors

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """A PNG of the page's top `height` pixels (the whole page when None)."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        full = int(size["height"])
        clip_height = min(height or full, full, 16000)
        self.send("Emulation.setDeviceMetricsOverride", width=1280, height=clip_height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        shot = self.send(
            "Page.captureScreenshot",
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": clip_height, "scale": 1},
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


class Chromium:
    """One headless browser process with a throw-away profile; use as a context manager."""

    def __init__(self, executable: str) -> None:
        self.executable = executable
        self.profile = tempfile.TemporaryDirectory(
            prefix="chromium-profile-", ignore_cleanup_errors=True
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.sockets = contextlib.ExitStack()
        self.port: int | None = None

    def __enter__(self) -> Chromium:
        # stderr goes to a file, not a pipe: a pipe nobody reads would block the browser.
        log_path = Path(self.profile.name) / "stderr.log"
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,  # its helper processes share this group: stopped together
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log_path.read_text(errors="replace")
            if "DevTools listening on ws://" in text:
                address = text.split("DevTools listening on ws://", 1)[1].split("/", 1)[0]
                self.port = int(address.rsplit(":", 1)[1])
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited: {text}")
            time.sleep(0.1)
        raise RuntimeError("chromium did not open its DevTools endpoint within 60 s")

    def new_page(self) -> Page:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list") as response:
            targets = json.load(response)
        target = next(t for t in targets if t["type"] == "page")
        return Page(
            self.sockets.enter_context(connect(target["webSocketDebuggerUrl"], max_size=None))
        )

    def __exit__(self, *exc: object) -> None:
        self.sockets.close()
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.log.close()
        self.profile.cleanup()
