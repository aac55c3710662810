"""The one strict money parser for handlingsplan text.

Every kroner figure the pipeline reports goes through this module, so it is deliberately
hand-written and strict: a generic locale parser reads Norwegian budget text wrongly
(babel's nb_NO reads "120.000" as 120 because "." is the nb decimal mark, while the plans
use "." as a *thousands* separator), and a loose "any number" regex turns years, dates,
chapter/post references and phone numbers into money.

Grammar of one figure (``raw``), as used by :func:`parse_amount` and :func:`find_amounts`::

    raw      := [CUR [CUR]] body [CUR]          e.g. "kroner kr. 50.000,-" (000 line 1496)
    body     := scaled | integer
    scaled   := mantissa ["," [space] digits] SCALE
                                                "5,8 mill.", "1, 2 millioner", "18 millionar"
    mantissa := grouped_dot | grouped_sp | plain
    integer  := (grouped_dot | grouped_sp | plain) ["," dd] [",-"]
                                                "120.000,-", "1 620 000", "60 000,-", "500";
                                                ",dd" are øre, rounded half up to kroner
    grouped_dot := d{1,3} ("." ddd)+            "6.000.000"
    grouped_sp  := d{1,3} (SEP ddd)+            SEP is ONE space, U+00A0, U+202F, U+2009 or
                                                U+2007 (mixed is fine: 001 line 2255 has
                                                "1<U+202F>500 000")
    plain    := a run of digits without a leading zero (or "0")
    CUR      := "kr" | "kroner" | "NOK" (+ "." when in front; "NOK" upper case only, since
                lower-case "nok" is the Norwegian word for "enough")
    SCALE    := "mill." | "mill" | "million" | "millioner" | "millionar" | "mrd." |
                "milliard(er|ar)" | "tusen" | "MNOK" (MNOK carries its own currency)

What counts as money in :func:`find_amounts`:

* In prose (``in_table=False``) a figure is money only with a currency marker bound to it on
  the *same line*: CUR before it, CUR after it (at most three spaces away, or glued as in
  "1 300 000kr"), a ",-" suffix, or SCALE followed by CUR. Currency never binds across a line
  break, because list-style plans put "kr" at the end of one item and the next item's number
  at the start of the next line (001 lines 107-108: "... 500 000 kr" / " 2. Test ...").
* A figure with a million/milliard scale word and no currency ("210 millioner", "4 mill",
  "108 mill") is kroner when its sentence is about money (:data:`MONEY_TOPIC_STEMS`:
  ramme, budsjett, tilskudd, midler, bevilget, kostnad …), when the same sentence has a
  figure with its currency (coordination: "kr 92,5 mill og … for 108 mill"), or when the
  same value stands as kroner elsewhere in the text (a heading repeating a sentence's
  figure); never before a count noun ("3 millioner passasjerer"). A scale word's currency
  may open the next line ("1 mill." / "kroner").
* Number words before a scale word ("fire millioner kroner", "ti millioner", "ein halv
  million", "fem milliarder kroner"; bokmål 1-99 from num2words, nynorsk forms and
  fractions in :data:`EXTRA_NUMBER_WORDS`) are money by the same rules; "tusen" only with
  its currency ("tre tusen" is a count).
* In tables (``in_table=True``) a bare *grouped* figure ("1 620 000", "150.000") is money too:
  budget cells often have the currency only in the column header. Plain digit runs never
  are ("2025 2026 2027" is a header row, not 25 202), nor figures followed by a unit that is
  not money ("5 000 innbyggere").
* Never money: digits glued to letters ("HP2025", "BV-midler2024"), decimals and dotted
  references ("13.50", "2.1", "6.4."), ordinals and dates ("3. juni", "13.desember 2025"),
  percentages ("75 pst.", "60 %"), numbers after "+47"/"tlf.". A 1-2 digit number followed
  by "." is read as an ordinal or date, so a sentence-final "kr 50." is (knowingly) missed.
  An empty accounting cell "kr -" is not reported.
* One currency word between two figures ("... 500 000 kr 300 000 kr") is given to the figure
  before it only when that one has no currency in front and the next figure has its own
  suffix marker (or the first one has a SCALE word, as in "2 mill. kroner 16 mill. kroner");
  otherwise it is the prefix of the figure after it ("kr 1 620 000   kr 620 000").
* A figure with a malformed thousands group ("717 00", 001 line 2264) is reported with
  ``amount_nok=None`` and ``garbled=True`` when currency is bound to it, or in a table when
  it has at least five digits (a lost digit of a thousands figure, not a phone number piece).

Units stated once for a whole table ("Alle beløp i 1000-kroner", "(i 1000 kr)", "NOK 1000",
"mill. kr" with no figure before it) are found by :func:`find_header_units`, and a table's
bare figures after their labels by :func:`find_table_cells`; the amounts stage decides
which unit applies (``extract/amounts.py``).

A figure split over two lines ("1 800" ending one line, "000" / "000 kr" starting the next,
as in 001's 2025 budget table) is joined when the first part is a grouped figure or 2-3
digits and the next line starts with exactly ONE three-digit group. ``raw`` then holds both
parts joined by one space.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

__all__ = [
    "KIND_CUES",
    "MONEY_TOPIC_STEMS",
    "QUALIFIER_WORDS",
    "HeaderUnit",
    "MoneyMatch",
    "TableCell",
    "classify_kind",
    "find_amounts",
    "find_amounts_in_lines",
    "find_header_units",
    "find_table_cells",
    "number_words",
    "parse_amount",
]

# ---------------------------------------------------------------------------------------
# Vocabularies (extend here). Cues are matched case-insensitively on the text around a
# figure. A cue is a whole word/phrase unless it ends with "*", which makes it a stem
# ("budsjett*" matches "budsjetteres", "budsjettet"). Whole-word matching keeps "søkt" from
# firing inside "forsøkt" and "sum" inside "summer".
#
# Order of precedence in classify_kind: rate > total > allocation > budget > set_aside
# ("set_aside" is not a kind: it is the fallback evidence that the money is set aside for an
# activity, and yields "budget").
# ---------------------------------------------------------------------------------------
# The formatter is switched off for the word lists so they stay compact and easy to extend.
# fmt: off
KIND_CUES: dict[str, tuple[str, ...]] = {
    # Per-unit amounts. find_amounts looks for these only right AFTER the figure ("500
    # kr/time", "2 millionar kroner årleg"), because a per-unit word earlier in the sentence
    # belongs to another figure.
    "rate": (
        "kr/time", "/time", "/t", "/år", "/mnd", "per time", "pr. time", "pr time",
        "i timen", "timepris", "timesats", "per år", "pr. år", "pr år", "i året", "årlig",
        "årleg", "per måned", "pr. måned", "pr. mnd", "per mnd", "i måneden", "per dag",
        "pr. dag", "per døgn", "per person", "pr. person", "per deltaker", "pr. deltaker",
        "per stk", "pr. stk", "per km", "pr. km", "per kommune", "pr. kommune",
    ),
    # Sums of other figures (row labels of budget tables, closing sentences).
    "total": (
        "til sammen", "tilsammen", "sum", "summert", "totalt", "total", "totalbudsjett*",
        "samlet", "samla", "i alt", "totalramme*",
    ),
    # Money granted, applied for or received from someone else.
    "allocation": (
        "innvilget", "innvilga", "innvilgede", "tildelt", "tildelte", "tildeling*",
        "bevilget", "bevilga", "bevilgning*", "løyvd", "løyvt", "løyva", "løyving*",
        "søkt", "søkes", "søkte", "søker", "søknad*", "tilskudd på", "tilskot på",
        "tilsagn*", "fikk", "fått",
    ),
    # Money the plan itself budgets for an activity.
    "budget": (
        "budsjett*", "settes av", "settes derfor av", "settes også av", "satt av", "sett av",
        "settast av", "setjast av", "avsatt", "avsett", "avsetning*", "kostnad*", "kostar",
        "koster", "estimer*", "anslått", "anslag*", "ramme", "rammen", "ramma",
    ),
    # Fallback: wording that says the money goes to an activity -> "budget".
    "set_aside": (
        "til tiltaket", "til dette tiltaket", "til arbeidet", "til formålet",
        "bygdevekstmidl*", "bv-midl*", "egeninnsats", "egenandel", "til prosjektledelse",
        "i prosjektledelse", "til gjennomføring",
    ),
}

# Words just before a figure that qualify it. Map each to the canonical qualifier.
QUALIFIER_WORDS: dict[str, str] = {
    "inntil": "inntil",
    "opptil": "inntil",
    "opp til": "inntil",
    "ca.": "ca",
    "ca": "ca",
    "cirka": "ca",
    "omtrent": "ca",
    "om lag": "ca",
    "omkring": "ca",
    "rundt": "ca",
}

# A bare table figure followed by one of these is a count, not money ("5 000 innbyggere").
NON_MONEY_UNITS: tuple[str, ...] = (
    "innbyggere", "innbyggjarar", "personer", "personar", "deltakere", "deltakarar",
    "timer", "timar", "dager", "dagar", "uker", "veker", "år", "km", "m2", "m²", "kvm",
    "dekar", "daa", "stk", "boliger", "bustader", "arbeidsplasser", "arbeidsplassar",
    "tonn", "liter", "mennesker", "menneske", "passasjerer", "passasjerar", "besøkende",
    "reisende", "kwh", "gwh", "visninger", "brukere", "brukarar", "elever", "elevar",
    "nordmenn", "turister", "tilskuere", "tilskodarar", "kunder", "kundar", "abonnenter",
    "medlemmer", "medlemar", "studenter", "studentar", "pasienter", "pasientar",
    "husstander", "hushald", "gjester", "gjestedøgn", "overnattinger",
    "overnattingar", "besøk", "reiser", "turer", "trær", "dyr", "sauer", "laks",
    "færre", "flere", "fleire", "nye",
)

# Stems of words that make a sentence about money. A figure with a scale word and no
# currency ("4 mill", "ti millioner") is kroner only in such a sentence, in a sentence
# that has a figure with its currency (coordination: "kr 92,5 mill og ... 108 mill"), or
# when the same value stands as kroner elsewhere in the text (a heading repeating it).
MONEY_TOPIC_STEMS: tuple[str, ...] = (
    "ramme", "budsjett", "tilskudd", "tilskot", "midler", "midlar", "middel", "bevilg",
    "bevilj", "løyv", "kostnad", "kostar", "koster", "tiltaksmid", "tildel", "innvilg",
    "støtte", "søke", "søkt", "søknad", "finansier", "kostet", "kosta", "koste",
    "investering", "fond", "lån", "gjelda", "gjelden", "fikk", "fekk", "fått",
    "inntekt", "utgift", "driftsutgift", "overfør", "betal", "pris", "avsett", "avsatt",
    "settes av", "sett av", "egenandel", "penger", "pengar", "innsparing", "omsat", "omset",
)
# Of these, the ones that also end a compound ("totalkostnad", "investeringsbudsjett",
# "tilskuddsramme", "prosjektmidler", "lånegjeld") count inside a word too.
MONEY_COMPOUND_TAILS: tuple[str, ...] = (
    "kostnad", "budsjett", "ramme", "midler", "midlar", "tilskudd", "tilskot", "investering",
    "bevilgning", "løyving", "finansiering", "gjeld",
)

# Number words before a scale word ("tre millioner", "fire millionar", "ein halv million").
# 1-99 and the whole hundreds in bokmål come from num2words; nynorsk forms, "én" and the
# fractions are added here.
EXTRA_NUMBER_WORDS: dict[str, Decimal] = {
    "ein": Decimal(1), "eitt": Decimal(1), "ei": Decimal(1), "én": Decimal(1),
    "ett": Decimal(1), "sju": Decimal(7), "eitt hundre": Decimal(100),
    "ett hundre": Decimal(100),
    "tjuge": Decimal(20), "tretti": Decimal(30), "førti": Decimal(40),
    "en halv": Decimal("0.5"), "ein halv": Decimal("0.5"), "ei halv": Decimal("0.5"),
    "et halvt": Decimal("0.5"), "eit halvt": Decimal("0.5"),
    "halvannen": Decimal("1.5"), "halvanna": Decimal("1.5"), "halvannan": Decimal("1.5"),
}
# fmt: on

# ---------------------------------------------------------------------------------------
# Regex building blocks
# ---------------------------------------------------------------------------------------
_H = r"[ \t\r\u00a0\u202f\u2009\u2007]"  # horizontal whitespace (never a line break)
_SEP = r"[ \u00a0\u202f\u2009\u2007]"  # exactly one thousands separator
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
# Case-sensitive on purpose: "NOK" only in upper case ("nok" = "enough").
_CUR = rf"{_NOT_LETTER_BEFORE}(?:[Kk]roner|[Kk]r|KR|NOK){_NOT_LETTER_AFTER}"
_SCALE = (
    rf"(?:MNOK{_NOT_LETTER_AFTER}"
    rf"|(?:[Mm]ill(?:ioner|ionar|ion)?|[Mm]rd|[Mm]illiard(?:er|ar)?|[Tt]usen)"
    rf"(?:\.|{_NOT_LETTER_AFTER}))"
)
_SCALE_FACTORS: tuple[tuple[str, int], ...] = (
    ("mnok", 1_000_000),
    ("milliard", 1_000_000_000),
    ("mrd", 1_000_000_000),
    ("mill", 1_000_000),
    ("tusen", 1_000),
)

# One number token. Alternatives are tried in order; see the module docstring for the
# grammar. The lookarounds at the end reject a token that is really part of a decimal or
# dotted reference ("13.50", "2.1", "1,5").
_NUM_RE = re.compile(
    rf"""
    (?<![\w+])(?<!\d[.,])                  # start of a digit run, not "HP2025", "+47", "13.50"
    (?:
        (?P<dot>\d{{1,3}}(?:\.\d{{3}})+)
      | (?P<split>(?:\d{{1,3}}(?:{_SEP}\d{{3}})+|\d{{2,3}}){_H}*\n{_H}*\d{{3}}
                  (?!\d)(?!{_SEP}\d{{3}}(?!\d)))   # the next line holds exactly one group
      | (?P<sp>\d{{1,3}}(?:{_SEP}\d{{3}})+
                  (?!{_SEP}\d{{1,2}}(?!\d|{_SEP}\d{{3}})))   # "2 000 00" is garbled, not 2 000
      | (?P<garbled>(?<!\d{_SEP})\d{{1,3}}(?:{_SEP}\d{{3}})*{_SEP}\d{{1,2}}(?!{_SEP}?\d))
      | (?P<plain>\d+)
    )
    (?P<frac>,{_H}?\d+(?={_H}*{_SCALE}) | ,\d{{2}}(?![\d-]))?
    (?!\d)(?![.,]\d)
    """,
    re.VERBOSE,
)

# Decorations right after a number token (same line).
_POST_RE = re.compile(rf"(?P<dash>,-)?(?:{_H}*(?P<scale>{_SCALE}))?(?:{_H}{{0,3}}(?P<cur>{_CUR}))?")
# Currency right before a number token (same line): one or two words ("kroner kr. 50.000").
_PRE_RE = re.compile(rf"(?:{_CUR}\.?{_H}*){{1,2}}$")
# Longest first so "ca." wins over "ca" and "opp til" is one qualifier.
_QUALIFIER_ALT = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(QUALIFIER_WORDS, key=len, reverse=True)
)
_QUALIFIER_RE = re.compile(
    rf"(?<![^\W\d_])(?P<q>{_QUALIFIER_ALT})(?:(?<=\.)|(?![^\W\d_]))\s*$", re.IGNORECASE
)
_LEADING_QUALIFIER_RE = re.compile(rf"(?:{_QUALIFIER_ALT})(?:(?<=\.)|(?![^\W\d_]))\s*", re.I)
_PERCENT_RE = re.compile(rf"{_H}*(?:%|pst\b|prosent)", re.IGNORECASE)
_UNIT_RE = re.compile(
    rf"{_H}*(?:{'|'.join(re.escape(u) for u in NON_MONEY_UNITS)}){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_PHONE_BEFORE_RE = re.compile(
    r"(?:\+\d{1,3}|\btlf\.?|\btelefon|\bmobil|\bmob\.?|\btel\.?)[\s:.]*(?:\d+\s?)*$",
    re.IGNORECASE,
)
# Sentence/paragraph boundaries for the context window of prose figures. A full stop counts
# only before an upper-case letter, so "mill. kroner", "kr. 50" and "ca. 20" do not cut.
_BOUNDARY_RE = re.compile(r"[.!?](?=\s+[A-ZÆØÅ«\"(•])|\n[ \t]*\n\s*+(?![a-zæøå])|[•▪●]")
_LINEBREAK_RE = re.compile(rf"{_H}*\n{_H}*")

# parse_amount: one whole figure.
_INT_BODY = rf"(?:[1-9]\d{{0,2}}(?:\.\d{{3}})+|[1-9]\d{{0,2}}(?:{_SEP}\d{{3}})+|0|[1-9]\d*)"
_FULL_RE = re.compile(
    rf"""
    (?P<pre>(?:{_CUR}\.?{_H}*){{0,2}})
    (?:
        (?P<mant>{_INT_BODY})
        (?:,{_H}?(?P<frac>\d+))?{_H}*(?P<scale>{_SCALE})
      | (?P<int>{_INT_BODY})(?:,(?P<ore>\d{{2}}))?(?P<dash>,-)?
    )
    (?:{_H}*(?P<post>{_CUR})\.?)?
    """,
    re.VERBOSE,
)

_MAX_CONTEXT = 160  # chars of left context used for kind cues
_MAX_AFTER = 40  # chars of right context (rate cues, set-aside hints)


@dataclass(frozen=True, slots=True)
class MoneyMatch:
    """One money figure found in a text.

    ``start``/``end`` delimit ``raw`` in the searched text (for :func:`find_amounts_in_lines`
    see there). ``raw`` is verbatim, except that a line break inside a figure split over two
    lines is collapsed to one space.
    """

    start: int
    end: int
    raw: str
    amount_nok: int | None
    qualifier: str | None
    kind: str
    garbled: bool = False


# ---------------------------------------------------------------------------------------
# parse_amount
# ---------------------------------------------------------------------------------------
def _scale_factor(word: str) -> int:
    w = word.lower()
    for stem, factor in _SCALE_FACTORS:
        if w.startswith(stem):
            return factor
    raise ValueError(word)  # unreachable: _SCALE only admits the stems above


def parse_amount(raw: str) -> int | None:
    """Whole kroner in one written figure, or ``None`` if ``raw`` is not a well-formed amount.

    ``raw`` is the figure with its currency words ("kr 150.000,-", "2 mill. kroner",
    "1 300 000kr"); a leading qualifier ("inntil kroner 500.000,-") is tolerated. A bare
    figure ("1 620 000", "2025") parses too: whether a number is *money* is decided by
    :func:`find_amounts` from its surroundings, not here. Øre (",50") are rounded half up to
    whole kroner; a scaled figure is exact ("5,8 mill." -> 5 800 000).
    """
    text = _LINEBREAK_RE.sub(" ", raw).strip()
    q = _LEADING_QUALIFIER_RE.match(text)
    if q:
        text = text[q.end() :]
    m = _FULL_RE.fullmatch(text)
    if m is None:
        return None
    digits = re.sub(r"\D", "", m["mant"] if m["scale"] is not None else m["int"])
    if len(digits.lstrip("0")) > len(str(INT64_MAX)):
        # Longer than any 64-bit amount: no reading of a plan, and past Decimal's 28
        # digits it would raise. The caller keeps it as a garbled figure.
        return None
    if m["scale"] is not None:
        value = Decimal(f"{digits}.{m['frac'] or '0'}") * _scale_factor(m["scale"])
    else:
        value = Decimal(f"{digits}.{m['ore'] or '00'}")
    amount = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    # A scale word can lift a figure that passed the digit bound past any 64-bit amount
    # ("10 000 000 000 000 mill."): garbled too.
    return amount if amount <= INT64_MAX else None


# ---------------------------------------------------------------------------------------
# classify_kind
# ---------------------------------------------------------------------------------------
def _cue_pattern(cue: str) -> str:
    stem = cue.rstrip("*")
    body = re.escape(stem).replace(r"\ ", r"\s+")
    left = r"(?<!\w)" if stem[0].isalnum() else ""
    right = "" if cue.endswith("*") or not stem[-1].isalnum() else r"(?!\w)"
    return left + body + right


def _cue_regex(cues: list[str]) -> re.Pattern[str]:
    # Searched on lowercased text (the cues are lowercase): IGNORECASE, and a word-boundary
    # look-behind repeated in every alternative, made this the costliest regex of a text
    # dump's conversion. One shared look-behind in front of the word cues does the same.
    words = [_cue_pattern(c).removeprefix(r"(?<!\w)") for c in cues if c.rstrip("*")[0].isalnum()]
    others = [_cue_pattern(c) for c in cues if not c.rstrip("*")[0].isalnum()]
    parts = [rf"(?<!\w)(?:{'|'.join(words)})"] if words else []
    return re.compile("|".join(parts + others))


_CUE_RES: dict[str, re.Pattern[str]] = {kind: _cue_regex(cues) for kind, cues in KIND_CUES.items()}
_KINDS_BEFORE = ("total", "allocation", "budget")


def classify_kind(context: str) -> str:
    """Kind of a figure from the words around it (see :data:`KIND_CUES`).

    Returns "rate", "total", "allocation" or "budget" for the first cue family that occurs
    (in that order of precedence), "budget" if only a set-aside hint occurs, else "other".
    """
    context = context.lower()
    if _CUE_RES["rate"].search(context):
        return "rate"
    for kind in _KINDS_BEFORE:
        if _CUE_RES[kind].search(context):
            return kind
    if _CUE_RES["set_aside"].search(context):
        return "budget"
    return "other"


def _classify(before: str, raw: str, after: str) -> str:
    """classify_kind with positions: rate cues only after the figure, the rest before it."""
    before, raw, after = before.lower(), raw.lower(), after.lower()
    if _CUE_RES["rate"].search(raw[-8:] + after):
        return "rate"
    for kind in _KINDS_BEFORE:
        if _CUE_RES[kind].search(before):
            return kind
    # "Gjennomføring av mulighetsdialog: 80.000,-" (000 line 856): a labelled cost line.
    if _CUE_RES["set_aside"].search(f"{before} {raw} {after}") or before.rstrip().endswith(":"):
        return "budget"
    return "other"


# ---------------------------------------------------------------------------------------
# find_amounts
# ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Token:
    num: re.Match[str]
    start: int  # of the number
    end: int  # of the number (incl. fraction)
    form: str  # dot | split | sp | garbled | plain
    pre_start: int | None  # start of a bound prefix currency
    post: re.Match[str]
    cur_span: tuple[int, int] | None  # suffix currency, if taken
    raw_end: int


# No figure in a plan is this large when written out in digits (national totals are
# written "74 mill. kroner"); a longer space-grouped run is several table cells that a
# PDF line or a dump joined with single spaces ("1 620 000 620 000").
MAX_PLAUSIBLE_NOK = 10_000_000_000
INT64_MAX = 2**63 - 1
_GROUP_RE = re.compile(r"\d+")


def _plausible_parts(text: str, num: re.Match[str]) -> list[re.Match[str]]:
    """Split an implausibly large space-grouped run into figures, each ending in "000".

    "1 300 000 200 000 200 000" → "1 300 000", "200 000", "200 000": a new figure starts
    after a "000" group at a group that does not start with 0. A run that cannot be split
    so stays whole and is reported as garbled later (its value is not plausible).
    """
    if num["sp"] is None:
        return [num]
    digits = int(re.sub(r"\D", "", num["sp"]))
    if digits <= MAX_PLAUSIBLE_NOK:
        return [num]
    groups = list(_GROUP_RE.finditer(text, num.start("sp"), num.end("sp")))
    cuts = [groups[0].start()]
    for prev, group in itertools.pairwise(groups):
        if prev.group() == "000" and not group.group().startswith("0"):
            cuts.append(group.start())
    if len(cuts) == 1:
        return [num]
    parts = []
    for start, end in zip(cuts, [*cuts[1:], num.end("sp")], strict=True):
        # The separator before the next figure is not part of this one.
        while end > start and not text[end - 1].isdigit():
            end -= 1
        # Only the last part keeps a fraction or what follows the run.
        stop = num.end() if end == num.end("sp") else end
        part = _NUM_RE.match(text, start, stop)
        if part is None:
            return [num]
        parts.append(part)
    return parts


def _scan(text: str, *, in_table: bool) -> list[MoneyMatch]:
    tokens: list[_Token] = []
    numbers = (p for whole in _NUM_RE.finditer(text) for p in _plausible_parts(text, whole))
    # "(i 1000 kr)" states a table's unit; its 1000 is no figure.
    for num in numbers:
        form = next(k for k in ("dot", "split", "sp", "garbled", "plain") if num[k] is not None)
        start, end = num.span()
        if num.group() in _THOUSAND_FIGURES and _in_header_unit(text, start):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        # Ordinals and dates: "3. juni", "13.desember", " 2. Test" (a list number).
        if form == "plain" and len(num["plain"]) <= 2 and text[end : end + 1] == ".":
            continue
        if _PERCENT_RE.match(text, end):
            continue
        if _PHONE_BEFORE_RE.search(text, max(line_start, start - 24), start):
            continue
        pre = _PRE_RE.search(text, max(line_start, start - 40), start)
        pre_start = pre.start() if pre else None
        post = _POST_RE.match(text, end)
        assert post is not None  # every group is optional
        tokens.append(_Token(num, start, end, form, pre_start, post, None, end))

    # Bind suffixes. A suffix currency is ignored for a figure that already has one in front
    # ("kr 2 400 000   kr  -": the second "kr" is an empty cell, not part of the figure).
    # A currency word between two figures can only belong to one of them; the plans are
    # consistent within a row, so look at the next figure's own style: if it carries a
    # suffix marker too ("500 000 kr 300 000 kr"), this word is our suffix; otherwise it is
    # the next figure's prefix ("kr 1 620 000   kr 620 000", "i 2025 kr 100 000").
    for i, tok in enumerate(tokens):
        post = tok.post
        if post["scale"] and not tok.num["frac"] and tok.form in ("garbled", "split"):
            continue  # "717 00 mill." is nonsense; leave it unbound
        cur = post.span("cur") if post["cur"] and tok.pre_start is None else None
        if cur is not None and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.pre_start is not None and nxt.pre_start <= cur[0] < nxt.start:
                nxt_has_suffix = bool(nxt.post["cur"] or nxt.post["dash"] or nxt.post["scale"])
                if post["scale"] or nxt_has_suffix:
                    nxt.pre_start = _rebind_prefix(text, cur[1], nxt.start)
                else:
                    cur = None  # "i 2025 kr 100 000": the "kr" opens the next figure
        if cur is None and tok.pre_start is None and not post["cur"] and not post["dash"]:
            # "… 1 mill." / "kroner", "… estimeres til 200.000" / "kroner.": a figure's
            # currency may open the next line, unless it opens the next figure there
            # ("… 2025" / "kr 100 000").
            after = post.end("scale") if post["scale"] else tok.end
            nxt_cur = _NEXT_LINE_CUR_RE.match(text, after)
            opens_next = (
                nxt_cur is not None
                and i + 1 < len(tokens)
                and tokens[i + 1].pre_start is not None
                and tokens[i + 1].pre_start <= nxt_cur.start("cur") < tokens[i + 1].start
            )
            if nxt_cur is not None and not opens_next:
                cur = nxt_cur.span("cur")
        tok.cur_span = cur
        ends = [tok.end]
        if post["dash"]:
            ends.append(post.end("dash"))
        scale_bound = cur is not None or tok.pre_start is not None or "NOK" in (post["scale"] or "")
        if post["scale"] and scale_bound:
            ends.append(post.end("scale"))
        if cur is not None:
            ends.append(cur[1])
        tok.raw_end = max(ends)

    found: list[MoneyMatch] = []
    deferred: list[_Token] = []
    prev_end = 0
    for tok in tokens:
        post = tok.post
        has_scale = bool(post["scale"]) and tok.raw_end >= post.end("scale") > tok.end
        has_currency = tok.pre_start is not None or tok.cur_span is not None
        has_currency = has_currency or (has_scale and "NOK" in post["scale"])
        has_dash = bool(post["dash"])
        if not (has_currency or has_dash) and _bare_scale(tok):
            deferred.append(tok)  # "210 millioner", "45,6 mill.": money in a money sentence
            continue
        if tok.num["frac"] and not has_scale and not re.fullmatch(r",\d\d", tok.num["frac"]):
            continue  # "1, 2" without a SCALE word is a list, not a decimal
        marked = has_currency or has_dash
        garbled = tok.form == "garbled"
        if not marked and not in_table and tok.form == "dot" and _money_sentence(text, tok.start):
            # "budsjetteres det med 600.000 fra bygdevekstmidlene" (000 line 1105): dotted
            # thousands in a sentence that sets money aside are kroner without the word.
            marked = True
        if not marked:
            if not in_table or _UNIT_RE.match(text, tok.end):
                continue
            digits = sum(ch.isdigit() for ch in tok.num[0])
            if garbled:
                if digits < 5:
                    continue
            elif tok.form == "plain":
                continue  # a bare digit run is a year, count or code even in a table
        start = tok.pre_start if tok.pre_start is not None else tok.start
        raw = _LINEBREAK_RE.sub(" ", text[start : tok.raw_end])
        amount = None if garbled else parse_amount(raw)
        if amount is not None and (
            (tok.form == "sp" and amount > MAX_PLAUSIBLE_NOK and not has_scale)
            or amount > INT64_MAX
        ):
            # Space-grouped digits that no split makes plausible are several cells run
            # together; nothing beyond a 64-bit integer is a reading of a plan.
            amount = None
        if amount is None:
            garbled = True
        line_start = text.rfind("\n", 0, start) + 1
        if in_table:
            ctx_start = line_start
        else:
            window_start = max(0, start - _MAX_CONTEXT)
            ctx_start = window_start
            for b in _BOUNDARY_RE.finditer(text, window_start, start):
                ctx_start = b.end()
        before = text[max(ctx_start, start - _MAX_CONTEXT) : start]
        after = re.split(r"[\n\d]", text[tok.raw_end : tok.raw_end + _MAX_AFTER], maxsplit=1)[0]
        cut = _BOUNDARY_RE.search(after)
        after = after[: cut.start()] if cut else after
        qual = _QUALIFIER_RE.search(text, max(prev_end, start - 20), start)
        qualifier = QUALIFIER_WORDS.get(_norm_ws(qual["q"]).lower().strip()) if qual else None
        found.append(
            MoneyMatch(
                start=start,
                end=tok.raw_end,
                raw=raw,
                amount_nok=amount,
                qualifier=qualifier,
                kind=_classify(_norm_ws(before), raw, _norm_ws(after)),
                garbled=garbled,
            )
        )
        prev_end = tok.raw_end
    return _add_bare_scaled(text, found, deferred)


_NEXT_LINE_CUR_RE = re.compile(rf"{_H}*\n{_H}*(?P<cur>{_CUR})\.?(?![^\W\d_])")
_TOPIC_RE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(re.escape(w) for w in MONEY_TOPIC_STEMS) + ")"
    r"|(?<=[^\W\d_])(?:" + "|".join(re.escape(w) for w in MONEY_COMPOUND_TAILS) + r")"
    r"(?:[^\W\d_]{0,4})(?![^\W\d_])",
    re.I,
)
_BIG_SCALE = ("mill", "milliard", "mrd", "mnok")


def _bare_scale(tok: _Token) -> bool:
    """A figure with a million/milliard scale word but no currency ("210 millioner")."""
    scale = (tok.post["scale"] or "").lower()
    return scale.startswith(_BIG_SCALE) and tok.form not in ("garbled", "split")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or heading line) around ``text[start:end]``."""
    left = max(0, start - _MAX_CONTEXT)
    for b in _BOUNDARY_RE.finditer(text, left, start):
        left = b.end()
    cut = _BOUNDARY_RE.search(text, end, min(len(text), end + _MAX_CONTEXT))
    return left, cut.start() if cut else min(len(text), end + _MAX_CONTEXT)


