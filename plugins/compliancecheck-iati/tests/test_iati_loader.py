"""The iati loader: related tables with keys, units, streaming limits and located errors."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliancecheck import DataError
from compliancecheck_iati import reader
from compliancecheck_iati.loader import IatiLoader

from iati_reference import PACK, data_files

ACTIVITY = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-05-01T10:00:00Z">
 <iati-activity default-currency="EUR" xml:lang="en" last-updated-datetime="2024-04-01T00:00:00">
  <iati-identifier>XM-1-A1</iati-identifier>
  <reporting-org ref="XM-1" type="10"><narrative>Ministry</narrative></reporting-org>
  <title><narrative>Roads</narrative></title>
  <activity-date type="1" iso-date="2023-01-01"/>
  <activity-date type="3" iso-date="2022-12-31"/>
  <sector code="21020" percentage="60"/>
  <sector code="21030" percentage="4O"/>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2023-02-01"/>
   <value currency="EUR" value-date="2023-02-01">100</value>
   <provider-org ref="XM-1"/>
   <receiver-org><narrative>Contractor</narrative></receiver-org>
   <sector code="21020"/>
  </transaction>
  <result type="1">
   <indicator measure="1">
    <baseline year="2022" value="3"/>
    <period><period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
     <target value="ten"/><actual value="7"/></period>
   </indicator>
  </result>
 </iati-activity>
 <iati-activity>
  <iati-identifier>XM-2-B1</iati-identifier>
  <reporting-org ref="XM-2"/>
 </iati-activity>
</iati-activities>
"""


def _load(tmp_path: Path, text: str = ACTIVITY, name: str = "a.xml") -> dict:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return {t.name: t for t in IatiLoader().load(path, name, None)}


def test_elements_become_related_tables_with_keys(tmp_path: Path):
    t = _load(tmp_path)
    acts = t["activities"].frame
    assert acts["iati_identifier"].tolist() == ["XM-1-A1", "XM-2-B1"]
    a1 = int(acts["id"].iloc[0])
    assert str(acts["planned_start"].iloc[0].date()) == "2023-01-01"
    sectors = t["sectors"].frame
    assert (sectors["activity_id"] == a1).all()
    # a percentage that is not a number stays as written, beside a blank number
    assert sectors["percentage_text"].fillna("-").tolist() == ["60", "4O", "-"]
    assert sectors["percentage"].isna().tolist() == [False, True, True]
    tx = t["transactions"].frame
    assert sectors["transaction_id"].isna().tolist() == [True, True, False]
    assert int(sectors["transaction_id"].iloc[2]) == int(tx["id"].iloc[0])
    assert tx["provider_org_ref"].tolist() == ["XM-1"] and tx["receiver_org"].tolist() == [True]
    narr = t["narratives"].frame
    contractor = narr[narr["text"] == "Contractor"]
    assert contractor["parent_id"].tolist() == tx["receiver_org_id"].tolist()
    targets, periods, inds = t["targets"].frame, t["periods"].frame, t["indicators"].frame
    assert targets["period_id"].tolist() == periods["id"].tolist()
    assert targets["indicator_id"].tolist() == inds["id"].tolist()
    assert targets["value_text"].tolist() == ["ten"] and targets["value"].isna().all()
    # every id is unique across tables
    ids = [int(i) for name, raw in t.items() if name != "units" for i in raw.frame["id"].dropna()]
    assert len(ids) == len(set(ids))


def test_units_are_reporting_organisations_with_the_generated_date(tmp_path: Path):
    t = _load(tmp_path)
    units = t["units"].frame
    assert units["unit_id"].tolist() == ["XM-1", "XM-2"]
    assert units["name"].tolist() == ["Ministry", "XM-2"]
    assert units["as_of"].tolist() == ["2024-05-01", "2024-05-01"]
    assert t["transactions"].frame["unit_id"].tolist() == ["XM-1"]


