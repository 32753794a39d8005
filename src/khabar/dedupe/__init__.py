"""Many reports, one event: decide whether a new report tells a happening already stored.

`rules` holds the pure decisions (does a report fit an event, how are merged fields chosen),
testable without a database; `assign` applies them to the store, one report at a time, so
ingest stays incremental and never re-clusters what is stored.
"""

EXTRACTOR = "cluster@3"
"""The version of the matching rules, bumped when a decision can change; recorded with the merge
rule on every event the machine merged (`assign.MACHINE_MERGE_RULE`). `cluster@2` lets rival
casualty counts fit when one's range holds the other; `cluster@3` matches a report that names
no place by the first-level region inferred for it (`assign.report_site`)."""
