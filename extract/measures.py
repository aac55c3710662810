"""Measures stage: numbered measures written one per line, outside bygdevekst tables.

Plans that are not bygdevekst handlingsplaner (regional næringsplaner, kommunale
handlingsplaner, web pages of a plan) list their measures as lines of their own:

    Strategi: Skape en kultur for innovasjon …
    Tiltak 1: Bidra til at …
    Tiltak 2 – Utrede muligheten for …
    Prosjekt 3 - Stimulere til …

Rules
-----
* A **measure line** starts (after an optional bullet) with "Tiltak N" or "Prosjekt N"
  followed by a colon, a dash or a full stop, or directly by a capitalised title. A list
  starts at number 1, or at any number right below a goal line (numbering that runs on
  across goals); each further line has the next number, and a line that breaks the count
  ends the list (a lone "Tiltak 4: se omtalen over." is not a measure).
* The **title** is the line's first sentence: a second sentence ("Inkluderer prosjektet
  …") describes the measure and goes to ``evidence``.
* The **goal** of a measure is the nearest goal line above it: "Delmål N", or what a plan calls
  its sub-goals where a bygdevekst plan says delmål — "Innsatsområde N", "Strategi N",
  "Satsingsområde N" (also without a number: "Strategi: …"). Such a goal becomes a
  ``delmal`` row (its number as printed, or its position among the goals when it has
  none; ``theme_evidence`` says which word named it). A measure without a goal gets an
  empty ``delmal_no``, as in the tiltak stage.
* A plain numbered list ("1. Etablere …", "2) Utrede …") is a list of measures only right
  under a line that heads it as such ("Tiltak", "Tiltak:", "Aktuelle tiltak:", "Tiltak i
  planperioden:"); numbered lists under other lines (projects in a news story, steps of a
  process) are not.
* Only measures the tiltak stage did not find are added (not a line of its rows, tables
  or tiltak headings, and not a key it has), so in a bygdevekst plan this stage adds
  nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hplan.extract.settings import Settings
from hplan.models.document import Document, Line
from hplan.models.records import DelmalRecord, TiltakRecord

# Words that number a measure in a list, and words that name a goal above it.
MEASURE_WORDS = ("Tiltak", "Prosjekt")
GOAL_WORDS = ("Delmål", "Delmal", "Innsatsområde", "Satsingsområde", "Satsningsområde", "Strategi")


_MEASURE = re.compile(
    r"^\s*(?:[•▪◦●*\-–]\s*)?(?P<word>" + "|".join(MEASURE_WORDS) + r")\s+(?P<n>\d{1,2})"
    r"(?:\s*(?::|–|-|\.)\s+|\s+(?=[A-ZÆØÅ]))(?P<title>[A-ZÆØÅ«\"].*?)\s*$"
)
_GOAL = re.compile(
    r"^\s*(?P<word>" + "|".join(sorted(GOAL_WORDS, key=len, reverse=True)) + r")"
    r"(?:\s+(?P<n>\d{1,2}))?\s*(?::|–|-|\.)\s*(?P<title>[A-ZÆØÅ«\"].*?)\s*$",
    re.IGNORECASE,
)
# A line that heads a plain numbered list of measures: "Tiltak", "Tiltak:", "Aktuelle
# tiltak:", "Tiltak i planperioden:".
_LIST_HEAD = re.compile(
    r"^\s*(?:(?:aktuelle|foreslåtte|prioriterte|konkrete|nye|våre|planlagde|planlagte)\s+)?"
    r"tiltak(?:\s+(?:i|for|frå|fra)\s+[^.!?]{1,40})?\s*:?\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?P<word>)(?P<n>\d{1,2})[.)]\s+(?P<title>[A-ZÆØÅ«\"].*?)\s*$")
# The end of a title's first sentence: a full stop before a capitalised word.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_)])\.\s+(?=[A-ZÆØÅ])")


@dataclass(slots=True)
class _Goal:
    index: int
    word: str
    number: str
    title: str


def _title(text: str) -> tuple[str, str | None]:
    """(first sentence, the rest) of a measure line's text."""
    cut = _SENTENCE_END.search(text)
    if cut is None:
        return text.rstrip(" ."), None
    return text[: cut.start()].rstrip(" ."), text[cut.end() :].strip() or None


def _measure_lists(
    lines: list[Line], goal_lines: set[int], goal_ahead: int
) -> list[list[tuple[int, re.Match[str]]]]:
    """Runs of measure lines numbered 1, 2, 3 … (same word); a run right below a goal
    line may start at another number (numbering that runs on across goals)."""
    runs: list[list[tuple[int, re.Match[str]]]] = []
    current: list[tuple[int, re.Match[str]]] = []
    for i, line in enumerate(lines):
        m = _MEASURE.match(line.text)
        if m is None:
            continue
        n = int(m.group("n"))
        last = current[-1][1] if current else None
        if last is not None and last.group("word") == m.group("word") and n == int(last["n"]) + 1:
            current.append((i, m))
            continue
        if current:
            runs.append(current)
        below_goal = any(i - goal_ahead <= g < i for g in goal_lines)
        current = [(i, m)] if n == 1 or below_goal else []
    if current:
        runs.append(current)
    return runs


