"""The command line's start: whole processes, median of 7, each against ``python -c pass``.

1. ``scorebook --help`` (English and Chinese) and ``scorebook programmes list`` (a verb that opens
   no file): aim ≤ 6× a bare ``python -c pass`` measured in the same run.
2. ``scorebook case status --case DIR`` on a case of 10 applicants × 23 items scored, its key file
   with the cheap test KDF parameters (``keyfile.CHEAP_KDF``, as the demo's): the whole process
   beyond its key derivation, aim ≤ 100 ms over the bare interpreter's start (``python -c pass``,
   the floor every process pays). The same case with the production Argon2id parameters is timed
   too, with the production derivation alone (in this process, median of 3): the difference is
   the same figure, noisier (the derivation swings by tens of ms on a busy machine). A third
   case, its cycle naming its programme (``nmg-chairman.2025``, as every case the office issues:
   the test world's cycle ``2025`` names none), also names the programme and its stages.

Each run is timed in wall time and in CPU time (the child's user + system time, from
``resource.getrusage``): on this shared two-core machine the wall time of a 100 ms process moves
by tens of ms with the load; its CPU time much less.

The runs are interleaved (one of each command in turn, seven times) so drift on the machine hits
all alike. The subprocesses read and write compiled bytecode under a temporary
``PYTHONPYCACHEPREFIX`` (an installed package ships it; the checkout's environment may forbid
writing it, which would time the compiler instead), warmed by one untimed run of each command.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.crypto import keyfile
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case import create_case
from desktop.services.case_package import sample_content
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


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[3:]) or argv}: exit {done.returncode}\n"
                         f"{done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return took, cpu


def _median(run: Callable[[], object], times: int) -> float:
    took = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        took.append(time.perf_counter() - start)
    return statistics.median(took)


BREAKDOWN = """
import json, os, sys, time
from pathlib import Path
clock = time.process_time
t0 = clock()
from desktop.cli import argparse_texts, main
argparse_texts.install()
main.build_parser("case", every=False).parse_args(["case", "status", "--case", sys.argv[1]])
t1 = clock()
from desktop.services import case_light
t2 = clock()
light = case_light.open_light(Path(sys.argv[1]), os.environ["SCOREBOOK_PASSPHRASE"])
t3 = clock()
status = light.status()
light.close()
t4 = clock()
from desktop.cli import case
case._status_text(status)
t5 = clock()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, "sqlalchemy" in sys.modules]))
"""
PARTS = ("import the command line and build the case command's parser",
         "import the light open (the key file's cryptography, sqlcipher3, the criteria)",
         "open the case (cheap KDF; the key file, every page checked, the schema, the framework)",
         "read its status", "word it (the programme's names, when the cycle names one)")


def _cases(root: Path) -> tuple[Path, Path, Path]:
    world = make_world(root, applicants=10)
    cheap, production = root / "cheap", root / "production"
    with world.create(cheap) as case:
        _score(case)
    create_case(world.package, production, PASSPHRASE, world.me, world.office.root_fingerprint,
                kdf=keyfile.PRODUCTION_KDF).close()
    # the same, its cycle naming its programme as the office's cycles do
    named_cycle = "nmg-chairman.2025"
    roster = Roster(version=1, cycle_id=named_cycle, office_name=world.roster.office_name,
                    root_sign_pub=world.office.root_sign_pub, office_enc_pub=world.office.enc_pub,
                    reviewers=(RosterEntry.of(world.me.public, team="T1"),))
    content = sample_content("R001", applicants=10, criteria_ref=catalogue.framework().ref)
    content["cycle_id"] = named_cycle
    package = root / "named.sbp"
    package.write_bytes(build_package(world.office, sign_roster(world.office, roster),
                                      world.me.public, content))
    named = root / "named"
    with create_case(package, named, PASSPHRASE, world.me, world.office.root_fingerprint,
                     kdf=keyfile.CHEAP_KDF) as case:
        _score(case)
    return cheap, production, named


def _score(case: Any) -> None:
    for a in range(10):
        for it in case.framework.items:
            case.score_item(f"A{a + 1:03d}", "onsite", it.id, 50, "优势" * 40, "改进" * 40)


STATUS = "scorebook case status (cheap KDF)"
PRODUCTION = "scorebook case status (production KDF)"
NAMED = "scorebook case status (cycle naming its programme)"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="scorebook-bench-cli-") as tmp:
        root = Path(tmp)
        cheap, production, named = _cases(root)
        env = _env(root / "pycache")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "scorebook --help": _scorebook("--help"),
            "scorebook --lang zh_CN --help": _scorebook("--lang", "zh_CN", "--help"),
            "scorebook programmes list": _scorebook("programmes", "list"),
            STATUS: _scorebook("case", "status", "--case", str(cheap)),
            PRODUCTION: _scorebook("case", "status", "--case", str(production)),
            NAMED: _scorebook("case", "status", "--case", str(named)),
        }
        for argv in commands.values():  # compile and cache the bytecode, untimed
            _run(argv, env)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, argv in commands.items():
                w, c = _run(argv, env)
                wall[name].append(w)
                cpu[name].append(c)
        med = {name: statistics.median(t) for name, t in wall.items()}
        cmed = {name: statistics.median(t) for name, t in cpu.items()}

        params = keyfile.key_file_params(cheap / "case.key")
        salt = b"\0" * 16
        t_cheap_kdf = _median(lambda: keyfile.derive_key(PASSPHRASE, salt, params), RUNS)
        t_kdf = _median(lambda: keyfile.derive_key(PASSPHRASE, salt, keyfile.PRODUCTION_KDF), 3)

        parts = [json.loads(subprocess.run([sys.executable, "-c", BREAKDOWN, str(cheap)],
                                           env=env, capture_output=True, text=True,
                                           check=True).stdout) for _ in range(RUNS)]
    floor, cfloor = med["python -c pass"], cmed["python -c pass"]
    best, cbest = min(wall["python -c pass"]), min(cpu["python -c pass"])

    def ms(s: float) -> str:
        return f"{s * 1000:.0f} ms"

    def spread(name: str) -> str:
        return f"{ms(min(wall[name]))}–{ms(max(wall[name]))}"

    print(f"whole processes, median of {RUNS} interleaved (spread min–max; CPU: the child's "
          f"user + system time); load {os.getloadavg()[0]:.1f}")
    print(f"  python -c pass: {ms(floor)} ({spread('python -c pass')}), CPU {ms(cfloor)}  "
          "[floor]")
    for name in ("scorebook --help", "scorebook --lang zh_CN --help",
                 "scorebook programmes list"):
        ratio = med[name] / floor
        print(f"  {name}: {ms(med[name])} ({spread(name)}), {ratio:.1f}× the floor, CPU "
              f"{cmed[name] / cfloor:.1f}× (aim ≤ 6× {'✓' if ratio <= 6 else '✗'})")
    for name in (STATUS, NAMED):
        beyond = med[name] - t_cheap_kdf - floor
        cpu_beyond = cmed[name] - t_cheap_kdf - cfloor
        print(f"  {name}: {ms(med[name])} ({spread(name)}), CPU {ms(cmed[name])}; its "
              f"derivation {t_cheap_kdf * 1000:.1f} ms; beyond the derivation and the "
              f"interpreter's start: {ms(beyond)} (best {ms(min(wall[name]) - best)}), CPU "
              f"{ms(cpu_beyond)} (best {ms(min(cpu[name]) - cbest)}) "
              f"(aim ≤ 100 ms {'✓' if beyond <= 0.1 else '✗'}"
              f"{', CPU ✓' if cpu_beyond <= 0.1 else ', CPU ✗'})")
    prod = med[PRODUCTION]
    print(f"  {PRODUCTION}: {ms(prod)} ({spread(PRODUCTION)}); the production derivation "
          f"alone {ms(t_kdf)} (median of 3); beyond it and the interpreter's start: "
          f"{ms(prod - t_kdf - floor)}")
    print("  where case status spends it, in CPU time (one fresh process, median of "
          f"{RUNS}; SQLAlchemy loaded: {any(p[5] for p in parts)}): "
          + "; ".join(f"{what} {ms(statistics.median(p[i] for p in parts))}"
                      for i, what in enumerate(PARTS)))


if __name__ == "__main__":
    main()
