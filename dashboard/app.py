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
    """Import what the first page run needs after its frame (dashboard/page.py imports the same, later), read
    the store and make its first map (dashboard/prepared.py brings filters, render and timeline with it).

    Not streamlit-folium itself: imported outside a page run, it declares its component without registering it,
    and the module is never imported again, so the map's frame would not be found."""
    import folium.plugins  # noqa: F401 — streamlit-folium imports it

    from dashboard import recent  # noqa: F401
    from dashboard.data import current_view, store_location
    from dashboard.prepared import warm

    warm(current_view(store_location()))  # the store's events (or the samples), their map and chart


WARM_UP = "pressmap-warm-up"


def _not_from_warm_up(record) -> bool:
    """Streamlit warns of a "missing ScriptRunContext" when its caches are filled outside a page run, as the
    warm-up does on purpose: that thread's warning is left out of the log, anyone else's kept."""
    return record.threadName != WARM_UP


@asynccontextmanager
async def lifespan(_app):
    import logging

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_not_from_warm_up)
    threading.Thread(target=warm_up, name=WARM_UP, daemon=True).start()
    yield


app = st.App(Path(__file__).with_name("page.py"), lifespan=lifespan)
