"""``compliancecheck serve``: the self-assessment page, on this computer.

Starts a local web page (see docs/web.md) where a unit picks a rule pack,
downloads its workbook, uploads it filled in, and reads the data errors,
the draft recommendations and every report format. It listens on
127.0.0.1 by default; a network address prints a warning and asks every
request for a token (``--token``, or one generated and printed).
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import secrets
import sys
from typing import TYPE_CHECKING

from ..errors import UsageError
from ._common import add_pack_options

if TYPE_CHECKING:
    from ..web import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start the self-assessment web page on this computer", description=__doc__)
    add_pack_options(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this computer only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--token", help="ask every request for this token (always asked, and generated when not given, off this computer)")
    p.add_argument("--max-upload-mb", type=int, default=50, metavar="MB", help="largest upload accepted (default 50)")
    p.add_argument("--time-limit", type=float, default=120.0, metavar="SECONDS", help="longest a check may run before it is stopped (default 120)")
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_for(args: argparse.Namespace) -> Settings:
    """The page's settings from the options; a network bind gets a token (given or generated)."""
    from ..web import Limits, Settings  # the [web] extra, imported only by this command
    from ..web.app import LOOPBACK_HOSTS

    if args.token is not None and not re.fullmatch(r"[A-Za-z0-9._~-]{8,}", args.token):
        # it travels in a link and a cookie: characters that need no quoting there
        raise UsageError("--token must have at least 8 characters, each a letter, a digit or one of . _ ~ -")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number (0 to 65535)")
    if args.max_upload_mb < 1 or args.time_limit <= 0:
        raise UsageError("--max-upload-mb and --time-limit must be positive")
    local = is_loopback(args.host)
    token = args.token if (args.token or local) else secrets.token_urlsafe(24)
    mb = args.max_upload_mb * 1024 * 1024
    return Settings(
        packs=tuple(args.rules or ()),
        plugins=tuple(args.plugin),
        token=token,
        allowed_hosts=LOOPBACK_HOSTS if local else None,
        limits=Limits(upload_bytes=mb, unpacked_bytes=max(8 * mb, Limits().unpacked_bytes)),
        time_limit=args.time_limit,
    )


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        raise UsageError(f"the web page needs the [web] extra: pip install 'compliancecheck[web]' ({exc})") from None
    settings = settings_for(args)
    app = create_app(settings)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown}:{args.port}/" + (f"?token={settings.token}" if settings.token else "")
    if not is_loopback(args.host):
        sys.stderr.write(
            f"compliancecheck serve: warning: listening on {args.host}, so other computers can reach the page; "
            "every request must carry the token (in the link below). Uploads travel unencrypted (http): "
            "use this only on a network you trust.\n"
        )
    sys.stdout.write(f"compliancecheck serve: open {url} (Ctrl+C to stop)\n")
    sys.stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False, server_header=False, proxy_headers=False)
    return 0
