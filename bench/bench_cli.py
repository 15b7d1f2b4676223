"""The command line's start: whole processes, median of 7, each against ``python -c pass``.

1. ``scorebook --help`` (English and Chinese) and ``scorebook programmes list`` (a verb that opens
   no file): aim ≤ 6× a bare ``python -c pass`` measured in the same run.
2. ``scorebook case status --case DIR`` on a case of 10 applicants × 23 items scored, its key file
   with the cheap test KDF parameters (``keyfile.CHEAP_KDF``, as the demo's): the whole process
   beyond its key derivation, aim ≤ 100 ms over the bare interpreter's start (``python -c pass``,
   the floor every process pays). The same case with the production Argon2id parameters is timed
   too, with the production derivation alone (in this process, median of 3): the difference is
   the same figure, noisier (the derivation swings by tens of ms on a busy machine).

The runs are interleaved (one of each command in turn, seven times) so drift on the machine hits
all alike. The subprocesses read and write compiled bytecode under a temporary
``PYTHONPYCACHEPREFIX`` (an installed package ships it; the checkout's environment may forbid
writing it, which would time the compiler instead), warmed by one untimed run of each command.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.crypto import keyfile
from desktop.services.case import create_case
from tests.models.case_world import PASSPHRASE, make_world

RUNS = 7
CLI = "import sys; from desktop.cli.main import main; sys.exit(main())"  # the console script


def _env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(pycache), SCOREBOOK_PASSPHRASE=PASSPHRASE,
               LANG="C.UTF-8", SCOREBOOK_LANG="en")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return env


def _scorebook(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args]


def _run(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[3:]) or argv}: exit {done.returncode}\n"
                         f"{done.stderr.decode(errors='replace')}")
    return took


def _median(run: Callable[[], object], times: int) -> float:
    took = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    return statistics.median(took)


BREAKDOWN = """
import json, os, sys, time
t0 = time.perf_counter()
import sqlalchemy.orm
t1 = time.perf_counter()
from desktop.services.case import open_case
t2 = time.perf_counter()
import desktop.cli.office_text
t3 = time.perf_counter()
case = open_case(__import__("pathlib").Path(sys.argv[1]), os.environ["SCOREBOOK_PASSPHRASE"])
t4 = time.perf_counter()
case.status()
case.close()
t5 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]))
"""
PARTS = ("import SQLAlchemy's ORM", "import the case services and models",
         "import the office texts (programme names: the office's models)",
         "open the case (cheap KDF)", "read its status")


def _cases(root: Path) -> tuple[Path, Path]:
    world = make_world(root, applicants=10)
    cheap, production = root / "cheap", root / "production"
    with world.create(cheap) as case:
        for a in range(10):
            for it in case.framework.items:
                case.score_item(f"A{a + 1:03d}", "onsite", it.id, 50, "优势" * 40, "改进" * 40)
    create_case(world.package, production, PASSPHRASE, world.me, world.office.root_fingerprint,
                kdf=keyfile.PRODUCTION_KDF).close()
    return cheap, production


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="scorebook-bench-cli-") as tmp:
        root = Path(tmp)
        cheap, production = _cases(root)
        env = _env(root / "pycache")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "scorebook --help": _scorebook("--help"),
            "scorebook --lang zh_CN --help": _scorebook("--lang", "zh_CN", "--help"),
            "scorebook programmes list": _scorebook("programmes", "list"),
            "scorebook case status (cheap KDF)": _scorebook("case", "status", "--case",
                                                            str(cheap)),
            "scorebook case status (production KDF)": _scorebook("case", "status", "--case",
                                                                 str(production)),
        }
        for argv in commands.values():  # compile and cache the bytecode, untimed
            _run(argv, env)
        took: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, argv in commands.items():
                took[name].append(_run(argv, env))
        med = {name: statistics.median(t) for name, t in took.items()}

        params = keyfile.key_file_params(cheap / "case.key")
        salt = b"\0" * 16
        t_cheap_kdf = _median(lambda: keyfile.derive_key(PASSPHRASE, salt, params), RUNS)
        t_kdf = _median(lambda: keyfile.derive_key(PASSPHRASE, salt, keyfile.PRODUCTION_KDF), 3)

        parts = [json.loads(subprocess.run([sys.executable, "-c", BREAKDOWN, str(cheap)],
                                           env=env, capture_output=True, text=True,
                                           check=True).stdout) for _ in range(RUNS)]
    floor = med["python -c pass"]

    def ms(s: float) -> str:
        return f"{s * 1000:.0f} ms"

    def spread(name: str) -> str:
        return f"{ms(min(took[name]))}–{ms(max(took[name]))}"

    print(f"whole processes, median of {RUNS} interleaved (spread min–max); load "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  python -c pass: {ms(floor)} ({spread('python -c pass')})  [floor]")
    for name in ("scorebook --help", "scorebook --lang zh_CN --help",
                 "scorebook programmes list"):
        ratio = med[name] / floor
        print(f"  {name}: {ms(med[name])} ({spread(name)}), {ratio:.1f}× the floor "
              f"(aim ≤ 6× {'✓' if ratio <= 6 else '✗'})")
    status = med["scorebook case status (cheap KDF)"]
    beyond = status - t_cheap_kdf - floor
    print(f"  scorebook case status, cheap KDF: {ms(status)} "
          f"({spread('scorebook case status (cheap KDF)')}); its derivation "
          f"{t_cheap_kdf * 1000:.1f} ms; beyond the derivation and the interpreter's start: "
          f"{ms(beyond)} "
          f"(aim ≤ 100 ms {'✓' if beyond <= 0.1 else '✗'})")
    prod = med["scorebook case status (production KDF)"]
    print(f"  scorebook case status, production KDF: {ms(prod)} "
          f"({spread('scorebook case status (production KDF)')}); the production derivation "
          f"alone {ms(t_kdf)} (median of 3); beyond it and the interpreter's start: "
          f"{ms(prod - t_kdf - floor)}")
    print("  where case status spends it (in one fresh process, median of "
          f"{RUNS}): " + "; ".join(f"{what} {ms(statistics.median(p[i] for p in parts))}"
                                   for i, what in enumerate(PARTS)))


if __name__ == "__main__":
    main()
