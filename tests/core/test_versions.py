"""A criteria set is never edited: a corrected sheet is a new version, sessions keep theirs."""

from __future__ import annotations

import json

import pytest

from ocop_desk.errors import ImportRefused

from ocop_desk.catalogue import import_criteria, list_criteria_sets, resolve_criteria_set
from ocop_desk.interchange import export_session, import_session_data
from ocop_desk.sessions import get_session


def test_corrected_set_is_a_new_version_and_sessions_keep_theirs(store, demo, tmp_path, repo_root):
    d = get_session(store, demo.session_id)
    rice = next(i for i in d.items if i.criteria_set_id == "148-2023-03-gao-ngu-coc-hat-so-che-khac")
    old_hash = rice.criteria_set_hash
    data = json.loads((repo_root / "forms/criteria/148-2023/148-2023-03-gao-ngu-coc-hat-so-che-khac.json")
                      .read_text(encoding="utf-8"))
    data["parts"][0]["sections"][0]["criteria"][0]["title"] += " (đã sửa lỗi chính tả)"
    f = tmp_path / "gạo-sửa.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = import_criteria(store, f)
    assert out.created and out.content_hash != old_hash
    versions = [s for s in list_criteria_sets(store, all_versions=True) if s.id == "148-2023-03-gao-ngu-coc-hat-so-che-khac"]
    assert len(versions) == 2 and sum(v.current for v in versions) == 1
    assert resolve_criteria_set(store, "148-2023-03-gao-ngu-coc-hat-so-che-khac")[1].content_hash == out.content_hash
    assert resolve_criteria_set(store, old_hash)[1].content_hash == old_hash
    # The session still scores with the version it started with, even after re-importing its file.
    import_session_data(store, export_session(store, d.id))
    again = get_session(store, d.id).item(rice.product_code)
    assert again.criteria_set_hash == old_hash
    # Naming the new hash cannot move a product that was scored with the old version.
    moved = export_session(store, d.id)
    for p in moved["products"]:
        if p["code"] == rice.product_code:
            p["criteria_set"] = out.content_hash
    with pytest.raises(ImportRefused, match="keeps that version"):
        import_session_data(store, moved)
    assert get_session(store, d.id).item(rice.product_code).criteria_set_hash == old_hash
