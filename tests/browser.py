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


#: The same closed routes, but with this machine's loopback address reachable (the web page's tests).
LOOPBACK_FLAGS = tuple(
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" if f.startswith("--host-resolver-rules") else f for f in FLAGS
) + ("--proxy-bypass-list=127.0.0.1",)


class Browser:
    def __init__(self, binary: str, flags: tuple[str, ...] = FLAGS):
        self.profile = tempfile.mkdtemp(prefix="cc-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = " ".join(f"'{a}'" for a in (binary, *flags, f"--user-data-dir={self.profile}", "about:blank"))
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


def visit(binary: str, path: Path, expressions: dict[str, str]) -> PageVisit:
    """Load ``path`` and evaluate ``expressions`` (name -> JavaScript) in the loaded page."""
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


class Tab:
    """One page of a running :class:`Browser`, driven as a person would: go, fill, click, download.

    Used by the web page's tests (tests/test_web_browser.py): forms are
    posted by clicking their buttons, files chosen through the file input,
    and downloads land in ``downloads`` as Chromium saves them.
    """

    def __init__(self, browser: Browser, downloads: Path, width: int = 1200, height: int = 900):
        self.browser = browser
        self.downloads = downloads
        targets = browser.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = browser.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM"):
            browser.send(f"{domain}.enable", session=self.session)
        browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=self.session)
        browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True})

    def _until(self, test: Any) -> dict[str, Any]:
        """The first event (seen since the last clear, or arriving) that ``test`` accepts."""
        for ev in self.browser.events:
            if test(ev):
                return ev
        while True:
            ev = self.browser._read_message()
            self.browser.events.append(ev)
            if test(ev):
                return ev

    def _loaded(self) -> None:
        self._until(lambda ev: ev.get("method") == "Page.loadEventFired" and ev.get("sessionId") == self.session)

    def goto(self, url: str) -> None:
        self.browser.events.clear()
        self.browser.send("Page.navigate", {"url": url}, session=self.session)
        self._loaded()

    def eval(self, expression: str) -> Any:
        res = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.session)
        if "exceptionDetails" in res:
            raise RuntimeError(f"{expression}: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def choose_file(self, selector: str, path: Path) -> None:
        root = self.browser.send("DOM.getDocument", session=self.session)["root"]["nodeId"]
        node = self.browser.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session=self.session)["nodeId"]
        self.browser.send("DOM.setFileInputFiles", {"files": [str(path)], "nodeId": node}, session=self.session)

    def click_and_wait(self, selector: str) -> None:
        """Click (a form's button) and wait for the page it leads to."""
        self.browser.events.clear()
        self.eval(f"document.querySelector({json.dumps(selector)}).click()")
        self._loaded()

    def download(self, selector: str) -> Path:
        """Click a link that downloads, and return the file Chromium saved."""
        self.browser.events.clear()
        self.eval(f"document.querySelector({json.dumps(selector)}).click()")
        begin = self._until(lambda ev: ev.get("method") == "Browser.downloadWillBegin")["params"]
        guid = begin["guid"]
        done = self._until(
            lambda ev: ev.get("method") == "Browser.downloadProgress"
            and ev["params"].get("guid") == guid
            and ev["params"].get("state") in ("completed", "canceled")
        )["params"]
        if done["state"] != "completed":
            raise RuntimeError(f"download of {begin.get('suggestedFilename')} was cancelled")
        return self.downloads / begin["suggestedFilename"]

    def press_tab(self) -> str:
        """Press Tab and describe the element that has the focus then."""
        for kind in ("keyDown", "keyUp"):
            self.browser.send("Input.dispatchKeyEvent", {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}, session=self.session)
        return self.eval("(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.type ? '[' + e.type + ']' : ''))(document.activeElement)")

    def screenshot(self, path: Path, height: int = 1600) -> None:
        """The top of the page, ``height`` pixels of it at most, as a PNG."""
        import base64

        height = min(self.eval("document.documentElement.scrollHeight"), height)
        width = self.eval("document.documentElement.clientWidth")
        shot = self.browser.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
            session=self.session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def requests(self) -> list[str]:
        """Every URL the page asked for since the last navigation or click."""
        return [ev["params"]["request"]["url"] for ev in self.browser.events if ev.get("method") == "Network.requestWillBeSent"]

    def errors(self) -> list[str]:
        out = []
        for ev in self.browser.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(params.get("exceptionDetails", {}).get("text", "exception"))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                out.append(params["entry"].get("text", ""))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                out.append(str(params.get("args")))
        return out
