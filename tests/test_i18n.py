"""Every message in the code has a Vietnamese translation, and the shipped .mo is current."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from tools import i18n as tool

from ocop_desk import i18n


def _fmt(missing: dict[object, list[str]]) -> str:
    return "\n".join(f"  {where[0]}: {msgid!r}" for msgid, where in
                     sorted(missing.items(), key=lambda kv: kv[1][0]))


def test_po_files_exist_and_are_utf8_with_a_vi_header() -> None:
    files = tool.po_files()
    assert files, "no resources/locale/vi/*.po"
    for path in files:
        catalog = tool.read_po_file(path)  # raises on bad syntax or a non-UTF-8 charset
        assert str(catalog.locale) == "vi", path


def test_areas_do_not_translate_one_message_two_ways() -> None:
    tool.merged_catalog(tool.po_files())  # raises I18nError naming both files


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    extracted = tool.extract()
    assert extracted.messages, "extraction found no _() call at all"
    missing = tool.untranslated(extracted, tool.merged_catalog(tool.po_files()))
    assert not missing, (f"{len(missing)} of {len(extracted.messages)} messages have no Vietnamese "
                         f"translation in resources/locale/vi/*.po:\n{_fmt(missing)}")


def test_no_message_is_built_before_translation() -> None:
    assert tool.extract().bad_calls == []


def test_compiled_catalogue_is_up_to_date() -> None:
    assert tool.MO_PATH.exists(), "run `make i18n`"
    assert tool.mo_is_current(), "ocop_desk.mo is older than the .po files: run `make i18n` and commit it"


def test_translations_keep_their_placeholders() -> None:
    import string

    fmt = string.Formatter()
    problems = []
    for message in tool.merged_catalog(tool.po_files()):
        if not message.id or message.pluralizable:
            continue
        try:
            want = {f for _t, f, _s, _c in fmt.parse(message.id) if f is not None}
            got = {f for _t, f, _s, _c in fmt.parse(message.string) if f is not None}
        except ValueError as exc:
            problems.append(f"{message.id!r}: {exc}")
            continue
        if want != got:
            problems.append(f"{message.id!r}: placeholders {sorted(want)} vs {sorted(got)}")
    assert not problems, "\n".join(problems)


def test_vietnamese_is_the_default_and_diacritics_survive(tmp_path: Path) -> None:
    assert i18n.set_language(None) == "vi"
    catalogue = gettext.GNUTranslations(tool.MO_PATH.open("rb"))
    entries = [(k, v) for k, v in catalogue._catalog.items() if k and isinstance(k, str)]  # type: ignore[attr-defined]
    if not entries:
        pytest.fail("the compiled catalogue is empty")
    msgid, msgstr = entries[0]
    assert i18n._(msgid) == msgstr
    assert any(ch in "ăâđêôơưàảãáạếệểễềộ" for _k, v in entries for ch in v.lower())
    i18n.set_language("en")
    assert i18n._(msgid) == msgid


# ----------------------------------------------------- the tool itself, on tmp data

PO_A = '''msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Session closed"
msgstr "Phiên họp đã đóng"

#, fuzzy
msgid "Results"
msgstr "Kết quả?"
'''

PO_B = '''msgid ""
msgstr ""
"Language: vi\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Session closed"
msgstr "Phiên đã kết thúc"
'''


def test_compile_skips_fuzzy_and_is_reproducible(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text(PO_A, encoding="utf-8")
    mo = tmp_path / "out" / "ocop_desk.mo"
    path, count, written = tool.compile_catalog(tmp_path, mo)
    assert (count, written) == (1, True)
    first = mo.read_bytes()
    _p, _c, written_again = tool.compile_catalog(tmp_path, mo)
    assert written_again is False and mo.read_bytes() == first
    assert tool.mo_bytes(tool.merged_catalog([tmp_path / "a.po"])) == first
    table = tool.messages_of_mo(first)
    assert table == {"Session closed": "Phiên họp đã đóng"}


def test_conflicting_translations_name_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text(PO_A, encoding="utf-8")
    (tmp_path / "b.po").write_text(PO_B, encoding="utf-8")
    with pytest.raises(tool.I18nError, match=r"b\.po.*a\.po"):
        tool.merged_catalog(tool.po_files(tmp_path))


def test_a_non_utf8_po_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_bytes(PO_B.replace("Phiên đã kết thúc", "Phi\u00ean").encode("latin-1", "replace"))
    with pytest.raises(tool.I18nError, match="bad.po"):
        tool.read_po_file(bad)


def test_extraction_finds_literals_plurals_and_built_strings(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "from ocop_desk.i18n import _, N_, ngettext\n"
        "a = _('Save')\n"
        "b = N_('Draft')\n"
        "c = ngettext('{n} product', '{n} products', 2)\n"
        "d = _(f'Hello {a}')\n"
        "e = _(a)\n", encoding="utf-8")
    found = tool.extract(pkg, tmp_path)
    assert set(found.messages) == {"Save", "Draft", ("{n} product", "{n} products")}
    assert found.messages["Save"] == ["pkg/m.py:2"]
    assert len(found.bad_calls) == 1 and found.bad_calls[0].startswith("pkg/m.py:5")