def test_units_per_file_when_the_folder_says_so(tmp_path: Path):
    (tmp_path / "one.xml").write_text(ACTIVITY)
    (tmp_path / "two.xml.gz").write_bytes(gzip.compress(ACTIVITY.replace("XM-1-A1", "XM-1-A2").encode()))
    (tmp_path / "iati.yaml").write_text("units: file\n")
    t = {r.name: r for r in IatiLoader().load(tmp_path, "folder", None)}
    assert t["units"].frame["unit_id"].tolist() == ["one.xml", "two.xml.gz"]
    assert t["activities"].frame["unit_id"].tolist() == ["one.xml", "one.xml", "two.xml.gz", "two.xml.gz"]
    (tmp_path / "iati.yaml").write_text("units: publisher\n")
    with pytest.raises(DataError, match="units: 'publisher' is not one of reporting-org, file"):
        IatiLoader().load(tmp_path, "folder", None)


def test_a_dtd_is_refused_so_no_entity_is_expanded(tmp_path: Path):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<iati-activities><iati-activity>&b;</iati-activity></iati-activities>'
    with pytest.raises(DataError) as exc:
        _load(tmp_path, bomb)
    assert str(exc.value) == "a.xml:2: the file declares a DTD (entities, external references); IATI files have none: refused"


def test_an_external_entity_is_refused(tmp_path: Path):
    ext = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><iati-activities><iati-activity>&e;</iati-activity></iati-activities>'
    with pytest.raises(DataError, match="declares a DTD"):
        _load(tmp_path, ext)


def test_malformed_xml_is_located(tmp_path: Path):
    bad = ACTIVITY.replace("<title><narrative>Roads</narrative></title>", "<title><narrative>Roads</title>")
    with pytest.raises(DataError) as exc:
        _load(tmp_path, bad, "bad.xml.gz")
    assert str(exc.value).startswith("bad.xml.gz:6:")
    assert "Opening and ending tag mismatch" in str(exc.value) and "(after <iati-activity> of line 3)" in str(exc.value)


def test_not_an_iati_file(tmp_path: Path):
    with pytest.raises(DataError, match="not an IATI file: the root element is <html>"):
        _load(tmp_path, "<html><body/></html>")
    with pytest.raises(DataError, match="name should end in .xml or .xml.gz"):
        IatiLoader().load(tmp_path / "x.gz", "x.gz", None)


def test_depth_and_decompressed_size_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    deep = "<iati-activities><iati-activity>" + "<a>" * 300 + "</a>" * 300 + "</iati-activity></iati-activities>"
    with pytest.raises(DataError, match="nested more than 256 deep"):
        _load(tmp_path, deep)
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    big = ACTIVITY.replace("<title>", "<title>" + " " * 5000)
    with pytest.raises(DataError, match="once decompressed; refused"):
        _load(tmp_path, big, "big.xml.gz")


def test_an_empty_file_is_a_unit_with_nothing_to_check(tmp_path: Path):
    t = _load(tmp_path, "<iati-activities/>", "empty.xml")
    assert t["units"].frame["unit_id"].tolist() == ["empty.xml"]
    assert t["activities"].frame.empty


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliancecheck", *args], capture_output=True, text=True, cwd=cwd)


def test_check_a_shared_file_from_the_command_line(tmp_path: Path):
    path = [p for p in data_files() if p.name == "foodsecurity.xml.gz"][0]
    out = tmp_path / "r.json"
    run = _cli("check", str(path), "--rules", str(PACK), "--as-of", "2026-11-28", "--format", "json", "--output", str(out), "--quiet", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    report = json.loads(out.read_text())
    assert sorted(u["id"] for u in report["units"]) == ["DE-1", "GB-CHC-285776", "NL-KVK-30214009", "NL-KVK-41155305", "US-EIN-06-1597-668", "XI-IATI-EC_INTPA"]
    failing = {(f["unit"], f["rule"]) for f in report["findings"] if f["status"] == "fail"}
    assert ("NL-KVK-41155305", "activity-dac-sector-percentages") in failing


def test_a_broken_file_exits_2_with_the_location(tmp_path: Path):
    (tmp_path / "b.xml").write_text("<iati-activities><iati-activity></iati-activities>")
    run = _cli("check", "b.xml", "--rules", str(PACK), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("compliancecheck: data error: b.xml:1:")
    assert "Traceback" not in run.stderr


def test_a_folder_of_files_is_one_dataset(tmp_path: Path):
    folder = tmp_path / "iati"
    folder.mkdir()
    (folder / "one.xml").write_text(ACTIVITY)
    run = _cli("check", "iati", "--rules", str(PACK), "--format", "json", "--quiet", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert sorted(u["id"] for u in json.loads(run.stdout)["units"]) == ["XM-1", "XM-2"]
