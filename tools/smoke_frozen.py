"""Smoke-run a frozen ocop-desk folder: every command family, from an empty machine.

    python tools/smoke_frozen.py dist/ocop-desk/ocop-desk[.exe]

Used by `.ci/run` (Linux) and the release workflow (Windows). Only the
standard library is used, so the script runs with any Python beside the
frozen program. Each step runs the program in a fresh folder with its own
data and config folders, and fails on an unexpected exit code or on any
sign that a module was missing from the bundle (a traceback, an
ImportError): a module that PyInstaller did not see only shows up when the
code path that imports it runs, so every kind of print, Excel file, key,
bundle, merge, audit, backup and screen is run once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAD = re.compile(r"Traceback|ModuleNotFoundError|ImportError|Segmentation|core dumped")
PASSPHRASE = "hội đồng huyện Chợ Mới 2026 — khóa thử"


class Smoke:
    def __init__(self, app: Path, root: Path) -> None:
        self.app = app
        self.root = root
        self.env = dict(os.environ)
        for var in ("OCOP_DESK_DB", "OCOP_DESK_LANG", "PYTHONPATH"):
            self.env.pop(var, None)
        self.env.update({
            "HOME": str(root), "USERPROFILE": str(root), "APPDATA": str(root / "appdata"),
            "LOCALAPPDATA": str(root / "localappdata"), "XDG_DATA_HOME": str(root / "data"),
            "XDG_CONFIG_HOME": str(root / "config"), "XDG_CACHE_HOME": str(root / "cache"),
            "OCOP_DESK_DATA_DIR": str(root / "store"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
        })
        self.passfile = root / "pass.txt"
        self.passfile.write_text(PASSPHRASE, encoding="utf-8")
        self.steps = 0

    def run(self, *args: str, ok: tuple[int, ...] = (0,), timeout: float = 120) -> str:
        started = time.monotonic()
        proc = subprocess.run([str(self.app), *args], cwd=self.root, env=self.env, capture_output=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        out = proc.stdout.decode("utf-8", "replace")
        err = proc.stderr.decode("utf-8", "replace")
        name = " ".join(args)
        if proc.returncode not in ok or BAD.search(err) or BAD.search(out):
            sys.stderr.write(f"smoke: '{name}' failed (exit {proc.returncode})\n{out}\n{err}\n")
            raise SystemExit(1)
        self.steps += 1
        print(f"frozen '{name}': ok (exit {proc.returncode}, {time.monotonic() - started:.1f} s)")
        return out

    def help_choices(self, *command: str, option: str) -> list[str]:
        text = self.run("--lang", "en", *command, "--help")
        match = re.search(re.escape(option) + r"\s*\{([^}]*)\}", text)
        return match.group(1).split(",") if match else []


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    app = Path(argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="ocop-desk-smoke-") as tmp:
        root = Path(tmp)
        s = Smoke(app, root)
        out = s.run("--version")
        if not out.startswith("ocop-desk "):
            print(f"smoke: unexpected --version output {out!r}", file=sys.stderr)
            return 1
        s.run("criteria", "list")
        s.run("profiles", "list")
        s.run("demo")
        sessions = json.loads(s.run("session", "list", "--json"))
        session = sessions[0]["id"]
        council = sessions[0].get("council") or sessions[0].get("council_id")
        s.run("results", session)
        s.run("results", session, "--json")
        s.run("--lang", "en", "results", session)

        pdf = root / "pdf"
        for kind in s.help_choices("print", option="--what"):
            s.run("print", session, "--what", kind, "--out", str(pdf / kind))
        s.run("print", "--what", "blank", "--criteria-set", _first_set(s), "--out", str(pdf / "blank-set"))

        xlsx = root / "xlsx"
        xlsx.mkdir()
        s.run("excel", "export", "summary", session, "--out", str(xlsx / "tổng hợp.xlsx"))
        s.run("excel", "export", "products", "--out", str(xlsx / "sản phẩm.xlsx"))
        s.run("excel", "export", "template", session, "--out", str(xlsx / "mẫu"))
        templates = sorted((xlsx / "mẫu").glob("*.xlsx"))
        if templates:  # a blank template imports as a refusal or a no-op, never a crash
            s.run("excel", "import", "scores", str(templates[0]), "--session", session, ok=(0, 4))
        s.run("excel", "import", "products", str(xlsx / "sản phẩm.xlsx"), ok=(0, 4))
        s.run("criteria", "export", _first_set(s), str(xlsx / "bộ tiêu chí.xlsx"))
        s.run("criteria", "validate", str(xlsx / "bộ tiêu chí.xlsx"))

        pf = ["--passphrase-file", str(s.passfile)]
        if council:
            s.run("keys", "new", "--council", council, "--level", "district", "--admin-unit", "065", *pf,
                  ok=(0, 9))
        s.run("keys", "list")
        council_keys = [k for k in json.loads(s.run("keys", "list", "--json")) if k["owner_kind"] == "council"]
        if council_keys:  # the province trusts the district's public key after checking its fingerprint
            public = root / "khóa công khai.json"
            s.run("keys", "export", council_keys[0]["key_id"], "--out", str(public))
            # the change is sealed with the trust store administrator's key: here the one key there is
            s.run("trust", "add", str(public), "--fingerprint", council_keys[0]["fingerprint"], "--yes",
                  "--key", council_keys[0]["key_id"], *pf)
            s.run("trust", "list")
        state_help = s.run("--lang", "en", "session", "state", "--help")
        close = ["session", "state", session, "closed"]
        ack = re.search(r"(--ack[\w-]*)", state_help)
        if ack:
            close += [ack.group(1), "Kiểm thử bản đóng gói"]
        s.run(*close, ok=(0, 7))
        bundle = root / "bundles" / "kết quả.ocop"
        bundle.parent.mkdir()
        exported = s.run("bundle", "export", session, "--out", str(bundle), *pf, ok=(0, 4, 6, 7, 9))
        if bundle.exists():
            s.run("bundle", "verify", str(bundle))
            s.run("--db", str(root / "tỉnh.sqlite3"), "merge", str(bundle))
            s.run("--db", str(root / "tỉnh.sqlite3"), "report", "province", "--json")
        else:
            print(f"note: no bundle written ({exported.strip()[:200]})")
        # after the meeting: recognition decision (PDF and Word), register, due list; the commune's checklist
        s.run("certificates", "recognise", session, "--decision-number", "125", "--date", "2026-09-20", ok=(0, 4))
        s.run("certificates", "print", session, "--out", str(root / "quyết định"), "--format", "both", ok=(0, 6))
        s.run("certificates", "list", "--json")
        s.run("dossier", "missing", "--json")
        s.run("audit", "verify")
        s.run("backup", str(root / "sao lưu.sqlite3"))

        gui_help = s.run("--lang", "en", "gui", "--help")
        screens = re.search(r"--screen \{([^}]*)\}", gui_help)
        s.run("gui", "--exit-after", "3", timeout=60)
        for screen in (screens.group(1).split(",") if screens else []):
            s.run("gui", "--exit-after", "1", "--screen", screen, timeout=60)
        print(f"smoke: {s.steps} frozen commands passed")
    return 0


def _first_set(s: Smoke) -> str:
    listed = json.loads(s.run("criteria", "list", "--json"))
    current = [c for c in listed if c.get("current", True)] or listed
    return current[0]["id"]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
