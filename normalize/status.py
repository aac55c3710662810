"""Status of a previous-year tiltak ("Tiltaksoversikt fra handlingsplan 2024").

Each plan lists last year's tiltak with a *Status* and a *Kommentar*. The status is a short
verb phrase in bokmål or nynorsk ("Videreføres", "Revideres og videreføres", "Slås sammen
med tiltak 3", "Utgår"); the PDF text dump often wraps it over lines ("Slås \\nsammen
\\nmed tiltak 3"). :func:`normalize_status` maps it to the contract vocabulary
``continued | revised | merged | ended | dropped`` and :func:`find_successors` names this
year's tiltak numbers that carry the row on.

The *status* column decides. Comments are prose that mention other outcomes in passing
("Flere aktiviteter gjennomført i HP2024. Tiltaket ... videreføres", 000 line 975), and at
least one comment contradicts its status by copy-paste (Tverrgående tiltak 1: status
"Videreføres", comment "Tiltaket er gjennomført ...", 000 line 2195), so the comment is
read only when the status column holds no status word at all.
"""

from __future__ import annotations

import re

from hplan.normalize.text import normalize_whitespace
from hplan.normalize.vocab import STATUSES

# ---------------------------------------------------------------------------------------
# Vocabulary (extend here). Phrases are matched case-insensitively on whitespace-normalized
# text, as whole words. The dict order is the priority order when a status holds phrases of
# several kinds:
#   merged  before revised  - "Revideres og slås sammen med tiltak 2" is a merge;
#   revised before continued - "Revideres og videreføres" contains "videreføres";
#   dropped before ended     - "Tiltaket utgår og arbeidet avsluttes" (000 line 861) is
#                              dropped: it was never carried out;
#   ended   before continued - "Avsluttes, videreføres i ordinær drift" ends the tiltak.
# ---------------------------------------------------------------------------------------
STATUS_PHRASES: dict[str, list[str]] = {
    "merged": [
        "slås sammen",
        "slått sammen",
        "slåes sammen",
        "slås saman",
        "slått saman",
        "slåast saman",
        "slåss saman",
        "sammenslått",
        "samanslått",
        "overføres til",
        "overført til",
        "overførast til",
        "overførd til",
        "går inn i",
        "går inn under",
        "tas inn i",
        "takast inn i",
        "inngår i",
        "inngår no i",
        "innlemmes i",
        "innlemma i",
    ],
    "revised": [
        "revideres og videreføres",
        "revidert og videreført",
        "revideres",
        "revidert",
        "revidere",
        "reviderast",
        "endres og videreføres",
        "endret og videreført",
        "endrast og vidareførast",
        "justeres og videreføres",
        "justert og videreført",
        "videreføres med endringer",
        "videreføres i endret form",
        "vidareførast med endringar",
    ],
    "dropped": [
        "utgår",
        "utgått",
        "går ut",
        "fjernes",
        "strykes",
        "droppes",
        "blir ikke gjennomført",
        "vert ikkje gjennomført",
        "ikke videreført",
        "ikkje vidareført",
    ],
    "ended": [
        "avsluttes",
        "avsluttet",
        "avslutta",
        "avsluttast",
        "gjennomført",
        "gjennomførd",
        "ferdig",
        "ferdigstilt",
        "fullført",
        "sluttført",
    ],
    "continued": [
        "videreføres",
        "videreført",
        "viderefører",
        "vidareførast",
        "vidareført",
        "vidarefører",
        "fortsetter",
        "fortsett",
        "held fram",
        "holder fram",
        "påbegynt og videreføres",
        "pågår",
        "pågående",
    ],
}

# Words that lead to a *this year's* tiltak number in a status or comment: the row is
# carried on by that tiltak. "{N}" stands for a tiltak number list ("1", "3 og 4", "1, 2").
SUCCESSOR_PATTERNS: list[str] = [
    r"(?:overføres|overført|overførast|overførd)\s+til\s+(?:nytt\s+)?tiltak\s+{N}",
    r"(?:slås|slått|slåes|slåast|slåss)\s+(?:sammen|saman)\s+med\s+(?:nytt\s+)?tiltak\s+{N}",
    r"(?:går|gjekk|gikk)\s+inn\s+(?:i|under)\s+(?:nytt\s+)?tiltak\s+{N}",
    r"(?:tas|takast|tatt|innlemmes|innlemma)\s+inn\s+i\s+(?:nytt\s+)?tiltak\s+{N}",
    r"(?:innlemmes|innlemma|inngår)\s+i\s+(?:nytt\s+)?tiltak\s+{N}",
    r"(?:videreføres|vidareførast|videreført|vidareført)\s+(?:i|som|under)\s+(?:nytt\s+)?"
    r"tiltak\s+{N}",
    r"(?:sammenslått|samanslått)\s+(?:med|til)\s+(?:nytt\s+)?tiltak\s+{N}",
]

