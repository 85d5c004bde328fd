"""Fixtures for the PDF tests: real criteria sets, a council, and poppler helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from printing_proof import LONG_NAME

from ocop_desk.printing.values import CouncilInfo, MemberInfo, ProductInfo
from ocop_desk.scoring.criteria import CriteriaSet, criteria_set_from_dict, load_json_text

REPO = Path(__file__).resolve().parents[2]
RICE = REPO / "forms" / "criteria" / "148-2023" / "148-2023-thuc-pham-gao-ngu-coc.json"
DRINKS = REPO / "forms" / "criteria" / "148-2023" / "148-2023-do-uong-khong-con.json"



def _load(path: Path) -> CriteriaSet:
    return criteria_set_from_dict(load_json_text(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def rice_set() -> CriteriaSet:
    return _load(RICE)


@pytest.fixture(scope="session")
def drinks_set() -> CriteriaSet:
    return _load(DRINKS)


@pytest.fixture
def council() -> CouncilInfo:
    return CouncilInfo(council="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới",
                       authority="UBND huyện Chợ Mới", place="Chợ Mới",
                       day=dt.date(2026, 9, 15))


@pytest.fixture
def long_product() -> ProductInfo:
    return ProductInfo(name=LONG_NAME, code="06-063-012-2026", producer="HTX Nông nghiệp Thanh Vận",
                       phone="0209 3870 123",
                       address="Thôn Nà Pài, xã Thanh Vận, huyện Chợ Mới, tỉnh Bắc Kạn")


@pytest.fixture
def member() -> MemberInfo:
    return MemberInfo(name="Nguyễn Thị Hồng Nhung", role="Thành viên")


from tests.core_fixtures import demo, store  # noqa: E402,F401
