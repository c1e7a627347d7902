"""The library's error types, and the one place that puts a failure into words.

Library code raises :class:`ExodusError` subclasses for problems a user can
fix; the operating system raises ``OSError`` (a read-only folder, a full
disk) and damaged data files raise their own errors. :func:`describe` turns
any of these into one sentence: the command line (:mod:`pipeline.cli`) prints
it as one ``error:`` line with exit code 2, and the app shows it.
"""
from __future__ import annotations

import errno
import json
import sqlite3


class ExodusError(Exception):
    """A problem the user can fix; the message says what to do."""


# What to do about an OSError, by errno.
_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, or write somewhere else",
    errno.EDQUOT: "the disk quota is used up: free some space, or write somewhere else",
    errno.EROFS: "the file system is read-only: choose a folder you can write to",
    errno.EACCES: "permission denied: choose a folder you can write to, or fix its permissions",
    errno.EPERM: "not permitted: choose a folder you can write to, or fix its permissions",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "it exists and is not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many open files: close other programs and try again",
    errno.EIO: "input/output error: the disk may be failing",
}


def os_error_message(exc: OSError) -> str:
    """``<path>: <what happened> (<what to do>)`` for an ``OSError``."""
    where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f is not None)
    hint = _OS_HINTS.get(exc.errno)
    reason = hint or (exc.strerror or type(exc).__name__).lower()
    return f"{where}: {reason}" if where else f"{reason} ({exc})" if hint else reason


def describe(exc: BaseException) -> str | None:
    """One sentence for a failure a user can act on, or None for a bug (which keeps its traceback)."""
    if isinstance(exc, ExodusError):
        return str(exc)
    if isinstance(exc, OSError):
        return os_error_message(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        return f"a database file is damaged ({exc}); delete the cache folder to rebuild it"
    if isinstance(exc, UnicodeDecodeError):
        return f"a file is not valid {exc.encoding} text ({exc.reason} at byte {exc.start})"
    if isinstance(exc, json.JSONDecodeError):
        return f"a JSON file is damaged ({exc})"
    if isinstance(exc, MemoryError):
        return "ran out of memory"
    return None
