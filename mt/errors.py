"""The base of every error that ``mt`` reports to its user as one line (no traceback)."""


class MtError(Exception):
    """An error whose message says what went wrong and what to do."""
