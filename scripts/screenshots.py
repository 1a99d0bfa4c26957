"""Screenshots of pages as their users see them, at 1280×900 and 1024×768, in Chinese and English.

    python scripts/screenshots.py BASE_URL OUT_DIR LOGIN:PATH [LOGIN:PATH …]

Each LOGIN is a demo account (password demo-2026-bj); each PATH is opened after logging in, and
saved as OUT_DIR/<login>-<path>-<width>-<lang>.png (the full page).
"""
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "demo-2026-bj"
VIEWPORTS = ((1280, 900), (1024, 768))


def main(base: str, out: Path, targets: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for target in targets:
            login, path = target.split(":", 1)
            for lang in ("zh", "en"):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "/login")
                page.fill("#username", login)
                page.fill("#password", PASSWORD)
                page.click("main button[type=submit]")
                page.goto(base + f"/lang/{lang}")
                for width, height in VIEWPORTS:
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(base + path)
                    name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
                    page.screenshot(path=str(out / f"{login}-{name}-{width}-{lang}.png"), full_page=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:])
