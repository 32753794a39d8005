"""Scale-out: a cheap relevance prefilter before spaCy, and a process pool behind one writer."""
