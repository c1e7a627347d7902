"""The exports' error: a request that cannot be exported as asked."""
from __future__ import annotations

from pipeline.errors import ExodusError


class ExportError(ExodusError):
    """The export cannot be made as asked (empty selection, unknown format ...)."""
