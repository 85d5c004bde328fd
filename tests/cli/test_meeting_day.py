"""The CLI on meeting day (issue 13): signed results only when closed, words and numbers the user's way,
errors as sentences, a missing file "not found" everywhere, readable province reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ocop_desk.errors import NotFound

PASS = "mật khẩu hội đồng đủ dài"
COUNCIL = "HD-OCOP-065"
SID = "2026-CM-01"


@pytest.fixture
def district(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from ocop_desk.bundles import keys

    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(keys.ENV_PASSPHRASE, PASS)
    db = f"sqlite:///{tmp_path / 'huyen.sqlite3'}"
    province = f"sqlite:///{tmp_path / 'tinh.sqlite3'}"
    assert run_cli("--db", db, "demo", "--products", "5")[0] == 0
    assert run_cli("keys", "new", "--council", COUNCIL, "--admin-unit", "065")[0] == 0
    assert run_cli("keys", "export", COUNCIL, "--out", str(tmp_path / "pub.json"))[0] == 0
    assert run_cli("trust", "add", str(tmp_path / "pub.json"), "--yes")[0] == 0
    return {"db": db, "province": province, "tmp": str(tmp_path)}


def _close(run_cli, db: str) -> None:  # type: ignore[no-untyped-def]
    code, _o, err = run_cli("--db", db, "session", "state", SID, "closed", "--ack-unfinished", "chấm sau")
    assert code == 0, err


def test_a_session_being_scored_is_not_signed(run_cli, district) -> None:
    out = Path(district["tmp"]) / "a.ocop"
    code, text, err = run_cli("--db", district["db"], "bundle", "export", SID, "--out", str(out))
    assert code == 7 and text == "" and not out.exists()
    assert SID in err and "chưa kết thúc" in err and len(err.strip().splitlines()) == 1


def test_export_merge_twice_reopen_and_the_province_sees_the_supersession(run_cli, district) -> None:
    db, prov, tmp = district["db"], district["province"], Path(district["tmp"])
    _close(run_cli, db)
    first = tmp / "a.ocop"
    code, text, err = run_cli("--db", db, "bundle", "export", SID, "--out", str(first))
    assert code == 0, err
    assert re.search(r"\(sản phẩm 5, phiếu chấm \d+, bộ tiêu chí \d+", text), text
    assert "products" not in text and "scorecards" not in text
    first_id = re.search(r"([0-9a-f-]{36})", text).group(1)  # type: ignore[union-attr]
    code, text, _e = run_cli("--db", db, "bundle", "verify", str(first))
    assert code == 0 and "Số lượng: " in text and "sản phẩm 5" in text and "kết quả phiên họp" in text

    assert run_cli("--db", prov, "merge", str(first))[0] == 0
    code, text, _e = run_cli("--db", prov, "merge", str(first))
    assert code == 0
    assert f"phiên {SID}" in text and "bỏ qua" in text and first_id in text

    # reopened after the export, corrected, closed and sent again: the province is told what it replaces
    assert run_cli("--db", db, "session", "state", SID, "scoring", "--reason", "sửa phiếu tv03")[0] == 0
    _close(run_cli, db)
    second = tmp / "b.ocop"
    assert run_cli("--db", db, "bundle", "export", SID, "--out", str(second), "--supersedes", first_id)[0] == 0
    code, text, err = run_cli("--db", prov, "merge", str(second))
    assert code == 0, err
    assert f"thay thế gói {first_id}" in text
    code, text, _e = run_cli("--db", prov, "report", "province", "--json")
    data = json.loads(text)
    assert {p["bundle"] for p in data["products"]} != {first_id}


def test_report_province_has_headers_aligned_columns_and_the_users_words(run_cli, district) -> None:
    db, prov, tmp = district["db"], district["province"], Path(district["tmp"])
    _close(run_cli, db)
    run_cli("--db", db, "bundle", "export", SID, "--out", str(tmp / "a.ocop"))
    run_cli("--db", prov, "merge", str(tmp / "a.ocop"))
    code, text, _e = run_cli("--db", prov, "report", "province")
    assert code == 0
    lines = text.rstrip("\n").splitlines()
    assert lines[0].split()[:3] == ["Huyện", "Mã", "Điểm"]
    for word in ("ranked", "knocked_out", "not_rankable"):
        assert word not in text
    assert "đã xếp hạng" in text and "bị loại" in text
    means = [m for m in re.findall(r"\b\d+[.,]\d\d\b", text)]
    assert means and all("," in m for m in means)
    # the mean column ends at the same place on every line (right-aligned under its header)
    header = lines[0]
    mean_end = header.index("Điểm TB") + len("Điểm TB")
    for line in lines[1:]:
        assert line[mean_end - 1] in "0123456789—", line
    code, text, _e = run_cli("--db", prov, "report", "province", "--json")
    json_means = [p["mean"] for p in json.loads(text)["products"] if p["mean"]]
    assert json_means and all("." in m and "," not in m for m in json_means)
    code, text, _e = run_cli("--db", prov, "--lang", "en", "report", "province")
    assert text.splitlines()[0].split()[:2] == ["District", "Code"] and "knocked out" in text


def test_results_table_prints_means_with_a_decimal_comma_and_json_keeps_the_point(run_cli, district) -> None:
    code, text, _e = run_cli("--db", district["db"], "results", SID)
    assert code == 0 and re.search(r"\b\d+,\d\d\b", text) and not re.search(r"\b\d+\.\d\d\b", text)
    code, text, _e = run_cli("--db", district["db"], "results", SID, "--json")
    means = [p["mean"] for p in json.loads(text)["products"] if p.get("mean")]
    assert means and all(re.fullmatch(r"\d+\.\d\d", m) for m in means)


def test_trust_add_says_the_level_in_vietnamese(run_cli, district) -> None:
    code, text, _e = run_cli("trust", "add", str(Path(district["tmp"]) / "pub.json"), "--yes")
    assert "cấp huyện" in text and "district" not in text and "cấp cấp" not in text


@pytest.mark.parametrize("argv", [
    ["session", "import", "{f}.json"], ["criteria", "validate", "{f}.json"], ["criteria", "import", "{f}.xlsx"],
    ["bundle", "verify", "{f}.ocop"], ["bundle", "import", "{f}.ocop"], ["merge", "{f}.ocop"],
    ["restore", "{f}.sqlite3"], ["keys", "import", "{f}.json"], ["trust", "add", "{f}.json", "--yes"],
    ["products", "import", "{f}.json"],
], ids=lambda a: "-".join(a[:2]))
def test_a_missing_file_is_not_found_everywhere(run_cli, tmp_path: Path, monkeypatch, argv) -> None:
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    missing = str(tmp_path / "không-có")
    args = [a.replace("{f}", missing) for a in argv]
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path / 's.sqlite3'}", *args)
    if code == 2 and "invalid choice" in err:
        pytest.fail(f"no such command: {args}")
    assert code == NotFound.exit_code, err
    assert len(err.strip().splitlines()) == 1 and "không-có" in err
    assert "No such file" not in err and "Errno" not in err


@pytest.mark.parametrize("text,argv,words", [
    ('{"a": "x', ["session", "import"], "đoạn chữ trong ngoặc kép chưa được đóng"),
    ('{"a": 1,}', ["criteria", "validate"], "tên đặt trong dấu ngoặc kép"),
    ("PK not a zip", ["criteria", "validate"], "không phải tệp Excel (.xlsx)"),
])
def test_raw_exception_texts_become_sentences_naming_file_and_place(run_cli, tmp_path: Path, text, argv,
                                                                     words) -> None:
    suffix = ".xlsx" if text.startswith("PK") else ".json"
    f = tmp_path / f"hỏng{suffix}"
    f.write_text(text, encoding="utf-8")
    code, _out, err = run_cli("--db", f"sqlite:///{tmp_path / 's.sqlite3'}", *argv, str(f))
    assert code in (3, 4), err
    assert f"hỏng{suffix}" in err and words in err, err
    for raw in ("Unterminated string", "Expecting", "File is not a zip file", "BadZipFile"):
        assert raw not in err
    if suffix == ".json":
        assert "dòng 1, cột" in err


def test_version_help_is_translated(run_cli) -> None:
    code, out, _e = run_cli("--help")
    assert code == 0
    line = next(l for l in out.splitlines() if "--version" in l and "[" not in l)
    assert "show program" not in line and "phiên bản" in line
