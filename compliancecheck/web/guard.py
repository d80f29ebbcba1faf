"""The page's defences, applied to every request before any route sees it.

- Host check (on a loopback bind): a request whose ``Host`` is not this
  machine's loopback name is refused, so a web site that rebinds its DNS
  name to 127.0.0.1 cannot drive the page from a visitor's browser.
- Token (always on a network bind, and whenever ``--token`` is given): the
  token is accepted from an ``Authorization: Bearer`` header, a ``token``
  query parameter (the link the server prints) or the cookie that
  parameter sets; compared in constant time; missing or wrong is 401.
- Body limit: a declared ``Content-Length`` over the limit is refused
  before a byte is read (413); a body that grows past it while streaming
  stops the read with :class:`BodyTooLarge`, which the upload route
  answers with 413.
- Headers on every answer: a Content-Security-Policy that lets the page
  load nothing at all from anywhere (no script, no font, no image but
  inline ``data:``), post forms only to itself and never be framed; no
  caching, no referrer, no MIME sniffing.

CSRF protection of the upload form is :func:`csrf_token` /
:func:`csrf_valid`: a random cookie, and a form field that is the HMAC of
that cookie under a key born with the process. A form posted from another
site has neither the key nor (SameSite=Strict) the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = ["Guard", "BodyTooLarge", "CSP", "csrf_token", "csrf_valid", "CSRF_COOKIE", "TOKEN_COOKIE"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
CSRF_COOKIE = "cc_csrf"
TOKEN_COOKIE = "cc_token"
_KEY = secrets.token_bytes(32)


class BodyTooLarge(Exception):
    """The request body went past the limit while it was being read."""


def csrf_token(cookie: str) -> str:
    """The form field that goes with this browser's CSRF cookie."""
    return hmac.new(_KEY, cookie.encode(), hashlib.sha256).hexdigest()


def csrf_valid(cookie: str | None, field: str | None) -> bool:
    return bool(cookie) and bool(field) and hmac.compare_digest(csrf_token(cookie or ""), field or "")


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _cookies(headers: dict[bytes, bytes]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed cookie header is no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


async def _plain(send: Send, status: int, title: str, text: str, extra: Sequence[tuple[bytes, bytes]] = ()) -> None:
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()), *HEADERS, *extra],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: host, token, body limit and security headers (see the module's docstring)."""

    def __init__(self, app: ASGIApp, *, token: str | None, allowed_hosts: frozenset[str] | None, max_body: int):
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body

    def _token_given(self, scope: Scope, headers: dict[bytes, bytes]) -> tuple[str | None, bool]:
        """The token the request carries, and whether it came in the query (then a cookie is set)."""
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip(), False
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("token"):
            return query["token"][0], True
        return _cookies(headers).get(TOKEN_COOKIE), False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                await _plain(send, 400, "Unknown host", "This page answers only to this computer's own address (127.0.0.1 or localhost).")
                return
        extra: list[tuple[bytes, bytes]] = []
        if self.token is not None:
            given, in_query = self._token_given(scope, headers)
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _plain(
                    send,
                    401,
                    "Token needed",
                    "This page is served to the network and asks for its token: open the link the server printed when it started.",
                    [(b"www-authenticate", b'Bearer realm="compliancecheck"')],
                )
                return
            if in_query:
                extra.append((b"set-cookie", f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode()))
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                await _plain(send, 400, "Bad request", "The Content-Length header is not a number.")
                return
            if too_big:
                await _plain(send, 413, "File too large", f"The upload is larger than the limit of {self.max_body // (1024 * 1024)} MB.")
                return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), *HEADERS, *extra]
            await send(message)

        await self.app(scope, limited_receive, secured_send)
