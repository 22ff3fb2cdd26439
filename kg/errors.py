"""The errors kg raises for users: each says what went wrong in one line.

The CLI turns them into a message on stderr and an exit code; anything else is a bug."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 2


class InputError(KgError):
    """A source file, record file or option value that kg cannot use."""


class QueryError(KgError):
    """A stored or ad-hoc query that cannot run: unknown name, bad parameter, syntax."""


class StoreError(KgError):
    """The store cannot be opened or written (missing, in use, from another version)."""


class StoreUnavailable(StoreError):
    """A server that did not answer (refused, reset, timed out, 502/503/504), even after
    retrying: the work stops, what was written stays written."""