def _headed_lists(lines: list[Line], head_gap: int) -> list[list[tuple[int, re.Match[str]]]]:
    """Plain numbered lists ("1. Etablere …", "2) Utrede …") right under a "Tiltak"
    heading; a numbered list under any other line is not read as measures."""
    runs: list[list[tuple[int, re.Match[str]]]] = []
    i = 0
    while i < len(lines):
        if not _LIST_HEAD.match(lines[i].text):
            i += 1
            continue
        run_: list[tuple[int, re.Match[str]]] = []
        j = i + 1
        while j < len(lines) and (run_ or j <= i + head_gap):
            if lines[j].is_blank:
                j += 1
                continue
            m = _LIST_ITEM.match(lines[j].text)
            if m is None or int(m.group("n")) != len(run_) + 1:
                break
            run_.append((j, m))
            j += 1
        if run_:
            runs.append(run_)
        i = max(j, i + 1)
    return runs


def _goals(lines: list[Line]) -> list[_Goal]:
    goals: list[_Goal] = []
    for i, line in enumerate(lines):
        m = _GOAL.match(line.text)
        if m is None:
            continue
        number = m.group("n") or str(sum(1 for g in goals if g.word == m.group("word")) + 1)
        goals.append(_Goal(i, m.group("word"), number, " ".join(m.group("title").split())))
    return goals


def _goal_delmal(doc: Document, goal: _Goal, known: set[str]) -> str:
    """The delmål number of a goal line; a goal not yet a delmål becomes one."""
    from hplan.normalize.themes import assign_theme

    is_delmal = goal.word.lower().startswith("delm")
    placed = doc.place(goal.index)[0]
    delmal_no = placed if placed and is_delmal else goal.number
    if delmal_no in known:
        return delmal_no
    head = doc.lines[goal.index]
    theme, evidence = assign_theme(goal.title)
    named = f"goal named '{goal.word}'" + ("" if is_delmal else " (read as delmål)")
    doc.delmal.append(
        DelmalRecord(
            doc.doc_id,
            delmal_no,
            goal.title,
            theme,
            head.page,
            head.line,
            f"{named}; {evidence}" if evidence else named,
        )
    )
    known.add(delmal_no)
    return delmal_no


def run(doc: Document, settings: Settings | None = None) -> None:
    chosen = (settings or Settings()).measures
    lines = doc.lines
    goals = _goals(lines)
    runs = _measure_lists(lines, {g.index for g in goals}, chosen.goal_ahead)
    runs += _headed_lists(lines, chosen.list_head_gap)
    runs.sort(key=lambda run_: run_[0][0])
    # Lines the tiltak stage read: its rows, the tiltak headings of the section tree, and
    # the tables it recognised.
    known_lines = {t.line for t in doc.tiltak}
    known_lines |= {lines[s.first_line].line for s in doc.sections if s.kind == "tiltak"}
    for span in doc.table_spans:
        known_lines |= {ln.line for ln in lines[span.first_line : span.last_line + 1]}
    known_keys = {t.tiltak_key for t in doc.tiltak}
    known_delmal = {d.delmal_no for d in doc.delmal}
    for i, m in (item for run_ in runs for item in run_):
        line = lines[i]
        if line.line in known_lines:
            continue
        # The goal of a measure is the nearest goal line above it, within reach.
        goal = next((g for g in reversed(goals) if i - chosen.goal_lookback <= g.index < i), None)
        delmal_no = _goal_delmal(doc, goal, known_delmal) if goal is not None else ""
        key = f"{delmal_no}.{m.group('n')}"
        if key in known_keys:
            continue
        title, rest = _title(m.group("title"))
        label = f"{m.group('word')} {m.group('n')}" if m.group("word") else f"item {m.group('n')}"
        evidence = [f"measure line '{label}' (line {line.line})"]
        if rest:
            evidence.append(f"described: '{rest}'")
        if goal is not None:
            evidence.append(f"under {goal.word} '{goal.title}' (line {lines[goal.index].line})")
        doc.tiltak.append(
            TiltakRecord(
                doc_id=doc.doc_id,
                tiltak_key=key,
                delmal_no=delmal_no,
                tiltak_no=m.group("n"),
                title=title,
                hovedansvarlig=None,
                samarbeidsparter=None,
                tidsramme=None,
                start_year=None,
                end_year=None,
                budget_nok=None,
                ended=False,
                page=line.page,
                line=line.line,
                evidence="; ".join(evidence),
            )
        )
        known_keys.add(key)
