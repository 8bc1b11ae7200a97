"""Pressmap's dashboard: `streamlit run dashboard/app.py` serves the page, dashboard/page.py.

This file only starts the server around the page (Streamlit's `st.App`), so that work a first visitor would
wait for begins as the server starts: the map's libraries (pandas, folium, streamlit-folium: over a second to
import on two cores) are imported in the background while the visitor's browser is still loading Streamlit's
own page. A visitor who comes sooner simply waits for the import in progress, as before.
"""

from __future__ import annotations

import sys
import threading
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))


def warm_up() -> None:
    """Import what the first page run needs after its frame (dashboard/page.py imports the same, later).

    Not streamlit-folium itself: importing it registers its component with the running app, which exists only
    once a page runs; registered earlier, the map's frame would not be found."""
    import folium.plugins  # noqa: F401 — streamlit-folium imports it

    from dashboard import filters, recent, render, timeline  # noqa: F401
    from dashboard.data import current_view, store_location

    current_view(store_location())  # the store's events (or the samples), read once for every visitor


@asynccontextmanager
async def lifespan(_app):
    threading.Thread(target=warm_up, name="pressmap-warm-up", daemon=True).start()
    yield


app = st.App(Path(__file__).with_name("page.py"), lifespan=lifespan)
