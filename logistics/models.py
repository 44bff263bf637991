"""Tables of the logistics app."""
