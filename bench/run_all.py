"""Run every benchmark against its baseline, at several portfolio sizes, and write BENCHMARKS.md.

    python -m bench                                   # 1k, 10k, 100k projects; 3 repeats; writes BENCHMARKS.md
    python -m bench --sizes 1000,10000 --repeats 5
    python -m bench --only portfolio --sizes 1000 --out /tmp/b.md --json /tmp/b.json

Synthetic databases (bench/synthetic.py: N projects, 5 milestones and 20 quarters each) are built once per size
in the work folder (default: <tmp>/datong-bench) and reused. Every operation and every baseline runs in its
own subprocess; times are min / median / max over the repeats; the ratio is median over median, both measured
in this run on this machine (absolute times on a shared machine are noisy, ratios much less).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synthetic
from bench.measure import ROOT, Case, Context, Measurement, run_in_subprocess

MODULES = {
    "portfolio": "bench_portfolio",
    "gui": "bench_gui",
    "start": "bench_start",
    "exchange": "bench_exchange",
}
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"


@dataclass
class Result:
    module: str
    case: Case
    n: int
    app: Measurement | None
    baseline: Measurement | None
    error: str = ""

    @property
    def ratio(self) -> float | None:
        if self.app is None or self.baseline is None or self.baseline.median <= 0:
            return None
        return self.app.median / self.baseline.median

    @property
    def cpu_ratio(self) -> float | None:
        app = self.app.cpu_median if self.app else None
        base = self.baseline.cpu_median if self.baseline else None
        if app is None or not base:
            return None
        return app / base

    @property
    def met(self) -> str:
        if self.app is None:
            return ""
        checks = []
        if self.case.target_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.case.target_ratio)
        if self.case.target_ms is not None:
            checks.append(self.app.median * 1000 <= self.case.target_ms)
        if not checks:
            return ""
        return "yes" if all(checks) else "**no**"

    def to_dict(self) -> dict[str, object]:
        return dict(
            module=self.module,
            case=self.case.name,
            n=self.n,
            app=None if self.app is None else vars(self.app),
            baseline=None if self.baseline is None else vars(self.baseline),
            ratio=self.ratio,
            cpu_ratio=self.cpu_ratio,
            met=self.met,
            error=self.error,
        )


def load_results(path: Path) -> list[Result]:
    """Results written with --json, as Result objects again (cases looked up by name)."""
    cases = {
        (short, case.name): case
        for short, name in MODULES.items()
        for case in importlib.import_module(f"bench.{name}").CASES
    }
    loaded = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        if item["error"]:
            continue  # measured again by this run
        app, baseline = item["app"], item["baseline"]
        loaded.append(
            Result(
                item["module"],
                cases[(item["module"], item["case"])],
                item["n"],
                Measurement(**app) if app else None,
                Measurement(**baseline) if baseline else None,
                item["error"],
            )
        )
    return loaded


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated project counts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--heavy-repeats", type=int, default=1, help="repeats of the minutes-long cases (xlsx) at 10k and above"
    )
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(MODULES)}")
    parser.add_argument("--case", default="", help="only cases whose name contains this text")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "datong-bench"))
    parser.add_argument("--fresh", action="store_true", help="rebuild the synthetic databases")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="markdown file to write ('-': none)")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per measured operation")
    parser.add_argument(
        "--include", action="append", default=[], help="results (--json) of an earlier run to show first in the table"
    )
    return parser.parse_args(argv)


def seeded_database(work: Path) -> Path:
    """The 68 appendix projects, as a new office starts with them."""
    path = work / "seeded.sqlite3"
    if not path.exists():
        from app.core.workspace import open_workspace

        open_workspace(path, user="bench").close()
    return path


def run(
    args: argparse.Namespace,
    on_result: Callable[[list[Result]], None] | None = None,
    done: frozenset[tuple[str, str, int]] = frozenset(),
) -> list[Result]:
    """Measure every chosen case at every size, except those in `done` (module, case name, size)."""
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATONG_DATA_DIR", str(work / "userdata"))
    os.environ.setdefault("DATONG_USER", "bench")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    chosen = [m.strip() for m in args.only.split(",") if m.strip()] or list(MODULES)
    unknown = [m for m in chosen if m not in MODULES]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    results: list[Result] = []
    databases: dict[int, Path] = {}
    modules = {short: importlib.import_module(f"bench.{MODULES[short]}") for short in chosen}
    fixed = sorted({c.fixed_n for m in modules.values() for c in _cases(m, args.case) if c.fixed_n})
    # Size by size (every case at 1k, then at 10k …): an interrupted run still has whole sizes.
    for n in fixed + [s for s in sizes if s not in fixed]:
        for short, module in modules.items():
            for case in _cases(module, args.case):
                if (case.fixed_n or n) != n or (case.fixed_n is None and n not in sizes):
                    continue
                if (case.max_n is not None and n > case.max_n) or (short, case.name, n) in done:
                    continue
                if n not in databases:
                    databases[n] = _database(work, n, args.fresh)
                repeats = min(args.repeats, args.heavy_repeats) if case.heavy and n >= 10_000 else args.repeats
                ctx = Context(databases[n], n, work, repeats)
                results.append(_measure(short, module, case, ctx, args))
                if on_result is not None:
                    on_result(results)
    return results


def _cases(module: ModuleType, text: str) -> list[Case]:
    return [c for c in module.CASES if text.lower() in c.name.lower()]


def _database(work: Path, n: int, fresh: bool) -> Path:
    if n == 68:
        return seeded_database(work)
    started = time.perf_counter()
    path = synthetic.ensure_database(work, n, fresh=fresh)
    print(f"[bench] database of {n:,} projects ready in {time.perf_counter() - started:.0f} s: {path}", flush=True)
    return path


def _measure(short: str, module: ModuleType, case: Case, ctx: Context, args: argparse.Namespace) -> Result:
    name = module.__name__.rsplit(".", 1)[-1]
    print(f"[bench] {case.name} @ {ctx.n:,} …", flush=True)
    try:
        baseline = run_in_subprocess(name, case.baseline, ctx, ctx.repeats, args.timeout) if case.baseline else None
        app = run_in_subprocess(name, case.app, ctx, ctx.repeats, args.timeout)
    except Exception as exc:  # one failing case is reported in the table; the others still run
        print(f"[bench]   FAILED: {exc}", flush=True)
        return Result(short, case, ctx.n, None, None, str(exc).strip().splitlines()[-1][:200])
    result = Result(short, case, ctx.n, app, baseline)
    ratio = f"{result.ratio:.1f}×" if result.ratio is not None else "-"
    cpu_ratio = f"{result.cpu_ratio:.1f}×" if result.cpu_ratio is not None else "-"
    base = f"{baseline.median:.3f} s" if baseline else "-"
    print(f"[bench]   app {app.median:.3f} s, baseline {base}, ratio {ratio} (CPU {cpu_ratio})", flush=True)
    return result


# ------------------------------------------------------------------------------------------------ report


def _seconds(m: Measurement | None) -> str:
    if m is None:
        return "-"
    return " / ".join(_fmt(t) for t in (min(m.times), m.median, max(m.times)))


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _cpu(m: Measurement | None) -> str:
    cpu = m.cpu_median if m is not None else None
    return "-" if cpu is None else _fmt(cpu)


def _memory(m: Measurement | None) -> str:
    if m is None:
        return "-"
    return f"{m.peak_mb:.0f} (+{m.grown_mb:.0f})"


def machine() -> list[str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    versions = []
    for dist in ("PySide6-Essentials", "SQLAlchemy", "openpyxl", "reportlab"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return [
        f"- Machine: {platform.platform()}; {model or platform.processor()}; {os.cpu_count()} CPUs; "
        f"{memory:.0f} GiB RAM; load average {load[0]:.1f} when the report was written",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {', '.join(versions)}",
    ]


def markdown(
    results: list[Result], args: argparse.Namespace, argv: list[str], seconds: float, *, complete: bool = True
) -> str:
    lines = [
        BEGIN,
        *([] if complete else ["**Run in progress or interrupted: the table has the cases measured so far.**", ""]),
        *(
            [f"Rows of {len(args.include)} earlier run(s) of the same harness are included (`--include`).", ""]
            if args.include
            else []
        ),
        f"Generated by `python -m bench {' '.join(argv)}`".rstrip() + f" on {dt.datetime.now():%Y-%m-%d %H:%M} "
        f"({seconds / 60:.0f} min, {args.repeats} repeats per operation, {args.heavy_repeats} for the xlsx cases "
        "at 10k and above).",
        "",
        *machine(),
        "",
        "| Operation | N | App wall min / median / max | Baseline wall min / median / max | Ratio (wall) "
        "| App CPU | Baseline CPU | Ratio (CPU) | App peak MB (+during) | Baseline peak MB | Target | Met |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "-"
        cpu_ratio = f"{r.cpu_ratio:.1f}×" if r.cpu_ratio is not None else "-"
        app = _seconds(r.app) if not r.error else f"failed: {r.error}"
        lines.append(
            f"| {r.case.name} | {r.n:,} | {app} | {_seconds(r.baseline)} | {ratio} | {_cpu(r.app)} "
            f"| {_cpu(r.baseline)} | {cpu_ratio} | {_memory(r.app)} | {_memory(r.baseline)} | {r.case.target} "
            f"| {r.met} |"
        )
    baselines = sorted({f"{r.case.baseline}" for r in results if r.case.baseline})
    lines += ["", f"Baselines used: {', '.join(f'`{b}`' for b in baselines)} (see bench/*.py).", END]
    return "\n".join(lines) + "\n"


def write_report(path: Path, block: str) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(head + block.rstrip("\n") + tail, encoding="utf-8")
            return
        path.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return
    path.write_text("# Benchmarks\n\n" + block, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    started = time.perf_counter()

    def save(results: list[Result], *, complete: bool = False) -> None:
        """After every case, so an interrupted run keeps what it measured."""
        if args.json:
            Path(args.json).write_text(
                json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if args.out != "-":
            block = markdown(results, args, argv, time.perf_counter() - started, complete=complete)
            write_report(Path(args.out), block)

    earlier = [r for path in args.include for r in load_results(Path(path))]
    done = frozenset((r.module, r.case.name, r.n) for r in earlier)
    results = earlier + run(args, on_result=lambda measured: save(earlier + measured), done=done)
    save(results, complete=True)
    if args.out == "-":
        print(markdown(results, args, argv, time.perf_counter() - started, complete=True))
    else:
        print(f"[bench] written: {args.out}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
