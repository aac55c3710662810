"""Fuzz the batch: mutated corpus texts and generated PDFs through ``run_batch``.

Each round writes a folder of inputs (slices of the bundled corpus and of small plan PDFs
made with fpdf2, mutated: long digit runs, all figures on one line, invalid UTF-8, NUL
bytes, byte flips, truncation, duplicated or deleted chunks, hostile PDF objects, and
file names of any bytes) and converts it with the batch runner exactly as ``hplan run``
does (worker processes, time and memory limits), then writes the tables. It counts

* inputs tried;
* unhandled exceptions: anything that escaped ``run_batch`` or ``write_tables`` (the
  whole batch would be lost), and ``stage`` error checks (a stage crashed on a value,
  caught, the document ``partial``);
* lost files: inputs without a row in ``documents``, or rows sharing a doc_id;
* peak memory: the largest resident set of a worker and of the batch process.

Run it at low priority on a shared machine, e.g.::

    nice -n 19 python tools/fuzz.py --inputs 10000 --batch 250 --jobs 1 --seed 14

It prints one summary line per round and a final JSON summary; it exits 1 when anything
was lost or escaped. The inputs that caused a problem are kept under ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pdf_fixtures: plan PDFs rendered with fpdf2

from hplan.extract.settings import Settings  # noqa: E402

from hplan.batch import collect_inputs, run_batch  # noqa: E402
from hplan.output import write_tables  # noqa: E402

CORPUS = sorted((ROOT / "data" / "raw").glob("*.txt"))
HUGE_DIGITS = ("9" * 29, "1" * 40, "12345678901234567890123", "0" * 35 + "1")


# --- text mutations -----------------------------------------------------------------


def _slice(rng: random.Random, text: str) -> str:
    # Mostly a few pages (fast to convert, so many inputs fit in a run); now and then a
    # whole document.
    if len(text) < 4000 or rng.random() < 0.03:
        return text
    size = rng.randint(1000, min(len(text), 10000))
    start = rng.randint(0, len(text) - size)
    return text[start : start + size]


def _digits(rng: random.Random, text: str) -> str:
    run = rng.choice(HUGE_DIGITS)
    at = rng.randint(0, len(text))
    form = rng.choice(["kr {}", "{} kroner", "kr {},-", "{} mill. kr", "| {} |", "{}"])
    return text[:at] + " " + form.format(run) + " " + text[at:]


def _one_line(rng: random.Random, text: str) -> str:
    return " ".join(text.split("\n"))


def _figures_line(rng: random.Random, text: str) -> str:
    figures = " ".join(f"kr {rng.randint(1, 999)} {rng.randint(0, 999):03d}" for _ in range(3000))
    return text + "\n" + figures + "\n"


def _repeat_line(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    return "\n".join(lines[:i] + [lines[i]] * rng.randint(50, 2000) + lines[i:])


def _headings(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 40)):
        n, m = rng.randint(0, 99), rng.randint(0, 99)
        heading = rng.choice(
            [f"Delmål {n}", f"Tiltak {n}.{m}", f"{n}.{m}. Tiltak", f"T{n}", f"{n}.", "Sum"]
        )
        lines.insert(rng.randrange(len(lines) + 1), heading)
    return "\n".join(lines)


def _delete(rng: random.Random, text: str) -> str:
    a = rng.randrange(len(text) + 1)
    return text[:a] + text[a + rng.randint(1, 5000) :]


def _shuffle_lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines)


def _unicode(rng: random.Random, text: str) -> str:
    junk = "".join(
        chr(rng.choice([rng.randint(0x20, 0x2FFF), 0x2028, 0xFEFF, 0x0301])) for _ in range(200)
    )
    at = rng.randrange(len(text) + 1)
    return text[:at] + junk + text[at:]


TEXT_MUTATIONS = [
    _digits,
    _one_line,
    _figures_line,
    _repeat_line,
    _headings,
    _delete,
    _shuffle_lines,
    _unicode,
]


def _text_bytes(rng: random.Random, text: str) -> bytes:
    for mutate in rng.sample(TEXT_MUTATIONS, rng.randint(1, 3)):
        text = mutate(rng, text) or text
    data = text.encode("utf-8")
    roll = rng.random()
    if roll < 0.1:
        data = _flip(rng, data, rng.randint(1, 50))  # invalid UTF-8, maybe a NUL
    elif roll < 0.15:
        data = data.decode("utf-8").encode("latin-1", "replace")
    elif roll < 0.18:
        data = b""
    return data


# --- PDF mutations ------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes, n: int) -> bytes:
    buf = bytearray(data)
    for _ in range(n):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def _pdf_mutation(rng: random.Random, data: bytes) -> bytes:
    roll = rng.randrange(8)
    if roll == 0:
        return _flip(rng, data, rng.randint(1, 20))
    if roll == 1:  # truncated, keeping the %%EOF so it passes the first check
        return data[: rng.randrange(len(data))] + b"\n%%EOF\n"
    if roll == 2:  # a chunk duplicated
        a = rng.randrange(len(data))
        b = min(len(data), a + rng.randint(1, 4000))
        return data[:b] + data[a:b] + data[b:]
    if roll == 3:  # a chunk deleted
        a = rng.randrange(len(data))
        return data[:a] + data[a + rng.randint(1, 2000) :]
    if roll == 4:  # numbers in the object syntax changed
        out = bytearray(data)
        for _ in range(rng.randint(1, 10)):
            i = rng.randrange(len(out))
            if chr(out[i]).isdigit():
                out[i] = ord(str(rng.randrange(10)))
        return bytes(out)
    if roll == 5:  # a dictionary key replaced
        keys = [b"/Pages", b"/Kids", b"/Count", b"/MediaBox", b"/Contents", b"/Length", b"/Font"]
        old, new = rng.choice(keys), rng.choice(keys)
        return data.replace(old, new, rng.randint(1, 3))
    if roll == 6:
        return _hostile_pdf(rng)
    return data  # unmutated: a valid PDF in the mix


def _hostile_pdf(rng: random.Random) -> bytes:
    from pdf_fixtures import raw_pdf

    """Small PDFs with a broken or hostile structure: a page tree that is not a
    dictionary, a short MediaBox, nested form XObjects (a content bomb), self-reference."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    kind = rng.randrange(4)
    if kind == 0:
        return raw_pdf([b"<< /Type /Catalog /Pages " + str(rng.randint(0, 9)).encode() + b" >>"])
    if kind == 1:
        box = rng.choice([b"[0 0]", b"[0 0 (a) 5]", b"[]", b"[0 0 1e400 5]"])
        return raw_pdf(
            [
                catalog,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" >>",
            ]
        )
    if kind == 2:
        return raw_pdf([catalog, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])
    # Nested forms: each draws the next `fan` times; the innermost shows text.
    depth, fan = rng.randint(3, 7), rng.randint(4, 12)
    objects = [
        catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /F0 5 0 R >> /Font << /F1 "
        + str(5 + depth).encode()
        + b" 0 R >> >> >>",
    ]
    page = b"/F0 Do"
    objects.append(b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream")
    for level in range(depth):
        last = level == depth - 1
        body = b"BT /F1 9 Tf (kr 150 000) Tj ET" if last else b" ".join([b"/F0 Do"] * fan)
        inner = b"" if last else b"/XObject << /F0 %d 0 R >>" % (6 + level)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << "
            + inner
            + b" /Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n" % (5 + depth, len(body))
            + body
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return raw_pdf(objects)


def _base_pdfs(rng: random.Random, folder: Path, count: int) -> list[bytes]:
    from pdf_fixtures import sample_plan_pdf, write_plan_pdf

    out = [sample_plan_pdf(folder / "sample.pdf").read_bytes()]
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    for i in range(count - 1):
        lines = [ln for ln in _slice(rng, rng.choice(texts)).split("\n")[:60] if ln.strip()]
        blocks = [("# " + ln if rng.random() < 0.05 else ln) for ln in lines]
        out.append(write_plan_pdf(folder / f"base{i}.pdf", blocks).read_bytes())
    return out


# --- names ---------------------------------------------------------------------------


def _name(rng: random.Random, i: int, suffix: str) -> bytes:
    roll = rng.random()
    if roll < 0.05:
        return b"odd \xff\xfe %d" % i + suffix.encode()
    if roll < 0.08:
        return b"two\nlines %d" % i + suffix.encode()
    if roll < 0.10:
        return b"%d" % i + rng.choice([b".docx", b"", b".PDF", b".TXT"])
    return b"f%05d" % i + suffix.encode()


# --- the run ---------------------------------------------------------------------------


class WorkerMemory:
    """The largest resident set seen in any process below this one (the conversion
    workers), sampled every 0.2 s with psutil."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peak_mb = max(self.peak_mb, rss)

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--pdf-share", type=float, default=0.4)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--max-memory", type=float, default=1024.0, help="MB per file")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/hplan-fuzz-findings"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="hplan-fuzz-"))
    texts = [p.read_text(encoding="utf-8") for p in CORPUS]
    pdfs = _base_pdfs(rng, work, 12)
    settings = Settings(per_file_timeout_s=args.timeout)
    totals: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    started = time.monotonic()
    round_no = 0
    memory = WorkerMemory().__enter__()
    try:
        while totals["inputs"] < args.inputs:
            round_no += 1
            folder = work / f"round{round_no}"
            folder.mkdir()
            n = min(args.batch, args.inputs - totals["inputs"])
            for i in range(n):
                if rng.random() < args.pdf_share:
                    data, suffix = _pdf_mutation(rng, rng.choice(pdfs)), ".pdf"
                else:
                    data, suffix = _text_bytes(rng, _slice(rng, rng.choice(texts))), ".txt"
                with open(os.path.join(os.fsencode(folder), _name(rng, i, suffix)), "wb") as fh:
                    fh.write(data)
            paths = collect_inputs([folder])
            totals["inputs"] += len(paths)
            out = work / f"out{round_no}"
            try:
                batch = run_batch(
                    paths, settings, jobs=args.jobs, max_memory=int(args.max_memory * 2**20)
                )
                write_tables(out, batch.tables)
            except Exception:
                totals["unhandled"] += 1
                shutil.copytree(folder, args.keep / folder.name, dirs_exist_ok=True)
                print(traceback.format_exc(), file=sys.stderr)
                continue
            # Identical inputs are converted once (a duplicate_input check), not lost.
            merged = sum(1 for c in batch.tables["checks"] if c.check == "duplicate_input")
            ids = [d.doc_id for d in batch.tables["documents"]]
            lost = len(paths) - len(ids) - merged + (len(ids) - len(set(ids)))
            totals["lost"] += max(lost, 0)
            stage = [c for c in batch.tables["checks"] if c.check == "stage"]
            totals["stage_crashes"] += len(stage)
            for c in stage:
                errors[c.message.split(":")[0] + ": " + c.message.split(":")[1].strip()] += 1
            for r in batch.results:
                statuses[r.document.status] += 1
                if r.document.status == "failed":
                    errors[(r.document.error or "").split("(")[0].split(":")[0].strip()[:60]] += 1
            if lost > 0 or stage:
                shutil.copytree(folder, args.keep / folder.name, dirs_exist_ok=True)
            shutil.rmtree(folder)
            shutil.rmtree(out)
            print(
                f"round {round_no}: {totals['inputs']} inputs, {dict(statuses)}, "
                f"unhandled {totals['unhandled']}, lost {totals['lost']}, "
                f"stage crashes {totals['stage_crashes']}, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    finally:
        memory.__exit__()
        shutil.rmtree(work, ignore_errors=True)
    summary = {
        "inputs": totals["inputs"],
        "unhandled_exceptions": totals["unhandled"],
        "lost_files": totals["lost"],
        "stage_crashes": totals["stage_crashes"],
        "statuses": dict(statuses),
        "peak_rss_worker_mb": round(memory.peak_mb, 1),
        "peak_rss_batch_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "seconds": round(time.monotonic() - started),
        "top_reasons": errors.most_common(15),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if totals["unhandled"] or totals["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
