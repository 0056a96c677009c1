"""What a benchmark is made of, and how one operation is timed.

A benchmark module (bench/bench_*.py) lists CASES: each pairs an operation of the application with its
baseline (the same work done the bare way: sqlite3, openpyxl, PySide6 alone). An operation is a function
``op(ctx) -> Callable[[], object] | Command``: it does its untimed setup and returns either the callable to time
or an external command to run. Every operation runs in a fresh subprocess (``python -m bench.probe``) so its
peak memory is its own and no cache of a previous operation helps it.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Context:
    db: Path  # the synthetic (or seeded) SQLite database of this size
    n: int  # projects in it
    work: Path  # a folder the operation may write into
    repeats: int = 1  # how many times the returned callable will be called


@dataclass(frozen=True)
class Command:
    """An external program to time. With `reports_time`, the program prints a JSON line with "at" (a
    time.time() stamp): the time measured is from the start of the process to that stamp (cold start to first
    paint), not to its exit; or with "seconds", a duration it measured itself (the GUI thread's longest pause)."""

    argv: Sequence[str]
    env: dict[str, str] = field(default_factory=dict)
    reports_time: bool = False


@dataclass(frozen=True)
class Case:
    name: str
    app: str  # operation name in the module
    baseline: str | None
    target: str = ""  # the target, in words
    target_ratio: float | None = None  # met when app median / baseline median <= this
    target_ms: float | None = None  # met when app median <= this many milliseconds
    max_n: int | None = None  # skipped above this size (say why in `note`)
    fixed_n: int | None = None  # always measured at this size (cold start: the 68 seeded projects)
    heavy: bool = False  # minutes per run at 10k: repeated only --heavy-repeats times at 10k and above
    note: str = ""


@dataclass(frozen=True)
class SelfTimed:
    """What an operation returns when the figure to record is one it measured itself (e.g. the longest pause of
    the GUI thread during a scenario) rather than how long the whole call took."""

    seconds: float
    detail: str = ""


@dataclass
class Measurement:
    times: list[float]  # wall-clock seconds per run
    peak_mb: float  # the process's peak resident memory
    grown_mb: float  # how much that peak grew during the timed runs (after imports and setup)
    detail: str = ""
    # CPU seconds per run (user + system of this process, or of the child for a command). On a shared machine
    # wall time includes waiting for a core; CPU time does not, so CPU ratios are the steadier comparison.
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def time_callable(fn: Callable[[], object], repeats: int) -> Measurement:
    before = _peak_kb()
    times, cpu, result = [], [], None
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append(value.seconds if isinstance(value, SelfTimed) else time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        # The previous repeat's result is freed here, outside the clock: `result = fn()` freed it inside the next
        # repeat's time (0.18-0.28 s for a 100,000-row load). The application frees a replaced load in pieces
        # between events (app/ui/graveyard.py), which the GUI cases measure as they run.
        result = value
    peak = _peak_kb()
    if isinstance(result, SelfTimed):
        detail = result.detail
    else:
        detail = f"{len(result):,} items" if hasattr(result, "__len__") else ""
    return Measurement(times, peak / 1024, (peak - before) / 1024, detail, cpu)


def time_command(command: Command, repeats: int) -> Measurement:
    times, cpu, peaks = [], [], []
    env = {**os.environ, **command.env}
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start_wall, start = time.time(), time.perf_counter()
        proc = subprocess.Popen(command.argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
        out, err = proc.communicate()
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command.argv)} failed ({proc.returncode}): {err.decode()[-2000:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The child's own peak: RUSAGE_CHILDREN's maxrss is the largest of the children waited for so far, so
        # the max over the runs is what is reported. CPU: the child's user + system time (up to its exit).
        peaks.append(after.ru_maxrss / 1024)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if command.reports_time:
            stamp = json.loads(out.decode().strip().splitlines()[-1])
            # "seconds": a figure the program measured itself (the GUI thread's longest pause), else "at" - start
            elapsed = stamp["seconds"] if "seconds" in stamp else stamp["at"] - start_wall
        times.append(elapsed)
    return Measurement(times, max(peaks), max(peaks), f"{len(out):,} bytes on stdout", cpu)


def run_in_subprocess(module: str, op: str, ctx: Context, repeats: int, timeout: float) -> Measurement:
    """`python -m bench.probe`: one operation, `repeats` times, in a fresh interpreter."""
    argv = [sys.executable, "-m", "bench.probe", module, op, str(ctx.db), str(ctx.n), str(ctx.work), str(repeats)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{module}.{op} failed:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Measurement(**data)


def measurement_json(m: Measurement) -> str:
    return json.dumps(asdict(m))
