from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from khabar.dedupe.rules import (
    Count,
    Facts,
    Site,
    Told,
    affinity,
    candidate_dates,
    choose,
    clearest,
    countries,
    counts_fit,
    fits,
    fits_unplaced,
    located,
    merge,
    places_fit,
    same_news_day,
    same_town,
    tolls_fit,
    types_fit,
    window,
)

PANJGUR = Site("PK", "02", 26.97186, 64.09459, 1)
BALOCHISTAN = Site("PK", "02", 28.88846, 66.98723, 4)
QUETTA = Site("PK", "02", 30.18414, 67.00141, 1)
REPORT = Facts(
    documents=frozenset({1}),
    event_type="Battles",
    sub_event_type="Armed clash",
    day=date(2026, 2, 21),
    date_precision="day",
    site=PANJGUR,
    killed=Count(4, 4, 4),
    injured=Count(7, 7, 7),
)
EVENT = replace(REPORT, documents=frozenset({2}), site=BALOCHISTAN, injured=Count(6, 6, 6))


def test_rules_same_attack_from_two_outlets_fits() -> None:
    assert fits(REPORT, EVENT)


def test_rules_same_document_never_merges() -> None:
    assert not fits(REPORT, replace(EVENT, documents=frozenset({1, 2})))


def test_rules_date_windows_follow_precision() -> None:
    assert window(date(2026, 2, 21), "day") == (date(2026, 2, 21), date(2026, 2, 21))
    assert window(date(2026, 2, 21), "reported") == (date(2026, 2, 20), date(2026, 2, 21))
    assert window(date(2026, 2, 1), "month") == (date(2026, 2, 1), date(2026, 2, 28))
    assert window(date(2026, 1, 1), "year") is None
    assert fits(REPORT, replace(EVENT, day=date(2026, 2, 22)))
    assert not fits(REPORT, replace(EVENT, day=date(2026, 2, 23)))
    assert fits(REPORT, replace(EVENT, day=date(2026, 2, 16), date_precision="week"))
    assert not fits(REPORT, replace(EVENT, date_precision=None))


def test_rules_candidate_dates_cover_every_fitting_window() -> None:
    first, last = candidate_dates((date(2026, 2, 21), date(2026, 2, 22)))
    assert first <= date(2026, 1, 21)
    assert last >= date(2026, 2, 23)
    month = replace(EVENT, day=date(2026, 2, 1), date_precision="month")
    assert fits(REPORT, month)
    assert first <= date(2026, 2, 1) <= last
    reported = replace(EVENT, day=date(2026, 2, 23), date_precision="reported")
    assert fits(replace(REPORT, day=date(2026, 2, 22)), reported)


def test_rules_publication_date_stands_for_the_day_before_without_slack() -> None:
    undated = replace(REPORT, date_precision="reported")
    published = replace(EVENT, date_precision="reported")
    assert fits(undated, replace(published, day=date(2026, 2, 22)))
    assert not fits(undated, replace(published, day=date(2026, 2, 23)))
    assert fits(undated, replace(EVENT, day=date(2026, 2, 20)))  # told the day before
    assert not fits(undated, replace(EVENT, day=date(2026, 2, 19)))
    assert not fits(undated, replace(EVENT, day=date(2026, 2, 22)))  # told after publication


def test_rules_places_use_distance_for_precise_sites_and_admin1_for_provinces() -> None:
    assert places_fit(PANJGUR, BALOCHISTAN)
    assert not places_fit(PANJGUR, QUETTA)  # same province, about 400 km apart
    assert not places_fit(PANJGUR, replace(BALOCHISTAN, admin1="03"))
    assert not places_fit(PANJGUR, replace(QUETTA, precision=5))  # a country alone is no site
    assert not places_fit(PANJGUR, replace(PANJGUR, country="IR"))
    assert not places_fit(PANJGUR, None)
    assert not places_fit(PANJGUR, replace(PANJGUR, precision=6))


