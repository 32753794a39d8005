"""The harm headline: a headline that tells people killed or injured, though not how many.

A sentence that tells harm with no trigger word and no count still tells an incident an analyst
opens a report for (`triggers.harm_trigger`): a headline headed by "casualties" ("Casualties in
the explosion downtown Damascus"), by "losses" of people or of a side at war ("Losses in Rebels
in Reef Dimashq"), by a death toll, or by the funeral of fighters ("Funeral of 11 fighters").
`harm_headline` finds its word, and whether those harmed are armed.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from khabar.extract.vocabulary import ARMED, armed_word, plural_of


def harm_headline(tokens: Sequence[Token]) -> tuple[Token, bool] | None:
    """A headline word that tells people killed or injured though not how many (so no count is
    read), and whether those harmed are armed; an analyst opens a report for it:
    - "casualties" or "losses" heading the sentence, or its subject, or counted there ("Number
      of casualties in the Eastern Ghouta rises"): "Casualties in the explosion downtown
      Damascus"; "losses" only when told of people or of a side at war (`_of_people`: "Losses
      in Rebels in Reef Dimashq", "Losses of Russia in the war"), not of a party, a market or
      a team ("the party's losses in the election");
    - a death toll heading it ("Preliminary death toll for Wednesday"; a "toll road" is none);
    - the funeral of people counted or armed ("Funeral of 11 fighters", "Funeral held for
      fighters"; not "the funeral of the former president").
    As an object ("to avoid casualties") or denied ("no casualties") a word tells none."""
    for tok in tokens:
        lemma = tok.lemma_.lower()
        if lemma not in _HARM_HEADS or any(
            c.dep_ == "det" and c.lower_ == "no" for c in tok.children
        ):
            continue
        if lemma == "funeral" and _heading(tok):
            mourned = _mourned(tok)
            if mourned is not None:
                return tok, armed_word(mourned)
        if not _heading(tok) and not (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and _heading(tok.head.head)
            and tok.head.head.lemma_.lower() in _TALLIES
        ):
            continue
        if lemma == "casualty" and tok.tag_ in ("NNS", "NNPS"):
            return tok, _of_people(tok) is True
        if (
            lemma == "loss"
            and tok.tag_ in ("NNS", "NNPS")
            and (armed := _of_people(tok)) is not None
        ):
            return tok, armed
        if lemma == "toll" and any(
            c.dep_ == "compound" and c.lower_ == "death" for c in tok.children
        ):
            return tok, False
    return None


_HARM_HEADS = frozenset({"funeral", "casualty", "loss", "toll"})
"""The words `harm_headline` reads; any other word heads no such headline."""
_TALLIES = frozenset({"number", "tally", "count", "toll"})
"""Nouns whose "of" counts the harmed ("Number of casualties ... rises to 80")."""
_HARMED = ARMED | frozenset(
    {"civilian", "people", "citizen", "resident", "villager", "child", "woman", "man", "rank",
     "member", "worker", "student", "refugee"}
)  # fmt: skip
"""Who losses are told of when they are of people ("losses in the ranks of regime forces")."""
_WARS = frozenset({"war", "fighting", "battle", "clash", "offensive", "attack", "conflict"})
"""What a side's losses are told in when they are of people ("Losses of Russia in the war")."""
_SIDES = frozenset({"GPE", "NORP", "ORG"})


def _heading(tok: Token) -> bool:
    """The word that heads a headline, or its subject."""
    return tok.dep_ in ("ROOT", "nsubj", "nsubjpass")


def _of_people(tok: Token) -> bool | None:
    """Whether the harm `tok` tells ("losses", "casualties") is told of people (True when they
    are armed, False when not) through its "in", "among" or "of" phrases or owner; None when it
    names none, or only a side ("Russia", a party) and no war."""
    phrases = [c for c in tok.children if c.dep_ == "poss"] + [
        c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "among", "of", "for")
    ]
    told = [t for p in phrases for t in p.subtree if t.pos_ in ("NOUN", "PROPN")]
    people = [t for t in told if _people_word(t)]
    if people:
        return any(armed_word(t) for t in people)
    if any(c.lower_ == "human" for c in tok.children):
        return False
    sides = any(t.ent_type_ in _SIDES for t in told)
    war = any(t.lemma_.lower() in _WARS or plural_of(t) in _WARS for t in told)
    return True if sides and war else None


def _mourned(funeral: Token) -> Token | None:
    """Who a funeral is held for, when they are people counted or armed ("Funeral of 11
    fighters", "Funeral held for fighters"), from its "of" or "for", its participle's or, as a
    subject, its verb's."""
    heads = [funeral] + [c for c in funeral.children if c.dep_ == "acl"]
    if funeral.dep_ in ("nsubj", "nsubjpass"):
        heads.append(funeral.head)
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.tag_ not in ("NNS", "NNPS"):
                    continue
                counted = any(c.dep_ == "nummod" for c in obj.children)
                if armed_word(obj) or (counted and _people_word(obj)):
                    return obj
    return None


def _people_word(tok: Token) -> bool:
    return tok.lemma_.lower() in _HARMED or plural_of(tok) in _HARMED
