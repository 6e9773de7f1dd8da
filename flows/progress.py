"""Progress while a run or a harvest works: a live display on a terminal, one line per stage elsewhere (cron, CI, a
deployment's worker), and a Prefect progress artifact for whoever watches the run in Prefect's UI."""

from __future__ import annotations

import logging
import sys
import time

from prefect import get_run_logger
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from rich.console import Console
from rich.default_styles import DEFAULT_STYLES
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.theme import Theme

# The Prefect API is told at most this often (each update is a request).
ARTIFACT_EVERY_S = 2.0


class Stages:
    """The stages of one run, each with its total and unit, shown as they advance. `weights` says what share of
    the whole run each stage is, for the one figure the progress artifact shows."""

    def __init__(self, key: str, what: str, weights: dict[str, float]):
        self.weights = {name: w / sum(weights.values()) for name, w in weights.items()}
        self.done_share = 0.0  # of the stages finished
        self.log = get_run_logger()
        self._artifact = create_progress_artifact(0.0, key=key, description=what)
        self._told = 0.0
        console = _terminal()
        self._display = None
        if console is not None:
            # Prefect's console has a theme of its own, without the progress display's styles: lend them for its time.
            console.push_theme(Theme({k: v for k, v in DEFAULT_STYLES.items() if k.startswith(("bar.", "progress."))}))
            self._console = console
            self._display = Progress(
                TextColumn("{task.description:<20}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[unit]}"),
                TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=console, transient=False)
            self._display.start()
        self._stage: tuple[str, int, str, float] | None = None
        self._task = None
        self._count = 0

    def start(self, name: str, total: int | None, unit: str) -> None:
        """A stage begins: `total` units are to be done (None when not known yet)."""
        self.finish()
        self._stage, self._count = (name, total, unit, time.monotonic()), 0
        if self._display is not None:
            self._task = self._display.add_task(name, total=total, unit=unit, rate="")

    def total(self, total: int) -> None:
        """The stage's total, once it is known (a harvest learns it from its first page)."""
        name, _, unit, began = self._stage
        self._stage = (name, total, unit, began)
        if self._display is not None:
            self._display.update(self._task, total=total)

    def advance(self, units: int = 1) -> None:
        name, total, unit, began = self._stage
        self._count += units
        if self._display is not None:
            elapsed = time.monotonic() - began
            rate = f"{self._count / elapsed:,.0f} {unit}/s" if elapsed > 0 else ""
            self._display.update(self._task, advance=units, rate=rate)
        now = time.monotonic()
        if now - self._told >= ARTIFACT_EVERY_S:
            self._told = now
            share = min(self._count / total, 1.0) if total else 0.0
            self._tell(self.done_share + self.weights.get(name, 0.0) * share)

    def finish(self) -> None:
        """The current stage is done: one line says what it did, and how fast."""
        if self._stage is None:
            return
        name, total, unit, began = self._stage
        seconds = time.monotonic() - began
        rate = f" ({self._count / seconds:,.0f} {unit}/s)" if seconds > 0.5 and self._count else ""
        self.log.info("%s: %s %s in %.1f s%s", name, f"{self._count:,}", unit, seconds, rate)
        self.done_share += self.weights.get(name, 0.0)
        self._tell(self.done_share)
        self._stage = None

    def close(self) -> None:
        self.finish()
        if self._display is not None:
            self._display.stop()
            self._console.pop_theme()
            self._display = None

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _tell(self, share: float) -> None:
        update_progress_artifact(self._artifact, progress=round(min(share, 1.0) * 100, 1))


def _terminal() -> Console | None:
    """The console to draw on when the command runs on a terminal: Prefect's own console, so that its log lines
    appear above the display instead of through it. None without a terminal."""
    if not sys.stderr.isatty():
        return None
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and handler.console.is_terminal:
            return handler.console
    return Console(stderr=True)
