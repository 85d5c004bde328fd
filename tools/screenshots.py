"""Render every main screen at 1366×768, in Vietnamese and in English, to docs/screenshots/.

    python -m tools.screenshots [--out DIR] [--scale 1.5] [--font 14]

Runs offscreen on a throw-away store holding the demo council, so it needs
no display and touches no real data.  Files: `<lang>-<screen>.png`.  The window
opens as the application opens it, never larger than the screen; for what a
1366×768 laptop shows, give it such a screen:

    QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1366x768x24" python -m tools.screenshots --scale 1.5
    QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1366x768x24" python -m tools.screenshots --font 14
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from ocop_desk.ui.screens import SCREEN_KEYS as SCREENS

REPO = Path(__file__).resolve().parent.parent


def _settle(ms: int = 150) -> None:
    # QTest.qWait, not processEvents(): PySide6 6.12.0's processEvents leaks a reference to None per call
    from PySide6.QtTest import QTest

    from ocop_desk.ui import operations

    deadline = time.monotonic() + 20
    QTest.qWait(ms)
    while operations.running() and time.monotonic() < deadline:
        QTest.qWait(20)
    QTest.qWait(ms)


def render(out: Path, languages: tuple[str, ...] = ("vi", "en"), size: tuple[int, int] = (1366, 768),
           prefix: str = "", font_size: int | None = None) -> list[Path]:
    work = Path(tempfile.mkdtemp(prefix="ocop-desk-shots-"))
    if "QT_QPA_PLATFORM" not in os.environ:  # offscreen, on a simulated screen of the laptop's size
        import json

        screen = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": size[0], "height": size[1],
                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
        (work / "screen.json").write_text(json.dumps(screen), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={work / 'screen.json'}"
    os.environ["OCOP_DESK_DATA_DIR"] = str(work / "data")
    if font_size is not None:
        from ocop_desk.ui.preferences import Preferences, save_preferences

        save_preferences(Preferences(font_size=font_size), work / "data" / "gui-preferences.json")
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, application, open_window

    application()
    operations.set_show_boxes(False)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    win, lock = open_window(LaunchOptions(db=str(work / "store.sqlite3"), lang=languages[0]), ask=False)
    win.show_fitted()  # as `ocop-desk gui` opens it: never larger than the screen
    _settle(300)
    try:
        for lang in languages:
            win.set_language(lang)
            for key in SCREENS:
                win.navigate(key)
                _settle()
                if key == "scoring":
                    page = win.pages["scoring"]
                    if page.view is not None and len(page.view.detail.items) > 1:
                        page.set_member(page.view.detail.members[0].code)
                        page.open_product(page.view.detail.items[-1].product_code)
                        for _n in range(5):
                            page.choose(page.sheet.order[_n], page.cs.criterion(page.sheet.order[_n]).options[-1].id,
                                        True) if page.locked_reason() is None else None
                        _settle()
                if key == "printing":
                    page = win.pages["printing"]
                    page.folder.setText(str(work / "pdf"))
                    page.last_pdf = None
                    page.print_selected("summary")
                    for _n in range(100):
                        if page.last_pdf is not None:
                            break
                        _settle(100)
                    _settle()
                path = out / f"{prefix}{lang}-{key}.png"
                win.grab().save(str(path))
                written.append(path)
    finally:
        if lock is not None:
            lock.release()
        win.ctx.store.dispose()
    if operations.last_errors():
        print("errors shown while rendering:", *operations.last_errors(), sep="\n  ", file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=None, help="QT_SCALE_FACTOR to render with (e.g. 1.5)")
    parser.add_argument("--font", type=int, default=None, help="the application's font size setting (e.g. 14)")
    parser.add_argument("--size", default="1366x768",
                        help="the screen's size in pixels (offscreen); the window opens within it")
    args = parser.parse_args(argv)
    prefix = ""
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
        prefix = f"scale{args.scale:g}-"
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.size != "1366x768":
        prefix += f"{width}x{height}-"
    if args.font:
        prefix += f"{args.font}pt-"
    for path in render(args.out, size=(width, height), prefix=prefix, font_size=args.font):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
