"""The per-document pipeline: ingest, then named stages over one Document.

``convert(path)`` never raises for a bad input: it returns a :class:`DocResult` whose
``documents`` row says ``failed`` with a one-line error and a ``checks`` row saying
the same. A stage that crashes on an otherwise readable document leaves its tables
empty, adds an ``error`` check and marks the document ``partial``; later stages still
run. Stages are looked up by dotted name so each one can be developed, tested and
timed on its own, like spaCy's named pipeline components.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hplan.extract.ingest import SUPPORTED_SUFFIXES, IngestError, load_document
from hplan.extract.settings import Settings
from hplan.models.document import Document
from hplan.models.records import CheckRecord, DocumentRecord


@dataclass(frozen=True)
class Stage:
    """One named stage: ``target`` ("module:function") takes ``(doc, settings)`` and adds to
    the document. Like a spaCy component's ``requires``/``assigns``, ``requires`` names the
    Document attributes it reads and ``assigns`` those it adds ("meta.plan_year" for one
    field of the metadata), so :func:`check_order` can refuse an order in which a stage
    would read what no earlier stage has made."""

    name: str
    target: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


class PipelineOrderError(ValueError):
    """A stage list in which a stage reads an attribute no earlier stage assigns."""


# What ingestion gives every Document before the first stage.
INGESTED: tuple[str, ...] = ("source", "lines", "pages")

_META = (
    "meta.doc_type",
    "meta.pilot",
    "meta.plan_year",
    "meta.language",
    "meta.title",
    "meta.agreement_start",
    "meta.agreement_end",
)

STAGES: list[Stage] = [
    Stage("metadata", "hplan.extract.metadata:run", requires=("lines",), assigns=_META),
    Stage(
        "structure",
        "hplan.extract.structure:run",
        requires=("lines", "pages", "meta.doc_type"),
        assigns=("toc_entries", "delmal", "sections"),
    ),
    Stage(
        "tiltak",
        "hplan.extract.tiltak:run",
        requires=(
            "lines",
            "pages",
            "sections",
            "delmal",
            "meta.doc_type",
            "meta.plan_year",
            "meta.agreement_start",
            "meta.agreement_end",
        ),
        assigns=("tiltak", "tiltak_actors", "previous_tiltak", "table_spans"),
    ),
    Stage(
        "amounts",
        "hplan.extract.amounts:run",
        requires=("lines", "sections", "table_spans"),
        assigns=("amounts",),
    ),
    Stage(
        "budget",
        "hplan.extract.budget:run",
        requires=("lines", "pages", "delmal", "tiltak", "table_spans", "meta.plan_year"),
        assigns=("budget_rows",),
    ),
]


def check_order(stages: list[Stage]) -> None:
    """Raise :class:`PipelineOrderError` when a stage needs what no earlier stage (or
    ingestion) assigns; every stage is checked before any runs."""
    made = set(INGESTED)
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise PipelineOrderError(f"stage {stage.name!r} is listed twice")
        names.add(stage.name)
        missing = [need for need in stage.requires if need not in made]
        if missing:
            makers = [
                s.name for s in stages if s.name != stage.name and set(missing) & set(s.assigns)
            ]
            hint = f" (assigned by {', '.join(makers)}: run it first)" if makers else ""
            raise PipelineOrderError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage "
                f"assigns{hint}"
            )
        made.update(stage.assigns)


DOC_TABLES = (
    "toc_entries",
    "delmal",
    "tiltak",
    "tiltak_actors",
    "previous_tiltak",
    "amounts",
    "budget_rows",
    "checks",
)


@dataclass
class DocResult:
    document: DocumentRecord
    tables: dict[str, list[Any]] = field(default_factory=dict)
    # Body text of each tiltak section (tiltak_key → text), for matching across years;
    # not a contract table, so it travels beside the rows.
    tiltak_text: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.document.status


class FileTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds`` (Unix, main thread only)."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _expired(signum: int, frame: Any) -> None:
        raise FileTimeout(f"took longer than the {seconds:g} s time limit per file (--timeout)")

    previous = signal.signal(signal.SIGALRM, _expired)
    # Re-armed every 0.25 s: an alarm that lands in a garbage-collection callback is
    # printed and swallowed by Python, and the file would then run to the end.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _resolve(target: str) -> Callable[[Document, Settings], None]:
    module_name, func_name = target.split(":")
    return getattr(importlib.import_module(module_name), func_name)


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes, read in chunks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def unreadable_sha256(path: str | os.PathLike[str]) -> str:
    """The id of a file whose bytes cannot be read: made from its path, so the row still
    has a key."""
    return hashlib.sha256(("unreadable:" + os.fspath(path)).encode()).hexdigest()


def _identify(path: Path) -> tuple[str, str]:
    """(doc_id, sha256) of a file's bytes; of its path when it cannot be read."""
    sha = file_sha256(path) or unreadable_sha256(path)
    return sha[:12], sha


