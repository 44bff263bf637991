"""Inventory's answers to the signals of the apps below it."""