def test_rules_types_are_compatible_when_one_side_is_generic() -> None:
    attack = replace(EVENT, event_type="Violence against civilians", sub_event_type="Attack")
    assert fits(REPORT, attack)
    protest = replace(EVENT, event_type="Protests", sub_event_type="Peaceful protest")
    assert not fits(REPORT, protest)
    bomb = replace(EVENT, event_type="Explosions/Remote violence", sub_event_type="Suicide bomb")
    assert fits(REPORT, bomb)
    air = replace(bomb, sub_event_type="Air/drone strike")
    assert not fits(replace(REPORT, event_type="Riots", sub_event_type="Mob violence"), air)


def test_rules_a_riot_fits_clashes_or_an_attack_but_no_specific_act() -> None:
    """ "Violent riots mar presidential visit" and "Five Muslims killed in Myanmar clashes": one
    mob's violence, told as a riot by one outlet and as clashes or an attack by another."""
    riot = replace(REPORT, event_type="Riots", sub_event_type="Violent demonstration")
    assert fits(riot, EVENT)
    attack = replace(EVENT, event_type="Violence against civilians", sub_event_type="Attack")
    assert fits(replace(riot, sub_event_type="Mob violence"), attack)
    shelling = replace(
        EVENT,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
    )
    assert not fits(riot, shelling)
    regained = replace(EVENT, sub_event_type="Government regains territory")
    assert not fits(riot, regained)


def test_rules_counts_fit_within_tolerance_or_when_unknown() -> None:
    assert counts_fit(Count(15, 15, None), Count(25, 25, 25))
    assert counts_fit(Count(1, 1, 1), Count(4, 4, 4))
    assert not counts_fit(Count(2, 2, 2), Count(40, 40, 40))
    assert counts_fit(Count(), Count(40, 40, 40))
    assert not fits(REPORT, replace(EVENT, killed=Count(30, 30, 30)))


def test_rules_counts_fit_when_one_range_holds_the_other() -> None:
    dozens = Count(12, 12, None)  # "dozens killed": at least 12, no upper bound
    assert counts_fit(dozens, Count(47, 47, 47))
    assert counts_fit(Count(47, 47, 47), dozens)
    assert counts_fit(Count(1, 1, None), Count(40, 40, 40))  # "airstrikes kill civilians"
    assert counts_fit(Count(10, 15, 30), Count(28, 28, 28))  # "10 to 30", best 15
    assert not counts_fit(Count(30, 30, None), Count(5, 5, 5))  # below "at least 30"
    assert not counts_fit(Count(10, 15, 30), Count(45, 45, 45))
    assert fits(replace(REPORT, killed=Count(40, 40, 40)), replace(EVENT, killed=Count(4, 4, None)))


def test_rules_named_perpetrators_must_not_contradict() -> None:
    assert fits(replace(REPORT, perpetrators=frozenset({5})), EVENT)
    assert fits(
        replace(REPORT, perpetrators=frozenset({5})), replace(EVENT, perpetrators=frozenset({5, 9}))
    )
    assert not fits(
        replace(REPORT, perpetrators=frozenset({5})), replace(EVENT, perpetrators=frozenset({9}))
    )


def test_rules_choose_prefers_the_closest_fitting_event() -> None:
    far = replace(EVENT, day=date(2026, 2, 22))
    near = replace(EVENT, site=PANJGUR)
    assert choose(REPORT, [far, near, replace(EVENT, documents=frozenset({1}))]) == 1
    assert choose(REPORT, [replace(EVENT, site=QUETTA)]) is None


def test_rules_dates_must_fit_every_telling_so_events_do_not_drift() -> None:
    undated = replace(REPORT, date_precision="reported")
    monday = replace(EVENT, day=date(2026, 2, 21), date_precision="reported")
    tuesday = replace(monday, day=date(2026, 2, 22))
    drifting = replace(tuesday, tellings=(monday, tuesday))
    assert fits(replace(undated, day=date(2026, 2, 23)), replace(drifting, tellings=()))
    assert not fits(replace(undated, day=date(2026, 2, 23)), drifting)
    assert fits(replace(undated, day=date(2026, 2, 22)), drifting)


