"""Errors a user caused and can fix: the command line prints them as one line and exits 2."""


class UserError(Exception):
    """Bad input (a missing file, a date that does not parse...): one clear line, no traceback."""
