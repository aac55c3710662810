"""Theme of a delmål title, in the contract vocabulary.

Every pilot words its sub-goals its own way, bokmål or nynorsk: "Øke boligbygging og
utvikle nye boligtilbud" (000), "Øke Boligbyggingen" (001) and "Fleire eigna bustader i
Vest-Telemark" (004) are one theme, ``bolig``. :func:`assign_theme` matches word *stems*
against the title's lowercased tokens, so inflection ("bustader"), definite forms
("landbruksnæringa") and compounds ("boligbygging") all hit the stem.

No lemma table is needed for that: Norwegian compounds put the head last and inflect at the
end, so a stem is a substring of every form of every compound built on it. That keeps this
module free of spaCy and the 2-second lemma-table load.
"""

from __future__ import annotations

import re

from hplan.normalize.vocab import OTHER_THEME
from hplan.normalize.vocab import THEMES as _THEME_NAMES

# ---------------------------------------------------------------------------------------
# Vocabulary (extend here)
#
# theme -> keyword stems. A stem matches when it is a substring of a lowercased title
# token ("bolig" in "boligbygging"); a keyword with a space is matched against the whole
# title as a phrase ("privat sektor"); a keyword starting with "=" must equal a whole
# token ("=plan" matches "Plan- og utviklingsprosesser" but not "handlingsplan").
#
# The dict order is the PRIORITY ORDER for titles that hit several themes; the first theme
# with a hit wins. Specific before general:
#   tverrgaende             "Tverrgående tiltak" is a structural heading, whatever it names.
#   studie_kontorfellesskap before utdanning: "studie- og kontorfellesskap" is about
#                           workplaces, not education.
#   landbruk                before naeringsutvikling: "landbruksnæringen" contains
#                           "næring".
#   bolig, mobilitet        concrete sectors, rarely ambiguous.
#   utdanning               "kompetanseheving gjennom fleksibel utdanning" is the KDD
#                           education delmål.
#   rekruttering            "Rekruttering og kompetanseutvikling" (002) is about recruiting.
#   naeringsutvikling       jobs and business ("arbeidsplassar i privat sektor", 004).
#   samfunnsutvikling       "samarbeid", "planlegging": broad, but still a domain.
#   kompetanse              LAST: "kompetanse" mostly qualifies the domain it serves ("Øke
#                           ressurser og kompetanse til å drive samfunnsutvikling og
#                           planlegging", 001 line 1615), so it wins only alone ("Meir
#                           kompetanse innan helse og oppvekst", 004 line 33).
# ---------------------------------------------------------------------------------------
THEME_KEYWORDS: dict[str, list[str]] = {
    "tverrgaende": ["tverrgående", "tverrgåande", "tverrgaande"],
    "studie_kontorfellesskap": [
        "kontorfellesskap",
        "kontorfelleskap",
        "arbeidsfellesskap",
        "arbeidsfelleskap",
        "studiefellesskap",
        "kontorplass",
        "coworking",
        "hospiter",
    ],
    "landbruk": [
        "landbruk",
        "jordbruk",
        "skogbruk",
        "gardsbruk",
        "gårdsbruk",
        "husdyr",
        "avløs",
        "jordlov",
        "konsesjonslov",
        "bonde",
        "bønder",
        "reindrift",
        "matproduksjon",
        "mjølk",
        "melkeprodu",
    ],
    "bolig": [
        "bolig",
        "bustad",
        "husbank",
        "leilighet",
        "husvære",
        "utleie",
        "utleige",
        "bomiljø",
        "bumiljø",
        "tomt",
    ],
    "mobilitet": [
        "mobilitet",
        "transport",
        "kollektiv",
        "samferdsel",
        "buss",
        "drosje",
        "taxi",
        "pendl",
        "fritidskjøring",
        "bildeling",
        "ferje",
        "=veg",
        "=vei",
    ],
    "utdanning": [
        "utdanning",
        "utdaning",
        "desentralisert",
        "studietilbud",
        "studietilbod",
        "studiesenter",
        "opplæring",
        "fagskole",
        "fagskule",
        "høgskole",
        "høgskule",
    ],
    "rekruttering": [
        "rekrutter",
        "arbeidskraft",
        "omdømme",
        "omdøme",
        "tilflytting",
        "tilflytjing",
        "bulyst",
        "innflytting",
        "innflytjing",
    ],
    "naeringsutvikling": [
        "næringsutvikling",
        "næringsliv",
        "næringsaktør",
        "arbeidsplass",
        "privat sektor",
        "verdiskaping",
        "bedrift",
        "gründer",
        "grunder",
        "nyetabl",
        "entreprenør",
        "reiseliv",
        "=næring",
        "=næringar",
        "=næringer",
    ],
    "samfunnsutvikling": [
        "samfunnsutvikling",
        "planlegging",
        "=plan",
        "planarbeid",
        "arealplan",
        "samfunnsplan",
        "stedsutvikling",
        "stadutvikling",
        "sentrumsutvikling",
        "tettstedsutvikling",
    ],
    "kompetanse": ["kompetanse", "kompetent"],
}

THEMES: tuple[str, ...] = (*THEME_KEYWORDS, OTHER_THEME)
if set(THEMES) != set(_THEME_NAMES):  # a theme added to one list and not the other
    raise ImportError(f"THEME_KEYWORDS and vocab.THEMES differ: {set(THEMES) ^ set(_THEME_NAMES)}")

# ---------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def _hits(keywords: list[str], tokens: list[str], phrase_text: str) -> list[str]:
    hits: list[str] = []
    for keyword in keywords:
        if keyword.startswith("="):
            word = keyword[1:]
            hits.extend(f"'{word}'" for token in tokens if token == word)
        elif " " in keyword:
            if re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", phrase_text):
                hits.append(f"'{keyword}'")
        else:
            hits.extend(
                f"'{keyword}'" if token == keyword else f"'{keyword}' in '{token}'"
                for token in tokens
                if keyword in token
            )
    return list(dict.fromkeys(hits))


def assign_theme(title: str) -> tuple[str, str]:
    """``(theme, evidence)`` for a delmål title; ``("other", ...)`` when no keyword hits.

    The evidence names the matched keywords (and any lower-priority themes also hit), so a
    reviewer can see why: ``"bolig: 'bolig' in 'boligbygging'; 'bolig' in 'boligtilbud'"``.
    """
    text = " ".join(title.lower().split())
    tokens = _TOKEN_RE.findall(text)
    matched: list[tuple[str, list[str]]] = []
    for theme, keywords in THEME_KEYWORDS.items():
        hits = _hits(keywords, tokens, text)
        if hits:
            matched.append((theme, hits))
    if not matched:
        return OTHER_THEME, "no theme keyword in title"
    theme, hits = matched[0]
    evidence = f"{theme}: " + "; ".join(hits)
    if len(matched) > 1:
        evidence += " (also matched, lower priority: " + ", ".join(t for t, _ in matched[1:]) + ")"
    return theme, evidence
