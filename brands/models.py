"""Tables of the brands app."""
