"""A commune's store: two producers, products of three groups under two regulations, one without a set."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocop_desk.store.engine import Store, open_store

RICE = "148-2023-03-gao-ngu-coc-hat-so-che-khac"  # thuc-pham
TOURISM = "148-2023-26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich"  # du-lich
BASKET_1048 = "1048-2019-23-thu-cong-my-nghe-trang-tri"  # thu-cong-my-nghe, 1048
PASS = "lúa thơm đồng Tân Lập"


@pytest.fixture
def commune(tmp_path: Path) -> Store:
    from ocop_desk.dossiers import save_producer, save_product

    s = open_store(f"sqlite:///{tmp_path / 'xa.sqlite3'}")
    htx = save_producer(s, "Hợp tác xã Nông sản Tân Lập", "HTX", "Xã Tân Lập")
    ho = save_producer(s, "Hộ kinh doanh Lò Văn Hải", "HO", "Xã Tân Lập")
    save_product(s, "06-065-001-2026", "Gạo Bao Thai Tân Lập", htx, year=2026, criteria_set_ref=RICE)
    save_product(s, "06-065-002-2026", "Homestay bản Mạ", ho, year=2026, criteria_set_ref=TOURISM)
    save_product(s, "06-065-003-2026", "Giỏ mây tre đan", ho, year=2026, criteria_set_ref=BASKET_1048)
    save_product(s, "06-065-004-2026", "Mật ong bạc hà", htx, year=2026)
    yield s
    s.dispose()


@pytest.fixture
def evidence(tmp_path: Path):  # type: ignore[no-untyped-def]
    """`evidence("name.pdf")` -> a small file with content of its own (a dossier takes each file once)."""
    folder = tmp_path / "giay-to"
    folder.mkdir()

    def make(name: str) -> Path:
        f = folder / name
        f.write_bytes(f"%PDF-1.4 {name}".encode())
        return f

    return make
