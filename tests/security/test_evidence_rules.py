"""Evidence files: regular files only, a size limit, once per dossier, a criterion of the dossier's set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ocop_desk import dossiers
from ocop_desk.errors import ImportRefused


@pytest.fixture
def product(store):  # type: ignore[no-untyped-def]
    from ocop_desk.catalogue import list_criteria_sets

    pid = dossiers.save_producer(store, "HTX Chè Tân Cương", "HTX", "Xã Tân Cương")
    set_id = list_criteria_sets(store)[0].id
    dossiers.save_product(store, "06-065-001-2026", "Chè búp Tân Cương", pid, year=2026, criteria_set_ref=set_id)
    return "06-065-001-2026"


def test_a_folder_is_refused(store, product, tmp_path, unchanged) -> None:
    with unchanged(store), pytest.raises(ImportRefused, match="regular file"):
        dossiers.attach_evidence(store, product, tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are POSIX here")
def test_a_pipe_is_refused_without_blocking(store, product, tmp_path, unchanged) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with unchanged(store), pytest.raises(ImportRefused, match="regular file"):
        dossiers.attach_evidence(store, product, fifo)


def test_a_file_over_the_limit_is_refused(store, product, tmp_path, unchanged, monkeypatch) -> None:
    monkeypatch.setattr(dossiers, "MAX_EVIDENCE_BYTES", 1000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 1001)
    with unchanged(store), pytest.raises(ImportRefused, match="MB"):
        dossiers.attach_evidence(store, product, big)
    assert not list((store.data_dir / "evidence").rglob("*")) or all(
        p.is_dir() for p in (store.data_dir / "evidence").rglob("*")), "no staging file is left behind"


def test_the_same_file_once_per_dossier(store, product, tmp_path, unchanged) -> None:
    a = tmp_path / "giay-phep.pdf"
    a.write_bytes(b"%PDF-1.4 giay phep")
    dossiers.attach_evidence(store, product, a)
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(a.read_bytes())
    with unchanged(store), pytest.raises(ImportRefused, match="already"):
        dossiers.attach_evidence(store, product, copy)


def test_the_criterion_must_be_in_the_dossiers_set(store, product, tmp_path, unchanged) -> None:
    from ocop_desk.catalogue import criteria_set_by_pk

    f = tmp_path / "ket-qua.pdf"
    f.write_bytes(b"%PDF-1.4 ket qua kiem nghiem")
    with unchanged(store), pytest.raises(ImportRefused, match="Z9.9"):
        dossiers.attach_evidence(store, product, f, criterion_id="Z9.9")
    pk = dossiers.get_product(store, product).criteria_set_pk
    real = next(criteria_set_by_pk(store, pk).criteria()).id
    ev = dossiers.attach_evidence(store, product, f, criterion_id=real)
    assert ev.criterion_id == real


def test_names_are_cleaned(store, product, tmp_path) -> None:
    f = tmp_path / "Giấy\u202eFDP.exe"
    f.write_bytes(b"MZ")
    ev = dossiers.attach_evidence(store, product, f, kind="food\x00safety")
    assert ev.original_name == "Giấy FDP.exe" and ev.kind == "food safety"
    assert ev.path.read_bytes() == b"MZ"


def test_cli_criterion_refusal_is_one_line(store, product, tmp_path, run_cli) -> None:
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF")
    code, _out, err = run_cli("--db", store.url, "--lang", "en", "evidence", "add", product, str(f),
                              "--criterion", "nope")
    assert code == ImportRefused.exit_code and "nope" in err and "Traceback" not in err
