"""Writing an output file (report, export, backup, package) without ever destroying something else.

Every command that writes a file goes through here, so one set of rules holds everywhere:
- never the open database (nor its -wal/-shm/-journal companions), whatever name the user typed;
- an existing file is replaced only when the caller says so (``--force`` in the CLI, a confirmation in the GUI),
  and only when it is the same kind of file the command writes (a PDF replaces a PDF, never a database);
- the content goes to a temporary file in the same folder first and is renamed over the target at the end,
  so a crash or a full disk leaves either the old file or the new one, never half of one;
- the new file gets the user's normal permissions (``mkstemp`` alone would leave 0600).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["KIND_MAGIC", "OutputExistsError", "OutputFileError", "atomic_output", "prepare_output"]

# The first bytes of each kind of file the program writes; an existing file is replaced only by its own kind.
KIND_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "sqlite": (b"SQLite format 3\x00",),
    "csv": (),  # plain text: checked by suffix only
}
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputFileError(Exception):
    """The output cannot be written there; the message says why, in Chinese and English."""


class OutputExistsError(OutputFileError):
    """The target exists and the caller did not ask to replace it."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _looks_like(path: Path, kind: str) -> bool:
    magic = KIND_MAGIC.get(kind, ())
    if not magic:
        return path.suffix.lower() == f".{kind}"
    try:
        with path.open("rb") as fh:
            head = fh.read(max(len(m) for m in magic))
    except OSError:
        return False
    return any(head.startswith(m) for m in magic)


def prepare_output(
    path: str | os.PathLike[str], *, kind: str, force: bool = False, protected: Iterable[Path | None] = ()
) -> Path:
    """Check, before any slow work, that `path` may receive a new `kind` file; return it as a Path."""
    target = Path(path).expanduser()
    if target.exists() and target.is_dir():
        raise OutputFileError(f"输出路径是一个文件夹 / output path is a folder: {target}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputFileError(f"输出文件夹不存在 / output folder does not exist: {folder}")
    for guarded in protected:
        if guarded is None:
            continue
        for suffix in _SQLITE_COMPANIONS:
            companion = Path(f"{guarded}{suffix}")
            if _same_file(target, companion) or target.resolve() == companion.resolve():
                raise OutputFileError(
                    f"不能写到正在使用的数据库文件上 / refusing to write over the open database: {target}"
                )
    if target.exists():
        if not force:
            raise OutputExistsError(
                f"文件已存在，未覆盖（确认覆盖或换一个文件名）/ file exists, not replaced (use --force): {target}"
            )
        if not _looks_like(target, kind):
            raise OutputFileError(
                f"已有文件不是 {kind.upper()} 文件，不会覆盖它 / existing file is not a {kind} file, "
                f"not replaced: {target}"
            )
        if not os.access(target, os.W_OK):
            raise OutputFileError(f"输出文件只读或被占用 / output file is not writable: {target}")
    try:
        fd, probe = tempfile.mkstemp(prefix=".probe-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputFileError(f"无法写入输出文件夹 / cannot write to {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(probe)
    return target


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one rename."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode())
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputFileError(f"写入失败，原文件未改动 / could not write {target}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
