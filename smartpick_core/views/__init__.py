"""views wing."""
