"""Quantities as news reports write them, read into low/best/high.

Reporting rarely gives one exact number: it says "more than 100", "at least 15", "dozens",
"between 5 and 7". This module turns those words into a `Quantity` with the conservative
conventions below (after ACLED's fatality rules and UCDP's low/best/high), always keeping the
original words, so that the reading can be checked and changed later.

Qualifiers (N is the number after them):

=============================================  ======  ======  ======
words                                           low     best    high
=============================================  ======  ======  ======
"15", "fifteen", "a total of 15", "a dozen"     N       N       N
"at least", "no fewer/less than", "a minimum"   N       N       —
"more than", "over", "above", "upwards of"      N+1     N+1     —
"up to", "as many as", "at most", "no more"     —       N       N
"fewer than", "less than", "just under"         —       N-1     N-1
"about", "around", "nearly", "some", ...        —       N       —
"between 5 and 7", "5 to 7", "5-7", "5 or 6"    5       5       7
"no", "none", "nobody", "no one"                0       0       0
=============================================  ======  ======  ======

("—" is `None`, unknown.) A headline's "dozen" without its article is 12 too. A number glued by
"-" or "/" to digits before it is part of a date or a code ("2001-03-28"), not a count.
An approximation says nothing about bounds, so only `best` is set;
"more than 100" is at least 101, and a lower bound is the conservative best.

Vague quantities (`_VAGUE`) count as their conservative floor: low = best = the value, high
unknown. ACLED codes "tens" 10, "dozens" 12 and "hundreds" 100; the project's design adds
"several" and "a few" → 3 and "scores" → 24. "Several hundred" multiplies (300). Words that
assert a plurality without any floor ("many", "some", "a number of", "numerous") give a
`Quantity` whose three values are `None`: the words are kept, the number is unknown.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from khabar.nlp.memo import doc_span, doc_text, lowers, per_span, remembered, span_tokens, tokens

__all__ = ["MAX_COUNT", "MONTHS", "Quantity", "QuantityMatch", "find_quantities", "parse_quantity"]

MAX_COUNT: Final = 2**31 - 1
"""The largest count the store's integer columns hold; a larger number counts no people."""


