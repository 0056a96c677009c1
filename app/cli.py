"""Command-line interface: the same services as the desktop app, scriptable.

    python -m app.cli --db PATH_OR_URL COMMAND ...

Errors are one line on stderr and a non-zero exit code; --json output goes to stdout only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, NoReturn

# Every command: the module of app.commands that registers it (its `register(subparsers)`), and its line in
# --help, in the order --help lists them. Only the module of the command being run is imported: importing
# all of them (openpyxl, reportlab, every service) cost ~2 s before any command did anything. A module's
# commands are listed together; tests/test_cli_commands.py checks this table against what the modules
# register. The modules are imported by name: build_installer.spec lists each in hiddenimports.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("base", "create or migrate the database, then seed it from the appendix if empty"),
    "projects": ("base", "list projects"),
    "indicators": ("base", "list the plan indicators of Table 3-1"),
    "check": ("base", "integrity check; exit 0 when healthy"),
    "backup": ("base", "online copy of a SQLite database (safe while the app is open)"),
    "review": ("base", "list data-quality findings"),
    "project": ("project", "projects beyond the plan's appendix: add"),
    "progress": ("tracking", "quarterly progress: set, list, history"),
    "milestone": ("tracking", "project milestones: add, list, template, edit, move, remove"),
    "period": ("tracking", "reporting periods: list, submit, lock, reopen"),
    "issue": ("tracking", "coordination issues (问题协调): add, close, list, stats"),
    "indicator": ("tracking", "plan indicators: set a yearly value, list progress"),
    "report": ("reports", "quarterly PDF progress report (generate / verify / snapshots / export-snapshot)"),
    "export-xlsx": ("exchange", "export the portfolio, or a county/department data-entry workbook, to .xlsx"),
    "import-xlsx": ("exchange", "validate and import an exchange workbook (.xlsx) or CSV"),
    "backups": ("backups", "the automatic backups of a SQLite database"),
    "restore": ("backups", "replace the database's content by a backup (the current state is backed up)"),
    "settings": ("settings", "database-wide settings (office, unit, preparer, reviewer, approver)"),
    "audit": ("audit", "the audit log: who changed what, when and from where (newest first)"),
    "office": ("office", "the office this database belongs to (市级 / a county / a lead department)"),
    "submission": ("submission", "quarterly submission (报送) and the city's review (审核/退回)"),
    "package": ("package", "exchange packages between county offices and the city"),
}
COMMAND_MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))


def command_module(name: str) -> ModuleType:
    """app.commands.<name>, imported now."""
    return importlib.import_module(f"app.commands.{name}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        self.exit(2, f"error: {message} (see --help)\n")


class _VersionAction(argparse.Action):
    """--version: the version is read from the package metadata only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        from app import __version__

        sys.stdout.write(f"{parser.prog} {__version__}\n")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command listed; the real sub-parsers (options, handler) only for the module
    of `command` (None: none, enough to find which command was asked for and to print --help)."""
    parser = _Parser(prog="python -m app.cli", description="大同市生态保护重点项目管理 命令行")
    parser.add_argument("--db", help="SQLite file path or SQLAlchemy URL (default: per-user data folder)")
    parser.add_argument("--user", help="name recorded in the audit log (default: login name)")
    parser.add_argument("--version", action=_VersionAction, help="show program's version number and exit")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = COMMANDS[command][0] if command in COMMANDS else None
    for name, (module, help_text) in COMMANDS.items():
        if module != chosen:
            sub.add_parser(name, help=help_text, add_help=False)  # listed; its arguments are not needed
        elif name not in sub.choices:
            command_module(module).register(sub)  # all of that module's commands, in their order
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    asked, _ = build_parser().parse_known_args(argv)  # which command (--help and --version end here)
    parser = build_parser(asked.command)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    from app.commands.common import run_command

    return run_command(handler, args)


if __name__ == "__main__":
    sys.exit(main())