def test_rules_a_report_fits_by_any_event_site_it_tells() -> None:
    both = replace(REPORT, site=QUETTA, sites=(QUETTA, PANJGUR))  # "clashes in Quetta and Panjgur"
    at_panjgur = replace(EVENT, site=PANJGUR, sites=(PANJGUR,))
    assert not places_fit(QUETTA, PANJGUR)
    assert fits(both, at_panjgur)
    assert fits(replace(REPORT, site=QUETTA, sites=(QUETTA,)), replace(at_panjgur, sites=(QUETTA,)))
    assert not fits(replace(both, sites=(QUETTA,)), at_panjgur)


def test_rules_counts_fit_any_toll_the_event_was_told() -> None:
    growing = replace(
        EVENT,
        killed=Count(65, 65, 65),
        tellings=(
            replace(EVENT, killed=Count(26, 26, 26)),
            replace(EVENT, killed=Count(65, 65, 65)),
        ),
    )
    assert fits(replace(REPORT, killed=Count(26, 26, 26)), growing)
    assert not fits(replace(REPORT, killed=Count(26, 26, 26)), replace(growing, tellings=()))
    assert not fits(replace(REPORT, killed=Count(3, 3, 3)), growing)


ALEPPO = Site("SY", "09", 36.20124, 37.16117, 1)
AL_BAB = Site("SY", "09", 36.37051, 37.5157, 1)
HAMA_COUNTRYSIDE = Site("SY", "10", 35.13179, 36.75783, 4)
SHELLS = replace(
    REPORT,
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    site=ALEPPO,
    sites=(ALEPPO,),
    killed=Count(12, 12, 12),  # "12 civilians killed by shells in Aleppo"
    injured=Count(),
)
CHILDREN = replace(SHELLS, documents=frozenset({2}), killed=Count(4, 4, 4))
""""Shells kill four children in govt-held Aleppo", the same day."""


def test_rules_counts_are_not_compared_within_one_town() -> None:
    """Four children among twelve civilians: a town's toll is told in parts and grows."""
    assert same_town(SHELLS, CHILDREN)
    assert fits(SHELLS, CHILDREN)
    assert fits(replace(SHELLS, killed=Count(400, 400, 400)), CHILDREN)


def test_rules_one_town_still_needs_the_day_type_and_actors() -> None:
    """The town lifts the count check only: a day later, a protest, another perpetrator or the
    same document stay apart."""
    assert not fits(SHELLS, replace(CHILDREN, day=date(2026, 2, 24)))
    protest = replace(CHILDREN, event_type="Protests", sub_event_type="Peaceful protest")
    assert not fits(SHELLS, protest)
    assert not fits(
        replace(SHELLS, perpetrators=frozenset({1})), replace(CHILDREN, perpetrators=frozenset({2}))
    )
    assert not fits(SHELLS, replace(CHILDREN, documents=SHELLS.documents))


def test_rules_counts_still_tell_apart_towns_far_apart_provinces_and_placeless_reports() -> None:
    """Al-Bab is 37 km from Aleppo; "the countryside of Hama" is a province; a placeless toll
    has nothing but its count to tell which event it is: it must match the event's or hold it."""
    at_al_bab = replace(CHILDREN, site=AL_BAB, sites=(AL_BAB,))
    assert not same_town(SHELLS, at_al_bab)
    assert not fits(SHELLS, at_al_bab)
    assert not fits(replace(SHELLS, killed=Count(4, 4, 4)), at_al_bab)
    gas = replace(
        SHELLS, site=HAMA_COUNTRYSIDE, sites=(HAMA_COUNTRYSIDE,), killed=Count(53, 53, 53)
    )
    raids = replace(gas, documents=frozenset({2}), killed=Count(26, 26, 26))
    assert not same_town(gas, raids)
    assert not fits(gas, raids)
    assert fits(replace(gas, killed=Count(30, 30, 30)), raids)
    placeless = replace(SHELLS, site=None, sites=())
    assert not same_town(placeless, CHILDREN)
    assert not fits_unplaced(
        replace(placeless, killed=Count(2, 2, 2)), replace(CHILDREN, killed=Count(12, 12, 12))
    )
    assert fits_unplaced(replace(placeless, killed=Count(5, 5, 5)), CHILDREN)
    assert fits_unplaced(placeless, CHILDREN)  # twelve may hold the four (`tolls_fit`)


