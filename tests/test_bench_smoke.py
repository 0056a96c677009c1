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
