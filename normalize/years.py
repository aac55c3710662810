"""Years out of a tiltak's *Tidsramme* cell and a plan's agreement period.

The Tidsramme column is free text written by each pilot: "2025-2027", "2024, 2025, 2026",
"Ferdig juni 2026", "Hele avtaleperioden, men med ulike faser i arbeidet", "Kontinuerlig".
:func:`parse_tidsramme` turns it into ``(start_year, end_year)``, leaving a side ``None``
when the text does not state it (a deadline has no start, "2025 og videre" has no end), so a
researcher can tell "not stated" from a guess.
"""

from __future__ import annotations

import re

from hplan.extract.settings import AgreementSettings

_AGREEMENT_DEFAULTS = AgreementSettings()

# ---------------------------------------------------------------------------------------
# Vocabularies (extend here). All phrases are matched on lowercased, whitespace-normalized
# text, as whole words.
# ---------------------------------------------------------------------------------------

# The whole agreement period: answer with the agreement tuple the caller passes.
WHOLE_PERIOD_PHRASES: list[str] = [
    "avtaleperioden",  # "Hele avtaleperioden, men med ulike faser i arbeidet" (001 line 230)
    "avtaleperioda",
    "heile avtaleperioden",
    "hele perioden",
    "heile perioden",
    "bygdevekstperioden",
    "prosjektperioden",
]

# The whole plan year: answer with (plan_year, plan_year).
WHOLE_YEAR_PHRASES: list[str] = [
    "hele året",
    "heile året",
    "gjennom året",
]

# A deadline before the year: the text says when it ends, not when it starts.
DEADLINE_WORDS: list[str] = [
    "ferdig",
    "ferdigstilt",
    "ferdigstilles",
    "innen",
    "innan",
    "frist",
    "senest",
    "seinast",
    "seinest",
    "avsluttes",
    "avsluttast",
    "klar til",
    "levert",
]

# An open end after the year: "2025 og videre", "fra 2025".
OPEN_END_AFTER: list[str] = [
    "og videre",
    "og vidare",
    "og fremover",
    "og framover",
    "->",
    "→",
    "⇒",
]
OPEN_START_BEFORE: list[str] = [
    "fra",
    "frå",
    "fra og med",
    "frå og med",
    "f.o.m.",
    "fom",
    "oppstart",
    "start",
]

# How the agreement period is stated in a plan's introduction, strongest first. "{Y}" is a
# year; the separator between the two years may be a hyphen, an en/em dash or "til".
AGREEMENT_PATTERNS: list[str] = [
    r"(?:skal\s+gjelde|gjeld(?:er)?|gjelder)\s+(?:i|for)\s+(?:perioden|tidsrommet)\s+{Y}{SEP}{Y}",
    r"avtaleperioden?\s+(?:er\s+|går\s+|gjeld\s+)?(?:fr[aå]\s+)?{Y}{SEP}{Y}",
    r"(?:bygdevekst|prosjekt)perioden\s+{Y}{SEP}{Y}",
    # Weakest: any "for/i perioden Y-Y" ("Avtalen gjelder for perioden 2024–2027"). County
    # cases and KDD letters use the same words for other things, so its sentence is checked
    # against NOT_AGREEMENT_WORDS below.
    r"(?:for|i)\s+perioden\s+{Y}{SEP}{Y}",
]
# The weakest pattern is rejected when its sentence names something other than the
# agreement that has a period: "Verdiskapingsstrategi for Trøndelag for perioden 2022-2025"
# (002) or "Totalt for perioden 2023-2025" in a budget table (003) ...
NOT_AGREEMENT_WORDS: list[str] = ["strategi", "totalt", "økonomiplan", "fase", "kompetanseplan"]
# ... unless the sentence also mentions the agreement itself.
AGREEMENT_CONTEXT_WORDS: list[str] = ["avtal", "bygdevekst"]
# How far back the weakest pattern's sentence is looked for, and the longest plausible
# period: AgreementSettings (hplan.extract.settings), where the thresholds are documented.

# ---------------------------------------------------------------------------------------

# A four-digit year of this century or the late last one, not part of a longer number.
# "HP25"/"mars 25" are deliberately not years: two digits are too often day numbers, amounts
# ("kr 25") or plan abbreviations; the only two-digit year accepted is the end of a range
# written "2025-27" (see _SHORT_RANGE_RE).
YEAR_RE = re.compile(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)")
_SHORT_RANGE_RE = re.compile(r"(?<!\d)((?:19[89]\d|20\d\d))\s*[-–—]\s*(\d\d)(?!\d|[.,]\d)")

_YEAR_SRC = r"((?:19[89]\d|20\d\d))(?!\d)"
_SEP_SRC = r"\s*(?:[-–—]|til)\s*"
_AGREEMENT_RES = [
    re.compile(p.replace("{Y}", _YEAR_SRC).replace("{SEP}", _SEP_SRC), re.IGNORECASE)
    for p in AGREEMENT_PATTERNS
]
_WS_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS_RE.sub(" ", text).strip().lower()


