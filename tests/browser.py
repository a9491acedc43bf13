"""Headless Chromium through Playwright, for page tests that must not reach the network.

The recipe in shared/recipes: Debian's /usr/bin/chromium, never `playwright install`, the flags
that keep Chromium from calling home, and every request but file:, data:, blob: and about: aborted.
Without a browser the tests skip, unless HAMKORI_REQUIRE_BROWSER is set (as .ci/run does).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
LOCAL = ("file:", "data:", "blob:", "about:")


def require_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "playwright is not installed"
    else:
        missing = "" if CHROMIUM else "chromium is not installed"
    if missing:
        if os.environ.get("HAMKORI_REQUIRE_BROWSER"):
            pytest.fail(f"a browser is required here: {missing}")
        pytest.skip(missing)


@dataclass
class PageLog:
    """What a page did: every request, console errors and page errors."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright's Browser)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, url: str, log: PageLog, allow: tuple[str, ...] = LOCAL) -> Any:
    """A new page at ``url`` with every non-local request recorded and aborted."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def route(request_route: Any) -> None:
        target = request_route.request.url
        log.requests.append(target)
        if target.startswith(allow):
            request_route.continue_()
        else:
            log.external.append(target)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    # An alert, confirm or prompt means a script ran that should not have: record and dismiss it.
    page.on("dialog", lambda dialog: (log.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    return page
