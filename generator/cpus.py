"""How many worker processes a build should start by default."""
from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def usable_cpus(cgroup: Path = CGROUP) -> int:
    """The CPUs this process may keep busy: its affinity mask, capped by a container's CPU
    quota. In `docker run --cpus 2` on a 64-core host os.cpu_count() says 64, and 64 render
    workers would take turns on two CPUs, each with its own share of the memory limit."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = _quota(cgroup)
    return max(1, min(n, math.ceil(quota))) if quota else max(1, n)


def _quota(cgroup: Path) -> float | None:
    """CPUs' worth of time the cgroup may use (cgroup v2's cpu.max, or v1's CFS quota and
    period), or None: no limit, or none to be read."""
    try:
        text = (cgroup / "cpu.max").read_text().split()  # "max 100000" or "200000 100000"
        quota, period = text[0], text[1]
    except (OSError, IndexError):
        try:
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()  # "-1": no limit
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        q, p = int(quota), int(period)
    except ValueError:  # "max"
        return None
    return q / p if q > 0 and p > 0 else None
