from __future__ import annotations

import pytest

from khabar.eval.wikievents import (
    ATTACK,
    DIE,
    Event,
    GoldArgument,
    GoldEvent,
    parse,
    score_document,
)

# "Militants attacked a convoy ; two soldiers were killed" (character offsets hand-placed).
GOLD = [
    GoldEvent(
        ATTACK,
        (10, 18),
        (
            GoldArgument("Attacker", (0, 9), ((0, 9),)),
            GoldArgument("Target", (21, 27), ((21, 27), (60, 66))),
        ),
    ),
    GoldEvent(DIE, (46, 52), (GoldArgument("Victim", (33, 41), ((33, 41),)),)),
]


def test_wikievents_triggers_need_type_and_overlap() -> None:
    predicted = [
        Event(ATTACK, (10, 18)),
        Event(DIE, (10, 18)),  # right place, wrong type
        Event(DIE, (40, 52)),  # overlaps "killed"
    ]
    judgement = score_document(predicted, GOLD)
    # 2 aligned of 3 predicted and 2 gold: P 2/3, R 1, F1 80.
    assert judgement.triggers.matched_predicted == 2
    assert judgement.triggers.f1 == pytest.approx(80)


def test_wikievents_arguments_by_head_and_by_coreference() -> None:
    predicted = [
        Event(ATTACK, (10, 18), (("Attacker", (0, 9)), ("Target", (60, 66)), ("Place", (70, 75)))),
        Event(DIE, (46, 52), (("Victim", (37, 41)),)),
    ]
    judgement = score_document(predicted, GOLD)
    # Head: Attacker right, Target (60-66) is not the annotated mention, Place has no gold,
    # Victim overlaps: 2 of 4 predicted, 2 of 3 gold.
    assert (judgement.head.matched_predicted, judgement.head.predicted) == (2, 4)
    assert judgement.head.gold == 3
    # Coref: 60-66 is coreferent with the gold Target: 3 of 4, 3 of 3.
    assert judgement.coref.matched_gold == 3


def test_wikievents_arguments_of_unaligned_events_count_as_wrong() -> None:
    predicted = [Event(ATTACK, (90, 95), (("Attacker", (0, 9)),))]
    judgement = score_document(predicted, GOLD)
    assert judgement.triggers.matched_predicted == 0
    assert (judgement.head.matched_predicted, judgement.head.predicted) == (0, 1)
    assert judgement.head.gold == 3
    assert score_document([], []).head.f1 == 0


def test_wikievents_parse_takes_heads_and_clusters() -> None:
    record = {
        "id": "doc",
        "text": "Militants attacked the convoy",
        "tokens": ["Militants", "attacked", "the", "convoy"],
        "token_offsets": [[0, 9], [10, 18], [19, 22], [23, 29]],
        "entity_mentions": [
            {"id": "m1", "start": 0, "end": 1},
            {"id": "m2", "start": 2, "end": 4},
        ],
        "coref_clusters": [{"mentions": ["m2"], "informative_mention": "the convoy"}],
        "events": [
            {
                "id": "e1",
                "event_type": ATTACK,
                "trigger": {"text": "attacked", "char_start": 10, "char_end": 18},
                "arguments": [{"role": "Target", "entity_id": "m2", "start": 2, "end": 4}],
            }
        ],
    }
    gold = parse(record)
    argument = gold.events[0].arguments[0]
    assert argument.head == (23, 29)  # "convoy", the last token
    assert argument.coreferent_heads == ((23, 29),)