def _money_context(text: str, start: int, end: int, amount: int, found: list[MoneyMatch]) -> bool:
    """Whether a figure without currency is kroner: see :data:`MONEY_TOPIC_STEMS`."""
    left, right = _sentence(text, start, end)
    if _TOPIC_RE.search(text, left, right):
        return True
    if any(left <= m.start < right and _has_currency(m.raw) for m in found):
        return True  # coordination with a figure that has its currency
    return any(m.amount_nok == amount and _has_currency(m.raw) for m in found)


def _has_currency(raw: str) -> bool:
    return bool(re.search(_CUR, raw) or "MNOK" in raw or raw.endswith(",-"))


def _scaled_match(
    text: str, start: int, end: int, amount: int, raw: str, prev_end: int
) -> MoneyMatch:
    left, right = _sentence(text, start, end)
    qual = _QUALIFIER_RE.search(text, max(prev_end, start - 20), start)
    qualifier = QUALIFIER_WORDS.get(_norm_ws(qual["q"]).lower().strip()) if qual else None
    before = _norm_ws(text[left:start])
    after = _norm_ws(text[end:right][:_MAX_AFTER])
    return MoneyMatch(start, end, raw, amount, qualifier, _classify(before, raw, after))


def _add_bare_scaled(
    text: str, found: list[MoneyMatch], deferred: list[_Token]
) -> list[MoneyMatch]:
    """Figures with a scale word and no currency, and number words, that are kroner here."""
    extra: list[MoneyMatch] = []
    taken = [(m.start, m.end) for m in found]
    for tok in deferred:
        scale_end = tok.post.end("scale")
        if _UNIT_RE.match(text, scale_end):
            continue  # "3 millioner passasjerer"
        raw = text[tok.start : scale_end]
        amount = parse_amount(raw)
        if amount is None or not _money_context(text, tok.start, scale_end, amount, found):
            continue
        extra.append(_scaled_match(text, tok.start, scale_end, amount, raw, 0))
    for m in _word_figures(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = number_words().get(_norm_ws(m["w"]).lower())
        if value is None:
            continue
        scale = m["scale"].lower()
        if scale.startswith("tusen") and not m["cur"]:
            continue  # "tre tusen" is a count unless kroner follow
        amount = int((value * _scale_factor(scale)).quantize(Decimal(1), ROUND_HALF_UP))
        end = m.end()
        if not m["cur"] and (
            _UNIT_RE.match(text, end)
            or not _money_context(text, m.start(), end, amount, found + extra)
        ):
            continue
        raw = _norm_ws(text[m.start() : end])
        extra.append(_scaled_match(text, m.start(), end, amount, raw, 0))
    if not extra:
        return found
    return sorted(found + extra, key=lambda m: m.start)


_THOUSAND_FIGURES = frozenset({"1000", "1 000", "1.000", "1\u00a0000"})


def _in_header_unit(text: str, start: int) -> bool:
    """Whether the "1000" at ``start`` states a table's unit ("(i 1000 kr)")."""
    a = max(0, start - 12)
    units = find_header_units(text[a : start + 20])
    return any(u.factor == 1_000 and u.start <= start - a < u.end for u in units)


_SCALE_HINT_RE = re.compile(r"(?<![^\W\d_])(?:million|milliard|mill|mrd|tusen)", re.I)
_WORD_REACH = 30  # characters before a scale word that a number word can take


def _word_figures(text: str) -> list[re.Match[str]]:
    """Matches of :data:`_WORD_FIGURE_RE`, looked for only around scale words (the
    alternation of number words is too slow to run over a whole document)."""
    out: list[re.Match[str]] = []
    low = text.lower()
    if "mill" not in low and "mrd" not in low and "tusen" not in low:
        return out
    for hit in _SCALE_HINT_RE.finditer(text):
        window = max(0, hit.start() - _WORD_REACH)
        for m in _WORD_FIGURE_RE.finditer(text, window, min(len(text), hit.end() + 25)):
            if m.start("scale") == hit.start():
                out.append(m)
                break
    return out


@cache
def number_words() -> dict[str, Decimal]:
    """Number words 1-99 (bokmål from num2words, nynorsk and fractions added) → value."""
    from num2words import num2words

    words = {num2words(n, lang="no"): Decimal(n) for n in range(1, 100)}
    # Whole hundreds ("to hundre millioner"); "hundre" alone is one hundred.
    words.update({num2words(n, lang="no"): Decimal(n) for n in range(100, 1000, 100)})
    words["hundre"] = Decimal(100)
    words.update(EXTRA_NUMBER_WORDS)
    return words


def _word_figure_re() -> re.Pattern[str]:
    alt = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(number_words(), key=len, reverse=True)
    )
    return re.compile(
        rf"(?<![^\W\d_])(?P<w>{alt}){_H}+"
        rf"(?P<scale>(?:million(?:er|ar)?|milliard(?:er|ar)?|mill|mrd|tusen)(?:\.|(?![^\W\d_])))"
        rf"(?:{_H}+(?P<cur>(?-i:[Kk]roner|[Kk]r|NOK)(?![^\W\d_])))?",
        re.IGNORECASE,
    )


