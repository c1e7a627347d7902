"""File I/O at the edges: atomic writes, the one lock helper, bounded reads of untrusted files.

A reader never sees half a file, and a failed write leaves the old one; a
lock held by a killed process is released by the kernel; a file read on a
user's say-so is a regular file read up to a limit (never a FIFO that
blocks or a device that never ends).
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def atomic_write_bytes(path: str | Path, data: bytes, shareable: bool = True, durable: bool = True) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename.

    The file keeps the mode of the file it replaces, else gets the usual
    umask permissions (``shareable``); ``shareable=False`` keeps the temp
    file's private 0600. ``durable=False`` skips the fsync, for caches that
    can be rebuilt.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        if shareable:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except OSError:
                mode = 0o666 & ~_umask()
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failed write() names no file: say which one
        raise


TEMP_SUFFIX = ".tmp"
# ".<name>.<8 random characters>.tmp": what tempfile.mkstemp makes for atomic_write_bytes.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def remove_temp_files(folder: str | Path, older_than_s: float = 0.0) -> list[Path]:
    """Remove the temp files of atomic writes that a killed process left in ``folder``.

    Safe only where no write is under way: callers hold the lock of every
    writer of ``folder``, or pass ``older_than_s`` longer than any write takes.
    """
    now = time.time()
    removed = []
    try:
        candidates = list(Path(folder).glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if (_TEMP_NAME.fullmatch(path.name) and path.is_file()
                    and now - path.stat().st_mtime >= older_than_s):
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def atomic_write_text(path: str | Path, text: str, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def atomic_write_json(path: str | Path, data, durable: bool = True) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1), durable=durable)


@contextmanager
def locked(path: str | Path, timeout: float, busy: Callable[[], Exception],
           on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the file lock at ``path`` (made with its folder when missing) for the ``with`` block.

    The one lock helper of the project: corpus adds, review edits and builds
    all lock through it. ``on_wait`` is called once when another process
    holds the lock (to say why nothing happens); after ``timeout`` seconds
    the exception ``busy()`` is raised. A process killed while holding the
    lock releases it (``flock``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise busy() from None
    try:
        yield
    finally:
        lock.release()


class RefusedFile(ValueError):
    """A file that is not read: not a regular file, or larger than allowed."""


def read_regular_file(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refusing anything else before reading it.

    Opened without blocking, so a FIFO never hangs the caller; devices,
    sockets and folders are refused, as is a file of more than ``limit``
    bytes (checked again while reading: the file may grow).

    Raises
    ------
    RefusedFile
        Not a regular file, or larger than ``limit``; the message says which.
    OSError
        When the file cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise RefusedFile(f"{path} is a folder, not a file") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(f"{path} is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise RefusedFile(f"{path} is {info.st_size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise RefusedFile(f"{path} is larger than {limit / 1048576:.0f} MB")
    return data


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange_paths(a: str | Path, b: str | Path) -> None:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Every reader sees either the old or the new entry at each path, never
    neither, and a process killed at any moment leaves one or the other.

    Raises
    ------
    OSError
        ``ENOSYS``/``EINVAL`` where the system or the file system cannot
        exchange (the caller falls back to something weaker), or any error
        of the rename itself.
    """
    libc = _libc()
    fn = getattr(libc, "renameat2", None) if libc is not None else None
    if fn is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    fn.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
