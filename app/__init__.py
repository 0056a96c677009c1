"""大同市“两山七河一流域”生态保护重点项目管理。"""

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
