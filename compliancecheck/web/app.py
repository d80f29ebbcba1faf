"""The page's routes: the form, the template download, and the check of an upload.

One page, three requests, and no state kept between them:

- ``GET /`` the form (pick a pack, download its template, upload);
- ``GET /template?pack=NAME`` the pack's workbook, as ``compliancecheck template`` writes it;
- ``POST /check`` the upload checked: the page again, with (in this order)
  the data errors located to the cell, the draft report as the HTML format
  renders it, and every format as a download. The downloads are ``data:``
  links inside the answer, so nothing of the unit's is kept once the
  answer is sent: the upload's temporary folder is removed before it is.

Every string that reaches the page goes through Jinja2 with autoescaping,
the draft report included (as an ``iframe``'s escaped ``srcdoc``, with
the page's own policy, so the report cannot restyle the page or run
anything).
"""

from __future__ import annotations

import base64
import secrets
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

import msgspec

from ..api import load_packs
from ..errors import ComplianceError
from ..language.pack import Pack
from ..outputs.workbook import template_bytes
from ..plugins.manager import get_plugin_manager
from ..plugins.registry import build_registry
from ..version import __version__
from .checking import CheckCrashed, CheckTimeout, Job, Outcome, check_in_child
from .guard import CSRF_COOKIE, BodyTooLarge, Guard, csrf_token, csrf_valid
from .uploads import Limits, UploadRefused, staged

__all__ = ["Settings", "create_app", "LOOPBACK_HOSTS"]

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
#: Room for the form's own fields around the file, in the body limit.
_FORM_OVERHEAD = 64 * 1024


class Settings(msgspec.Struct, frozen=True):
    """How the page is served; the command line's options, as values."""

    #: Packs to offer, by folder or installed name; none means every pack the installed plugins ship.
    packs: tuple[str | Path, ...] = ()
    plugins: tuple[str, ...] = ()
    #: Asked of every request when set (always set on a network bind).
    token: str | None = None
    #: Host names the page answers to; ``None`` for any (a network bind, where the token guards).
    allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS
    limits: Limits = msgspec.field(default_factory=Limits)
    #: Seconds a check may take before it is stopped.
    time_limit: float = 120.0
    #: Checks run at once; more wait their turn.
    concurrent_checks: int = 2
    #: Where uploads are unpacked (a fresh folder each, removed after the check); the system's by default.
    temp_root: Path | None = None


class PackChoice(msgspec.Struct, frozen=True):
    name: str
    label: str
    path: Path
    pack: Pack


def _choices(settings: Settings) -> dict[str, PackChoice]:
    registry = build_registry(get_plugin_manager(settings.plugins))
    given: list[str | Path] = list(settings.packs) or [source.path for source in registry.packs]
    if not given:
        raise ComplianceError("no rule pack is installed; start the page with --rules PACK")
    out: dict[str, PackChoice] = {}
    for item in given:
        (pack,) = load_packs([item], registry)
        if pack.name in out:
            raise ComplianceError(f"pack {pack.name!r} is given twice")
        out[pack.name] = PackChoice(pack.name, f"{pack.title} ({pack.name} {pack.version})", pack.path, pack)
    return out


class _Page:
    """The routes, over the packs loaded once at start-up."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.packs = _choices(settings)
        self.limiter = anyio.CapacityLimiter(settings.concurrent_checks)

    @cached_property
    def template(self) -> jinja2.Template:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("compliancecheck.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["data_uri"] = lambda body, media: f"data:{media};base64,{base64.b64encode(body).decode()}"
        env.filters["size"] = _size
        return env.get_template("page.html.j2")

    def render(self, request: Request, status: int = 200, **values: Any) -> HTMLResponse:
        cookie = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        context = {
            "packs": list(self.packs.values()),
            "chosen": None,
            "csrf": csrf_token(cookie),
            "limit_mb": self.settings.limits.upload_bytes // (1024 * 1024),
            "time_limit": self.settings.time_limit,
            "version": __version__,
            "refused": None,
            "outcome": None,
            "filename": None,
            **values,
        }
        response = HTMLResponse(self.template.render(**context), status_code=status)
        if request.cookies.get(CSRF_COOKIE) != cookie:
            response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict", path="/")
        return response

    async def home(self, request: Request) -> Response:
        return self.render(request, chosen=request.query_params.get("pack"))

    async def template_download(self, request: Request) -> Response:
        choice = self.packs.get(request.query_params.get("pack", ""))
        if choice is None:
            return self.render(request, 404, refused="There is no such rule pack: choose one from the list.")
        body = await anyio.to_thread.run_sync(lambda: template_bytes([choice.pack]))
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"content-disposition": f'attachment; filename="{choice.name}-template.xlsx"'},
        )

    async def check(self, request: Request) -> Response:
        limits = self.settings.limits
        try:
            form = await request.form(max_files=1, max_fields=4)
        except BodyTooLarge:
            return self.render(request, 413, refused=f"The file is larger than the limit of {limits.upload_bytes // (1024 * 1024)} MB.")
        except HTTPException as exc:  # Starlette's answer to a malformed multipart body
            return self.render(request, 400, refused=f"The form could not be read ({exc.detail}).")
        try:
            chosen = str(form.get("pack") or "")
            if not csrf_valid(request.cookies.get(CSRF_COOKIE), str(form.get("csrf") or "")):
                return self.render(
                    request, 403, chosen=chosen, refused="The form had expired or did not come from this page: upload the file again."
                )
            choice = self.packs.get(chosen)
            if choice is None:
                return self.render(request, 400, refused="Choose a rule pack from the list.")
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                return self.render(request, 400, chosen=chosen, refused="Choose a file to upload.")
            filename = upload.filename or "the upload"
            data = await upload.read()
        finally:
            await form.close()
        if len(data) > limits.upload_bytes:
            return self.render(request, 413, chosen=chosen, refused=f"The file is larger than the limit of {limits.upload_bytes // (1024 * 1024)} MB.")
        try:
            outcome = await anyio.to_thread.run_sync(self._check, data, choice, limiter=self.limiter)
        except UploadRefused as exc:
            return self.render(request, exc.status, chosen=chosen, filename=filename, refused=exc.message)
        except CheckTimeout as exc:
            return self.render(request, 504, chosen=chosen, filename=filename, refused=f"{exc}. Try a smaller dataset, or run `compliancecheck check` on it.")
        status = 422 if outcome.error_kind else 200
        return self.render(request, status, chosen=chosen, filename=filename, outcome=outcome)

    def _check(self, data: bytes, choice: PackChoice) -> Outcome:
        with staged(data, self.settings.limits, self.settings.temp_root) as dataset:
            return check_in_child(Job(dataset, choice.path, self.settings.plugins), self.settings.time_limit)


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


def create_app(settings: Settings | None = None) -> Guard:
    """The page as an ASGI application, its defences around it (see :mod:`.guard`)."""
    settings = settings or Settings()
    page = _Page(settings)

    async def crashed(request: Request, exc: Exception) -> Response:
        sys.stderr.write(f"compliancecheck serve: internal error in a check:\n{exc}\n")
        return page.render(request, 500, refused="The check failed on an internal error (a bug): please report it with the file that caused it.")

    app = Starlette(
        routes=[
            Route("/", page.home, methods=["GET"]),
            Route("/template", page.template_download, methods=["GET"]),
            Route("/check", page.check, methods=["POST"]),
        ],
        exception_handlers={CheckCrashed: crashed},
    )
    return Guard(app, token=settings.token, allowed_hosts=settings.allowed_hosts, max_body=settings.limits.upload_bytes + _FORM_OVERHEAD)
