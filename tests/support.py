"""Helpers shared by the tests that start servers (PostGIS, Streamlit)."""

import os
import socket

import pytest


def unavailable(what: str, reason: str, hint: str = ""):
    """Skip locally, but fail in CI, where every backend and the browser must be exercised."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{what} skipped: {reason}{hint}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
