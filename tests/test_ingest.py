"""Ingestion of the corpus text dumps into the document model."""

from __future__ import annotations

import re

import pytest
from helpers import raw_lines
from hplan.extract.ingest import (
    IngestError,
    decode_text,
    load_document,
    normalize_line,
    page_breaks,
)


@pytest.fixture(scope="module")
def doc000(corpus_docs):
    return corpus_docs["000"]


@pytest.fixture(scope="module")
def doc001(corpus_docs):
    return corpus_docs["001"]


@pytest.mark.parametrize(
    ("prefix", "line", "page", "text"),
    [
        ("000", 15, 1, "Handlingsplan 2025"),
        ("000", 87, 2, "Innholdsfortegnelse"),
        ("000", 195, 3, "1. Introduksjon"),
        ("000", 271, 5, "Delmål 1 Øke boligbygging og utvikle nye boligtilbud"),
        (
            "000",
            475,
            7,
            "forarbeid til eventuelt planmateriale. Det budsjetteres med 120.000,- totalt",
        ),
        # The page that ends in a link annotation (line 1943) and only two empty lines.
        ("000", 1943, 30, "http://www.kompetanseforumtrondelag.no/"),
        ("000", 1946, 31, "6.1 Bygge kunnskapsgrunnlag utdanningstilbud"),
        ("000", 2476, 40, "Handlingsplanen er godkjent av"),
        ("001", 31, 2, "1. Introduksjon"),
        ("001", 187, 5, "Delmål 1 Øke rekruttering av relevant arbeidskraft"),
        ("001", 1117, 19, "Delmål 4: Øke Boligbyggingen"),
        ("001", 2284, 38, "7. Samlet budsjett og finansiering 2025"),
        ("002", 6, 1, "Fylkesdirektørens innstilling:"),
        ("003", 167, 1, "Med hilsen"),
        ("004", 31, 1, "• Fleire eigna bustader i Vest-Telemark"),
        ("004", 155, 3, "Kommunedirektøren sitt framlegg til vedtak:"),
    ],
)
def test_known_lines_on_known_pages(
    prefix: str, line: int, page: int, text: str, corpus_docs
) -> None:
    doc = corpus_docs[prefix]
    got = doc.lines[line - 1]
    assert got.line == line
    assert got.page == page
    assert got.text.strip().startswith(text)


@pytest.mark.parametrize(
    ("prefix", "n_lines", "n_pages"),
    [("000", 2508, 40), ("001", 2448, 40), ("002", 367, 3), ("003", 223, 2), ("004", 164, 3)],
)
def test_line_numbering_is_the_files(prefix: str, n_lines: int, n_pages: int, corpus_docs) -> None:
    doc = corpus_docs[prefix]
    assert len(doc.lines) == n_lines == len(raw_lines(prefix)) - 1  # file ends with "\n"
    assert doc.n_pages == n_pages
    assert [ln.index for ln in doc.lines] == list(range(n_lines))
    # Pages partition the lines in order.
    covered = [i for p in doc.pages for i in range(p.first_line, p.last_line + 1)]
    assert covered == list(range(n_lines))


def test_page_rule_matches_000_table_of_contents(doc000) -> None:
    """Every ToC entry's printed page equals the page its heading is found on."""
    # Single-line entries with a number (wrapped ones are the structure stage's business).
    toc = re.compile(
        r"^(?P<title>(?:Delmål \d+ |\d+\.\d*\.? |T\d |Tverrgående)\S*.*?)\s*\.{3,}\s*(?P<page>\d+)$"
    )
    checked = 0
    lines = [ln.text for ln in doc000.lines]
    for i in range(88, 190):
        m = toc.match(lines[i].strip())
        if not m:
            continue
        title = m.group("title").strip(" .")
        hits = [
            ln for ln in doc000.lines[190:] if ln.text.strip().startswith(title) and ln.text.strip()
        ]
        assert hits, title
        assert hits[0].page == int(m.group("page")), (title, hits[0].line)
        checked += 1
    assert checked == 44  # all single-line numbered entries of 000's ToC


def test_odd_spaces_normalized_without_moving_lines(doc001) -> None:
    raw = raw_lines("001")
    assert "\u202f" in raw[2254]  # narrow no-break spaces as thousands separators
    assert doc001.lines[2254].text.startswith("4 300 000  1 500 000  1 400 000")
    assert not any("\u202f" in ln.text or "\u00a0" in ln.text for ln in doc001.lines)


def test_normalize_line_characters() -> None:
    assert normalize_line("kr\u00a0150\u202f000") == "kr 150 000"
    assert normalize_line("bolig\u00adbygging") == "boligbygging"
    assert normalize_line("\ufb01nansiering") == "finansiering"
    assert normalize_line("2024\u20132027 \u2014 x\u2010y\u2212z") == "2024–2027 – x-y-z"


def test_decode_fallbacks() -> None:
    text = "Delmål 1 Øke boligbygging – kr 150 000"
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(text.encode("cp1252"))[0] == text
    assert decode_text(text.encode("cp1252"))[1] == "cp1252"
    mojibake = text.encode("utf-8").decode("cp1252").encode("utf-8")
    assert decode_text(mojibake) == (text, "utf-8 (repaired mojibake)")
    with pytest.raises(IngestError, match="not valid UTF-8"):
        decode_text(b"\x81\x8d\x8f\x90 no norwegian letters here \x9d")


def test_form_feeds_give_pages(tmp_path) -> None:
    path = tmp_path / "ff.txt"
    path.write_text("Side en\nmer tekst\n\fSide to\n\fSide tre\n", encoding="utf-8")
    doc = load_document(path)
    assert [(ln.page, ln.text) for ln in doc.lines] == [
        (1, "Side en"),
        (1, "mer tekst"),
        (2, "Side to"),
        (3, "Side tre"),
    ]


def test_page_breaks_rule() -> None:
    lines = ["a", "", "", "", "b", "", "c", "", "http://x.no/", "", "", "d", " ", "", "", "e"]
    assert page_breaks(lines) == [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]
