"""Models of the assurance app."""
