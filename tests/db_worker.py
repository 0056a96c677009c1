"""Real processes for tests/test_db_concurrency.py (two writers at once) and tests/test_db_media.py (commands
run inside a private mount namespace, where the test has mounted a full or read-only file system).

    python tests/db_worker.py edit DB_URL PROJECT_CODE ROUNDS NAME SYNC_DIR
    python tests/db_worker.py first-write DB_URL PROJECT_CODE PERIOD NAME SYNC_DIR hold|follow
    python tests/db_worker.py cli-writes DB_PATH PROJECT_CODE ROUNDS NAME SYNC_DIR
    python tests/db_worker.py cli-run '[["--db", "X", "projects"], ...]' [KEEP_DB_FILE KEEP_IN_FOLDER]
    python tests/db_worker.py open-read-only DB_PATH

Each prints one JSON object on stdout with what happened. SYNC_DIR is an empty folder the workers of one test
share to start together (files `ready-NAME`, `holding`, `following`), however long each took to start.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _wait_for(path: Path, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path}")
        time.sleep(0.005)


def _barrier(sync_dir: str, name: str, parties: int = 2) -> None:
    """Wait until `parties` workers have arrived (after their imports and opening the database), so their
    work overlaps however slowly each one started."""
    folder = Path(sync_dir)
    (folder / f"ready-{name}").touch()
    deadline = time.monotonic() + 300.0
    while len(list(folder.glob("ready-*"))) < parties:
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the other worker")
        time.sleep(0.005)


def edit(db: str, code: str, rounds: int, name: str, sync_dir: str) -> dict[str, object]:
    """The GUI's edit cycle, repeated: read a project (the editor opens), then save a change based on what was
    read, with the version that was read. The change is 'note = the number read + 1', so a lost update shows
    as a final number smaller than the count of accepted saves."""
    from app.core import projects
    from app.core.errors import ConflictError
    from app.core.workspace import open_workspace
    from app.db.engine import DatabaseBusyError

    ws = open_workspace(db, seed=False, create=False, user=name)
    accepted, conflicts, busy, versions = 0, 0, 0, []
    try:
        _barrier(sync_dir, name)
        for _ in range(rounds):
            with ws.session() as s:
                project = projects.get_project(s, code=code)
                pid, version, value = project.id, project.version, int(project.note or 0)
            try:
                with ws.session() as s:
                    projects.update_project(s, pid, {"note": str(value + 1)}, user=name, expected_version=version)
                    new_version = projects.get_project(s, pid).version
                accepted += 1
                versions.append(new_version)
            except ConflictError:
                conflicts += 1
            except DatabaseBusyError:
                busy += 1
    finally:
        ws.close()
    return {"accepted": accepted, "conflicts": conflicts, "busy": busy, "versions": versions}


def first_write(db: str, code: str, period: str, name: str, sync_dir: str, role: str) -> dict[str, object]:
    """The first progress report of a quarter (or of a project in a quarter) nobody has written yet.
    role "hold": write, tell the other worker, keep the transaction open until it has started plus 1.5 s.
    role "follow": wait until the holder has written, then write the same way: it meets the uncommitted row."""
    from app.core import progress, projects
    from app.core.errors import ConflictError
    from app.core.workspace import open_workspace

    holding, following = Path(sync_dir) / "holding", Path(sync_dir) / "following"
    ws = open_workspace(db, seed=False, create=False, user=name)
    try:
        if role == "follow":
            _wait_for(holding)
            following.touch()
        with ws.session() as s:
            pid = projects.get_project(s, code=code).id
            result = progress.set_progress(s, pid, period, user=name, physical_progress=f"{name} 首次填报")
            if role == "hold":
                holding.touch()
                _wait_for(following)
                time.sleep(1.5)
        return {"ok": True, "changed": result.changed_fields}
    except ConflictError as exc:
        return {"ok": False, "conflict": str(exc)}
    finally:
        ws.close()


def cli_writes(db: str, code: str, rounds: int, name: str, sync_dir: str) -> dict[str, object]:
    """`progress set` through the real CLI entry point, `rounds` times in this process."""
    from app import cli

    codes: list[int] = []
    errors: list[str] = []
    _barrier(sync_dir, name)
    for i in range(rounds):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            argv = ["--db", db, "--user", name, "progress", "set", "--code", code, "--period", "2025Q3"]
            exit_code = cli.main([*argv, "--physical", f"{name}-{i}"])
        codes.append(exit_code)
        if exit_code != 0:
            errors.append(err.getvalue())
    return {"codes": codes, "errors": errors}


def cli_run(commands_json: str, keep: str = "", keep_in: str = "") -> dict[str, object]:
    """Run CLI commands (each a list of arguments) as real subprocesses; report exit code and stderr of each.
    Then copy the database file `keep` (and its -wal) into the folder `keep_in`: a tmpfs mounted for the test
    disappears with this process's mount namespace."""
    import shutil
    import subprocess

    results = []
    for argv in json.loads(commands_json):
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *argv],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )
        results.append({"argv": argv, "code": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr})
    if keep:
        for suffix in ("", "-wal"):
            source = Path(keep + suffix)
            if source.exists():
                shutil.copy(source, Path(keep_in) / source.name)
    return {"results": results}


def open_read_only(db: str) -> dict[str, object]:
    """Open a database the program may not write; report what the workspace says and what a write does."""
    from app.core import progress, projects
    from app.core.workspace import open_workspace
    from app.db.engine import ReadOnlyDatabaseError

    ws = open_workspace(db, create=False)
    try:
        with ws.session() as s:
            count = len(projects.list_projects(s))
        write_error = ""
        try:
            with ws.session() as s:
                pid = projects.get_project(s, code="附表1-02").id
                progress.set_progress(s, pid, "2025Q3", user="x", physical_progress="不应写入")
        except ReadOnlyDatabaseError as exc:
            write_error = str(exc)
        return {
            "read_only": ws.read_only,
            "reason": ws.read_only_reason,
            "projects": count,
            "write_error": write_error,
            "warnings": ws.db.warnings,
        }
    finally:
        ws.close()


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "edit":
        db, code, rounds, name, sync_dir = rest
        result = edit(db, code, int(rounds), name, sync_dir)
    elif mode == "first-write":
        db, code, period, name, sync_dir, role = rest
        result = first_write(db, code, period, name, sync_dir, role)
    elif mode == "cli-writes":
        db, code, rounds, name, sync_dir = rest
        result = cli_writes(db, code, int(rounds), name, sync_dir)
    elif mode == "cli-run":
        result = cli_run(*rest)
    elif mode == "open-read-only":
        (db,) = rest
        result = open_read_only(db)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
