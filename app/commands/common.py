"""What every CLI command module shares. Kept out of app/cli.py because `python -m app.cli` runs that file
as __main__, and a class defined there would not be the one command modules import.

Error handling lives here, in one place (`run_command` / `explain`): every failure a person can act on is one
line on stderr and a non-zero exit code, never a traceback. Another program holding the SQLite write lock is
waited for, and the whole command is run again while none of its transactions has been committed yet."""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.db.errors import DatabaseBusyError, DatabaseError, DiskFullError, translate

if TYPE_CHECKING:
    from app.core.workspace import Workspace

# SQLAlchemy and the workspace (the ORM and every mapped model) are imported when a command opens a workspace
# or an error is explained: a command that reads through app.core.reading never imports them.

# How long a command keeps retrying while another program is writing (each try also waits busy_timeout).
BUSY_RETRY_SECONDS = 30.0

_opened: list[Workspace] = []  # the workspaces the running command opened (for the retry decision)


class CliError(Exception):
    """A user mistake or an environment problem: print the message, exit non-zero."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def open_ws(args: argparse.Namespace, seed: bool = True, *, create: bool = False) -> Workspace:
    """The database named by --db. Only `init` passes create=True: any other command on a missing (or empty)
    database file stops with "database file not found … run init" instead of creating one silently."""
    from app.core.workspace import open_workspace

    ws = open_workspace(args.db, seed=seed, user=args.user, create=create)
    _opened.append(ws)
    return ws


def _people_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message is written for people and printed as it is."""
    from app.core.errors import ConflictError, NotFoundError
    from app.core.output_files import OutputFileError
    from app.core.periods import PeriodLockedError, PeriodStateError
    from app.core.seed import SeedError

    return (
        DatabaseError,
        SeedError,
        NotFoundError,
        ConflictError,
        PeriodLockedError,
        PeriodStateError,
        OutputFileError,
    )


def explain(exc: BaseException) -> tuple[str, int] | None:
    """(one-line message, exit code) for an error a person can act on; None for a programming error."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm.exc import StaleDataError

    from app.core.errors import ValidationError
    from app.core.workspace import conflict_from

    full = _disk_full_cause(exc)
    if full is not None:  # whatever layer noticed it and however it wrapped it: say "disk full"
        return str(full), 1
    if isinstance(exc, CliError):
        return str(exc), exc.code
    if isinstance(exc, ValidationError):
        return f"invalid input: {exc}", 1
    if isinstance(exc, StaleDataError):
        return str(conflict_from(exc)), 1
    if isinstance(exc, _people_errors()):
        return str(exc), 1
    if isinstance(exc, (SQLAlchemyError, sqlite3.Error, OSError)):
        # full disk, locked, read-only, damaged: the same words as everywhere else
        mapped = translate(exc, path=_opened[0].db.path if _opened else None)
        if mapped is not None:
            return str(mapped), 1
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 1
    return None


def _disk_full_cause(exc: BaseException) -> DiskFullError | None:
    """A full disk behind another error (a backup or export that wraps the OSError/SQLite error in its own):
    the person should read "disk full", whatever the layer that noticed it."""
    from sqlalchemy.exc import SQLAlchemyError

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFullError):
            return current
        if isinstance(current, (SQLAlchemyError, sqlite3.Error, OSError)):
            mapped = translate(current, path=_opened[0].db.path if _opened else None)
            if isinstance(mapped, DiskFullError):
                return mapped
        current = current.__cause__ or current.__context__
    return None


def _is_busy(exc: BaseException) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, DatabaseBusyError) or (
        isinstance(exc, (SQLAlchemyError, sqlite3.Error)) and isinstance(translate(exc), DatabaseBusyError)
    )


def _nothing_written() -> bool:
    return all(ws.db.writes_committed == 0 for ws in _opened)


def _close_opened() -> None:
    for ws in _opened:
        try:
            ws.close()
        except Exception:  # closing a pool after a failure must not hide the failure itself
            pass
    _opened.clear()


def run_command(handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    """Run one command with the CLI's error handling; returns the exit code."""
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    pause = 0.05
    while True:
        _opened.clear()
        try:
            return handler(args) or 0
        except BrokenPipeError:  # output piped into `head` and closed early
            sys.stdout = None  # nothing more can be written; keep the interpreter from complaining at exit
            return 0
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            # Another program was writing and this command has written nothing yet: running it again is
            # exactly what the person would do, so do it (a few times, with a growing random pause).
            if _is_busy(exc) and _nothing_written() and time.monotonic() < deadline:
                _close_opened()
                time.sleep(pause * (1 + random.random()))
                pause = min(pause * 2, 1.0)
                continue
            explained = explain(exc)
            if explained is None:
                raise
            message, code = explained
            print(f"error: {' '.join(message.split())}", file=sys.stderr)
            return code
        finally:
            _close_opened()