UNPLACED = replace(REPORT, site=None, sites=())


def test_rules_a_placeless_report_joins_the_only_event_that_fits() -> None:
    assert not fits(UNPLACED, EVENT)
    assert fits_unplaced(UNPLACED, EVENT)
    assert choose(UNPLACED, [EVENT]) == 0
    other = replace(EVENT, documents=frozenset({3}), site=QUETTA)
    assert choose(UNPLACED, [EVENT, other]) is None  # ambiguous: it starts its own
    assert choose(UNPLACED, [EVENT, replace(other, killed=Count(30, 30, 30))]) == 0
    assert choose(REPORT, [replace(EVENT, site=None)]) == 0  # a sited report, a placeless event
    assert choose(REPORT, [EVENT, replace(EVENT, site=None)]) == 0  # a site fit wins


ATTACK = replace(
    EVENT,
    documents=frozenset({3}),
    site=QUETTA,
    event_type="Violence against civilians",
    sub_event_type="Attack",
    killed=Count(3, 3, 3),
)


def test_rules_a_placeless_report_joins_the_event_it_clearly_shares_most_with() -> None:
    """Of two events a placeless report fits, the clash of its day with a toll is the one it
    tells, not a generic attack that shares only a toll; it does not matter which was stored
    first."""
    assert fits_unplaced(UNPLACED, EVENT)
    assert fits_unplaced(UNPLACED, ATTACK)
    assert affinity(UNPLACED, EVENT) == (True, 4)
    assert affinity(UNPLACED, ATTACK) == (True, 1)
    assert choose(UNPLACED, [EVENT, ATTACK]) == 0
    assert choose(UNPLACED, [ATTACK, EVENT]) == 1
    assert affinity(
        replace(UNPLACED, perpetrators=frozenset({5})), replace(ATTACK, perpetrators=frozenset({5}))
    ) == (True, 2)


def test_rules_dates_of_one_month_share_no_day() -> None:
    """Two dates told only to the month both fall on its first day; that names no day they
    share, while a publication date does stand for one."""
    month = {"day": date(2026, 2, 1), "date_precision": "month"}
    assert affinity(replace(UNPLACED, **month), replace(EVENT, **month))[0] is False
    reported = {"day": EVENT.day, "date_precision": "reported"}
    assert affinity(replace(UNPLACED, **reported), EVENT)[0] is True


def test_rules_a_placeless_report_sharing_too_little_starts_its_own_event() -> None:
    """Sharing the day and one more thing with the best of several events is not enough: on a
    busy day in a country at war, any of them could share that much."""
    advance = replace(EVENT, sub_event_type="Government regains territory", killed=Count())
    assert affinity(UNPLACED, advance) == (True, 1)
    assert clearest(UNPLACED, [advance, ATTACK], [0, 1]) is None
    assert choose(UNPLACED, [advance, ATTACK]) is None
    later = replace(EVENT, documents=frozenset({4}), day=date(2026, 2, 22))
    assert affinity(UNPLACED, later) == (False, 4)
    assert clearest(UNPLACED, [later, ATTACK], [0, 1]) is None
    assert clearest(UNPLACED, [EVENT, ATTACK], []) is None


def test_rules_a_placeless_report_telling_only_the_kind_of_violence_starts_its_own_event() -> None:
    """A report with neither a place nor a toll ("Violent clashes in the southern banks of
    Euphrates") shares with a clash of its day no more than the kind of violence, which on a
    busy day many events share; a toll told on both sides, even a close one, or a named
    perpetrator sets one apart."""
    untold = replace(UNPLACED, killed=Count())
    advance = replace(
        EVENT, documents=frozenset({3}), sub_event_type="Government regains territory"
    )
    assert affinity(untold, EVENT) == (True, 2)
    assert affinity(untold, advance) == (True, 1)
    assert choose(untold, [EVENT, advance]) is None
    close = replace(UNPLACED, killed=Count(5, 5, 5))
    assert affinity(close, EVENT) == (True, 3)
    assert choose(close, [EVENT, replace(advance, killed=Count())]) == 0
    named = replace(untold, perpetrators=frozenset({5}))
    assert choose(named, [replace(EVENT, perpetrators=frozenset({5})), advance]) == 0


