"""What every CLI command module shares. Kept out of app/cli.py because `python -m app.cli` runs that file
as __main__, and a class defined there would not be the one command modules import."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.core.workspace import Workspace, open_workspace


class CliError(Exception):
    """A user mistake or an environment problem: print the message, exit non-zero."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def open_ws(args: argparse.Namespace, seed: bool = True) -> Workspace:
    return open_workspace(args.db, seed=seed, user=args.user)


@contextmanager
def session_for(args: argparse.Namespace, seed: bool = True) -> Iterator[Session]:
    """Open the database named on the command line, run one transaction, close the database."""
    ws = open_ws(args, seed=seed)
    try:
        with ws.session() as session:
            yield session
    finally:
        ws.close()
