"""Plain values the PDF builders take, so printing never reads the store.

`ocop_desk/print_jobs.py` fills them from the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from ocop_desk.words import decimal_text, points_text  # the one number formatter of screen, CLI and paper


@dataclass(frozen=True)
class CouncilInfo:
    """Who issues the document: the header's left block and the date line."""

    council: str = ""  # "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới"
    authority: str = ""  # "UBND huyện Chợ Mới"
    place: str = ""  # the town written before the date
    day: date | None = None
    level: str = "district"

    def authority_lines(self) -> tuple[str, ...]:
        return tuple(x for x in (self.authority, self.council) if x)


@dataclass(frozen=True)
class ProductInfo:
    """The header fields of a score sheet; blank strings print as dotted lines."""

    name: str = ""
    code: str = ""  # T-H-STT-YYYY
    producer: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class MemberInfo:
    name: str = ""
    role: str = ""  # "Chủ tịch", "Thư ký", "Thành viên"


@dataclass(frozen=True)
class FilledScorecard:
    """One member's choices for one product, as the store holds them."""

    product: ProductInfo
    member: MemberInfo
    choices: Mapping[str, str]  # criterion id -> option id
    notes: str = ""
    knockouts: tuple[str, ...] = ()  # knock-out ids the member marked
    star: int | None = None  # `scoring.ranking.sheet_star` of the sheet: None while incomplete
    star_reasons: tuple[str, ...] = ()  # why that star is lower than the total's band
    digest: str = ""  # scorecard digest printed as text and QR code
    criterion_notes: Mapping[str, str] = field(default_factory=dict)


def fmt_points(value: Decimal | None) -> str:
    """Points as printed: '5', '2,5' (Vietnamese decimal comma in vi, point in en); a missing number is blank."""
    return points_text(value, empty="")


def fmt_mean(value: Decimal | None) -> str:
    """A mean exactly as computed (its places kept): the printed value is the one ranked; missing is blank."""
    return decimal_text(value, empty="")
