"""programs wing."""
