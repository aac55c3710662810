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
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hplan.extract.ingest import SUPPORTED_SUFFIXES, IngestError, load_document
from hplan.extract.settings import Settings
from hplan.models.document import Document
from hplan.models.records import CheckRecord, DocumentRecord

from hplan.safe_text import printable


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
# Every stage may add to ``checks``.
INGESTED: tuple[str, ...] = ("source", "lines", "pages", "tables", "checks")

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
        requires=("lines", "meta.doc_type"),
        assigns=("toc_entries", "delmal", "sections"),
    ),
    Stage(
        "budget_tables",
        "hplan.extract.budget:find_tables",
        requires=("source", "lines", "tables", "delmal"),
        assigns=("budget_tables", "table_spans", "tables"),
    ),
    Stage(
        "tiltak_tables",
        "hplan.extract.tiltak:find_tables",
        requires=(
            "lines",
            "pages",
            "tables",
            "sections",
            "meta.doc_type",
            "meta.plan_year",
        ),
        assigns=("tiltak_tables", "previous_tiltak", "table_spans", "tables"),
    ),
    # Before tiltak: the one money scan, whose figures the tiltak stage's budgets are read
    # from; after every stage that registers table spans, so table text is read as tables.
    Stage(
        "amounts",
        "hplan.extract.amounts:run",
        requires=("lines", "sections", "table_spans", "budget_tables"),
        assigns=("amounts", "money"),
    ),
    Stage(
        "tiltak",
        "hplan.extract.tiltak:run",
        requires=(
            "lines",
            "tiltak_tables",
            "previous_tiltak",
            "money",
            "budget_tables",
            "sections",
            "delmal",
            "table_spans",
            "meta.doc_type",
            "meta.plan_year",
            "meta.agreement_start",
            "meta.agreement_end",
        ),
        assigns=("tiltak", "tiltak_actors"),
    ),
    Stage(
        "measures",
        "hplan.extract.measures:run",
        requires=("lines", "sections", "delmal", "tiltak", "table_spans"),
        assigns=("tiltak", "delmal"),
    ),
    Stage(
        "budget",
        "hplan.extract.budget:run",
        requires=("lines", "delmal", "tiltak", "budget_tables", "meta.plan_year"),
        assigns=("budget_rows",),
    ),
    # Last: it judges what the other stages found.
    Stage(
        "requirements",
        "hplan.extract.requirements:run",
        requires=(
            "lines",
            "sections",
            "delmal",
            "tiltak",
            "previous_tiltak",
            "amounts",
            "budget_rows",
            "checks",
            "meta.doc_type",
            "meta.pilot",
            "meta.plan_year",
            "meta.agreement_start",
        ),
        assigns=("requirements",),
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
    "requirements",
)


@dataclass
class DocResult:
    document: DocumentRecord
    tables: dict[str, list[Any]] = field(default_factory=dict)
    # Content lemmas of each tiltak section's body (tiltak_key → sorted words), for
    # matching across years; not a contract table, so they travel beside the rows. Made
    # here, in the converting worker, so the batch's linking does no text work.
    tiltak_words: dict[str, list[str]] = field(default_factory=dict)
    # A plan's links from its own status tables to its tiltak, and their checks
    # (:func:`hplan.normalize.matcher.link_within`), made in the converting worker too;
    # None where they were not made (the batch's linking makes them then).
    within: tuple[list[Any], list[Any]] | None = None
    # True when the rows came from the result cache (not stored in the cache itself).
    cached: bool = False

    @property
    def status(self) -> str:
        return self.document.status


class FileTimeout(Exception):
    pass


# Set while a time limit runs: a nested time_limit keeps the outer one, so the limit
# that starts before a file is hashed also covers its conversion.
_LIMIT_ACTIVE = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in this thread after ``seconds`` (Unix, main thread only)."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_LIMIT_ACTIVE, "on", False)
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
    _LIMIT_ACTIVE.on = True
    try:
        yield
    finally:
        # An alarm may still land between these lines: it is ignored, never raised
        # while the failed row is being made.
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_REAL, 0)
        _LIMIT_ACTIVE.on = False
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
    return hashlib.sha256(b"unreadable:" + os.fsencode(path)).hexdigest()


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def path_sha256(path: str | os.PathLike[str], sha: str) -> str:
    """The id of a file whose bytes do not tell it apart (empty, or the same bytes as
    another input of another format): its bytes' hash and its path together."""
    return hashlib.sha256(sha.encode() + b":" + os.fsencode(path)).hexdigest()


