"""strategy wing."""