@dataclass(frozen=True, slots=True)
class Quantity:
    low: int | None
    best: int | None
    high: int | None
    qualifier: str
    """The original words, e.g. "more than 100"."""


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity found in a parsed sentence, with the tokens that say it."""

    span: Span
    quantity: Quantity


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_Kind = Literal["exact", "ge", "gt", "le", "lt", "approx"]

_PREFIXES: Final[dict[tuple[str, ...], _Kind]] = {
    ("a", "total", "of"): "exact",
    ("a", "further"): "exact",
    ("another",): "exact",
    ("at", "least"): "ge",
    ("no", "fewer", "than"): "ge",
    ("no", "less", "than"): "ge",
    ("not", "less", "than"): "ge",
    ("a", "minimum", "of"): "ge",
    ("more", "than"): "gt",
    ("over",): "gt",
    ("above",): "gt",
    ("upwards", "of"): "gt",
    ("in", "excess", "of"): "gt",
    ("just", "over"): "gt",
    ("well", "over"): "gt",
    ("up", "to"): "le",
    ("as", "many", "as"): "le",
    ("at", "most"): "le",
    ("no", "more", "than"): "le",
    ("a", "maximum", "of"): "le",
    ("fewer", "than"): "lt",
    ("less", "than"): "lt",
    ("just", "under"): "lt",
    ("about",): "approx",
    ("around",): "approx",
    ("approximately",): "approx",
    ("roughly",): "approx",
    ("nearly",): "approx",
    ("almost",): "approx",
    ("close", "to"): "approx",
    ("some",): "approx",
    ("an", "estimated"): "approx",
    ("estimated",): "approx",
    ("circa",): "approx",
}

_VAGUE: Final[dict[tuple[str, ...], int | None]] = {
    ("a", "couple"): 2,
    ("a", "couple", "of"): 2,
    ("a", "few"): 3,
    ("several",): 3,
    ("a", "handful", "of"): 3,
    ("tens",): 10,
    ("dozens",): 12,
    ("scores",): 24,
    ("hundreds",): 100,
    ("thousands",): 1_000,
    ("millions",): 1_000_000,
    ("many",): None,
    ("some",): None,
    ("numerous",): None,
    ("multiple",): None,
    ("countless",): None,
    ("a", "number", "of"): None,
    ("a", "large", "number", "of"): None,
    ("a", "lot", "of"): None,
    ("an", "unknown", "number", "of"): None,
    ("an", "unspecified", "number", "of"): None,
    ("an", "undisclosed", "number", "of"): None,
}
"""Vague words → conservative floor (`None`: a plurality of unknown size)."""
VAGUE_WORDS: Final[frozenset[str]] = frozenset(key[0] for key in _VAGUE if len(key) == 1)
"""The vague words that count alone ("several wounded", "dozens of dead")."""

_NONE: Final[frozenset[tuple[str, ...]]] = frozenset(
    {("no",), ("none",), ("nobody",), ("no", "one"), ("not", "one"), ("not", "a", "single")}
)

_SCALES: Final[dict[str, int]] = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_PLURAL_SCALES: Final[dict[str, int]] = {f"{w}s": v for w, v in _SCALES.items()} | {"tens": 10}
_VAGUE_MULTIPLIERS: Final[dict[tuple[str, ...], int]] = {
    ("several",): 3,
    ("a", "few"): 3,
    ("a", "couple", "of"): 2,
    ("a", "couple"): 2,
}
_EXACT_WORDS: Final[dict[tuple[str, ...], int]] = {
    ("both",): 2,
    ("a", "dozen"): 12,
    ("dozen",): 12,
    ("half", "a", "dozen"): 6,
    ("a", "score", "of"): 20,
}

_NUMBER_WORDS: Final[frozenset[str]] = _wordset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion and"
)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_DIGIT_RANGE = re.compile(r"(\d)\s*[-\u2013\u2014]\s*(?=\d)")
_SPLIT = re.compile(r"[\s\u00a0]+")


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Quantity | None:
    """Read `text` (the quantity words only, e.g. "at least 15") or return None if not one.
    Kept for the texts read last: every sentence is tried from each word that may start one."""
    qualifier = " ".join(text.split())
    words = _words(qualifier)
    if not words:
        return None
    bounds = _parse_words(words)
    if bounds is None or any(v is not None and not 0 <= v <= MAX_COUNT for v in bounds):
        return None  # "fewer than 0", or more than the store can hold: no count
    return Quantity(*bounds, qualifier=qualifier)


def _words(text: str) -> list[str]:
    """Lower-case words; a digit range "5-7" becomes "5 to 7", hyphenated words stay whole."""
    spaced = _DIGIT_RANGE.sub(r"\1 to ", text.lower())
    return [w for w in _SPLIT.split(spaced) if w]


_Bounds = tuple[int | None, int | None, int | None]


def _parse_words(words: list[str]) -> _Bounds | None:
    key = tuple(words)
    if key in _NONE:
        return (0, 0, 0)
    if key in _VAGUE:
        floor = _VAGUE[key]
        return (floor, floor, None)
    ranged = _parse_range(words)
    if ranged is not None:
        return ranged
    if key[-2:] == ("or", "more") and len(words) > 2:
        core = _parse_core(words[:-2])
        return None if core is None else _apply("ge", *core)
    for size in (4, 3, 2, 1):
        kind = _PREFIXES.get(key[:size])
        if kind is not None and len(words) > size:
            core = _parse_core(words[size:])
            if core is not None:
                return _apply(kind, *core)
            if kind == "approx":
                return _parse_range(words[size:])
    core = _parse_core(words)
    if core is None:
        return None
    value, exact = core
    return (value, value, value if exact else None)


def _apply(kind: _Kind, value: int, exact: bool) -> _Bounds:
    """Bounds for `kind` applied to `value` (an inexact value never gives an upper bound)."""
    match kind:
        case "exact":
            return (value, value, value if exact else None)
        case "ge":
            return (value, value, None)
        case "gt":
            return (value + 1, value + 1, None)
        case "le":
            return (None, value, value)
        case "lt":
            return (None, value - 1, value - 1)
        case "approx":
            return (None, value, None)


def _parse_range(words: list[str]) -> _Bounds | None:
    """ "between 5 and 7", "from 5 to 7", "5 to 7", "5 or 6" → (5, 5, 7)."""
    body = words[1:] if words[0] in ("between", "from") else words
    for sep in ("and", "to", "or"):
        if sep in body and (sep != "and" or words[0] == "between"):
            at = body.index(sep)
            lower, upper = _parse_core(body[:at]), _parse_core(body[at + 1 :])
            if lower is not None and upper is not None and lower[0] < upper[0]:
                return (lower[0], lower[0], upper[0])
    return None


def _parse_core(words: list[str]) -> tuple[int, bool] | None:
    """A bare number → (value, exact); vague words give their floor and exact=False."""
    if not words:
        return None
    key = tuple(words)
    if key in _EXACT_WORDS:
        return (_EXACT_WORDS[key], True)
    if key in _VAGUE:
        floor = _VAGUE[key]
        return None if floor is None else (floor, False)
    for size in (3, 2, 1):
        mult = _VAGUE_MULTIPLIERS.get(key[:size])
        if mult is not None and len(words) == size + 1 and words[size] in _SCALES:
            return (mult * _SCALES[words[size]], False)
    if len(words) == 3 and words[1] == "of" and {words[0], words[2]} <= _PLURAL_SCALES.keys():
        return (_PLURAL_SCALES[words[0]] * _PLURAL_SCALES[words[2]], False)
    return _parse_number(words)


def _parse_number(words: list[str]) -> tuple[int, bool] | None:
    """Digits ("1,200", "1.5 million", "2 dozen") or number words ("a hundred and five")."""
    if _DIGITS.fullmatch(words[0]):
        value = float(words[0].replace(",", ""))
        for scale in words[1:]:
            if scale not in _SCALES:
                return None
            value *= _SCALES[scale]
        if value > MAX_COUNT:  # also infinity, which int() refuses
            return None
        return (int(value), True) if value == int(value) else None
    if words[0] in ("a", "an"):
        if len(words) < 2 or words[1] not in _SCALES:
            return None
        words = ["one", *words[1:]]
    if len(words) > 1 and words[-1] == "dozen":
        inner = _parse_number(words[:-1])
        return None if inner is None else (inner[0] * 12, True)
    if not all(part in _NUMBER_WORDS for w in words for part in w.split("-")):
        return None
    if words[0] == "and" or words[-1] == "and":
        return None
    try:
        return (int(text2num(" ".join(words), "en")), True)
    except ValueError:
        return None


_MAX_TOKENS: Final = 8
_UNITS: Final[frozenset[str]] = _wordset(
    "year years month months week weeks day days hour hours minute minutes second seconds am "
    "pm a.m. p.m. percent per % km kilometres kilometers kilometre kilometer miles mile "
    "metres meters metre meter kg tonnes tons mm times"
)
MONTHS: Final[frozenset[str]] = _wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
"""Month names, in full and short, lower-case: no count is glued to one, and one names a
period a count may be summed over (`casualties`)."""
_CURRENCY: Final[frozenset[str]] = _wordset("$ £ € ¥ usd rs")


@per_span
def find_quantities(sent: Span) -> tuple[QuantityMatch, ...]:
    """Every quantity in `sent`, longest first match left to right; dates, ages, units skipped."""
    tokens = list(span_tokens(sent))
    forms, starting = lowers(sent.doc), _starting(sent.doc)
    found: list[QuantityMatch] = []
    i = 0
    while i < len(tokens):
        match = _longest_at(sent, tokens, i, forms) if starting[tokens[i].i] else None
        if match is None:
            i += 1
            continue
        if _is_count(match.span):
            found.append(match)
        i = match.span.end - sent.start
    return tuple(found)


_STARTS: Final[frozenset[str]] = frozenset(
    word[:size]
    for word in (
        {"between", "from", "a", "an"}
        | _NUMBER_WORDS
        | {key[0] for key in (*_NONE, *_VAGUE, *_PREFIXES, *_EXACT_WORDS, *_VAGUE_MULTIPLIERS)}
        | _PLURAL_SCALES.keys()
    )
    for size in range(1, len(word) + 1)
)
"""Every beginning of a word `parse_quantity` can read first, other than digits."""
_WORDS: Final[frozenset[str]] = frozenset(
    {"a", "an", "between", "from", "and", "to", "or", "more", "of"}
    | _NUMBER_WORDS
    | _SCALES.keys()
    | _PLURAL_SCALES.keys()
    | {
        word
        for table in (_NONE, _VAGUE, _PREFIXES, _EXACT_WORDS, _VAGUE_MULTIPLIERS)
        for key in table
        for word in key
    }
)
"""Every word of letters only that `parse_quantity` reads; any other such word makes the text
no quantity."""


def _starting(doc: Doc) -> tuple[bool, ...]:
    """By document index, whether a quantity may start at the token (`_may_start`, and no
    punctuation); made once per doc, as every sentence and clause is read for quantities, and
    `_may_start` asked once per distinct word (a document repeats most of its words)."""

    def find() -> tuple[bool, ...]:
        forms = lowers(doc)
        may = {form: _may_start(form) for form in set(forms)}
        return tuple(
            may[form] and not tok.is_punct for form, tok in zip(forms, tokens(doc), strict=True)
        )

    return remembered(doc, "numbers.starting", find)


def _may_start(word: str) -> bool:
    """False when no quantity can start at a token that reads `word` (lower-case): its words
    begin those of the text that `parse_quantity` reads, and no first word it reads begins so.
    A whitespace token (which the text leaves out) may start one."""
    if word.split() != [word]:
        return True
    return word[0].isdecimal() or word.split("-")[0] in _STARTS


def _longest_at(
    sent: Span, tokens: list[Token], at: int, forms: tuple[str, ...]
) -> QuantityMatch | None:
    """The longest quantity that starts at `tokens[at]`, a token `_starting` allows (`tokens` are
    those of `sent`, `forms` the lower-case forms of its doc's tokens)."""
    first = tokens[at]
    doc = sent.doc
    after_from = first.i > 0 and forms[first.i - 1] == "from"
    words = tokens[at : at + _MAX_TOKENS]
    # A word that no quantity holds, written apart, ends every quantity before it.
    longest = next(
        (
            i
            for i in range(1, len(words))
            if words[i - 1].whitespace_ and words[i].whitespace_ and _no_word(words[i])
        ),
        len(words),
    )
    for size in range(longest, 0, -1):
        last = words[size - 1]
        if last.is_punct or _is_from_to(words[:size], after_from):
            continue
        if size > 1 and words[size - 2].whitespace_ and _no_word(last):
            continue
        # The words as the text writes them, spaces included.
        quantity = parse_quantity(doc_text(doc)[first.idx : last.idx + len(last)])
        if quantity is not None:
            return QuantityMatch(doc_span(doc, first.i, first.i + size), quantity)
    return None


def _no_word(tok: Token) -> bool:
    """Whether `tok`, read as a word of its own, is none that `parse_quantity` reads: only
    letters (so no digit, dash or space that `_words` would split on), and in no table."""
    word = tok.lower_
    return word.isalpha() and word not in _WORDS


def _is_from_to(words: list[Token], after_from: bool) -> bool:
    """True for "from 15 to 23" pieces: a change ("rose from 15 to 23"), not a range;
    `after_from` says whether the word before `words` is "from"."""
    if words[0].lower_ == "from" and len(words) > 1:
        return True
    return after_from and any(tok.lower_ == "to" for tok in words)


def _continues_digits(before: Token) -> bool:
    """Whether the token before a number is a "-" or "/" glued between it and digits."""
    doc = before.doc
    return (
        before.text in ("-", "/")
        and before.whitespace_ == ""
        and before.i > 0
        and doc[before.i - 1].text.isdigit()
        and doc[before.i - 1].whitespace_ == ""
    )


def _is_count(span: Span) -> bool:
    """False for numbers that are no count of things: dates, ages, times, money, measures."""
    doc = span.doc
    after: Token | None = doc[span.end] if span.end < len(doc) else None
    before: Token | None = doc[span.start - 1] if span.start > 0 else None
    if after is not None:
        if after.lower_ in _UNITS or after.lower_ in MONTHS:
            return False
        if after.text == "-" and after.whitespace_ == "" and span[-1].whitespace_ == "":
            return False
    if before is not None and (before.lower_ in MONTHS or before.lower_ in _CURRENCY):
        return False
    if before is not None and span[0].text.isdigit() and _continues_digits(before):
        return False  # "2001-03-28", "6/19/2000": the rest of a date or a code
    last = span[-1]
    return not (
        last.ent_type_ in ("DATE", "TIME") and _DIGITS.fullmatch(last.text) and len(last) == 4
    )
