"""Run every bench/bench_*.py (or those whose name contains an argument) and print their ratios.

    .venv/bin/python -m bench             # all
    .venv/bin/python -m bench bundles     # bench_bundles.py only

Each benchmark runs in its own process (no warm caches shared between them) and prints its own
results; nothing asserts on time. The exit status is non-zero if a benchmark crashed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    failed = []
    for name in names:
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        print(f"   ({time.perf_counter() - start:.1f} s{', FAILED' if code else ''})", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
