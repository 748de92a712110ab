"""The default --jobs: the CPUs the process may use, capped by a container's CPU quota."""
from __future__ import annotations

import os

import pytest

from generator.cpus import usable_cpus

AFFINITY = len(os.sched_getaffinity(0))


@pytest.mark.parametrize("files, cap", [
    ({}, None),  # no cgroup files to read
    ({"cpu.max": "max 100000\n"}, None),  # cgroup v2, no limit
    ({"cpu.max": "100000 100000\n"}, 1),
    ({"cpu.max": "150000 100000\n"}, 2),  # one and a half CPUs' time keeps two busy
    ({"cpu.max": "6400000 100000\n"}, 64),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),  # cgroup v1, no limit
    ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 1),
    ({"cpu.max": "garbage"}, None),
])
def test_usable_cpus_follow_the_quota(tmp_path, files, cap):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert usable_cpus(tmp_path) == (AFFINITY if cap is None else min(AFFINITY, cap))


def test_default_jobs_are_the_usable_cpus():
    from generator.cli import parser

    assert parser().parse_args(["build"]).jobs == usable_cpus()
