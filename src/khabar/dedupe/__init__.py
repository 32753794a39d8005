"""Many reports, one event: decide whether a new report tells a happening already stored.

`rules` holds the pure decisions (does a report fit an event, how are merged fields chosen),
testable without a database; `assign` applies them to the store, one report at a time, so
ingest stays incremental and never re-clusters what is stored.
"""

EXTRACTOR = "cluster@13"
"""The version of the matching rules, bumped when a decision can change; recorded with the merge
rule on every event the machine merged (`assign.MACHINE_MERGE_RULE`). `cluster@2` lets rival
casualty counts fit when one's range holds the other; `cluster@3` matches a report that names
no place by the first-level region inferred for it (`assign.report_site`); `cluster@4` narrows a
publication date standing in for a missing one to the day before it, with no slack, checks a
date against each of an event's reports, fits a report by any event site it tells and by any
toll an event's reports told, and lets a report or event with no site join the only event of
its dates that fits on everything else (`rules.fits_unplaced`); `cluster@5` takes a country
alone for no site (`rules.located`), lets the same event type stand in for a missing place,
allows no date slack where neither side has a site, and matches a report by every place it
names, not only its event sites (`assign.NAMED_ROLES`); `cluster@6` keeps two reports of one
outlet dated a day apart, both to the day or both by publication, apart (`rules.same_news_day`);
`cluster@7` lets a report with no site that fits several events join the one it clearly shares
most with (`rules.clearest`) instead of starting its own; `cluster@8` does not compare the
casualty counts of a report and an event placed at one town or district (`rules.same_town`):
a town's toll is told in parts and grows; `cluster@9` counts two dates as the same day in
`rules.affinity` only when both name a day (two of one month fall on its first); `cluster@10`
lets a town written by its first-level region's name ("in Idlib") fit any site of that region
(`rules.Site.namesake`), and a count told for a whole country fit any smaller one, as the
day's tally it may be (`rules.tolls_fit`); `cluster@11` lets a change of territory fit any
violent type, as the outcome of fighting another outlet tells by its acts
(`rules.GENERIC_SUB_TYPES`); `cluster@12` picks one of several events for a report with no site
only when it shares the day and three things (`rules.CLEAR_AFFINITY`), a toll told on both sides
counting as one and the same toll as another (`rules.affinity`): the kind of violence alone
tells none of a busy day's events apart; `cluster@13` lets a riot fit a clash or an attack of a
violent type (`rules.RIOT_TELLINGS`): a mob's violence is told as a riot, clashes or an attack."""