def failed_result(
    path: str | os.PathLike[str], error: str, extractor: str | None = None
) -> DocResult:
    path = Path(path)
    doc_id, sha = _identify(path)
    record = DocumentRecord(
        doc_id=doc_id,
        source=os.fspath(path),
        sha256=sha,
        doc_type="other",
        pilot=None,
        plan_year=None,
        language=None,
        n_pages=None,
        extractor=extractor,
        status="failed",
        error=error,
    )
    check = CheckRecord(doc_id, "ingest", "error", error, None, None)
    return DocResult(record, {"checks": [check]})


def run_stages(
    doc: Document, stages: list[Stage] | None = None, settings: Settings | None = None
) -> list[str]:
    """Run the stages over ``doc``, after checking their order (:func:`check_order`, which
    raises :class:`PipelineOrderError`); returns the names of stages that crashed."""
    stages = STAGES if stages is None else stages
    check_order(stages)
    settings = settings or Settings()
    crashed = []
    for stage in stages:
        name = stage.name
        try:
            _resolve(stage.target)(doc, settings)
        except FileTimeout:
            raise
        except Exception as err:  # one stage's bug must not lose the other stages' work
            crashed.append(name)
            msg = str(err).splitlines()[0][:200] if str(err) else ""
            doc.add_check("stage", "error", f"stage {name} failed: {type(err).__name__}: {msg}")
    return crashed


def document_record(doc: Document, status: str, error: str | None) -> DocumentRecord:
    meta = doc.meta
    return DocumentRecord(
        doc_id=doc.doc_id,
        source=doc.source.path,
        sha256=doc.source.sha256,
        doc_type=meta.doc_type,
        pilot=meta.pilot,
        plan_year=meta.plan_year,
        language=meta.language,
        n_pages=doc.n_pages,
        extractor=doc.source.extractor,
        status=status,
        error=error,
        title=meta.title,
        agreement_start=meta.agreement_start,
        agreement_end=meta.agreement_end,
        n_lines=len(doc.lines),
    )


def result_of(doc: Document, crashed: list[str]) -> DocResult:
    has_errors = crashed or any(c.severity == "error" for c in doc.checks)
    status = "partial" if has_errors else "ok"
    error = f"stages failed: {', '.join(crashed)}" if crashed else None
    tables = {name: list(getattr(doc, name)) for name in DOC_TABLES}
    texts = {
        section.tiltak_key: "\n".join(
            line.text for line in doc.lines[section.first_line + 1 : section.last_line + 1]
        )
        for section in doc.sections
        if section.kind == "tiltak" and section.tiltak_key
    }
    return DocResult(document_record(doc, status, error), tables, texts)


def process(
    path: str | os.PathLike[str], settings: Settings | None = None
) -> tuple[Document | None, DocResult]:
    """Convert one file; returns the Document (None when ingestion failed) and its rows."""
    settings = settings or Settings()
    try:
        with time_limit(settings.per_file_timeout_s):
            doc = load_document(path, settings)
            crashed = run_stages(doc, settings=settings)
    except (IngestError, FileTimeout) as err:
        return None, failed_result(path, str(err), extractor_of(path))
    except MemoryError:
        return None, failed_result(path, "out of memory while converting", extractor_of(path))
    return doc, result_of(doc, crashed)


def convert(path: str | os.PathLike[str], settings: Settings | None = None) -> DocResult:
    """Convert one file into its table rows; never raises for bad input."""
    return process(path, settings)[1]


def extractor_of(path: str | os.PathLike[str]) -> str | None:
    return SUPPORTED_SUFFIXES.get(Path(path).suffix.lower())
