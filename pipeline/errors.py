"""The library's error types.

Library code raises these and nothing else for problems a user can fix; only
the command line (:mod:`pipeline.cli`) turns them into one ``error:`` line and
exit code 2, and the app shows their message.
"""
from __future__ import annotations


class ExodusError(Exception):
    """A problem the user can fix; the message says what to do."""
