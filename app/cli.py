"""Command-line interface: the same services as the desktop app, scriptable.

    python -m app.cli --db PATH_OR_URL COMMAND ...

Errors are one line on stderr and a non-zero exit code; --json output goes to stdout only.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import NoReturn

from app import __version__
from app.commands import audit, backups, base, exchange, office, package, reports, settings, submission, tracking
from app.commands.common import run_command

# Each module registers its own sub-commands, in the order --help lists them.
COMMAND_MODULES = (base, tracking, reports, exchange, backups, settings, audit, office, submission, package)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m app.cli", description="大同市生态保护重点项目管理 命令行")
    parser.add_argument("--db", help="SQLite file path or SQLAlchemy URL (default: per-user data folder)")
    parser.add_argument("--user", help="name recorded in the audit log (default: login name)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
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
    return run_command(handler, args)


if __name__ == "__main__":
    sys.exit(main())