def test_rules_a_placeless_report_prefers_the_event_told_with_its_very_toll() -> None:
    """Of two clashes of its day whose tolls both fit "12 killed", the one told with 12 is the
    one it tells, not the one told with 10."""
    twelve = replace(UNPLACED, killed=Count(12, 12, 12))
    told = replace(EVENT, killed=Count(12, 12, 12))
    fewer = replace(EVENT, documents=frozenset({3}), site=QUETTA, killed=Count(10, 10, 10))
    assert affinity(twelve, told) == (True, 4)
    assert affinity(twelve, fewer) == (True, 3)
    assert choose(twelve, [fewer, told]) == 1


def test_rules_a_placeless_report_needs_something_in_place_of_the_place() -> None:
    bare = replace(
        UNPLACED,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        killed=Count(),
        injured=Count(),
    )
    assert not fits_unplaced(bare, EVENT)
    assert fits_unplaced(replace(bare, countries=frozenset({"PK"})), EVENT)
    assert not fits_unplaced(replace(bare, countries=frozenset({"IR"})), EVENT)
    assert fits_unplaced(replace(bare, killed=Count(4, 4, 4)), EVENT)
    assert fits_unplaced(replace(bare, event_type="Battles", sub_event_type="Armed clash"), EVENT)
    named = replace(bare, perpetrators=frozenset({5}))
    assert fits_unplaced(named, replace(EVENT, perpetrators=frozenset({5})))
    assert not fits_unplaced(replace(UNPLACED, day=date(2026, 2, 24)), EVENT)
    assert not fits_unplaced(UNPLACED, replace(EVENT, killed=Count(30, 30, 30)))


def test_rules_the_same_event_type_stands_in_for_the_place() -> None:
    """A shelling told with no place, toll or country may be the only car bombing of its day:
    both are explosions, though not the same sub-event."""
    bomb = replace(
        EVENT,
        event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED",
        killed=Count(9, 9, 9),
    )
    shelling = replace(
        UNPLACED,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        killed=Count(),
        injured=Count(),
    )
    assert fits_unplaced(shelling, bomb)
    assert choose(shelling, [bomb]) == 0
    attack = replace(shelling, event_type="Violence against civilians", sub_event_type="Attack")
    assert not fits_unplaced(attack, bomb)  # a generic attack fits a bombing, but tells less


def test_rules_a_country_alone_is_no_site() -> None:
    """ "47 soldiers killed in Pakistan" tells none of a day's Pakistani events apart: it joins
    the only one that fits it, never the closest of several."""
    country = replace(REPORT, site=replace(QUETTA, admin1=None, precision=5), sites=())
    assert not located(country)
    assert not fits(country, EVENT)
    assert fits_unplaced(country, EVENT)
    assert choose(country, [EVENT]) == 0
    assert choose(country, [EVENT, replace(EVENT, documents=frozenset({3}), site=QUETTA)]) is None
    elsewhere = replace(EVENT, site=replace(PANJGUR, country="IR"))
    assert not fits_unplaced(country, elsewhere)


def test_rules_a_country_report_may_be_in_any_country_it_names() -> None:
    """ "Pakistan says 4 soldiers killed near the Iran border": sited in Iran, also naming
    Pakistan, it may tell an event in either."""
    border = replace(
        REPORT,
        site=replace(PANJGUR, country="IR", admin1=None, precision=5),
        sites=(),
        countries=frozenset({"IR", "PK"}),
    )
    assert countries(border) == {"IR", "PK"}
    assert choose(border, [EVENT]) == 0
    assert countries(REPORT) == {"PK"}  # a located site's country is all that counts


