"""SmartPick SoCal's Streamlit side: the page registry, the frame and sidebar, session state, caches and the
advisor workspace. Pages live in smartpick_app/pages/ and hold no logic; every number comes from smartpick_core.

Importing this package does not import Streamlit: its modules do, when the app (app.py) or a test loads them.
"""
