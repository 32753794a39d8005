"""Gazetteer names added to a parsed doc as places (`nlp.toponyms`), with a stand-in finder so
that the tests say what the component does, whatever the model labels."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from khabar.nlp.model import load_nlp
from khabar.nlp.toponyms import add_toponyms, ends_a_name

PLACES = frozenset({"Qarabel", "Tell Numan", "North Qarabel", "in Salah", "al-Sham"})


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def finder(text: str) -> Sequence[tuple[int, int, str]]:
    """The first occurrence of each name of `PLACES` or of "Rockville" (a small town), but not
    a name inside a longer one, as the gazetteer gives them."""
    found = []
    for name in (*PLACES, "Rockville"):
        start = text.find(name)
        if start >= 0:
            found.append((start, start + len(name), name))
    return sorted(
        (s, e, name)
        for s, e, name in found
        if not any(a <= s and e <= b and (a, b) != (s, e) for a, b, _ in found)
    )


def prominent(name: str) -> bool:
    return name in PLACES


def labelled(nlp: Language, text: str, ents: Sequence[tuple[str, str, str]] = ()) -> Doc:
    """`text` parsed, with exactly the entities `ents` ((text, label, id)) set."""
    doc = nlp(text)
    spans = []
    for name, label, ent_id in ents:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None
        spans.append(Span(doc, span.start, span.end, label=label, span_id=ent_id))
    doc.ents = spans
    return add_toponyms(doc, finder, prominent)


def found(doc: Doc) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in doc.ents}


def test_toponyms_adds_a_name_the_model_missed(nlp: Language) -> None:
    doc = labelled(nlp, "Warplanes struck a bakery in Qarabel on Monday.")
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_relabels_a_place_the_model_called_an_organisation(nlp: Language) -> None:
    doc = labelled(nlp, "Shelling hit Tell Numan on Monday.", [("Tell Numan", "ORG", "")])
    assert found(doc) == {"Tell Numan": "GPE"}


def test_toponyms_keeps_a_label_from_the_reviewed_patterns(nlp: Language) -> None:
    doc = labelled(nlp, "Qarabel fighters attacked a post.", [("Qarabel", "ORG", "qarabel")])
    assert found(doc) == {"Qarabel": "ORG"}


def test_toponyms_keeps_an_entity_that_only_overlaps_a_name(nlp: Language) -> None:
    doc = labelled(nlp, "Reporter Tell Numan Hadid was hurt.", [("Numan Hadid", "PERSON", "")])
    assert found(doc) == {"Numan Hadid": "PERSON"}


def test_toponyms_ignores_names_that_are_not_prominent(nlp: Language) -> None:
    doc = labelled(nlp, "Gunmen killed a driver near Rockville on Monday.")
    assert "Rockville" not in found(doc)


def test_toponyms_relabels_a_place_the_model_called_a_product(nlp: Language) -> None:
    doc = labelled(nlp, "Jets bombed Qarabel at dawn.", [("Qarabel", "PRODUCT", "")])
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_a_leading_the_does_not_hide_the_name(nlp: Language) -> None:
    doc = labelled(nlp, "Jets bombed the Tell Numan at dawn.", [("the Tell Numan", "PRODUCT", "")])
    assert found(doc) == {"Tell Numan": "GPE"}


def test_toponyms_joins_a_name_cut_in_pieces(nlp: Language) -> None:
    doc = labelled(nlp, "Rebels shelled Tell Numan.", [("Tell", "ORG", ""), ("Numan", "GPE", "")])
    assert found(doc) == {"Tell Numan": "GPE"}


def test_toponyms_relabels_a_place_the_model_called_a_language(nlp: Language) -> None:
    doc = labelled(nlp, "Battles continue in southern Qarabel.", [("Qarabel", "LANGUAGE", "")])
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_a_name_replaces_the_one_entity_it_holds(nlp: Language) -> None:
    doc = labelled(nlp, "Jets bombed Tell Numan at dawn.", [("Numan", "ORG", "")])
    assert found(doc) == {"Tell Numan": "GPE"}
    doc = labelled(nlp, "Jets bombed Tell Numan at dawn.", [("Tell", "GPE", "")])
    assert found(doc) == {"Tell Numan": "GPE"}


def test_toponyms_a_compass_word_does_not_widen_a_place(nlp: Language) -> None:
    text = "Jets bombed the North Qarabel town of Rockville."
    doc = labelled(nlp, text, [("Qarabel", "GPE", "")])
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_a_name_opening_with_a_small_word_replaces_nothing(nlp: Language) -> None:
    doc = labelled(nlp, "Fighting in Salah went on.", [("Salah", "PERSON", "")])
    assert found(doc) == {"Salah": "PERSON"}


def test_toponyms_splits_an_entity_made_of_names(nlp: Language) -> None:
    text = "Raids targeted Qarabel and Tell Numan."
    doc = labelled(nlp, text, [("Qarabel and Tell Numan", "WORK_OF_ART", "")])
    assert found(doc) == {"Qarabel": "GPE", "Tell Numan": "GPE"}
    text = "Soldiers burned homes in Qarabel's Tell Numan township."
    doc = labelled(nlp, text, [("Qarabel's Tell Numan township", "ORG", "")])
    assert found(doc) == {"Qarabel": "GPE", "Tell Numan": "GPE"}


def test_toponyms_keeps_an_entity_with_more_than_names(nlp: Language) -> None:
    doc = labelled(nlp, "The Qarabel Post reported it.", [("Qarabel Post", "ORG", "")])
    assert found(doc) == {"Qarabel Post": "ORG"}


def tagged(nlp: Language, text: str, word: str, tag: str) -> Doc:
    """`text` parsed with no entities, `word` tagged `tag` (as the model may tag a name)."""
    doc = nlp(text)
    doc.ents = []
    for token in doc:
        if token.text == word:
            token.tag_ = tag
            token.pos_ = "NOUN" if tag.startswith("NN") else "ADJ"
    return add_toponyms(doc, finder, prominent)


def test_toponyms_adds_a_name_tagged_as_a_common_noun_inside_a_sentence(nlp: Language) -> None:
    doc = tagged(nlp, "Shells target Qarabel neighborhoods again.", "Qarabel", "JJ")
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_a_common_noun_tag_is_no_name_where_capitals_mark_none(nlp: Language) -> None:
    assert found(tagged(nlp, "Qarabel returns to calm.", "Qarabel", "NN")) == {}
    assert found(tagged(nlp, "The pro-Qarabel factions withdrew.", "Qarabel", "JJ")) == {}
    assert found(tagged(nlp, "Heavy Shelling Hits Qarabel Market Again", "Qarabel", "NN")) == {}


def test_toponyms_a_name_before_a_colon_is_a_kicker(nlp: Language) -> None:
    assert found(tagged(nlp, "Qarabel: Eight soldiers killed in an attack", "Qarabel", "NN")) == {
        "Qarabel": "GPE"
    }


def test_toponyms_a_name_with_the_article_after_a_capitalised_word_ends_a_longer_name(
    nlp: Language,
) -> None:
    doc = labelled(
        nlp, "Hayyaat Tahrir al-Sham fighters attacked a post.", [("al-Sham", "PERSON", "")]
    )
    assert found(doc) == {"al-Sham": "PERSON"}  # a group's name, not Damascus
    assert found(labelled(nlp, "Fighters of Jaysh Tahrir al-Sham shelled a post.")) == {}


def test_toponyms_a_name_with_the_article_stands_alone_after_a_small_word(nlp: Language) -> None:
    assert found(labelled(nlp, "Warplanes struck villages in al-Sham on Monday.")) == {
        "al-Sham": "GPE"
    }


def test_toponyms_ends_a_name_reads_plain_text() -> None:
    text = "Clashes between Ahrar al-Sham and factions in al-Sham"
    assert ends_a_name(text, text.index("al-Sham"), "al-Sham")
    assert not ends_a_name(text, text.rindex("al-Sham"), "al-Sham")  # after a small word
    assert not ends_a_name("Shelling on Eastern al-Ghouta", 20, "al-Ghouta")  # a direction
    assert not ends_a_name("al-Sham fighters", 0, "al-Sham")
    assert not ends_a_name("Clashes in Deir Ezzor", 16, "Ezzor")  # no article


def test_toponyms_an_attribution_after_a_spaced_dash_is_no_part_of_the_name(
    nlp: Language,
) -> None:
    text = "A soldier was killed in a car bomb attack in Qarabel - army"
    doc = labelled(nlp, text, [("Qarabel - army", "PERSON", "")])
    assert found(doc) == {"Qarabel": "GPE"}
    text = "Defenders repulsed another assault near Qarabel – General Staff"
    doc = labelled(nlp, text, [("Qarabel – General Staff", "ORG", "")])
    assert found(doc) == {"Qarabel": "GPE"}


def test_toponyms_a_spaced_dash_between_names_still_splits_into_both(nlp: Language) -> None:
    doc = labelled(
        nlp, "Shelling on the Qarabel - Tell Numan road", [("Qarabel - Tell Numan", "ORG", "")]
    )
    assert found(doc) == {"Qarabel": "GPE", "Tell Numan": "GPE"}


def test_toponyms_a_dash_inside_a_word_or_before_no_name_changes_nothing(nlp: Language) -> None:
    doc = labelled(
        nlp, "The Qarabel-based Post - an agency", [("Qarabel-based Post - an agency", "ORG", "")]
    )
    assert found(doc) == {"Qarabel-based Post - an agency": "ORG"}
    doc = labelled(nlp, "Fighting near Rockville - army", [("Rockville - army", "PERSON", "")])
    assert found(doc) == {"Rockville - army": "PERSON"}


def test_toponyms_a_word_in_capitals_needs_a_cue_or_a_major_place(nlp: Language) -> None:
    # Capitals mark no name: "DRAMA" (Dráma, a Greek town) is a word unless a cue marks it.
    def unlabelled(text: str, major: bool) -> Doc:
        """`text` with no entities and "DRAMA" read as a proper noun, as the tagger reads most
        words of a headline in capitals."""
        doc = nlp(text)
        doc.ents = []
        for token in doc:
            if token.text == "DRAMA":
                token.tag_, token.pos_ = "NNP", "PROPN"
        start = text.index("DRAMA")
        names = [(start, start + len("DRAMA"), "DRAMA")]
        return add_toponyms(doc, lambda _: names, lambda _: True, lambda _: major)

    assert found(unlabelled("DRAMA OF YIRGOU", major=False)) == {}
    assert found(unlabelled("DRAMA OF YIRGOU", major=True)) == {"DRAMA": "GPE"}
    assert found(unlabelled("FIGHTING IN DRAMA KILLS FIVE", major=False)) == {"DRAMA": "GPE"}
