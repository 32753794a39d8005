"""Analysts' curation of events: corrections kept beside the machine's values, review,
rejection, merging and splitting, each written to the audit log (see `service.py`)."""
