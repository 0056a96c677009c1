"""Benchmarks are code and must run: each benchmark module, at a tiny size, produces a row per case.

No timing assertions: the machine running the tests is not the one the figures in BENCHMARKS.md are for.
"""

from __future__ import annotations

import json

import pytest

from bench import run_all

TINY = 50


@pytest.mark.parametrize("suite", sorted(run_all.MODULES))
def test_benchmark_runs_at_a_tiny_size_and_reports_every_case(suite, tmp_path):
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    code = run_all.main(
        [
            "--only",
            suite,
            "--sizes",
            str(TINY),
            "--repeats",
            "1",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
            "--json",
            str(raw),
        ]
    )
    results = json.loads(raw.read_text(encoding="utf-8"))
    assert [r["error"] for r in results if r["error"]] == []
    assert code == 0
    module = run_all.importlib.import_module(f"bench.{run_all.MODULES[suite]}")
    assert sorted({r["case"] for r in results}) == sorted({c.name for c in module.CASES})
    for r in results:
        assert len(r["app"]["times"]) == 1 and r["app"]["peak_mb"] > 0
        assert (r["baseline"] is None) == (r["case"] not in {c.name for c in module.CASES if c.baseline})
    table = out.read_text(encoding="utf-8")
    assert run_all.BEGIN in table and run_all.END in table
    for case in module.CASES:
        assert f"| {case.name} |" in table


def test_a_repeat_is_timed_without_freeing_the_previous_repeats_result(monkeypatch):
    """The clock of one repeat must not include freeing the result of the one before (a 100,000-row load takes
    0.18-0.28 s to free, which was counted against the next load). Checked by the order of events, not by time."""
    from bench import measure

    events: list[str] = []

    class Result:
        def __init__(self, number: int) -> None:
            self.number = number

        def __len__(self) -> int:
            return 1

        def __del__(self) -> None:
            events.append(f"freed {self.number}")

    calls = iter(range(1, 4))

    def operation() -> Result:
        number = next(calls)
        events.append(f"ran {number}")
        return Result(number)

    def clock() -> float:
        events.append("clock")
        return float(len(events))

    monkeypatch.setattr(measure.time, "perf_counter", clock)
    measure.time_callable(operation, 3)
    timed, inside = [], False
    for event in events:
        if event == "clock":
            inside = not inside
        elif inside:
            timed.append(event)
    assert timed == ["ran 1", "ran 2", "ran 3"]
    assert "freed 1" in events and "freed 2" in events


def test_the_memory_per_save_script_runs_at_a_tiny_size(tmp_path):
    """bench/edit_memory.py (not part of `python -m bench`) drives the real main window: open a project, type,
    save, close. Run in its own process (it installs the application's collector on its QApplication)."""
    import os
    import subprocess
    import sys

    from bench.measure import ROOT

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DATONG_DATA_DIR": str(tmp_path / "userdata")}
    argv = [sys.executable, "bench/edit_memory.py", "--size", str(TINY), "--saves", "4", "--work", str(tmp_path)]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    saves = [line.split() for line in lines if line.strip()[:1].isdigit() and not line.startswith(str(TINY))]
    assert [row[0] for row in saves] == ["1", "2", "3", "4"]
    figures = 5 if sys.platform.startswith("linux") else 4  # RSS, RSS after malloc_trim (glibc), blocks, frozen
    assert all(len(row) == figures for row in saves)
    assert lines[-1].startswith("per save after the second:")
