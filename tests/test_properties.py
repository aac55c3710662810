"""Property-based fuzzing (hypothesis) of money strings and texts: no value crashes a
parser or a stage. Kept small enough for the normal test run (a few seconds)."""

from __future__ import annotations

import re
from pathlib import Path

from hplan.extract.pipeline import convert
from hplan.normalize.amounts import INT64_MAX, find_amounts, parse_amount
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Figures as plans write them, with digit runs of any length (up to far beyond any
# amount), grouping by spaces or dots, øre, dashes, scale words and qualifiers.
_group = st.integers(0, 999).map(lambda n: f"{n:03d}")
_lead = st.integers(1, 999).map(str)
_grouped = st.tuples(_lead, st.lists(_group, max_size=12), st.sampled_from([" ", ".", ""])).map(
    lambda t: t[2].join([t[0], *t[1]])
)
_run = st.text(alphabet="0123456789", min_size=1, max_size=60)
_figure = st.tuples(
    st.sampled_from(["", "kr ", "kr. ", "NOK ", "inntil kr ", "ca. "]),
    st.one_of(_grouped, _run),
    st.sampled_from(["", ",-", ",50", " kroner", " kr", " mill.", " millioner kroner", "'"]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_figure)
def test_parse_amount_never_raises_and_stays_in_range(raw: str) -> None:
    value = parse_amount(raw)
    assert value is None or value >= 0
    digits = re.sub(r"\D", "", raw.split(",")[0]).lstrip("0")
    if value is not None and "mill" not in raw:
        # Without a scale word a value is the figure's whole kroner, or one more where
        # øre round up ("9,50" -> 10).
        assert int(digits or 0) <= value <= int(digits or 0) + 1


_words = st.sampled_from(
    ["kr", "kroner", "Tiltak", "Delmål", "1.1", "Sum", "|", "-", "2025", "inntil", "\n", " "]
)
_texty = st.lists(st.one_of(_words, _figure, st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_texty)
def test_find_amounts_never_raises_and_keeps_values_in_range(text: str) -> None:
    for in_table in (False, True):
        for match in find_amounts(text, in_table=in_table):
            assert match.amount_nok is None or 0 <= match.amount_nok <= INT64_MAX
            assert match.raw.replace(" ", "") in text.replace("\n", "").replace(" ", "")


_line = st.one_of(
    _texty,
    st.tuples(st.sampled_from(["Delmål", "Tiltak", "T"]), st.integers(0, 99)).map(
        lambda t: f"{t[0]} {t[1]}"
    ),
    st.lists(st.one_of(_figure, st.text(max_size=8)), max_size=6).map(" | ".join),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(_line, min_size=1, max_size=60))
def test_no_stage_crashes_on_any_text(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Handlingsplan 2025 for Bygdevekst\n" + "\n".join(lines), encoding="utf-8")
    result = convert(path)
    crashes = [c.message for c in result.tables.get("checks", []) if c.check == "stage"]
    assert not crashes
    assert result.document.status in ("ok", "partial", "failed")
