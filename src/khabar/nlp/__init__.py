"""nlp stage."""