def test_rules_no_date_slack_where_neither_side_has_a_site() -> None:
    """Two placeless national tolls told for consecutive days are two days' tolls; a day's
    slack is for tellings a place ties together."""
    monday = replace(UNPLACED, killed=Count(52, 52, 52), day=date(2026, 2, 21))
    also_monday = replace(monday, documents=frozenset({2}), killed=Count(69, 69, 69))
    assert fits_unplaced(monday, also_monday)
    assert not fits_unplaced(monday, replace(also_monday, day=date(2026, 2, 22)))
    assert fits_unplaced(monday, replace(EVENT, killed=Count(52, 52, 52), day=date(2026, 2, 22)))


def _told(order: int, **changes: object) -> Told:
    base = Told(
        event_type="Battles",
        sub_event_type="Armed clash",
        gtd_attack_type="Armed Assault",
        day=date(2026, 2, 22),
        date_precision="reported",
        place=None,
        place_precision=None,
        killed=Count(),
        injured=Count(),
        abducted=Count(),
        confidence=1.0,
        published=datetime(2026, 2, 22, 5),
        order=order,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_rules_merge_is_ucdp_style() -> None:
    merged = merge(
        [
            _told(1, killed=Count(4, 4, None), injured=Count(6, 6, 6), place=10, place_precision=4),
            _told(
                2,
                killed=Count(3, 5, 8),
                injured=Count(7, 7, 7),
                place=11,
                place_precision=1,
                day=date(2026, 2, 21),
                date_precision="day",
                published=datetime(2026, 2, 22, 13),
            ),
            _told(
                3,
                killed=Count(9, 9, 9),
                confidence=0.5,
                sub_event_type="Attack",
                place=12,
                place_precision=3,
            ),
        ]
    )
    # Most credible: report 2 (confidence 1.0, latest published); low/high are maxima.
    assert merged.killed == Count(9, 5, 9)
    assert merged.injured == Count(7, 7, 7)
    assert (merged.place, merged.place_precision) == (11, 1)
    assert (merged.day, merged.date_precision) == (date(2026, 2, 21), "day")
    assert merged.sub_event_type == "Armed clash"


def test_rules_merge_takes_best_from_the_most_credible_report_that_has_one() -> None:
    merged = merge([_told(1, killed=Count(2, 2, 2), confidence=0.6), _told(2)])
    assert merged.killed == Count(2, 2, 2)


def test_rules_merge_counts_a_sited_event_from_its_sited_reports() -> None:
    """A nationwide daily toll that joined a town's event tells the country's dead; it counts
    only where no report sited below the country tells a figure."""
    town = _told(1, killed=Count(5, 5, 5), injured=Count(), place=11, place_precision=1)
    national = _told(2, killed=Count(98, 98, 98), injured=Count(40, 40, 40), place_precision=5)
    unplaced = replace(national, order=3, place_precision=None)
    for tally in (national, unplaced):
        merged = merge([town, tally])
        assert merged.killed == Count(5, 5, 5)
        assert merged.injured == Count(40, 40, 40), "no local report tells the injured"
        assert (merged.place, merged.place_precision) == (11, 1)
    # An event placed no finer than its country keeps UCDP's rule over all its reports.
    country_event = merge([replace(town, place=7, place_precision=5), national])
    assert country_event.killed == Count(98, 98, 98)


def test_rules_one_outlet_tells_each_day_once() -> None:
    """Two reports of one outlet dated a day apart, both by publication or both told, are two
    days' news; from two outlets the windows' overlap (or the slack) still lets them fit."""
    undated = replace(REPORT, date_precision="reported", outlets=frozenset({"SOHR"}))
    next_day = replace(EVENT, day=date(2026, 2, 22), date_precision="reported")
    assert fits(undated, replace(next_day, outlets=frozenset({"AFP"})))
    assert not fits(undated, replace(next_day, outlets=frozenset({"SOHR", "AFP"})))
    assert fits(undated, replace(next_day, day=REPORT.day, outlets=frozenset({"SOHR"})))
    told = replace(undated, date_precision="day")
    assert fits(told, replace(next_day, date_precision="day", outlets=frozenset({"AFP"})))
    assert not fits(told, replace(next_day, date_precision="day", outlets=frozenset({"SOHR"})))
    # A told day and a publication date are read apart: "yesterday" in the later report.
    assert same_news_day(told, replace(next_day, outlets=frozenset({"SOHR"})))


def test_rules_one_outlet_day_is_checked_against_each_telling() -> None:
    monday = replace(EVENT, date_precision="reported", outlets=frozenset({"SOHR"}))
    tuesday = replace(monday, day=date(2026, 2, 22), outlets=frozenset({"AFP"}))
    event = replace(tuesday, outlets=frozenset({"SOHR", "AFP"}), tellings=(monday, tuesday))
    undated = replace(REPORT, day=date(2026, 2, 22), date_precision="reported")
    assert fits(replace(undated, outlets=frozenset({"AFP"})), event)
    assert not fits(replace(undated, outlets=frozenset({"SOHR"})), event)


IDLIB = Site("SY", "12", 35.93062, 36.63393, 1, namesake=True)
"""Idlib city, written "Idlib": the province's name too."""
KHAN_SHAYKHUN = Site("SY", "12", 35.44208, 36.65095, 1)
"""In Idlib province, 54 km from Idlib city."""


def test_rules_a_town_written_by_its_regions_name_fits_any_site_of_that_region() -> None:
    assert places_fit(IDLIB, KHAN_SHAYKHUN)
    assert places_fit(KHAN_SHAYKHUN, IDLIB)
    assert not places_fit(replace(IDLIB, namesake=False), KHAN_SHAYKHUN)
    assert not places_fit(IDLIB, replace(KHAN_SHAYKHUN, admin1="10"))  # Hama province
    assert not places_fit(IDLIB, replace(KHAN_SHAYKHUN, country="TR"))
    losses = replace(SHELLS, site=IDLIB, sites=(IDLIB,), killed=Count(1, 1, None))
    strikes = replace(CHILDREN, site=KHAN_SHAYKHUN, sites=(KHAN_SHAYKHUN,))
    assert same_town(losses, strikes)
    assert fits(losses, strikes)


SYRIA = Site("SY", None, 35.0, 38.0, 5)


def test_rules_a_countrys_toll_bounds_the_events_it_may_tally() -> None:
    """ "74 were killed yesterday, including 20 members of the regime forces": a count for the
    whole country holds any event's there that is smaller, not one that is larger; a sited
    report's count still has to match."""
    tally = replace(UNPLACED, site=SYRIA, killed=Count(74, 74, 74), injured=Count())
    clash = replace(EVENT, site=HAMA_COUNTRYSIDE, killed=Count(2, 2, 2), injured=Count())
    assert tolls_fit(tally, clash, "killed")
    assert fits_unplaced(tally, clash)
    assert choose(tally, [clash]) == 0
    assert not tolls_fit(tally, replace(clash, killed=Count(200, 200, 200)), "killed")
    assert not tolls_fit(
        tally, replace(clash, tellings=(replace(clash, killed=Count(300, 300, 300)),)), "killed"
    )
    assert not tolls_fit(replace(tally, site=PANJGUR), clash, "killed")
    assert tolls_fit(replace(tally, site=None), clash, "killed")


def test_rules_a_change_of_territory_fits_the_fighting_told_by_its_acts() -> None:
    """ "SDF advances on Hajin" and "French artillery shells Hajin": the advance is the outcome of
    the fighting the other outlet tells by its acts; a protest is no fighting."""
    advance = replace(
        EVENT, event_type="Battles", sub_event_type="Non-state actor overtakes territory"
    )
    shells = replace(
        REPORT,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
    )
    assert types_fit(shells, advance)
    assert types_fit(advance, replace(shells, sub_event_type="Air/drone strike"))
    regained = replace(advance, sub_event_type="Government regains territory")
    assert types_fit(shells, regained)
    assert not types_fit(
        replace(shells, event_type="Protests", sub_event_type="Peaceful protest"), advance
    )
    strike = replace(shells, sub_event_type="Air/drone strike")
    assert not types_fit(
        replace(
            strike,
            event_type="Violence against civilians",
            sub_event_type="Abduction/forced disappearance",
        ),
        strike,
    )
