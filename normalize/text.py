"""Text helpers shared by the normalizers: whitespace, lemmas and title keys.

The title key (:func:`normalize_title`) exists for fuzzy matching of tiltak titles across
years and pilots ("Arbeidsinkludering av flyktninger" vs "Arbeidsinkludering"): lowercase
lemmas without punctuation and function words, so that inflection ("boliger"/"bolig") and
filler words do not cost match score.

No trained spaCy model is available, so lemmas come from the lookup tables that the
``spacy-lookups-data`` package ships (``nb_lemma_exc.json.gz``: form -> lemmas per part of
speech). Without a tagger we cannot know the part of speech, so the tables are consulted in
``LEMMA_TABLE_ORDER`` of :mod:`hplan.normalize.lemmas`, which keeps the tables in a compact
store built once; spaCy is imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from hplan.normalize.lemmas import store as lemma_store

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.tokenizer import Tokenizer

# ---------------------------------------------------------------------------------------
# Vocabularies (extend here)
# ---------------------------------------------------------------------------------------

# Words spaCy's blank "nb" lists as stop words that carry meaning in a handlingsplan and
# must survive normalize_title. "kroner" and "mål" are the notorious ones (money and goals
# are what these plans are about); the rest name things tiltak titles are about.
KEEP_WORDS: frozenset[str] = frozenset(
    {
        "kroner",  # budget lines
        "mål",  # delmål / måloppnåelse
        "år",  # "Hele året", yearly plans
        "tid",  # "ferie og fritid"-type titles
        "folk",
        "personer",  # "Arbeidsinkludering av personer utenfor arbeidsstyrken"
        "mennesker",
        "plass",  # "arbeidsplass" is compound, but "plass" alone occurs too
        "sted",
        "stedet",
        "land",
        "landet",
        "leder",  # "prosjektleder"-type roles written apart
        "kontakt",
        "kveld",  # taxi "kveld og helg"
    }
)

# Nynorsk function words: the blank "nb" stop list is bokmål only, but nynorsk plans (Vest-
# Telemark) write "korleis", "innan", "meir" where bokmål has stop words.
EXTRA_STOP_WORDS: frozenset[str] = frozenset(
    {
        "korleis",
        "innan",
        "frå",
        "fleire",
        "meir",
        "ein",
        "eit",
        "dei",
        "kva",
        "ikkje",
        "me",
        "vera",
        "vere",
        "vart",
        "ho",
        "dykk",
        "sjølv",
    }
)

# Suffix rules tried on forms the tables do not know (nynorsk plurals, typos). A rule's
# output is only accepted when it is itself a known lemma, so a rule can never invent a word.
FALLBACK_SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("ane", ""),  # nn definite plural: arbeidsplassane -> arbeidsplass
    ("ar", ""),  # nn indefinite plural: arbeidsplassar -> arbeidsplass
    ("ene", "e"),
    ("ene", ""),
    ("er", "e"),
    ("er", ""),
    ("en", ""),
    ("et", ""),
    ("a", ""),
)

# Shortest compound head looked up when a whole compound is unknown: below four letters
# heads like "ar"/"er" would match endings rather than words.
COMPOUND_MIN_HEAD = 4

_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w", re.UNICODE)
_EDGE_PUNCT = "-–—,.:;!?\"'«»()"


def normalize_whitespace(s: str) -> str:
    """Collapse every whitespace run (line breaks, tabs, NBSP) to one space and strip."""
    # PDF text dumps wrap table cells over several lines ("Revideres og \nvidereføres");
    # everything downstream compares phrases, so one canonical spacing is needed first.
    return _WS_RE.sub(" ", s.replace("\u00ad", "")).strip()


@cache
def _tokenizer() -> Tokenizer:
    import spacy  # lazy: importing spacy costs about a second

    return spacy.blank("nb").tokenizer


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.nb.stop_words import STOP_WORDS

    return frozenset((set(STOP_WORDS) | EXTRA_STOP_WORDS) - KEEP_WORDS)


def _lookup(form: str) -> str | None:
    return lemma_store().lemma(form)


@cache
def lemma_of(form: str) -> str:
    """Lemma of one lowercase word form; the form itself when nothing is known about it."""
    if not form.isalpha():
        # Hyphenated forms ("skole-næringsliv", "retnings-linjer"): lemmatize the last part,
        # which is the inflected head in Norwegian.
        if "-" in form.strip("-"):
            head_start = form.rstrip("-").rfind("-") + 1
            return form[:head_start] + lemma_of(form[head_start:])
        return form
    if form in _stop_words():
        # Function words are closed-class; their table readings are homographs ("for" is
        # also a noun form of "fore", "en" of "ene"), so they stay as written.
        return form
    found = _lookup(form)
    if found is not None:
        return found
    if form.endswith("s") and len(form) > COMPOUND_MIN_HEAD:
        # Genitive -s ("kommunens", "Husbankens") is not in the tables; the form without it is.
        found = _lookup(form[:-1])
        if found is not None:
            return found
    found_store = lemma_store()
    for suffix, replacement in FALLBACK_SUFFIX_RULES:
        if form.endswith(suffix) and len(form) - len(suffix) >= COMPOUND_MIN_HEAD:
            candidate = form[: len(form) - len(suffix)] + replacement
            if found_store.is_lemma(candidate):
                return candidate
    # Compounds are open-ended ("mobilitetstjenester"): lemmatize the longest known head and
    # keep the modifier as written.
    for cut in range(2, len(form) - COMPOUND_MIN_HEAD + 1):
        head = form[cut:]
        head_lemma = _lookup(head)
        if head_lemma is not None:
            return form[:cut] + head_lemma
    return form


def _word_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for token in _tokenizer()(normalize_whitespace(text).lower()):
        if token.is_space or token.is_punct or not _WORD_RE.search(token.text):
            continue
        # A suspended compound "jord- og konsesjonslov" leaves "jord-", and the tokenizer
        # keeps a trailing comma on figures ("100.000,"): that punctuation is layout.
        tokens.append(token.text.strip(_EDGE_PUNCT))
    return [t for t in tokens if t]


def lemmatize_nb(text: str) -> list[str]:
    """Lowercase lemmas of the word tokens of ``text`` (punctuation dropped, stop words kept)."""
    return [lemma_of(token) for token in _word_tokens(text)]


def normalize_title(title: str) -> str:
    """Matching key of a title: lemmas without punctuation and stop words, space-joined."""
    stop = _stop_words()
    # Stop words are tested on the written form *and* the lemma so that inflected function
    # words ("andre") go, while KEEP_WORDS ("kroner", "mål") are excluded from both tests.
    kept = [
        lemma_of(token)
        for token in _word_tokens(title)
        if token not in stop and lemma_of(token) not in stop
    ]
    return " ".join(kept)


def content_lemmas(text: str) -> list[str]:
    """The distinct content lemmas of a text, sorted: :func:`normalize_title`'s words that
    are alphabetic and three letters or more. What two tiltak sections are compared by."""
    if not text.strip():
        return []
    return sorted({w for w in normalize_title(text).split() if w.isalpha() and len(w) >= 3})


# Shortest compound part accepted by :func:`compound_parts`. Three letters admit real
# modifiers ("lege-", "yrke-", "hus-") while the known-word test keeps out endings.
COMPOUND_MIN_PART = 3


@cache
def compound_parts(word: str) -> tuple[str, ...]:
    """The lemmas of the parts of a Norwegian compound; ``(word,)`` when it is not one.

    "utdanningsnettverk" → ("utdanning", "nettverk"), "skole-næringsliv" → ("skole",
    "næringsliv"), "dialogmøte" → ("dialog", "møte"). Titles that reword a tiltak join and
    split compounds freely ("Dialogmøte utdanning" → "Utdanningsnettverk"), which no
    character scorer sees; comparing parts does. A word the nb lemma tables know is kept
    whole ("forsøk", "landbruk"). Otherwise a split is accepted only when every part is a
    known word of at least :data:`COMPOUND_MIN_PART` letters; the modifier may carry a
    linking -s or -e ("utdannings-", "bygde-"), dropped when the stem is itself a word.
    The longest head is tried first and the fewest parts win.
    """
    if "-" in word.strip("-"):
        return tuple(p for part in word.split("-") if part for p in compound_parts(part))
    is_word = lemma_store().is_word
    if is_word(word):
        # A word of the tables is kept whole: "forsøk" is not "for" + "søk", "oppfølging"
        # not "opp" + "følging". Hyphenated and unknown compounds are what needs parts.
        return (word,)
    best: tuple[str, ...] | None = None
    for cut in range(COMPOUND_MIN_PART, len(word) - COMPOUND_MIN_PART + 1):
        head = word[cut:]
        if not is_word(head):
            continue
        modifier = word[:cut]
        if modifier[-1] in "se" and len(modifier) > COMPOUND_MIN_PART and is_word(modifier[:-1]):
            modifier = modifier[:-1]
        if is_word(modifier):
            found: tuple[str, ...] = (lemma_of(modifier), lemma_of(head))
        else:
            front = compound_parts(modifier)
            if len(front) == 1:
                continue
            found = (*front, lemma_of(head))
        if best is None or len(found) < len(best):
            best = found
        if len(best) == 2:
            break
    return best or (word,)


def split_compounds(key: str) -> str:
    """A space-separated key with every compound replaced by its parts (:func:`compound_parts`)."""
    return " ".join(p for word in key.split() for p in compound_parts(word))
