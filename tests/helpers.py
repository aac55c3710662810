"""Shared test helpers: where the corpus lives and how to load a corpus document."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"


def corpus_path(prefix: str) -> Path:
    """The bundled corpus file whose name starts with ``prefix`` ("000" … "004")."""
    (path,) = sorted(RAW.glob(f"{prefix}_*.txt"))
    return path


@cache
def raw_lines(prefix: str) -> tuple[str, ...]:
    return tuple(corpus_path(prefix).read_text(encoding="utf-8").split("\n"))


def run_with_sigalrm_blocked(folder: Path, files: list[Path]) -> subprocess.CompletedProcess:
    """``run_batch`` over ``files`` (1 s time limit, 1 s grace) in a process that blocks
    SIGALRM, which its workers inherit: a stand-in for a reader stuck in C, where no Python
    runs and the soft time limit cannot fire. Prints each result's (status, error)."""
    script = folder / "stuck.py"
    script.write_text(
        "import signal, sys\n"
        "from pathlib import Path\n"
        "import hplan.batch as batch\n"
        "from hplan.extract.settings import Settings\n"
        "batch._HARD_LIMIT_GRACE_S = 1.0\n"
        "if __name__ == '__main__':\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])\n"
        "    r = batch.run_batch([Path(a) for a in sys.argv[1:]],\n"
        "                        Settings(per_file_timeout_s=1.0))\n"
        "    print([(x.document.status, x.document.error) for x in r.results])\n"
    )
    return subprocess.run(
        [sys.executable, str(script), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
    )
