"""The pages of signing in and of managing people: one module per part."""
