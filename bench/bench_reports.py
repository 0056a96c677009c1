"""Benchmark: quarterly PDF report generation, seeded portfolio vs a large synthetic one.

    python bench/bench_reports.py                      # seeded (68 projects) and 10,000 synthetic projects
    python bench/bench_reports.py --projects 2000 --repeat 3 --keep /tmp/bench

Seeded: the appendix projects plus sample progress written through the tracking core (7 quarters, about
half the projects reporting). Synthetic: N extra projects with 7 quarters each, bulk-inserted (Core
executemany, no ORM objects) so that building the fixture takes seconds, not the benchmark's time.
Prints a table and the ratio of the large run to the seeded one; --json for machine-readable output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PERIOD = "2025Q3"


def _time(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run_case(label: str, ws, out_dir: Path, repeat: int, details: bool = False) -> dict:
    from app.reports.data import gather
    from app.reports.model import ReportOptions
    from app.reports.service import generate_report

    options = ReportOptions(details=details)
    with ws.session() as s:
        gather_s, data = _time(lambda: gather(s, PERIOD, options=options), repeat)
    out = out_dir / f"{label}.pdf"
    # repeated runs replace the bench's own PDF
    total_s, result = _time(lambda: generate_report(ws, PERIOD, None, options, out, force=True), repeat)
    return dict(
        case=label,
        projects=len(data.projects),
        pages=result.pages,
        size_kb=round(result.size / 1024),
        gather_s=round(gather_s, 3),
        total_s=round(total_s, 3),
        ms_per_project=round(1000 * total_s / max(len(data.projects), 1), 2),
        pages_per_s=round(result.pages / total_s, 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=10_000, help="synthetic portfolio size (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the median is reported")
    parser.add_argument("--keep", help="folder for the databases and PDFs (default: a temporary folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATONG_DATA_DIR", str(work / "userdata"))
    os.environ.setdefault("DATONG_USER", "bench")

    from app.core.workspace import open_workspace
    from app.reports.sample import seed_sample_progress, synthetic_portfolio

    rows = []
    seeded_db = work / "seeded.sqlite3"
    seeded_db.unlink(missing_ok=True)
    ws = open_workspace(seeded_db)
    with ws.session() as s:
        seed_sample_progress(s)
    rows.append(run_case("seeded", ws, work, args.repeat))
    rows.append(run_case("seeded+details", ws, work, args.repeat, details=True))
    ws.close()

    big_db = work / f"synthetic-{args.projects}.sqlite3"
    big_db.unlink(missing_ok=True)
    ws = open_workspace(big_db, seed=False)
    t = time.perf_counter()
    with ws.session() as s:
        quarters = synthetic_portfolio(s, args.projects)
    insert_s = time.perf_counter() - t
    big = run_case(f"synthetic-{args.projects}", ws, work, args.repeat)
    big["fixture_insert_s"] = round(insert_s, 2)
    big["fixture_rows"] = args.projects + quarters
    rows.append(big)
    ws.close()

    ratio = big["total_s"] / rows[0]["total_s"]
    size_ratio = big["projects"] / rows[0]["projects"]
    if args.json:
        print(
            json.dumps(
                dict(results=rows, time_ratio=round(ratio, 1), size_ratio=round(size_ratio, 1), folder=str(work)),
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(f"{'case':<22}{'projects':>9}{'pages':>7}{'KB':>8}{'gather s':>10}{'total s':>9}{'ms/proj':>9}{'pages/s':>9}")
    for r in rows:
        print(
            f"{r['case']:<22}{r['projects']:>9}{r['pages']:>7}{r['size_kb']:>8}{r['gather_s']:>10}"
            f"{r['total_s']:>9}{r['ms_per_project']:>9}{r['pages_per_s']:>9}"
        )
    print(f"synthetic fixture: {big['fixture_rows']} rows inserted in {big['fixture_insert_s']} s")
    print(f"ratio {big['case']} / seeded: {ratio:.1f}x the time for {size_ratio:.0f}x the projects")
    print(f"files in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
