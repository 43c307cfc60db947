"""Helpers shared by the browser tests: paths, chromium flags, screenshots and the per-page check."""

from pathlib import Path

from tests.e2e.textcheck import assert_clean_text

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=zh-CN",  # browser-drawn controls (date pickers, file inputs) in Chinese too
]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to <repo>/artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page) -> None:
    """What every visited page must satisfy: served in Chinese, nothing garbled or left in English."""
    assert page.get_attribute("html", "lang") == "zh-hans", page.url
    assert_clean_text(page)


def visit(page, url: str, status: int = 200):
    """Open ``url``, insist on ``status`` and run the per-page check."""
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    check_page(page)
    return response
