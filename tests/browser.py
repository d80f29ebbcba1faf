"""A headless Chromium driven over the DevTools protocol on a pipe, with no dependency.

``--remote-debugging-pipe`` makes Chromium read protocol messages from file
descriptor 3 and write them to 4, each a JSON text ended by a NUL byte. A
shell ``exec`` puts our pipe ends on those numbers, so pure ``subprocess``
suffices (no websocket library). The page is loaded with every network
route closed (a proxy on a dead loopback port, no name resolution), and
everything the page asks for is recorded from the Network domain, so a
test can prove the page asks for nothing but itself.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)

#: A guard against a hung browser, not a measurement: nothing asserts on time.
GUARD_SECONDS = 120


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageVisit:
    """What a page did while loading: console errors, requests, and its DOM."""

    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    #: The page printed to PDF with its own CSS page sizes (when asked for).
    pdf: bytes = b""


class Browser:
    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="cc-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = " ".join(f"'{a}'" for a in (binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"))
        self.proc = subprocess.Popen(
            ["bash", "-c", f"exec {args} 3<&{to_child_r} 4>&{from_child_w}"],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(os.environ.get("CC_CHROMIUM_LOG", os.devnull), "wb"),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._deadline = time.monotonic() + GUARD_SECONDS

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (OSError, RuntimeError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("chromium did not answer")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Call a protocol method and wait for its answer, keeping events seen meanwhile."""
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        for ev in self.events:
            if ev.get("method") == method and ev.get("sessionId") == session:
                return ev
        while True:
            ev = self._read_message()
            self.events.append(ev)
            if ev.get("method") == method and ev.get("sessionId") == session:
                return ev


def visit(binary: str, path: Path, expressions: dict[str, str], *, pdf: bool = False) -> PageVisit:
    """Load ``path`` and evaluate ``expressions`` (name -> JavaScript) in the loaded page.

    With ``pdf``, the page is also printed as a user would print it: the
    page's own ``@page`` sizes and margin boxes, no browser header or footer.
    """
    url = path.resolve().as_uri()
    browser = Browser(binary)
    try:
        targets = browser.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = browser.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.events.clear()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired", session)
        out = PageVisit(url)
        for name, expr in expressions.items():
            res = browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
            out.values[name] = res.get("result", {}).get("value")
        if pdf:
            printed = browser.send(
                "Page.printToPDF",
                {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
                session=session,
            )
            out.pdf = base64.b64decode(printed["data"])
        for ev in browser.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Network.requestWillBeSent":
                out.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                out.errors.append(params.get("exceptionDetails", {}).get("text", "exception"))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.errors.append(params["entry"].get("text", ""))
            elif method == "Network.loadingFailed":
                out.errors.append(f"load failed: {params.get('errorText')}")
        return out
    finally:
        browser.close()
