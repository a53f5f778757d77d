"""The rows `make bench` collects (bench/_run.py): a benchmark prints, beside its own
figures, one line per figure it is judged on, six fields separated by " | ":

    name | figure | baseline | ratio | target | met

`figure` and `baseline` carry their unit («12.3 ms», «14 queries»); `ratio` is figure over
baseline («1.18×») or «—» without a baseline; `target` says what is wanted («≤ 1.3×»,
«< 200 ms»); `met` is «yes» or «NO». Helper modules of bench/ start with an underscore.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def row(name: str, figure: str, baseline: str, ratio: str, target: str, met: bool) -> None:
    """Prints one row of the bench table."""
    print(" | ".join([name, figure, baseline, ratio, target, "yes" if met else "NO"]))


def ratio_row(
    name: str, figure_ms: float, baseline_ms: float, target: float, *, baseline_name: str = ""
) -> None:
    """A row for a time judged as a ratio to a baseline measured in the same run."""
    ratio = figure_ms / baseline_ms
    baseline = f"{baseline_ms:.1f} ms" + (f" ({baseline_name})" if baseline_name else "")
    row(name, f"{figure_ms:.1f} ms", baseline, f"{ratio:.2f}×", f"≤ {target}×", ratio <= target)


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    """The median of `repeat` runs of `action`, in milliseconds (the machine is shared:
    a median, not a mean)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
