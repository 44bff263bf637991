"""Pages of the brands area, one module per concern."""
