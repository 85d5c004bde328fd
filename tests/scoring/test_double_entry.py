"""Two keyings of one sheet: every difference is a mismatch, in sheet order."""

from ocop_desk.scoring.double_entry import Mismatch, compare_keyings


def test_identical_keyings_agree():
    assert compare_keyings(["A1a", "A1b"], {"A1a": "A1a-1", "A1b": "A1b-2"}, {"A1b": "A1b-2", "A1a": "A1a-1"}) == ()


def test_differences_and_blanks_are_listed_in_sheet_order():
    got = compare_keyings(["A1a", "A1b", "B1a"], {"B1a": "B1a-1", "A1a": "A1a-1"},
                          {"A1a": "A1a-2", "A1b": "A1b-1", "B1a": "B1a-1"})
    assert got == (Mismatch("A1a", "A1a-1", "A1a-2"), Mismatch("A1b", None, "A1b-1"))
