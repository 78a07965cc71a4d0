"""The assurance pages: one module per part of the cycle."""