def _phrase_re(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_WHOLE_PERIOD_RE = _phrase_re(WHOLE_PERIOD_PHRASES)
_WHOLE_YEAR_RE = _phrase_re(WHOLE_YEAR_PHRASES)
_DEADLINE_RE = _phrase_re(DEADLINE_WORDS)
_OPEN_BEFORE_RE = _phrase_re(OPEN_START_BEFORE)
_ARROWS = {"->", "→", "⇒"}
# Arrows are not words, so they cannot use the \w boundaries of _phrase_re.
_OPEN_AFTER_RE = re.compile(
    r"\s*(?:"
    + "|".join(
        re.escape(p) if p in _ARROWS else re.escape(p) + r"(?!\w)"
        for p in sorted(OPEN_END_AFTER, key=len, reverse=True)
    )
    + r"|[-–—]\s*$)"
)


def _years_with_pos(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) of every year in ``text``, two-digit range ends expanded."""
    found: list[tuple[int, int, int]] = [
        (int(m.group()), m.start(), m.end()) for m in YEAR_RE.finditer(text)
    ]
    for m in _SHORT_RANGE_RE.finditer(text):
        century = int(m.group(1)) // 100 * 100
        end = century + int(m.group(2))
        if end > int(m.group(1)):
            found.append((end, m.start(2), m.end(2)))
    return sorted(found, key=lambda item: item[1])


def parse_tidsramme(
    text: str,
    *,
    plan_year: int | None = None,
    agreement: tuple[int, int] | None = None,
) -> tuple[int | None, int | None]:
    """``(start_year, end_year)`` stated by a Tidsramme cell; ``None`` where not stated.

    - a range or list of years gives its first and last year ("2024, 2025, 2026" ->
      (2024, 2026)); months and days around the years are ignored;
    - "Hele avtaleperioden ..." gives ``agreement`` (``(None, None)`` when not known);
    - "Hele året" gives ``(plan_year, plan_year)``;
    - a single year after a deadline word ("Ferdig juni 2026", "innen 2026") gives
      ``(None, year)``;
    - a single year with an open end ("2025 →", "2025 og videre", "fra 2025") gives
      ``(year, None)``;
    - no year at all ("Kontinuerlig") gives ``(None, None)``.
    """
    norm = _norm(text)
    years = _years_with_pos(norm)

    if _WHOLE_PERIOD_RE.search(norm) and len({y for y, _, _ in years}) < 2:
        # "innen utgangen av avtaleperioden" is a deadline at the period's end.
        if agreement is None:
            return (None, None)
        if _DEADLINE_RE.search(norm) and not years:
            return (None, agreement[1])
        return agreement
    if not years:
        if _WHOLE_YEAR_RE.search(norm) and plan_year is not None:
            return (plan_year, plan_year)
        return (None, None)

    values = [y for y, _, _ in years]
    if len(set(values)) == 1:
        year, start, _ = years[0]
        before = norm[:start]
        after = norm[years[-1][2] :]
        deadline = _DEADLINE_RE.search(before)
        if deadline is not None:
            return (None, year)
        if _OPEN_AFTER_RE.match(after) or _OPEN_BEFORE_RE.search(before):
            return (year, None)
        return (year, year)
    return (min(values), max(values))


def find_agreement_period(
    text: str, settings: AgreementSettings = _AGREEMENT_DEFAULTS
) -> tuple[int, int] | None:
    """The agreement period a document states ("skal gjelde i perioden 2024 – 2027").

    Patterns are tried strongest first (:data:`AGREEMENT_PATTERNS`); within one pattern the
    first occurrence in the text wins, since the introduction states the period before any
    other "perioden" appears.
    """
    norm = _WS_RE.sub(" ", text)
    weakest = len(_AGREEMENT_RES) - 1
    for rank, pattern in enumerate(_AGREEMENT_RES):
        for m in pattern.finditer(norm):
            start, end = int(m.group(1)), int(m.group(2))
            if not start <= end <= start + settings.max_years:
                continue
            if rank == weakest and not _plausible_agreement_sentence(
                norm, m.start(), settings.context_chars
            ):
                continue
            return (start, end)
    return None


def _plausible_agreement_sentence(text: str, pos: int, context_chars: int) -> bool:
    context = text[max(0, pos - context_chars) : pos]
    # Only the sentence the match stands in: cut at the last full stop before it.
    sentence = re.split(r"[.!?:]\s", context)[-1].lower()
    if any(word in sentence for word in AGREEMENT_CONTEXT_WORDS):
        return True
    return not any(word in sentence for word in NOT_AGREEMENT_WORDS)
