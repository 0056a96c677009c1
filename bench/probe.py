"""python -m bench.probe MODULE OP DB N WORK REPEATS — time one operation in this fresh process.

Prints one JSON line (bench.measure.Measurement). Used by bench.run_all; not meant to be run by hand.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    module_name, op_name, db, n, work, repeats = argv
    work_dir = Path(work)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("DATONG_DATA_DIR", str(work_dir / "userdata"))
    os.environ.setdefault("DATONG_USER", "bench")
    from bench.measure import Command, Context, measurement_json, time_callable, time_command

    module = importlib.import_module(f"bench.{module_name}")
    operation = getattr(module, op_name)
    target = operation(Context(Path(db), int(n), work_dir, int(repeats)))
    if isinstance(target, Command):
        result = time_command(target, int(repeats))
    else:
        result = time_callable(target, int(repeats))
    sys.stdout.write(measurement_json(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (GC of large results): not part of what was measured


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
