"""Carrier adapters: one module per public tracking format (see base.py for the interface)."""
