"""Signals the portal sends for the apps above it (they connect in their receivers.py).

`demo_data_requested(seller=...)`: `manage.py seed_demo` asks every app to add its demo
data for one demo seller. Receivers must be idempotent: seed_demo runs again and again,
and a second run must change nothing.
"""

from django.dispatch import Signal

demo_data_requested = Signal()
