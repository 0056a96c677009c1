"""大同市“两山七河一流域”生态保护重点项目管理。"""

import os

# numpy (the large table's sorts and filters) loads OpenBLAS, which at import starts a helper thread per further
# core, and each spins for ~0.1 s of CPU: on a 2-core PC, beside the thread loading the portfolio and the GUI
# thread. The program does no linear algebra, so one thread is all it needs (bench/README: "Tenth round").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__: str  # read from the package metadata when first asked for (see __getattr__)


def __getattr__(name: str) -> str:
    """`app.__version__`, looked up on first use: importing importlib.metadata (and the email package it
    needs) cost every start of the program and every CLI command ~50 ms, and most never show the version."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("datong-portfolio")
    except metadata.PackageNotFoundError:  # running from a source tree that was not pip-installed
        version = "0.0.0+source"
    globals()["__version__"] = version
    return version
