"""The program's process starts no native helper thread of numpy's BLAS: they spun for ~0.1 s of CPU each after
numpy's import (which happens on the portfolio's loading thread), beside the loading and GUI threads, on the
officers' 2-core PCs. app/__init__.py asks OpenBLAS for one thread; the program does no linear algebra."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Counts the process's threads (the kernel's list, which sees native threads that `threading` does not) after
# numpy is loaded the way the portfolio loads it, and sorts with it as a large table does.
PROBE = """
import os, app
from app.core import portfolio
portfolio.prepare_sorting([None] * (portfolio.NUMPY_SORT_MIN + 1))
import numpy
numpy.argsort(numpy.arange(100_000.0)[::-1], kind="stable")
print(len(os.listdir("/proc/self/task")))
"""


def _threads_after_numpy(env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_numpy_loaded_by_the_program_starts_no_helper_thread() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    assert _threads_after_numpy(env) == 1


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_a_setting_of_its_own_is_kept_and_the_count_sees_the_helper() -> None:
    """setdefault: an administrator's OPENBLAS_NUM_THREADS wins; with 2, OpenBLAS's helper thread is there, so
    the count above would have seen it."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
    assert _threads_after_numpy(env) == 2
