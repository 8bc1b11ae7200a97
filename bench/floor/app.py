"""The least a Streamlit page with a streamlit-folium map can be: a title and one map with one marker, Leaflet
served from the app's static folder like the dashboard's. `bench/bench_browser.py --floor` copies this next to
dashboard/static's Leaflet and times it in the same browser and on the same machine as the dashboard, so that
the dashboard's figures can be read against what Streamlit and streamlit-folium take before any of Pressmap's
own work."""

import os
import sys

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, os.environ["PRESSMAP_ROOT"])
from dashboard.render import OfflineMap  # noqa: E402

st.title("Floor")
fmap = OfflineMap(location=[33.3, 44.4], zoom_start=5, tiles=None)
folium.CircleMarker([33.3, 44.4], radius=6).add_to(fmap)
st_folium(fmap, height=400, returned_objects=[], key="floor")
