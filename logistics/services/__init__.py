"""Business operations of the logistics app, one module per concern."""
