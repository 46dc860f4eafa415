"""Latency samples to figures: percentiles by the nearest-rank method, in milliseconds."""

from __future__ import annotations

import math
import resource
from collections.abc import Sequence
from pathlib import Path


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values (0 for no values)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def summarise(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p90, p99, max and mean of durations given in seconds, as milliseconds."""
    values = sorted(s * 1000.0 for s in seconds)
    return {
        "n": len(values),
        "p50_ms": percentile(values, 0.50),
        "p90_ms": percentile(values, 0.90),
        "p99_ms": percentile(values, 0.99),
        "max_ms": values[-1] if values else 0.0,
        "mean_ms": sum(values) / len(values) if values else 0.0,
    }


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB.

    VmHWM (Linux) belongs to the process's own address space. ru_maxrss is only the fallback:
    Linux carries it across fork and exec, so a child started by a big parent reports at least
    the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
