"""geo stage."""
