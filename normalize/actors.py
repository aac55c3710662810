"""Actors named in tiltak tables: split the cells, map written forms to canonical names.

The *Hovedansvarlig* and *Samarbeidsparter* cells name organisations the way each pilot
writes them: "TRFK", "TFK", "Trøndelag Fylkeskommune" and "Trøndelag fylkeskommunen" are
one county; "Rindal/Holtålen" is two kommuner; "NAV ROH" is "NAV Røros, Os og Holtålen".
Researchers count partners across pilots, so every written form goes through one alias
table (:data:`ALIASES`) to one canonical name. A form the table does not know is kept as
written (whitespace-normalized), never guessed.

Decisions about what is *one* written actor (see :func:`split_actors`):

- A cell wrapped over lines is re-joined: "- Indre Nordmøre \\nOpplæringskontor" is one
  actor (000 lines 1014-1016), "Trøndelag \\nFylkeskommune" is one (001 lines 1210-1212).
- "Rindal/Holtålen \\nfelles med \\nNamdalspiloten" (000 lines 1338-1340) is kept as ONE
  written phrase: "felles med" says the two pilots hold the responsibility jointly, and
  splitting it would lose that. :func:`canonical_actors` still resolves it to its three
  canonical actors (Rindal kommune, Holtålen kommune, Indre Namdal).
- "og" splits only when both sides are known actors ("Husbanken og kommunene", "Rindal/
  Holtålen og Indre Namdal"), so names containing "og" ("NAV Røros, Os og Holtålen",
  "Statsforvalteren i Vestfold og Telemark") stay whole.
- "Indre Namdal" (and "Bygdevekst IN", "IN-kommunene", "Namdalspiloten") stays one regional
  actor: the plans name the pilot, not which of Røyrvik, Namsskogan, Lierne and Grong acts.
- "kommunene" / "pilotkommunene" becomes "Pilotkommunene": the pilot's own kommuner, whose
  names depend on the document (the caller knows the pilot; this table does not).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from hplan.normalize.text import normalize_whitespace

if TYPE_CHECKING:  # pragma: no cover - typing only
    from spacy.language import Language

# ---------------------------------------------------------------------------------------
# Vocabularies (extend here)
# ---------------------------------------------------------------------------------------

# Written form -> canonical name. Lookup is case-insensitive and whitespace/dash tolerant,
# so list a spelling variant only when it differs in letters (typos included: they are in
# the documents). Sources: tiltak tables and signature pages of 000 and 001, 002-004.
ALIASES: dict[str, str] = {
    # County authorities
    "TRFK": "Trøndelag fylkeskommune",
    "TFK": "Trøndelag fylkeskommune",
    "Trøndelag fylkeskommune": "Trøndelag fylkeskommune",
    "Trøndelag fylkeskommunen": "Trøndelag fylkeskommune",
    "Trøndelag fylkeskommunes": "Trøndelag fylkeskommune",
    "Fylkeskommunen": "Fylkeskommunen",
    # State administrators (nynorsk "Statsforvaltaren" normalized to bokmål)
    "SF Trøndelag": "Statsforvalteren i Trøndelag",
    "SFTRØ": "Statsforvalteren i Trøndelag",
    "Statsforvalteren i Trøndelag": "Statsforvalteren i Trøndelag",
    "Statsforvaltaren i Trøndelag": "Statsforvalteren i Trøndelag",
    "Statsforvalteren": "Statsforvalteren",
    "Statsforvaltaren": "Statsforvalteren",
    "Statsforvalter": "Statsforvalteren",
    "Statsforvaltar": "Statsforvalteren",
    # State
    "KDD": "Kommunal- og distriktsdepartementet",
    "Kommunal- og distriktsdepartementet": "Kommunal- og distriktsdepartementet",
    "Kommunal og distriktsdepartementet": "Kommunal- og distriktsdepartementet",
    "Kommunal- og distriktsdeptartementet": "Kommunal- og distriktsdepartementet",  # 000 typo
    "Kommunal- og distriktsdepartementet (KDD)": "Kommunal- og distriktsdepartementet",
    "Landbruksdepartementet": "Landbruks- og matdepartementet",
    "Landbruks- og matdepartementet": "Landbruks- og matdepartementet",
    "Samferdselsdepartementet": "Samferdselsdepartementet",
    "Husbanken": "Husbanken",
    "Distriktssenteret": "Distriktssenteret",
    "Distriktssentret": "Distriktssenteret",  # 001 spelling
    "Innovasjon Norge": "Innovasjon Norge",
    "Forskningsrådet": "Norges forskningsråd",
    "Norges forskningsråd": "Norges forskningsråd",
    "Sametinget": "Sametinget",
    "NAV": "NAV",
    "NAV ROH": "NAV Røros, Os og Holtålen",
    "NAV Røros, Os og Holtålen": "NAV Røros, Os og Holtålen",
    "Senteret for et aldersvennlig Norge": "Senteret for et aldersvennlig Norge",
    "DOGA": "Design og arkitektur Norge",
    "Design og arkitektur Norge": "Design og arkitektur Norge",
    "KS": "KS",
    # Transport
    "AtB": "AtB",
    "SJ": "SJ",
    # Education and research
    "Indre Nordmøre Opplæringskontor": "Indre Nordmøre Opplæringskontor",
    "Nord universitet": "Nord universitet",
    "NTNU": "NTNU",
    "SINTEF": "SINTEF",
    "Namdal Studiesenter": "Namdal Studiesenter",
    "Grong videregående skole": "Grong videregående skole",
    "Grong videregåendeskole": "Grong videregående skole",  # 001 line 802
    "Grong videregående": "Grong videregående skole",
    "Grong vgs": "Grong videregående skole",
    "LOS-prosjektet ved Grong videregående skole": "LOS-prosjektet ved Grong videregående skole",
    "LOS-prosjekt ved Grong vgs": "LOS-prosjektet ved Grong videregående skole",
    "LOS-prosjektet": "LOS-prosjektet ved Grong videregående skole",
    "Nissedal studie- og utdanningssenter": "Nissedal studie- og utdanningssenter",
    "NUS": "Nissedal studie- og utdanningssenter",
    # Regional business and development bodies
    "Rørosregionen næringshage": "Rørosregionen næringshage",
    "Rørosreginoen næringshage": "Rørosregionen næringshage",  # 000 line 1106 typo
    "Namdal regionråd": "Namdal regionråd",
    "Namdal næringsforening": "Namdal næringsforening",
    "Lierne Utvikling": "Lierne Utvikling",
    "Namsskogan utvikling": "Namsskogan Utvikling",
    "Omstillingsprogrammet for Namsskogan og Røyrvik": (
        "Omstillingsprogrammet for Namsskogan og Røyrvik"
    ),
    "Utviklingsmiljøene i Indre Namdal": "Utviklingsmiljøene i Indre Namdal",
    "Næringslivet": "Næringslivet",
    "Næringslivet i regionen": "Næringslivet",
    "Lokalt næringsliv": "Næringslivet",
    # Agriculture
    "Norske Landbrukstjenester": "Norske Landbrukstjenester",
    "Landbrukstjenester": "Norske Landbrukstjenester",
    "Faglagene i landbruket": "Faglagene i landbruket",
    "Faglaga": "Faglagene i landbruket",
    "Landbrukskontorene i kommunene": "Landbrukskontorene i kommunene",
    "Skogselskapet": "Skogselskapet",
    "Matnavet": "Matnavet",
    "Helse Nord-Trøndelag": "Helse Nord-Trøndelag",
    # Pilots as actors
    "Indre Namdal": "Indre Namdal",
    "Bygdevekst IN": "Indre Namdal",
    "Bygdevekst Indre Namdal": "Indre Namdal",
    "IN-kommunene": "Indre Namdal",
    "Kommunene i Indre Namdal": "Indre Namdal",
    "Namdalspiloten": "Indre Namdal",
    "Indre Namdals-piloten": "Indre Namdal",
    "Indre Namdal-piloten": "Indre Namdal",
    "Pilot Indre Namdal": "Indre Namdal",
    "Bygdevekstpilot Indre Namdal": "Indre Namdal",
    "Kommunene": "Pilotkommunene",
    "Pilotkommunene": "Pilotkommunene",
    "Avtalekommunene": "Pilotkommunene",
    "Kommunene i pilotene": "Pilotkommunene",
    "Kommunene i piloten": "Pilotkommunene",
    "Bygdevekstpilotene i Trøndelag": "Bygdevekstpilotene i Trøndelag",
    "Bygdevekstkommunene i Trøndelag": "Bygdevekstpilotene i Trøndelag",
    "Pilotene i Trøndelag": "Bygdevekstpilotene i Trøndelag",
    # Others named in 004
    "Léva Urban Design": "Léva Urban Design",
    "Oxford Research": "Oxford Research",
    # A kommune named in three languages (003 line 188)
    "Gáivuotna - Kåfjord - Kaivuono kommune": "Kåfjord kommune",
}

# Written forms that stand for several canonical actors at once.
GROUP_ALIASES: dict[str, list[str]] = {
    "Rindal og Holtålen kommuner": ["Rindal kommune", "Holtålen kommune"],
    "Rindal/Holtålen-piloten": ["Rindal kommune", "Holtålen kommune"],
    "Rindal-Holtålen": ["Rindal kommune", "Holtålen kommune"],
}

# Kommune names: written bare ("Rindal") or with "kommune" they become "<Name> kommune".
# The two pilots of 000/001, the six Vest-Telemark kommuner (004), neighbours the plans
# name, and the kommuner of the other pilots in KDD's letter (003).
KOMMUNER: list[str] = [
    "Rindal", "Holtålen", "Røyrvik", "Namsskogan", "Lierne", "Grong",
    "Fyresdal", "Kviteseid", "Nissedal", "Seljord", "Tokke", "Vinje",
    "Røros", "Os", "Oppdal", "Rennebu", "Hitra", "Osen", "Åfjord", "Midtre Gauldal",
    "Leka", "Høylandet", "Snåsa", "Meråker", "Tydal",
    "Smøla", "Aure", "Solund", "Fedje", "Engerdal", "Trysil", "Våler", "Åmot",
    "Nordreisa", "Skjervøy", "Kvænangen", "Kåfjord",
]  # fmt: skip

# County names, for "<Fylke> fylkeskommune" and "Statsforvalteren i <Fylke>".
FYLKER: list[str] = [
    "Trøndelag", "Vestland", "Innlandet", "Nordland", "Rogaland", "Agder", "Akershus",
    "Buskerud", "Østfold", "Oslo", "Vestfold", "Telemark", "Troms", "Finnmark", "Viken",
    "Vestfold og Telemark", "Troms og Finnmark", "Møre og Romsdal",
]  # fmt: skip

# Phrases joining several actors into one written phrase; canonical_actors resolves each
# side when every side is known ("Rindal/Holtålen felles med Namdalspiloten").
CONNECTORS: list[str] = [" felles med ", " sammen med ", " i samarbeid med ", " og ", "/", " & "]

# Bullet marks that start an item in a cell ("- X", "• X", "▪ X", "o X").
BULLET_RE = re.compile(r"^\s*(?:[-–—•▪◦●■*]|o)(?:\s+|$)")

# Words that end a line without ending the actor: the next line continues it.
CONTINUING_WORDS: list[str] = ["og", "i", "ved", "med", "for", "av", "til", "felles", "på"]

# Short lowercase words that may legitimately begin a continuation line. Any other 1-2
# letter lowercase fragment starting a line is the tail of a word broken without a hyphen
# ("Bygdevekstpiloten\\ne i Trøndelag", "Landbrukskontore\\nne i kommunene", 001).
SHORT_WORDS: list[str] = [
    "i", "og", "på", "av", "til", "ved", "med", "om", "en", "et", "ei", "å", "as", "ut", "nå",
]  # fmt: skip

# Nouns that end an organisation's name ("Indre Fjord Regionråd", "Fjordheim næringshage",
# "Rindal kommune"), matched at the end of its last word. A line break after such a name
# in a list cell ends the item even when the next name is on no list. Kinds of bodies, not
# names of any ("lag" is left out: it ends "Trøndelag").
NAME_HEAD_NOUNS: tuple[str, ...] = (
    "kommune", "kommunen", "råd", "rådet", "hage", "hagen", "skole", "skolen", "skule",
    "skulen", "senter", "senteret", "sentralen", "kontor", "kontoret", "bank", "banken",
    "direktorat", "direktoratet", "universitet", "universitetet", "høgskole", "høgskule",
    "institutt", "instituttet", "selskap", "selskapet", "forening", "foreningen", "foreining",
    "nettverk", "nettverket", "forum", "klynge", "klyngen", "stiftelse", "stiftelsen", "etat",
    "etaten",
)  # fmt: skip
# Endings of a noun in definite form (bokmål and nynorsk: "Husbanken", "Distriktssenteret",
# "kommunene", "faglaga" is left out: a final -a is too common in names).
DEFINITE_ENDINGS: tuple[str, ...] = ("ene", "ane", "en", "et")
# The shortest tail of a compound looked up as its head ("-senteret" in "Distriktssenteret").
_MIN_HEAD = 3

# Capitalized words that are not kommune names in "<Word> kommune" (sentence starts).
NOT_KOMMUNE_NAMES: list[str] = [
    "hver", "hvilken", "en", "ei", "den", "denne", "samme", "egen", "annen", "ingen", "sin",
    "vår", "hvilke", "ny", "nabo", "aktuell", "kvar", "kva", "eigen", "ein", "og",
    "din", "deres", "liten", "mindre", "større", "hele", "heile", "som", "i", "per",
]  # fmt: skip

# Alias forms that are generic nouns in running text ("kommunene skal ...", "lokalt
# næringsliv"): fine as table-cell actors, but not names for find_organisations.
NOT_NAMES_IN_TEXT: list[str] = [
    "Kommunene", "Pilotkommunene", "Avtalekommunene", "Kommunene i pilotene",
    "Kommunene i piloten", "Fylkeskommunen", "Næringslivet", "Næringslivet i regionen",
    "Lokalt næringsliv", "Faglaga", "Landbrukstjenester",
]  # fmt: skip

# ---------------------------------------------------------------------------------------

_DASH_OG_RE = re.compile(r"\s*[-–—]\s*og\b")
_PAREN_RE = re.compile(r"\s*\([^)]*\)\s*$")
_EDGE_RE = re.compile(r"^[\s,;:.–—-]+|[\s,;:.]+$")


def _key(text: str) -> str:
    """Lookup key: casefolded, single-spaced, "Kommunal – og" -> "kommunal- og"."""
    text = normalize_whitespace(text)
    text = _DASH_OG_RE.sub("- og", text)
    return text.casefold()


_ALIAS_INDEX: dict[str, list[str]] = {_key(k): [v] for k, v in ALIASES.items()}
_ALIAS_INDEX.update({_key(k): list(v) for k, v in GROUP_ALIASES.items()})
_KOMMUNE_INDEX: dict[str, str] = {k.casefold(): k for k in KOMMUNER}
_FYLKE_INDEX: dict[str, str] = {f.casefold(): f for f in FYLKER}
_KOMMUNE_RE = re.compile(r"^(.+?) kommune(?:n|ns|s)?$", re.IGNORECASE)
_FYLKESKOMMUNE_RE = re.compile(r"^(.+?) fylkeskommunen?s?$", re.IGNORECASE)
_STATSFORVALTER_RE = re.compile(r"^statsforvalt[ae]ren i (.+)$", re.IGNORECASE)


def _clean(raw: str) -> str:
    text = BULLET_RE.sub("", normalize_whitespace(raw), count=1)
    return _EDGE_RE.sub("", text)


def _kommune(name: str) -> str | None:
    found = _KOMMUNE_INDEX.get(normalize_whitespace(name).casefold())
    return f"{found} kommune" if found else None


def _resolve(text: str) -> list[str] | None:
    """Canonical names of one written actor, or None when it is not known."""
    key = _key(text)
    if key in _ALIAS_INDEX:
        return list(_ALIAS_INDEX[key])
    if _PAREN_RE.search(text):
        # "Trøndelag fylkeskommune (TRFK)": the parenthesis repeats the name.
        inner = _resolve(_PAREN_RE.sub("", text))
        if inner is not None:
            return inner
    kommune = _kommune(text)
    if kommune:
        return [kommune]
    if m := _STATSFORVALTER_RE.match(normalize_whitespace(text)):
        fylke = _FYLKE_INDEX.get(m.group(1).casefold())
        if fylke:
            return [f"Statsforvalteren i {fylke}"]
    if m := _FYLKESKOMMUNE_RE.match(normalize_whitespace(text)):
        fylke = _FYLKE_INDEX.get(m.group(1).casefold())
        if fylke:
            return [f"{fylke} fylkeskommune"]
    if m := _KOMMUNE_RE.match(normalize_whitespace(text)):
        name = m.group(1)
        known = _kommune(name)
        if known:
            return [known]
        # Any "<Name> kommune" is an organisation, even one not in KOMMUNER.
        if name[:1].isupper() and name.split()[0].casefold() not in NOT_KOMMUNE_NAMES:
            return [f"{name} kommune"]
    return None


def _resolve_joined(text: str) -> list[str] | None:
    """Resolve ``text`` directly or as connector-joined known actors."""
    direct = _resolve(text)
    if direct is not None:
        return direct
    for connector in CONNECTORS:
        parts = re.split(re.escape(connector), text, flags=re.IGNORECASE)
        if len(parts) < 2 or any(not p.strip() for p in parts):
            continue
        resolved = [_resolve_joined(p.strip()) for p in parts]
        if all(r is not None for r in resolved):
            out: list[str] = []
            for names in resolved:
                for name in names or []:
                    if name not in out:
                        out.append(name)
            return out
    return None


def is_known_actor(text: str) -> bool:
    """Whether the alias table resolves ``text`` (alone or as joined known actors)."""
    cleaned = _clean(text)
    return bool(cleaned) and _resolve_joined(cleaned) is not None


def canonical_actors(raw: str) -> list[str]:
    """Canonical names for one written actor; the written form when it is not known.

    "TRFK" -> ["Trøndelag fylkeskommune"]; "Rindal/Holtålen" -> ["Rindal kommune",
    "Holtålen kommune"]; "Namdal Regionråd" -> ["Namdal regionråd"]; an unknown form comes
    back whitespace-normalized; an empty cell or a lone bullet gives [].
    """
    cleaned = _clean(raw)
    if not cleaned or not any(ch.isalnum() for ch in cleaned):
        return []
    resolved = _resolve_joined(cleaned)
    return resolved if resolved is not None else [cleaned]


# ----------------------------- splitting a table cell ----------------------------------

_COMMA_ALIASES = sorted((k for k in [*ALIASES, *GROUP_ALIASES] if "," in k), key=len, reverse=True)
_COMMA_ALIAS_RES = [
    re.compile(r"\s+".join(re.escape(w) for w in k.split()), re.IGNORECASE) for k in _COMMA_ALIASES
]
_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_OG_RE = re.compile(r"\s+og\s+", re.IGNORECASE)


def _ends_continuing(text: str) -> bool:
    words = text.rstrip().split()
    return bool(words) and words[-1].casefold() in CONTINUING_WORDS


def _join_lines(cell: str) -> list[str]:
    """Items of a cell: bullets start one, wrapped lines are re-joined."""
    lines = [line for line in cell.replace("\r", "").split("\n") if line.strip()]
    # Text dumps keep a trailing space where a line broke between words; its absence
    # then marks a word broken without a hyphen. Only trust that when the cell shows it.
    keeps_spaces = any(line != line.rstrip() for line in lines[:-1])
    items: list[str] = []
    current: str | None = None
    previous_raw = ""
    for raw in lines:
        line = raw.strip()
        bullet = BULLET_RE.match(line)
        if bullet:
            if current is not None:
                items.append(current)
            current = line[bullet.end() :].strip()
        elif current is None or not current:
            if current is not None:
                items.append(current)
            current = line
        elif current.endswith((",", ";")):
            items.append(current)
            current = line
        else:
            first_word = line.split()[0]
            broken_word = (
                current[-1].isalpha()
                and line[0].islower()
                and (
                    (keeps_spaces and previous_raw == previous_raw.rstrip())
                    or (len(first_word) <= 2 and first_word not in SHORT_WORDS)
                )
            )
            if broken_word:
                current += line
            elif current.endswith("-") and current[-2:-1].isalpha() and line[0].islower():
                # "Fylkes-\nkommunen": a hyphenated line break, not "Kommunal- og".
                current = (
                    f"{current} {line}" if first_word in ("og", "eller") else current[:-1] + line
                )
            elif (
                line[0].isupper()
                and not _ends_continuing(current)
                and is_known_actor(_SPLIT_RE.split(current)[-1])
                and is_known_actor(_SPLIT_RE.split(line)[0])
            ):
                # One known actor per line without bullets or commas: "Husbanken\nTRFK".
                items.append(current)
                current = line
            else:
                current += " " + line
        previous_raw = raw
    if current is not None:
        items.append(current)
    return items


def _split_og(item: str) -> list[str]:
    if _resolve(item) is not None:
        return [item]
    parts = _OG_RE.split(item)
    if len(parts) > 1 and all(is_known_actor(p) for p in parts):
        return parts
    return [item]


def split_actors(cell: str) -> list[str]:
    """Written actors of a table cell, in order, whitespace-normalized.

    Splits on bullets ("- X", "• X", "▪ X", "o X"), commas/semicolons, line breaks between
    complete known actors, and "og" where both sides are known actors; re-joins an actor
    wrapped over lines. Empty bullets ("- " in 000's T1 row) are dropped.
    """
    out: list[str] = []
    for item in _join_lines(cell):
        for piece in _split_commas(item):
            for part in _split_og(_clean(piece)):
                cleaned = _clean(part)
                if cleaned and any(ch.isalnum() for ch in cleaned):
                    out.append(cleaned)
    return out


def _split_commas(item: str) -> list[str]:
    """Split on commas/semicolons, except inside names that hold a comma."""
    # "NAV Røros, Os og Holtålen" holds a comma that does not separate actors: stash such
    # names behind placeholders, split, then put them back.
    saved: list[str] = []

    def stash(m: re.Match[str]) -> str:
        saved.append(m.group())
        return f"\x00{len(saved) - 1}\x00"

    protected = item
    for pattern in _COMMA_ALIAS_RES:
        protected = pattern.sub(stash, protected)
    return [
        re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], piece)
        for piece in _SPLIT_RE.split(protected)
    ]


# ----------------------------- organisations in running text ---------------------------

_SHORT_ALIAS_MAX = 4  # single-token aliases this short match case-sensitively ("KS", "Nav")
_NOT_NAMES = {n.casefold() for n in NOT_NAMES_IN_TEXT}


def _alias_patterns() -> list[dict[str, object]]:
    patterns: list[dict[str, object]] = []
    written = {**{k: [v] for k, v in ALIASES.items()}, **GROUP_ALIASES}
    for form, names in written.items():
        ent_id = " | ".join(names)
        if " " not in form and len(form) <= _SHORT_ALIAS_MAX:
            # "KS", "SJ", "NAV" lowercased are ordinary letters/words; match as written
            # (plus all-caps and capitalized variants, the ways documents write them).
            variants = {form, form.upper(), form.capitalize()}
            for variant in sorted(variants):
                patterns.append({"label": "ORG", "pattern": [{"ORTH": variant}], "id": ent_id})
        elif form.casefold() in _NOT_NAMES:
            continue
        else:
            patterns.append({"label": "ORG", "pattern": form, "id": ent_id})
    for fylke in FYLKER:
        fylke_tokens = [{"LOWER": w.casefold()} for w in fylke.split()]
        patterns.append(
            {
                "label": "ORG",
                "pattern": [
                    *fylke_tokens,
                    {"LOWER": {"IN": ["fylkeskommune", "fylkeskommunen", "fylkeskommunes"]}},
                ],
                "id": f"{fylke} fylkeskommune",
            }
        )
        patterns.append(
            {
                "label": "ORG",
                "pattern": [
                    {"LOWER": {"IN": ["statsforvalteren", "statsforvaltaren"]}},
                    {"LOWER": "i"},
                    *fylke_tokens,
                ],
                "id": f"Statsforvalteren i {fylke}",
            }
        )
    kommune_names = [k for k in KOMMUNER if " " not in k]
    patterns.append(
        {
            "label": "ORG",
            "pattern": [
                {"IS_TITLE": True, "LOWER": {"NOT_IN": NOT_KOMMUNE_NAMES}},
                {"LOWER": {"IN": ["kommune", "kommunes"]}},
            ],
        }
    )
    # "Rindal/Holtålen": two kommuner written as one name.
    patterns.append(
        {
            "label": "ORG",
            "pattern": [
                {"TEXT": {"IN": kommune_names}},
                {"ORTH": "/"},
                {"TEXT": {"IN": kommune_names}},
            ],
        }
    )
    return patterns


@cache
def _nlp() -> Language:
    import spacy  # lazy: importing spacy costs about a second

    nlp = spacy.blank("nb")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_alias_patterns())  # type: ignore[attr-defined]
    return nlp


def _collapse(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs collapsed, and each output char's index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                index.append(i)
            in_space = True
        else:
            out.append(ch)
            index.append(i)
            in_space = False
    return "".join(out), index


def find_organisations(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of organisation names in running text.

    Offsets index into ``text`` as given (a name may span a line break). A name that stands
    for several actors ("Rindal/Holtålen") gives one tuple per canonical name, same span.
    """
    return list(_find_organisations(text))


@lru_cache(maxsize=8192)
def _find_organisations(text: str) -> tuple[tuple[int, int, str], ...]:
    # Table cells repeat the same short texts ("Rindal/Holtålen", "- TRFK") many times;
    # running the spaCy pipeline once per distinct text is most of the tiltak stage.
    collapsed, index = _collapse(text)
    doc = _nlp()(collapsed)
    found: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        names = ent.ent_id_.split(" | ") if ent.ent_id_ else canonical_actors(ent.text)
        start = index[ent.start_char]
        end = index[ent.end_char - 1] + 1
        for name in names:
            found.append((start, end, name))
    return tuple(found)


# ----------------------------- names wrapped in list cells -----------------------------


def is_definite_noun(word: str) -> bool:
    """Whether ``word`` is a noun in definite form ("Frivilligsentralen", "LOS-prosjektet",
    "utviklingsmiljøene"): the word, or its longest tail the nb lemma tables know, differs
    from its lemma by a definite ending. Names open with such a noun; a wrapped name's head
    noun ("Regionråd", "Opplæringskontor", "fylkeskommune") is indefinite."""
    from hplan.normalize.lemmas import store

    w = word.strip(",.;:()").rsplit("-", 1)[-1].casefold()
    if not w.isalpha():
        return False
    lemmas = store()
    for start in range(len(w) - _MIN_HEAD + 1):
        head = w[start:]
        if lemmas.is_word(head):
            lemma = lemmas.lemma(head)
            return bool(lemma) and lemma != head and head.endswith(DEFINITE_ENDINGS)
    return False


def name_is_complete(item: str) -> bool:
    """Whether a (partly read) list item already is a whole organisation name, so that a
    capitalised next line starts another: a noun in definite form ends it ("Husbanken",
    "Statsforvalteren"), or a head noun after a modifier ("Fjordheim næringshage", "Indre
    Fjord Regionråd"), or it is a known actor of more than one word ("Bygdevekst IN"). A
    lone place name ("Grong", "Trøndelag") is not: "Grong" / "videregåendeskole" is one."""
    last = _SPLIT_RE.split(item.strip())[-1].strip()
    words = last.split()
    if not words or _ends_continuing(last):
        return False
    tail = words[-1].strip(",.;:").casefold()
    if is_definite_noun(tail):
        return True
    if len(words) > 1 and tail.endswith(NAME_HEAD_NOUNS):
        return True
    return len(words) > 1 and is_known_actor(last)


def opens_name(line: str) -> bool:
    """Whether a line of a list cell starts an organisation's name: a known actor, or a
    first word that is a noun in definite form ("Frivilligsentralen i", "kommunene")."""
    words = line.split()
    return bool(words) and (is_known_actor(line.strip()) or is_definite_noun(words[0]))
