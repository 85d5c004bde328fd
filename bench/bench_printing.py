"""Benchmark: 1,800 filled member sheets (200 products x 9 members) in one PDF.

Measured against raw reportlab canvas drawing of the same text (every
string of every sheet drawn with `drawString`, same embedded fonts, a new
page whenever the column is full) in the same run.  Targets (issue 11 §4):
at most 1.3x, on the CPU time of this process (wall time is printed too; on
a busy machine it swings with other work), and a peak memory (RSS) of the
whole process under 300 MB.  `--plan` also times `print_jobs`' page count
of the same sheets (laid out, not drawn).

    python bench/bench_printing.py [--products 200] [--members 9] [--plan] [--repeat 2]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocop_desk.i18n import _, set_language  # noqa: E402
from ocop_desk.printing.fonts import FONTS, register_fonts  # noqa: E402
from ocop_desk.printing.member_sheet import scorecard_digest, write_member_sheets  # noqa: E402
from ocop_desk.printing.values import (CouncilInfo, FilledScorecard, MemberInfo,  # noqa: E402
                                       ProductInfo, fmt_points)
from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text  # noqa: E402

RATIO_TARGET = 1.3
PEAK_TARGET_MB = 300
MEMBERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Đức",
           "Vũ Thị Giang", "Đặng Quốc Hùng", "Bùi Thị Lan", "Đỗ Minh Khoa", "Ngô Thị Mai",
           "Dương Văn Nam"]


def load_sets():
    files = sorted((ROOT / "forms" / "criteria").rglob("*.json"))
    sets = [criteria_set_from_dict(load_json_text(f.read_text(encoding="utf-8"))) for f in files]
    return sets or sys.exit("no criteria sets under forms/criteria")


def make_cards(n_products: int, n_members: int, seed: int = 2026):
    rnd = random.Random(seed)
    sets = load_sets()
    cards = []
    for p in range(n_products):
        cs = sets[p % len(sets)]
        product = ProductInfo(name=f"Sản phẩm đặc sản số {p + 1} của hợp tác xã nông nghiệp Thanh Vận",
                              code=f"06-063-{p + 1:03d}-2026", producer=f"HTX Nông nghiệp số {p + 1}",
                              phone="0209 3870 123", address="Xã Thanh Vận, huyện Chợ Mới, tỉnh Bắc Kạn")
        for m in range(n_members):
            choices = {c.id: rnd.choice(c.options).id for c in cs.criteria()}
            digest = scorecard_digest(session=1, product=p + 1, member=m + 1,
                                      criteria_set_hash=cs.content_hash, choices=choices)
            member = MemberInfo(name=MEMBERS[m % len(MEMBERS)], role="Thành viên")
            cards.append((cs, FilledScorecard(product=product, member=member, choices=choices,
                                              notes="", star=3, digest=digest)))
    return cards


def sheet_rows(cs, card) -> list[list[tuple[str, str]]]:
    """Every string the sheet prints, row by row, each piece with the font it is set in."""
    R, B, I = FONTS.regular, FONTS.bold, FONTS.italic
    p = card.product
    rows = [[(R, "UBND HUYỆN CHỢ MỚI"), (B, _("SOCIALIST REPUBLIC OF VIET NAM"))],
            [(B, "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI"),
             (B, _("Independence - Freedom - Happiness"))],
            [(I, "Chợ Mới, ngày ..... tháng ..... năm .....")],
            [(B, _("OCOP PRODUCT EVALUATION AND RANKING SHEET"))],
            [(B, _("Product set: {name}").format(name=cs.product_set))],
            [(I, _("Group: {group} — {title}").format(group=cs.group, title=cs.title))]]
    for label, value in ((_("Product name:"), p.name), (_("Product code:"), p.code),
                         (_("Producer:"), p.producer), (_("Phone:"), p.phone),
                         (_("Address:"), p.address)):
        rows.append([(B, label), (B, value)])
    rows += [[(R, k.label)] for k in cs.knockouts]
    rows.append([(B, _("Criteria and options")), (B, _("Points")), (B, _("Chosen"))])
    for part in cs.parts:
        rows.append([(B, part.title.upper()), (B, fmt_points(part.max))])
        for section in part.sections:
            rows.append([(B, f"{section.id}. {section.title}"), (B, fmt_points(section.max))])
            for crit in section.criteria:
                rows.append([(I, crit.title), (I, f"({fmt_points(crit.max)})")])
                rows += [[(R, opt.label), (R, fmt_points(opt.points))] for opt in crit.options]
            rows.append([(I, _("Subtotal: {title}").format(title=section.title)), (B, "0")])
        rows.append([(B, _("Total of {title}").format(title=part.title)), (B, "0")])
    rows += [[(B, _("TOTAL SCORE (maximum {max})").format(max=100)), (B, "0")],
             [(B, _("Star implied by this total")), (B, _("{n} star(s)").format(n=card.star))],
             [(R, _("Notes: {text}").format(text=card.notes or "—"))],
             [(I, _("Scorecard digest (SHA-256), to check this sheet against the store:"))],
             [(R, card.digest)], [(B, _("Council member").upper())],
             [(I, _("(Signature, full name)"))], [(B, card.member.name)]]
    return rows


def raw_canvas(cards) -> tuple[int, int]:
    """The floor: each string drawn once at a fixed column, no layout, rules or boxes.

    Given the same advantage as ocop-desk's build: the cyclic garbage
    collector is paused while it draws.
    """
    import gc

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, initialFontName=FONTS.regular)
    pages = 0
    gc.disable()
    columns = (70, 460, 520)
    for cs, card in cards:
        y = A4[1] - 45
        current = None
        for row in sheet_rows(cs, card):
            if y < 45:
                current = None
                c.showPage()
                pages += 1
                y = A4[1] - 45
            for x, (font, text) in zip(columns, row):
                if font != current:
                    c.setFont(font, 9.5)
                    current = font
                c.drawString(x, y, text)
            y -= 14
        c.showPage()
        pages += 1
    c.save()
    gc.enable()
    return pages, len(buf.getvalue())


def platypus(cards, council) -> tuple[int, int]:
    buf = io.BytesIO()
    pages = write_member_sheets(buf, cards, council=council)
    return pages, len(buf.getvalue())


def tick_lists(cards, council) -> tuple[int, int]:
    from ocop_desk.printing.ticklist import write_tick_lists

    buf = io.BytesIO()
    pages = write_tick_lists(buf, cards, council=council)
    return pages, len(buf.getvalue())


def _timed(run):
    """(result..., wall seconds, CPU seconds of this process): CPU time is what the ratio uses,
    so other work on a shared machine does not tilt it."""
    w0, c0 = time.perf_counter(), time.process_time()
    pages, size = run()
    return pages, size, time.perf_counter() - w0, time.process_time() - c0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=200)
    ap.add_argument("--members", type=int, default=9)
    ap.add_argument("--lang", default="vi")
    ap.add_argument("--ticklists", action="store_true", help="also time the one-page tick lists of the same sheets")
    ap.add_argument("--plan", action="store_true", help="also time counting the pages without drawing")
    ap.add_argument("--repeat", type=int, default=1, help="time both this many times, alternately; keep the fastest")
    args = ap.parse_args()
    set_language(args.lang)
    register_fonts()
    council = CouncilInfo(council="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới",
                          authority="UBND huyện Chợ Mới", place="Chợ Mới")
    t0 = time.perf_counter()
    cards = make_cards(args.products, args.members)
    t_data = time.perf_counter() - t0
    raw_runs, pl_runs = [], []
    for _run in range(max(args.repeat, 1)):  # alternated, the fastest of each kept: a busy machine's noise
        raw_runs.append(_timed(lambda: raw_canvas(cards)))
        pl_runs.append(_timed(lambda: platypus(cards, council)))
    raw_pages, raw_bytes, t_raw, c_raw = min(raw_runs, key=lambda run: run[3])
    pl_pages, pl_bytes, t_pl, c_pl = min(pl_runs, key=lambda run: run[3])
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"sheets: {len(cards)} ({args.products} products x {args.members} members), "
          f"data prepared in {t_data:.2f}s")
    print(f"raw canvas : {t_raw:7.2f}s wall {c_raw:7.2f}s CPU  {raw_pages:6d} pages  {raw_bytes / 1e6:6.1f} MB")
    print(f"ocop-desk  : {t_pl:7.2f}s wall {c_pl:7.2f}s CPU  {pl_pages:6d} pages  {pl_bytes / 1e6:6.1f} MB  "
          f"({c_pl / len(cards) * 1000:.1f} ms CPU a sheet)")
    if args.plan:
        from ocop_desk.printing.layout import counting_pages

        with counting_pages():
            pn_pages, _size, t_pn, c_pn = _timed(lambda: platypus(cards, council))
        print(f"page count : {t_pn:7.2f}s wall {c_pn:7.2f}s CPU  {pn_pages:6d} pages counted, nothing drawn "
              f"({'same' if pn_pages == pl_pages else 'DIFFERENT'} as printed)")
    if args.ticklists:
        tl_pages, tl_bytes, t_tl, c_tl = _timed(lambda: tick_lists(cards, council))
        print(f"tick lists : {t_tl:7.2f}s wall {c_tl:7.2f}s CPU  {tl_pages:6d} pages  {tl_bytes / 1e6:6.1f} MB  "
              f"({c_tl / len(cards) * 1000:.1f} ms CPU a sheet)")
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (whole process)")
    print(f"             target < {PEAK_TARGET_MB} MB -> {'OK' if peak < PEAK_TARGET_MB else 'OVER TARGET'}")
    ratio = c_pl / c_raw
    print(f"ratio      : {ratio:.2f}x CPU time, {t_pl / t_raw:.2f}x wall (target <= {RATIO_TARGET}x) -> "
          f"{'OK' if ratio <= RATIO_TARGET else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