# "Tiltak 3 og 4 slås sammen": a group that merges; the row whose own status is not
# "merged" is the one that carries the group on (000 lines 983-992).
GROUP_MERGE_PATTERN = (
    r"tiltak(?:ene)?\s+{N}\s+(?:slås|slått|slåes|slåast|blir\s+slått|vert\s+slått)\s+"
    r"(?:sammen|saman)"
)

# ---------------------------------------------------------------------------------------

if set(STATUS_PHRASES) != set(STATUSES):  # a status added to one list and not the other
    raise ImportError(f"STATUS_PHRASES and vocab.STATUSES differ: {set(STATUS_PHRASES)}")

# A tiltak number: "3", "T1", "1.2" (delmål.tiltak, the tiltak part is used), not "HP25".
_NUM = r"(?:T?\d+(?:\.\d+)?)"
_NUM_LIST = rf"({_NUM}(?:\s*(?:,|og|&|\+)\s*{_NUM})*)"
# A number that points into another delmål ("delmål 3 tiltak 1") is not a successor.
_OTHER_DELMAL = re.compile(r"delmål\s+\d+\s*(?:,|-|–)?\s*$", re.IGNORECASE)


def _phrase_re(phrases: list[str]) -> re.Pattern[str]:
    alternatives = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?!\w)", re.IGNORECASE)


_STATUS_RES: dict[str, re.Pattern[str]] = {k: _phrase_re(v) for k, v in STATUS_PHRASES.items()}
_SUCCESSOR_RES = [
    re.compile(p.replace("{N}", _NUM_LIST), re.IGNORECASE) for p in SUCCESSOR_PATTERNS
]
_GROUP_RE = re.compile(GROUP_MERGE_PATTERN.replace("{N}", _NUM_LIST), re.IGNORECASE)
_SPLIT_NUMS = re.compile(_NUM)
# "går ut på" means "is about", not "is dropped" ("hva tiltaket går ut på").
_NOT_DROPPED = re.compile(r"går\s+ut\s+på", re.IGNORECASE)


def _classify(text: str) -> str | None:
    text = _NOT_DROPPED.sub(" ", normalize_whitespace(text))
    for status, pattern in _STATUS_RES.items():
        if pattern.search(text):
            return status
    return None


def normalize_status(status_raw: str, comment: str = "") -> str | None:
    """Contract status of a previous-year row; ``None`` when neither column says.

    The status column decides; the comment is read only when the status column holds no
    status word (an empty cell, or a label like "Hovedprosjekt").
    """
    found = _classify(status_raw)
    if found is not None:
        return found
    return _classify(comment)


def _numbers(num_list: str) -> list[str]:
    out: list[str] = []
    for raw in _SPLIT_NUMS.findall(num_list):
        # "T1" -> "1" (delmål T is the row's own); "5.2" -> "2" (its tiltak part).
        number = raw.lstrip("Tt").rsplit(".", 1)[-1]
        if number not in out:
            out.append(number)
    return out


def _referenced(text: str) -> list[str]:
    text = normalize_whitespace(text)
    out: list[str] = []
    for pattern in _SUCCESSOR_RES:
        for m in pattern.finditer(text):
            if _OTHER_DELMAL.search(text[: m.start(1)]):
                continue
            for number in _numbers(m.group(1)):
                if number not in out:
                    out.append(number)
    return out


def _group_partners(text: str, own_no: str) -> list[str] | None:
    """Numbers of a "Tiltak 3 og 4 slås sammen" group that includes ``own_no``."""
    for m in _GROUP_RE.finditer(normalize_whitespace(text)):
        group = _numbers(m.group(1))
        if own_no in group:
            return group
    return None


def find_successors(status_raw: str, comment: str, own_no: str) -> list[str]:
    """This year's tiltak numbers (same delmål) that carry a previous-year row on.

    - ended / dropped: ``[]``;
    - a number named by the status ("Overføres til tiltak 1", "Slås sammen med tiltak 3"),
      else by the comment ("Tiltaket går inn i tiltak 2", "går inn i nytt tiltak 1");
    - a "Tiltak 3 og 4 slås sammen" group in the comment: the row whose status is not
      "merged" carries the group on under its own number;
    - continued / revised with no reference: ``[own_no]``;
    - merged with no number found: ``[]`` (the target is unknown, not the row itself).
    """
    status = normalize_status(status_raw, comment)
    own = own_no.strip().lstrip("Tt")
    if status in (None, "ended", "dropped"):
        return []
    named = _referenced(status_raw) or _referenced(comment)
    if named:
        return named
    group = _group_partners(comment, own) or _group_partners(status_raw, own)
    if status == "merged":
        if group:
            # The merged row joins the group's first other member ("Tiltak 3 og 4": 4 -> 3).
            others = [n for n in group if n != own]
            return others[:1]
        return []
    return [own]
