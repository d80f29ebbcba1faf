"""The self-assessment page refuses what it must, with the right status, and leaves no file behind.

Each test starts the server in this process with its uploads folder under
the test's own temporary folder, sends a hostile request over HTTP, and
checks the status, the message and that the uploads folder is empty.
"""

from __future__ import annotations

import argparse
import http.client
import io
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fill import fill_from_folder

pytest.importorskip("starlette", reason="the [web] extra is part of the test install (README)")
from webserver import serving  # noqa: E402

from compliancecheck.cli import serve  # noqa: E402
from compliancecheck.outputs.workbook import template_bytes  # noqa: E402
from compliancecheck.web import Limits, Settings  # noqa: E402
from compliancecheck.web.guard import CSP  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SSR = ROOT / "fixtures" / "minusma-ssr"


class Client:
    """A browser's part, by hand: cookies kept, forms posted as multipart."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | Iterator[bytes] | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        sent = dict(headers or {})
        if self.cookies and "Cookie" not in sent:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        chunked = body is not None and not isinstance(body, bytes)
        try:
            conn.request(method, path, body=body, headers=sent, encode_chunked=chunked)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for value in resp.headers.get_all("set-cookie") or ():
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def csrf(self) -> str:
        status, _, page = self.request("GET", "/")
        assert status == 200
        return re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()

    def post_file(self, name: str, data: bytes, csrf: str | None, pack: str = "ssr") -> tuple[int, dict[str, str], bytes]:
        boundary = uuid.uuid4().hex
        parts = []
        fields = {"pack": pack} | ({"csrf": csrf} if csrf is not None else {})
        for k, v in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", "/check", b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture
def uploads(tmp_path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    return folder


@pytest.fixture
def site(uploads) -> Iterator[str]:
    with serving(Settings(temp_root=uploads, limits=Limits(upload_bytes=2 * 1024 * 1024, unpacked_bytes=20 * 1024 * 1024))) as url:
        yield url


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> bytes:
    from compliancecheck.api import Session

    folder = tmp_path_factory.mktemp("filled")
    (folder / "t.xlsx").write_bytes(template_bytes(Session().packs))
    return fill_from_folder(folder / "t.xlsx", SSR, folder / "unit.xlsx").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def _text(page: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode("utf-8"))).strip()


def test_every_answer_carries_the_policy_and_the_page_no_script(site):
    status, headers, page = Client(site).request("GET", "/")
    assert status == 200
    assert headers["content-security-policy"] == CSP
    assert "default-src 'none'" in CSP and "script-src" not in CSP  # no script of any origin
    assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
    assert b"<script" not in page.lower() and b"http://" not in page and b"https://" not in page


def test_a_good_upload_is_checked_and_leaves_nothing(site, uploads, filled):
    client = Client(site)
    status, headers, page = client.post_file("unit.xlsx", filled, client.csrf())
    assert status == 200, _text(page)[:500]
    assert "6 draft recommendations" in _text(page)  # no exceptions sheet: the sixth is not set aside
    assert headers["content-security-policy"] == CSP
    assert list(uploads.iterdir()) == []


def test_oversized_upload_is_refused_by_its_length(site, uploads):
    client = Client(site)
    status, _, page = client.post_file("big.xlsx", b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024), client.csrf())
    assert status == 413
    assert "larger than the limit of 2 MB" in _text(page)
    assert list(uploads.iterdir()) == []


def test_oversized_upload_without_a_length_is_cut_off_while_streaming(site, uploads):
    client = Client(site)
    csrf = client.csrf()
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="pack"\r\n\r\nssr\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n\r\n'
    ).encode()

    def chunks() -> Iterator[bytes]:
        yield head + b"PK\x03\x04"
        for _ in range(48):
            yield b"\0" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    status, _, page = client.request("POST", "/check", chunks(), {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 413
    assert "larger than the limit" in _text(page)
    assert list(uploads.iterdir()) == []


def test_zip_bomb_is_refused_before_unpacking(site, uploads):
    client = Client(site)
    bomb = _zip({"projects.csv": b"0" * (50 * 1024 * 1024)})  # 50 MB of one byte packs to ~50 KB
    assert len(bomb) < 200_000
    status, _, page = client.post_file("bomb.zip", bomb, client.csrf())
    assert status == 413
    assert "refused as a zip bomb" in _text(page)
    assert list(uploads.iterdir()) == []


def test_xlsx_bomb_is_refused(site, uploads):
    client = Client(site)
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<c/>" * (8 * 1024 * 1024)})
    status, _, page = client.post_file("bomb.xlsx", bomb, client.csrf())
    assert status == 413
    assert "the workbook: 'xl/worksheets/sheet1.xml' would unpack to" in _text(page).replace("&#39;", "'")
    assert list(uploads.iterdir()) == []


def test_bomb_workbook_inside_a_dataset_zip_is_refused(site, uploads):
    client = Client(site)
    inner = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<c/>" * (4 * 1024 * 1024)})
    status, _, page = client.post_file("d.zip", _zip({"unit.yaml": b"id: X\n", "projects.xlsx": inner}), client.csrf())
    assert status == 413
    assert "the workbook 'projects.xlsx' in the zip" in _text(page).replace("&#39;", "'")
    assert list(uploads.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["../evil.csv", "/etc/evil.csv", "a/b/evil.csv", "..\\evil.csv", "dataset/../../evil.csv", "ok/../evil.csv", "evil name.csv", "evil.exe"],
)
def test_path_traversal_names_in_a_zip_are_refused(site, uploads, tmp_path, name):
    client = Client(site)
    status, _, page = client.post_file("d.zip", _zip({"unit.yaml": b"id: X\n", name: b"a,b\n1,2\n"}), client.csrf())
    assert status == 400, _text(page)[:300]
    assert "the zip holds" in _text(page)
    assert list(uploads.iterdir()) == []
    assert not list(tmp_path.rglob("evil*"))


def test_a_symlink_in_a_zip_is_refused(site, uploads):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        link = zipfile.ZipInfo("projects.csv")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "/etc/passwd")
    client = Client(site)
    status, _, page = client.post_file("d.zip", buf.getvalue(), client.csrf())
    assert status == 400
    assert "not a regular file" in _text(page)
    assert list(uploads.iterdir()) == []


def test_the_upload_name_is_never_a_path(site, uploads, tmp_path, filled):
    client = Client(site)
    name = "../../" + "evil<script>.xlsx"
    status, _, page = client.post_file(name, filled, client.csrf())
    assert status == 200
    assert b"<script" not in page.lower()  # the name is shown, escaped
    assert "evil&lt;script&gt;.xlsx" in page.decode()
    assert list(uploads.iterdir()) == []
    assert not list(tmp_path.parent.rglob("evil*"))


@pytest.mark.parametrize("how", ["no token", "wrong token", "no cookie"])
def test_a_form_without_its_csrf_token_is_refused(site, uploads, filled, how):
    client = Client(site)
    csrf = client.csrf()
    if how == "no cookie":
        client.cookies.clear()
    status, _, page = client.post_file("unit.xlsx", filled, None if how == "no token" else (csrf if how == "no cookie" else "0" * 64))
    assert status == 403
    assert "did not come from this page" in _text(page)
    assert list(uploads.iterdir()) == []


def test_other_host_names_are_refused_on_loopback(site):
    status, _, _ = Client(site).request("GET", "/", headers={"Host": "attacker.example"})
    assert status == 400


def test_not_a_workbook_is_refused_by_its_bytes(site, uploads):
    client = Client(site)
    status, _, page = client.post_file("unit.xlsx", b"id,name\n1,2\n", client.csrf())
    assert status == 415
    assert "neither an Excel workbook" in _text(page)
    assert list(uploads.iterdir()) == []


def test_a_check_past_the_time_limit_is_stopped(uploads, filled):
    with serving(Settings(temp_root=uploads, time_limit=0.01)) as url:
        client = Client(url)
        status, _, page = client.post_file("unit.xlsx", filled, client.csrf())
    assert status == 504
    assert "longer than 0.01 seconds and was stopped" in _text(page)
    assert list(uploads.iterdir()) == []


def _serve_args(**kw: object) -> argparse.Namespace:
    base = {"host": "127.0.0.1", "port": 8000, "token": None, "rules": None, "plugin": [], "max_upload_mb": 50, "time_limit": 120.0}
    return argparse.Namespace(**(base | kw))


def test_remote_bind_without_token_gets_one_and_refuses_requests_without_it(uploads):
    settings = serve.settings_for(_serve_args(host="0.0.0.0"))
    assert settings.token and len(settings.token) >= 24 and settings.allowed_hosts is None
    with serving(Settings(temp_root=uploads, token=settings.token, allowed_hosts=None)) as url:
        anyone = Client(url)
        for path in ("/", "/template?pack=ssr"):
            status, headers, _ = anyone.request("GET", path)
            assert status == 401 and headers["www-authenticate"].startswith("Bearer")
        status, _, _ = anyone.request("POST", "/check", b"x", {"Content-Type": "multipart/form-data; boundary=x"})
        assert status == 401
        status, _, _ = anyone.request("GET", "/?token=wrong-token-here")
        assert status == 401
        assert anyone.request("GET", "/", headers={"Authorization": f"Bearer {settings.token}"})[0] == 200
        invited = Client(url)
        assert invited.request("GET", f"/?token={settings.token}")[0] == 200  # the printed link
        assert invited.request("GET", "/template?pack=ssr")[0] == 200  # then the cookie carries it
    assert list(uploads.iterdir()) == []


def test_serve_warns_on_a_network_bind_and_prints_the_link(monkeypatch, capsys):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    assert serve.run(_serve_args(host="0.0.0.0", token="a-long-token")) == 0
    out, err = capsys.readouterr()
    assert "warning: listening on 0.0.0.0" in err and "token" in err
    assert out == "compliancecheck serve: open http://0.0.0.0:8000/?token=a-long-token (Ctrl+C to stop)\n"
    assert seen["host"] == "0.0.0.0" and seen["access_log"] is False  # the token never lands in a log
    assert serve.run(_serve_args()) == 0
    out, err = capsys.readouterr()
    assert err == "" and out == "compliancecheck serve: open http://127.0.0.1:8000/ (Ctrl+C to stop)\n"


@pytest.mark.parametrize("token", ["short", "has a space", "semi;colon-token"])
def test_serve_refuses_a_token_that_is_short_or_needs_quoting(cli, token):
    r = cli("serve", "--host", "0.0.0.0", "--token", token)
    assert r.code == 2
    assert r.err == "compliancecheck: usage error: --token must have at least 8 characters, each a letter, a digit or one of . _ ~ -\n"


def test_markup_in_the_data_is_text_in_the_page_and_the_draft(site, uploads, filled, tmp_path):
    import openpyxl

    path = tmp_path / "unit.xlsx"
    path.write_bytes(filled)
    wb = openpyxl.load_workbook(path)
    for row in wb["unit"].iter_rows(min_row=2):
        if row[0].value == "name":
            row[1].value = "<script>alert(1)</script> Unit & <b>Co</b>"
    wb.save(path)
    client = Client(site)
    status, _, page = client.post_file("unit.xlsx", path.read_bytes(), client.csrf())
    assert status == 200, _text(page)[:500]
    text = page.decode()
    assert "<script" not in text.lower() and "<b>" not in text
    assert "for &lt;script&gt;alert(1)&lt;/script&gt; Unit &amp; &lt;b&gt;Co&lt;/b&gt;" in text  # the summary line
    # inside the draft's srcdoc the report's own escaping is escaped once more
    assert "&amp;lt;script&amp;gt;alert(1)" in text


def test_rules_that_could_not_be_judged_are_said_not_passed(site, uploads):
    import datetime as dt

    import openpyxl
    from fill import fill_unit

    from compliancecheck.api import Session

    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(Session().packs)))
    fill_unit(wb, {"id": "U9", "name": "Empty Unit", "review_period": {"start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)}, "as_of": dt.date(2023, 3, 31)})
    del wb["projects"]  # a table the pack's rules need
    buf = io.BytesIO()
    wb.save(buf)
    client = Client(site)
    status, _, page = client.post_file("unit.xlsx", buf.getvalue(), client.csrf())
    assert status == 200
    text = _text(page)
    assert "could not be judged, so the draft is incomplete: what was not judged is not a pass." in text
    assert "unit U9, rule projects-within-budget: table 'projects' is missing from the dataset" in text.replace("&#39;", "'")


def test_the_page_offers_the_packs_given_by_name_or_folder(uploads):
    mini = ROOT / "tests" / "data" / "packs" / "mini"
    with serving(Settings(temp_root=uploads, packs=("ssr", mini))) as url:
        client = Client(url)
        status, _, page = client.request("GET", "/")
        assert re.findall(rb'<select id="check-pack" name="pack">\s*(.*?)</select>', page, re.S)[0].count(b"<option") == 2
        status, headers, body = client.request("GET", "/template?pack=mini")
        assert status == 200 and headers["content-disposition"] == 'attachment; filename="mini-template.xlsx"'
        import openpyxl

        assert "outputs" in openpyxl.load_workbook(io.BytesIO(body)).sheetnames
        status, _, page = client.request("GET", "/template?pack=../../etc")
        assert status == 404 and "There is no such rule pack" in _text(page)


def test_errors_in_a_zipped_folder_name_its_files_as_the_unit_named_them(site, uploads):
    members = {p.name: p.read_bytes() for p in SSR.iterdir() if p.is_file()}
    members["projects.csv"] = members["projects.csv"].replace(b"217000", b"lots", 1)
    client = Client(site)
    status, _, page = client.post_file("minusma.zip", _zip({f"minusma-ssr/{k}": v for k, v in members.items()}), client.csrf())
    assert status == 422
    items = re.findall(r'<li id="problem-\d+">(.*?)</li>', page.decode(), re.S)
    shown = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", i)).strip().replace("&#39;", "'") for i in items]
    assert shown == ["projects.csv, row 4, column budget_usd: 'lots' is not a number"]  # not dataset/projects.csv
    assert list(uploads.iterdir()) == []


def test_a_dataset_zip_member_hiding_data_past_its_declared_size_is_refused_in_bounded_memory(tmp_path):
    """A CSV declaring its real bytes (and their checksum) with 128 MiB more in its deflate data:
    zipfile would inflate it whole, then hand back the declared bytes without a word."""
    import tracemalloc

    from test_bad_inputs import _raw_deflate, _zip_declaring

    from compliancecheck.web.uploads import UploadRefused, staged

    csv = b"project_id,title\nP1,Water\n"
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    hidden = _raw_deflate(csv) + _raw_deflate(b"\n" * (1 << 20)) * 128 + end
    data = _zip_declaring([("unit.yaml", b"id: X\n", _raw_deflate(b"id: X\n") + end), ("projects.csv", csv, hidden)])
    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused) as info, staged(data, Limits(), root=tmp_path):
            pass
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.status == 413
    assert info.value.message == "the zip: 'projects.csv' inflates to more than the 26 bytes its zip directory declares: refused"
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB held"
    assert list(tmp_path.iterdir()) == []
