"""Killed, injured and abducted counts read from one parsed sentence.

Each quantity the sentence holds (`numbers.find_quantities`) is tied to what happened to the
people it counts through the dependency parse, with word-order fallbacks where the small model's
parse is unreliable:

- the object of an active verb ("killed more than 100 people", "killing 15", "abducted 20
  students") or the subject of a passive or reduced one ("15 people were killed", "eleven
  wounded", "no one was hurt");
- a predicate adjective or noun ("left 15 dead", "15 dead", "23 deaths", "no casualties");
- a toll ("the death toll rose to 23");
- a part of a count ("killed 9 people including 4 children") becomes a `CasualtyDetail`.

An indefinite noun counts one ("a policeman was killed"); "no", "nobody", "no one" count zero.
Verbs that say *how* people were killed (beheaded, executed, shot dead, ...) give a detail
of the killed total when the sentence has one (added to it only if larger, since it cannot
then be a part of it), and the total itself when it has none. A toll is the total. Other
counts of one category are added up ("15 soldiers and 3 civilians", "... 6 attackers were also
killed"), unless they are told under different reporting verbs ("officials said 12 ..., local
media reported 20"): rival reports give a range, UCDP-style (lowest low and best, highest
high). Nothing is read from negated, modal or intended actions ("did not kill", "could kill",
"threatened to kill").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

from spacy.tokens import Span, Token

from khabar.extract.numbers import QuantityMatch, find_quantities
from khabar.extract.types import Casualties, CasualtyDetail, Count, Evidence

__all__ = ["EXTRACTOR", "extract_casualties", "is_asserted"]

EXTRACTOR: Final = "casualties@1"

_Category = Literal["killed", "injured", "abducted"]

_VERBS: Final[dict[str, _Category]] = {
    "kill": "killed",
    "slay": "killed",
    "murder": "killed",
    "massacre": "killed",
    "slaughter": "killed",
    "die": "killed",
    "martyr": "killed",
    "wound": "injured",
    "injure": "injured",
    "hurt": "injured",
    "maim": "injured",
    "abduct": "abducted",
    "kidnap": "abducted",
}
_MANNER_VERBS: Final[frozenset[str]] = frozenset(
    {"behead", "decapitate", "execute", "lynch", "hang", "assassinate", "crucify"}
)
"""Verbs that say how people were killed, without any further word."""
_DEADLY_IF: Final[frozenset[str]] = frozenset(
    {"shoot", "stab", "hack", "burn", "beat", "stone", "club", "crush", "bludgeon"}
)
"""Verbs that say how people were killed with "dead", "to death" or "alive"."""
_GUN_DOWN: Final[frozenset[str]] = frozenset({"gun", "mow", "shoot"})
"""Verbs that say how people were killed with "down"."""
_NOUNS: Final[dict[str, _Category]] = {
    "dead": "killed",
    "death": "killed",
    "fatality": "killed",
    "body": "killed",
    "corpse": "killed",
    "injured": "injured",
    "wounded": "injured",
    "injury": "injured",
    "hurt": "injured",
    "hostage": "abducted",
    "captive": "abducted",
}
"""Words that say what happened to those counted ("15 dead", "23 deaths", "20 hostages")."""
_UNREAL: Final[frozenset[str]] = frozenset(
    {
        "threaten", "threat", "vow", "plan", "plot", "try", "attempt", "aim", "intend", "want",
        "seek", "pledge", "promise", "warn", "fail", "deny", "bid", "conspire", "prepare",
    }
)  # fmt: skip
"""Heads under which an action is intended, threatened or denied, not reported as done."""
_REPORTING: Final[frozenset[str]] = frozenset(
    {"say", "report", "claim", "tell", "state", "announce", "confirm", "allege"}
)
_MODALS: Final[frozenset[str]] = frozenset(
    {"could", "might", "may", "would", "will", "shall", "should", "must", "can", "'ll", "wo"}
)
_NOT_PEOPLE: Final[frozenset[str]] = frozenset(
    {
        "attack", "operation", "plan", "plot", "raid", "strike", "order", "sentence", "deal",
        "home", "house", "building", "vehicle", "car", "school", "village", "town", "city",
        "area", "district", "base", "post", "checkpoint", "bridge", "shop", "market", "mosque",
        "church", "hospital", "office", "convoy", "bus", "truck", "tank", "project", "bill",
        "tower", "hut", "store", "boat", "aircraft", "helicopter", "plane", "drone",
        "stall", "kiosk", "motorcycle", "motorbike", "pickup", "van", "cart", "crop",
        "network", "agency", "organisation", "organization", "ministry", "government",
        "council", "committee", "livestock", "cattle", "animal", "sheep", "goat", "camel",
    }
)  # fmt: skip
"""Nouns a casualty verb may take, or a misparse may attach to a count, that are no people
("executed an attack", "killed 9 people including 4 children, residents and a medical network
said", "livestock had been killed")."""
_COPULA_SKIP: Final[frozenset[str]] = frozenset(
    {"were", "was", "are", "is", "been", "have", "has", "had", "being", "reportedly", "also",
     "later", "all", "allegedly", "confirmed", "believed", "feared", "now"}
)  # fmt: skip
"""Words between a count and its passive verb ("15 were reportedly killed")."""

_Kind = Literal["primary", "manner", "toll", "part"]


@dataclass(frozen=True, slots=True)
class _Mention:
    category: _Category
    kind: _Kind
    count: Count
    manner: str
    """The verb (and its complement) as written, e.g. "shot dead"."""
    victims: str
    source: int
    """Index of the reporting verb ("said", "reported") it is told under; -1 if none."""


@dataclass(frozen=True, slots=True)
class _Predicate:
    category: _Category
    kind: _Kind
    manner: str


def extract_casualties(sent: Span) -> Casualties:
    """The killed, injured and abducted counts `sent` reports, with details and evidence."""
    mentions: list[_Mention] = []
    for match in find_quantities(sent):
        if mentions and _is_partitive(match.span):
            # "some of them" asserts no number: no part of the count to keep.
            if match.quantity.best is not None:
                mentions.append(_partitive(match, mentions[-1]))
        else:
            mentions.extend(_read(match, sent))
    mentions.extend(_singulars(sent, {m.count.evidence.start for m in mentions}))
    by_category: dict[_Category, Count | None] = {}
    details: list[CasualtyDetail] = []
    for category in ("killed", "injured", "abducted"):
        in_category = [m for m in mentions if m.category == category]
        total, found = _combine(category, in_category, sent.doc.text)
        by_category[category] = total
        details.extend(found)
    tolls = dict.fromkeys(m.category for m in mentions if m.kind == "toll")
    return Casualties(
        killed=by_category["killed"],
        injured=by_category["injured"],
        abducted=by_category["abducted"],
        details=tuple(details),
        tolls=tuple(tolls),
    )


def is_asserted(verb: Token) -> bool:
    """False when `verb` is negated, modal, conditional or only threatened, planned or denied."""
    tok = verb
    while True:
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
                return False
            if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
                return False
        if tok.dep_ not in ("xcomp", "conj", "acl", "advcl", "pcomp", "pobj", "prep"):
            return True
        if tok.dep_ in ("xcomp", "acl", "pcomp", "pobj", "prep") and tok.head.lemma_ in _UNREAL:
            return False
        if tok.head.i == tok.i:
            return True
        tok = tok.head


def _evidence(span: Span) -> Evidence:
    return Evidence(span.start_char, span.end_char, span.text, EXTRACTOR)


def _count(match: QuantityMatch, phrase: Span) -> Count:
    """The quantity as a `Count` whose evidence is the whole counted `phrase`."""
    quantity = match.quantity
    return Count(quantity.low, quantity.best, quantity.high, quantity.qualifier, _evidence(phrase))


def _root(span: Span) -> Token:
    """The token of `span` whose head lies outside it (the last such one)."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    return outside[-1] if outside else span[-1]


def _nominal(span: Span, sent: Span) -> Token | None:
    """The noun a quantity counts: "15 [people]", "dozens of [people]", "no [casualties]"."""
    doc = span.doc
    of = span[-1] if span[-1].lower_ == "of" else None
    if of is None and span.end < sent.end and doc[span.end].lower_ == "of":
        of = doc[span.end]
    if of is not None:
        objects = [c for c in of.children if c.dep_ == "pobj" and c.i - of.i <= 6]
        return objects[0] if objects else None
    root = _root(span)
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "amod", "det", "compound", "nmod", "advmod"):
        near = span.end <= head.i < span.end + 5 and head.i < sent.end
        if near and (head.pos_ in ("NOUN", "PROPN") or head.lemma_ in _NOUNS):
            return head
    return None


def _read(match: QuantityMatch, sent: Span) -> list[_Mention]:
    """The casualty mentions one quantity gives: none, one, or two for "no casualties"."""
    span = match.span
    nominal = _nominal(span, sent)
    end = nominal.i + 1 if nominal is not None else span.end
    phrase = span.doc[span.start : end]
    anchor = _anchor(span, nominal)
    count = _count(match, phrase)
    victims = _victims(span, nominal)
    if nominal is not None and nominal.lemma_ in _NOT_PEOPLE:
        return []
    if nominal is not None and nominal.lemma_ == "casualty" and count.best == 0:
        return [
            _Mention(cat, "primary", count, "", victims, _source(anchor))
            for cat in ("killed", "injured")
        ]
    found = _predicate(anchor, phrase, nominal)
    if found is None:
        return []
    return [_Mention(found.category, found.kind, count, found.manner, victims, _source(anchor))]


def _source(token: Token) -> int:
    """The nearest reporting verb above `token`: counts under different ones are rival reports."""
    return next((a.i for a in token.ancestors if a.lemma_ in _REPORTING), -1)


def _is_partitive(span: Span) -> bool:
    """ "20 of them", "four of whom": a part of the count told just before."""
    doc = span.doc
    return (
        span.end + 1 < len(doc)
        and doc[span.end].lower_ == "of"
        and doc[span.end + 1].lower_ in ("them", "whom", "those", "these")
    )


def _partitive(match: QuantityMatch, whole: _Mention) -> _Mention:
    """ "killed 35 people, 20 of them civilians": 20 civilians among the 35 killed."""
    span = match.span
    doc = span.doc
    end = span.end + 2
    victims = ""
    if end < len(doc) and doc[end].pos_ == "NOUN":
        victims = doc[end].text
        end += 1
    count = _count(match, doc[span.start : end])
    return _Mention(whole.category, "part", count, whole.manner, victims, whole.source)


def _anchor(span: Span, nominal: Token | None) -> Token:
    """The token of the counted phrase that the rest of the sentence attaches to."""
    if nominal is None:
        return _root(span)
    lo, hi = span.start, nominal.i
    if nominal.head.i < lo or nominal.head.i > hi or nominal.head == nominal:
        return nominal
    return _root(span)


def _victims(span: Span, nominal: Token | None) -> str:
    """Who was counted, as written: "family members of police officers"; may be empty."""
    if nominal is None:
        return ""
    doc = span.doc
    start = span.end + 1 if span.end < len(doc) and doc[span.end].lower_ == "of" else span.end
    end = nominal.i + 1
    for child in nominal.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    return doc[start:end].text if start < end else ""


def _predicate(anchor: Token, phrase: Span, nominal: Token | None) -> _Predicate | None:
    """What happened to those counted; a conjunct ("and 3 civilians") shares its first's."""
    while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        anchor = anchor.head
    if anchor.head.pos_ in ("VERB", "AUX") and not is_asserted(anchor.head):
        return None
    return (
        _from_verb(anchor)
        or _from_toll(anchor)
        or _from_part(anchor)
        or _from_copula(anchor)
        or _from_words(phrase)
        or _from_noun(nominal)
    )


def _from_verb(anchor: Token) -> _Predicate | None:
    """ "killed 15", "15 people were killed", "eleven wounded", "left 15 dead"."""
    verb = anchor.head
    reduced = anchor.dep_ == "nsubj" and (verb.tag_ == "VBN" or verb.lemma_ == "die")
    if anchor.dep_ not in ("dobj", "nsubjpass") and not (reduced and not _has_object(verb)):
        return None
    if verb.lemma_ == "leave" and anchor.dep_ == "dobj":
        for child in verb.children:
            if child.i > anchor.i and child.lemma_ in _NOUNS and child.dep_ != "dobj":
                return _Predicate(_NOUNS[child.lemma_], "primary", child.text)
        return None
    return _verb_predicate(verb)


def _verb_predicate(verb: Token) -> _Predicate | None:
    """The category and manner `verb` (or a verb it is joined to) gives, if it is asserted."""
    if not is_asserted(verb):
        return None
    own = _classify(verb)
    if own is not None:
        return own
    for conj in verb.children:
        if conj.dep_ == "conj" and not _has_object(conj):
            joined = _classify(conj)
            if joined is not None:
                return joined
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _classify(verb: Token) -> _Predicate | None:
    lemma = verb.lemma_.lower()
    if lemma in _VERBS:
        return _Predicate(_VERBS[lemma], "primary", verb.text)
    if lemma in _MANNER_VERBS:
        return _Predicate("killed", "manner", verb.text)
    for child in verb.rights:
        word = child.lower_
        if (
            child.dep_ == "prep"
            and word == "to"
            and any(g.lower_ == "death" for g in child.children)
        ):
            word = "to death"
        deadly = lemma in _DEADLY_IF and word in ("dead", "alive", "to death")
        if deadly or (lemma in _GUN_DOWN and word == "down"):
            complement = verb.doc[child.i : child.right_edge.i + 1].text
            return _Predicate("killed", "manner", f"{verb.text} {complement}")
    return None


def _from_toll(anchor: Token) -> _Predicate | None:
    """ "the death toll rose to 23", "the toll stands at 23", "a death toll of 23"."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("to", "at", "of"):
        host = anchor.head.head
        while host.dep_ == "prep" and host.head != host:
            host = host.head
    elif anchor.dep_ in ("dobj", "attr", "npadvmod", "oprd"):
        host = anchor.head
    else:
        return None
    tolls = [host] if host.lemma_ == "toll" else [c for c in host.children if c.lemma_ == "toll"]
    if not tolls or not is_asserted(host):
        return None
    toll = tolls[0]
    injured = any(c.lemma_ in ("injury", "injured", "wounded") for c in toll.children)
    return _Predicate("injured" if injured else "killed", "toll", toll.text)


def _from_part(anchor: Token) -> _Predicate | None:
    """ "killed 9 people including 4 children": the 4 are a part of the 9."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ not in ("including", "among"):
        return None
    whole = prep.head
    if whole.pos_ == "VERB":
        found = _verb_predicate(whole)
    else:
        found = _from_verb(whole) or _from_copula(whole)
    return None if found is None else replace(found, kind="part")


def _from_copula(anchor: Token) -> _Predicate | None:
    """ "15 people are dead", "two policemen were among the dead"."""
    verb = anchor.head
    if anchor.dep_ != "nsubj" or verb.lemma_ != "be" or not is_asserted(verb):
        return None
    for child in verb.children:
        if child.dep_ in ("acomp", "attr") and child.lemma_ in _NOUNS:
            return _Predicate(_NOUNS[child.lemma_], "primary", child.text)
        if child.dep_ == "prep" and child.lower_ == "among":
            for pobj in child.children:
                if pobj.lemma_ in _NOUNS:
                    return _Predicate(_NOUNS[pobj.lemma_], "primary", pobj.text)
    return None


def _from_words(phrase: Span) -> _Predicate | None:
    """Word order where the parse fails: "killing [15]", "[15] dead", "[15] were killed"."""
    doc, sent = phrase.doc, phrase.sent
    before = doc[phrase.start - 1] if phrase.start > sent.start else None
    if before is not None and before.pos_ == "VERB" and before.tag_ in ("VBD", "VBG"):
        found = _verb_predicate(before)
        if found is not None:
            return found
    i = phrase.end
    while i < sent.end and doc[i].lower_ in _COPULA_SKIP:
        i += 1
    if i >= sent.end:
        return None
    after = doc[i]
    if after.lemma_ in _NOUNS and after.pos_ in ("ADJ", "NOUN"):
        return _Predicate(_NOUNS[after.lemma_], "primary", after.text)
    if after.tag_ in ("VBN", "VBD") and not _has_object(after):
        return _verb_predicate(after)
    return None


def _from_noun(nominal: Token | None) -> _Predicate | None:
    """ "23 deaths", "20 hostages": the counted noun says what happened."""
    if nominal is None or nominal.lemma_ not in _NOUNS:
        return None
    return _Predicate(_NOUNS[nominal.lemma_], "primary", nominal.text)


def _singulars(sent: Span, taken: set[int]) -> list[_Mention]:
    """ "a policeman was killed", "kidnapped an aid worker": an indefinite noun counts one."""
    found: list[_Mention] = []
    for det in sent:
        noun = det.head
        if det.dep_ != "det" or det.lower_ not in ("a", "an") or det.idx in taken:
            continue
        if noun.tag_ != "NN" or noun.lemma_ in _NOT_PEOPLE or noun.i < det.i:
            continue
        phrase = sent.doc[det.i : noun.i + 1]
        pred = _predicate(noun, phrase, noun)
        if pred is None or pred.kind == "toll":
            continue
        count = Count(1, 1, 1, det.text, _evidence(phrase))
        victims = sent.doc[det.i + 1 : noun.i + 1].text
        found.append(_Mention(pred.category, pred.kind, count, pred.manner, victims, _source(noun)))
    return found


def _combine(
    category: _Category, mentions: list[_Mention], text: str
) -> tuple[Count | None, list[CasualtyDetail]]:
    """One total for `category` and the details told apart from it."""
    tolls = [m for m in mentions if m.kind == "toll"]
    primary = [m for m in mentions if m.kind == "primary"]
    manner = [m for m in mentions if m.kind == "manner"]
    parts = [m for m in mentions if m.kind == "part"]
    if tolls:
        total: Count | None = tolls[-1].count
    elif primary:
        sources = dict.fromkeys(m.source for m in primary)
        reports = [_sum([m.count for m in primary if m.source == s], text) for s in sources]
        total = _rival(reports, text)
    else:
        total = None
    for mention in manner:
        if total is None:
            total = mention.count
        elif _exceeds(mention.count, total):
            total = _sum([total, mention.count], text)
    details = [
        CasualtyDetail(category, m.manner, m.victims, m.count, included_in_total=True)
        for m in manner + parts
    ]
    return total, details


def _exceeds(part: Count, total: Count) -> bool:
    """True when `part` cannot be within `total` (so it must be added to it)."""
    return part.best is not None and total.best is not None and part.best > total.best


def _rival(counts: list[Count], text: str) -> Count:
    """Rival reports of one count (UCDP-style): lowest low and best, highest high."""
    if len(counts) == 1:
        return counts[0]
    lows = [c.low for c in counts if c.low is not None]
    bests = [c.best for c in counts if c.best is not None]
    highs = [c.high for c in counts if c.high is not None]
    return Count(
        min(lows, default=None),
        min(bests, default=None),
        max(highs, default=None) if len(highs) == len(counts) else None,
        " or ".join(c.qualifier for c in counts),
        _spanning(counts, text),
    )


def _sum(counts: list[Count], text: str) -> Count:
    """Counts added up: qualifiers joined by "+", evidence spanning them all in `text`."""
    if len(counts) == 1:
        return counts[0]
    counts = sorted(counts, key=lambda c: c.evidence.start)

    def total(values: list[int | None]) -> int | None:
        return None if None in values else sum(v for v in values if v is not None)

    return Count(
        total([c.low for c in counts]),
        total([c.best for c in counts]),
        total([c.high for c in counts]),
        " + ".join(c.qualifier for c in counts),
        _spanning(counts, text),
    )


def _spanning(counts: list[Count], text: str) -> Evidence:
    """Evidence from the first count's start to the last one's end in the document `text`."""
    start = min(c.evidence.start for c in counts)
    end = max(c.evidence.end for c in counts)
    return Evidence(start, end, text[start:end], EXTRACTOR)
