"""Scorers for the evaluation sets (DESIGN §6): run the whole pipeline on each record's text and
compare what khabar reads with the set's gold annotation.

Each set module (`gtd`, `ucdp`, `muc4`, `wikievents`) keeps three layers apart so the arithmetic
can be tested without spaCy: `parse` (a JSON record → gold), `judge` (an `Analysis` → the
record's comparison with gold, run next to the analyser) and pure scoring functions (predictions
and gold in, numbers out).
"""