def regular_file_error(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not a regular file we may open, or None. Decided from ``stat``
    alone, so a FIFO or a device is refused before anything waits on it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "cannot read: no such file"
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "cannot read: it is a folder"
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    return f"not a regular file: {kind}"


def _identify(path: Path, sha: str | None = None) -> tuple[str, str]:
    """(doc_id, sha256) of a file: of its bytes, or of its path when it cannot be read;
    an empty file's id is made from its path too (every empty file has the same bytes).
    Only regular files are opened: a FIFO would block."""
    if sha is None and regular_file_error(path) is None:
        sha = file_sha256(path)
    if sha is None:
        sha = unreadable_sha256(path)
    if sha == EMPTY_SHA256:
        return path_sha256(path, sha)[:12], sha
    return sha[:12], sha


def failed_result(
    path: str | os.PathLike[str],
    error: str,
    extractor: str | None = None,
    sha256: str | None = None,
) -> DocResult:
    """A ``failed`` row; ``sha256`` when known (so nothing is read again)."""
    path = Path(path)
    doc_id, sha = _identify(path, sha256)
    error = printable(error)
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


def stages_through(name: str, stages: list[Stage] | None = None) -> list[Stage]:
    """The stages up to and including the one called ``name``, in order: what a test or a
    notebook runs to look at a document as that stage leaves it."""
    stages = STAGES if stages is None else stages
    names = [s.name for s in stages]
    if name not in names:
        raise ValueError(f"no stage called {name!r}; the stages are {', '.join(names)}")
    return stages[: names.index(name) + 1]


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
        except (FileTimeout, MemoryError):
            raise  # the file's limits: it fails as a whole
        except Exception as err:  # one stage's bug must not lose the other stages' work
            if no_room_to_load(err):
                raise MemoryError(describe_error(err)) from err
            crashed.append(name)
            doc.add_check("stage", "error", f"stage {name} failed: {describe_error(err)}")
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
    from hplan.normalize.text import content_lemmas

    words = {
        section.tiltak_key: content_lemmas(
            "\n".join(
                line.text for line in doc.lines[section.first_line + 1 : section.last_line + 1]
            )
        )
        for section in doc.sections
        if section.kind == "tiltak" and section.tiltak_key
    }
    result = DocResult(document_record(doc, status, error), tables, words)
    if result.document.doc_type == "handlingsplan":
        from hplan.normalize.matcher import link_within

        result.within = link_within(result)
    return result


OUT_OF_MEMORY = "out of memory while converting (--max-memory)"


def process(
    path: str | os.PathLike[str],
    settings: Settings | None = None,
) -> tuple[Document | None, DocResult]:
    """Convert one file; returns the Document (None when ingestion failed) and its rows.

    The time limit covers everything done for the file, hashing included; a file that
    is not a regular file is refused before it is opened. Whatever a reader raises is
    a failed row: pdfplumber's own clean-up can raise on a corrupt file, for instance.
    """
    settings = settings or Settings()
    extractor = extractor_of(path)
    sha: str | None = None
    try:
        with time_limit(settings.per_file_timeout_s):
            refused = regular_file_error(path)
            if refused:
                raise IngestError(refused)
            # Hashed first, inside the limit: a failure after this point needs no
            # second read of the file to get its id.
            sha = file_sha256(Path(path))
            doc = load_document(path, settings)
            sha = doc.source.sha256
            crashed = run_stages(doc, settings=settings)
    except (IngestError, FileTimeout) as err:
        return None, failed_result(path, str(err), extractor, sha)
    except MemoryError:
        return None, failed_result(path, OUT_OF_MEMORY, extractor, sha)
    except RecursionError:
        return None, failed_result(path, "too deeply nested to convert", extractor, sha)
    except PipelineOrderError:
        raise  # the pipeline's fault, not the file's: refused before anything is converted
    except Exception as err:  # a reader's bug on a hostile file fails that file alone
        if no_room_to_load(err):
            return None, failed_result(path, OUT_OF_MEMORY, extractor, sha)
        return None, failed_result(
            path, f"converter crashed: {describe_error(err)}", extractor, sha
        )
    return doc, result_of(doc, crashed)


def no_room_to_load(err: BaseException) -> bool:
    """A compiled library imported lazily that the loader could not map into memory: under
    a memory limit (``--max-memory``) that is running out of memory, not a crash. (glibc's
    dlopen says "failed to map segment from shared object" when mmap fails.)"""
    return isinstance(err, ImportError) and "failed to map segment" in str(err)


def describe_error(err: BaseException) -> str:
    """``Type: first line of the message``, short."""
    text = str(err).strip()
    first = text.splitlines()[0][:200] if text else ""
    return f"{type(err).__name__}: {first}" if first else type(err).__name__


def convert(
    path: str | os.PathLike[str],
    settings: Settings | None = None,
) -> DocResult:
    """Convert one file into its table rows; never raises for bad input."""
    return process(path, settings)[1]


def extractor_of(path: str | os.PathLike[str]) -> str | None:
    return SUPPORTED_SUFFIXES.get(Path(path).suffix.lower())
