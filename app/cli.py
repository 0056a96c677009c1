"""Command-line interface: the same services as the desktop app, scriptable.

    python -m app.cli --db PATH_OR_URL COMMAND ...

Errors are one line on stderr and a non-zero exit code; --json output goes to stdout only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable

from app import __version__
from app.commands.common import CliError
from app.core.workspace import DatabaseError, SeedError

# Each module registers its own sub-commands; a module that does not exist yet is simply not offered.
COMMAND_MODULES = [
    "app.commands.base",
    "app.commands.tracking",
    "app.commands.reports",
    "app.commands.exchange",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m app.cli", description="大同市生态保护重点项目管理 命令行")
    parser.add_argument("--db", help="SQLite file path or SQLAlchemy URL (default: per-user data folder)")
    parser.add_argument("--user", help="name recorded in the audit log (default: login name)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    from app.core.projects import ConflictError, NotFoundError, ValidationError

    try:
        return handler(args) or 0
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except ValidationError as exc:
        print(f"error: invalid input: {exc}", file=sys.stderr)
        return 1
    except (DatabaseError, SeedError, NotFoundError, ConflictError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stdout = None  # nothing more can be written; keep the interpreter from complaining at exit
        return 0
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