_WORD_FIGURE_RE = _word_figure_re()

_MONEY_VERBS_RE = re.compile(
    r"budsjett\w*|settes\s+(?:det\s+)?av|avsett\w*|avsatt|bevilg\w*|tildel\w*|innvilg\w*|"
    r"løyv\w*|finansier\w*",
    re.IGNORECASE,
)


def _money_sentence(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` talks about setting money aside."""
    window_start = max(0, start - _MAX_CONTEXT)
    ctx_start = window_start
    for b in _BOUNDARY_RE.finditer(text, window_start, start):
        ctx_start = b.end()
    return bool(_MONEY_VERBS_RE.search(text, ctx_start, start))


def _rebind_prefix(text: str, after: int, num_start: int) -> int | None:
    """Prefix of the next figure once its first currency word went to the previous one."""
    pre = _PRE_RE.search(text[after:num_start])
    return after + pre.start() if pre else None


def _norm_ws(s: str) -> str:
    """Collapse whitespace runs (incl. line breaks) to one space; keep the ends' spacing."""
    return re.sub(r"\s+", " ", s)


def find_amounts(text: str, *, in_table: bool = False) -> list[MoneyMatch]:
    """Every money figure in one piece of text (a line, a sentence or a joined cell).

    Offsets are into ``text``; ``text[m.start:m.end] == m.raw`` unless the figure is split
    over a line break. See the module docstring for what counts as money.
    """
    return _scan(text, in_table=in_table)


def find_amounts_in_lines(
    lines: Sequence[str], *, in_table: bool = False
) -> list[tuple[int, int, MoneyMatch]]:
    """Money figures over consecutive lines of a document.

    Returns ``(first_line_idx, last_line_idx, match)``. The lines are scanned as one text so
    the kind can use a sentence that started on an earlier line, and a figure split over two
    lines ("1 800" / "000 kr") is found once. Offsets are line-relative: ``match.start`` is
    in ``lines[first_line_idx]`` and ``match.end`` in ``lines[last_line_idx]`` (exclusive),
    so for a one-line figure ``lines[i][m.start:m.end] == m.raw``; for a split figure
    ``raw`` is ``lines[first][start:].rstrip() + " " + lines[last][:end].lstrip()``.
    A trailing "\\n"/"\\r\\n" on each line is ignored.
    """
    clean = [ln.rstrip("\r\n") for ln in lines]
    starts: list[int] = []
    pos = 0
    for ln in clean:
        starts.append(pos)
        pos += len(ln) + 1
    out: list[tuple[int, int, MoneyMatch]] = []
    for m in _scan("\n".join(clean), in_table=in_table):
        first = bisect_right(starts, m.start) - 1
        last = bisect_right(starts, m.end - 1) - 1
        local = MoneyMatch(
            start=m.start - starts[first],
            end=m.end - starts[last],
            raw=m.raw,
            amount_nok=m.amount_nok,
            qualifier=m.qualifier,
            kind=m.kind,
            garbled=m.garbled,
        )
        out.append((first, last, local))
    return out


# ---------------------------------------------------------------------------------------
# Units stated for a whole table ("Alle beløp i 1000-kroner", "(i 1000 kr)", "mill. kr")
# ---------------------------------------------------------------------------------------
_THOUSAND = r"(?:1[ \u00a0.]?000|tusen)"
_HEADER_UNIT_RES: tuple[tuple[re.Pattern[str], int], ...] = (
    # "i 1000 kr", "(1 000 kroner)", "i hele tusen kroner", "Beløp i tusen NOK"
    (
        re.compile(
            rf"(?:(?<![^\W\d_])i|\()\s*(?:hele\s+)?{_THOUSAND}(?:\s*-\s*|\s+)"
            rf"(?:kr\b\.?|kroner\b|NOK\b)",
            re.I,
        ),
        1_000,
    ),
    (re.compile(rf"(?<![^\W\d_]){_THOUSAND}-kroner\b", re.I), 1_000),  # "1000-kroner"
    (re.compile(r"(?<![^\W\d_])i\s+hele\s+tusen\b", re.I), 1_000),
    # "NOK 1000" as a column head: closed by a bracket, a colon or the end of the line.
    (re.compile(rf"\bNOK\s*{_THOUSAND}(?=\s*(?:[):,]|$))", re.M), 1_000),
    # "mill. kr", "mill.kr.", "millioner kroner", "MNOK", "mill. NOK" with no figure before
    (
        re.compile(r"(?<![^\W\d_])(?:mill(?:ioner|ionar)?\.?\s*(?:kr\b\.?|kroner\b|NOK\b)|MNOK\b)"),
        1_000_000,
    ),
    (re.compile(r"(?<![^\W\d_])(?:mrd\.?|milliard(?:er|ar)?)\s*(?:kr\b\.?|kroner\b)"), 10**9),
)


_UNIT_HINT_RE = re.compile(r"1[ \u00a0.]?000|tusen|mill|mnok|mrd", re.I)


@dataclass(frozen=True, slots=True)
class HeaderUnit:
    """A unit stated for a whole table: ``text[start:end]`` says "in ``factor`` kroner"."""

    start: int
    end: int
    raw: str
    factor: int


def find_header_units(text: str) -> list[HeaderUnit]:
    """Units stated for a table's cells, not for one figure ("mill. kr" with no number
    before it; "i 1000 kr", "1000-kroner", "NOK 1000"), in text order."""
    out: list[HeaderUnit] = []
    # The patterns run only in windows around the words they need: over a whole document
    # their look-behinds cost more than the rest of the money scan.
    windows: list[list[int]] = []
    for hint in _UNIT_HINT_RE.finditer(text):
        a, b = max(0, hint.start() - 20), min(len(text), hint.end() + 20)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    for pattern, factor in _HEADER_UNIT_RES:
        for a, b in windows:
            for m in pattern.finditer(text, a, b):
                before = text[max(0, m.start() - 12) : m.start()].rstrip(" \t(\u00a0")
                if factor >= 1_000_000 and before[-1:].isdigit():
                    continue  # "4 025 mill.kr." is one figure's own unit
                if any(u.start < m.end() and m.start() < u.end for u in out):
                    continue
                out.append(HeaderUnit(m.start(), m.end(), m.group(), factor))
    return sorted(out, key=lambda u: u.start)


@dataclass(frozen=True, slots=True)
class TableCell:
    """A bare figure of a table ("34 356", "2 823,6") with the label text before it."""

    start: int
    end: int
    raw: str
    value: Decimal
    label: str


# A bare figure: space- or dot-grouped thousands or a digit run, with decimals after a
# comma; never glued to letters ("D01", "T33/19"), a decimal point, a slash or a percent.
_CELL_RE = re.compile(
    rf"(?<![\w.,+/\-‐])(?P<int>\d{{1,3}}(?:{_SEP}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d+)"
    rf"(?:,(?P<dec>\d+))?(?![\w/]|[.,]\d|{_H}*(?:%|pst\b|prosent))"
)
# After a cell comes the next row's label (capitalised or a code), a column gap, or the end.
_CELL_AFTER_RE = re.compile(rf"{_H}*(?:$|\n|{_H}{{2,}}|[A-ZÆØÅ]|\|)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_COLUMN_GAP_RE = re.compile(rf"{_H}{{2,}}|\t+")


def find_table_cells(text: str) -> list[TableCell]:
    """Bare figures of a table flattened into text, each after a label.

    A cell follows label words (at least one letter since the previous cell), or the
    previous cell behind a column gap (the next column of the row), and is followed by
    the next label, a column gap or the end of the line; years (1900-2099),
    percentages and codes glued to letters are not cells.
    """
    cells: list[TableCell] = []
    prev = 0
    for m in _CELL_RE.finditer(text):
        label = text[prev : m.start()]
        if m["dec"] is None and _YEAR_RE.fullmatch(m["int"]):
            continue
        # A further column of the same row stands behind a column gap, without a label.
        next_column = bool(cells) and cells[-1].end == prev and _COLUMN_GAP_RE.fullmatch(label)
        if not (next_column or re.search(r"[^\W\d_]{2,}", label)):
            continue
        if not _CELL_AFTER_RE.match(text, m.end()):
            continue
        digits = re.sub(r"\D", "", m["int"])
        value = Decimal(f"{digits}.{m['dec'] or '0'}")
        cells.append(TableCell(m.start(), m.end(), m.group(), value, _norm_ws(label).strip()))
        prev = m.end()
    return cells
