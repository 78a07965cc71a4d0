"""Pages for returns: one module per resource."""
