"""Tables of the inventory app."""
