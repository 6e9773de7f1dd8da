"""Opening a local page in headless Chromium (Debian's, through Playwright) and reading what a reader would see."""

from __future__ import annotations

import io
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# No sandbox in containers; nothing Chromium does on its own behalf (updates, sync, QUIC probes) may reach out.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1280, "height": 800}


def chromium_or_skip() -> str:
    """The browser's path; the test is skipped without one, except where CI says a browser must be there."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("ARCHIVE_PIPELINE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ARCHIVE_PIPELINE_REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM}")
    pytest.skip(f"no browser at {CHROMIUM}")


@dataclass
class Visit:
    """An open page and what happened while it loaded."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)  # blocked: a local page must ask for nothing


@contextmanager
def opened(path: Path, browser: str) -> Iterator[Visit]:
    """The local file open in a laptop-sized window, every request not for a file: or data: URL blocked and noted."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser, args=ARGS)
        try:
            context = chromium.new_context(viewport=LAPTOP)
            page = context.new_page()
            visit = Visit(page)

            def guard(route: Route) -> None:
                url = route.request.url
                if url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    visit.outside_requests.append(url)
                    route.abort()

            context.route("**/*", guard)
            page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
            page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            yield visit
        finally:
            chromium.close()


def wait_for_charts(page: Page) -> None:
    """Until plotly has drawn an SVG in every chart container."""
    page.wait_for_function("[...document.querySelectorAll('.chart')].every(c => c.querySelector('.main-svg'))",
                           timeout=15_000)


def chart_screenshots(page: Page) -> dict[str, bytes]:
    """Every chart container, by its id, as a PNG of what it shows."""
    return {chart.get_attribute("id"): chart.screenshot() for chart in page.query_selector_all(".chart")}


def blank(png: bytes, tolerance: int = 24, share: float = 0.005) -> bool:
    """Whether an image is (nearly) one colour: fewer than `share` of its pixels stray from the commonest colour by
    more than `tolerance` in any channel (anti-aliasing and a stray line are not a chart)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail((400, 400))  # enough pixels to judge, few enough to count fast
    colours = image.getcolors(image.width * image.height)  # (pixels, colour) pairs
    common = max(colours)[1]
    stray = sum(n for n, colour in colours if max(abs(a - b) for a, b in zip(colour, common)) > tolerance)
    return stray < share * image.width * image.height


def summary_figures(page: Page) -> list[tuple[str, str, str | None]]:
    """Every element showing a run-summary value: its key, its text, and its raw value when the text is formatted."""
    return page.eval_on_selector_all(
        "[data-summary]", "els => els.map(e => [e.dataset.summary, e.textContent, e.getAttribute('data-value')])")


def agrees(figures: list[tuple[str, str, str | None]], summary: dict) -> None:
    """Every figure shown is the summary's, and every value the summary has is shown."""
    for key, text, value in figures:
        assert float(value) == summary[key] if value is not None else text == str(summary[key]), key
    shown = {key for key, *_ in figures}
    assert shown == {k for k, v in summary.items() if v is not None and not isinstance(v, (dict, list))}


def drawn_marks(page: Page) -> dict[str, int]:
    """Every chart container, by its id, with how many marks plotly drew in its plotting area: bars, points and
    line paths with a shape. Axes, a grid and a title are drawn for a chart with no data too: they do not count."""
    return dict(page.eval_on_selector_all(".chart", """charts => charts.map(c => [c.id,
        [...c.querySelectorAll('.main-svg g.point > path, .main-svg path.point, .main-svg path.js-line')]
            .filter(p => (p.getAttribute('d') || '').length > 2).length])"""))
