"""A second office machine, as a separate process: merges batches of bundle files, or ranks
again and again, against the workspace the parent made (tests/services/office/
test_concurrent_merge.py).

    python -m tests.services.office.merge_child merge WORKSPACE JOB.json
    python -m tests.services.office.merge_child rank WORKSPACE STOP_FILE   (rank, rederive…)

No secret is on the command line: the passphrase comes from ``SCOREBOOK_PASSPHRASE`` and the
database URL (with its password) from ``SCOREBOOK_DATABASE_URL``. The child opens the
workspace, prints ``ready``, waits for a line on stdin (so both children start together), then
prints one JSON line per merge or ranking and ``done``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from desktop.services.office import merge, ranking
from desktop.services.office.workspace import open_workspace, resolve_database_url


def canonical(value: Any) -> str:
    from desktop.cli.json_out import to_jsonable  # a typed result (the ranking) as --json

    return json.dumps(to_jsonable(value), sort_keys=True, default=str, ensure_ascii=False)


def main(argv: list[str]) -> int:
    mode, folder, arg = argv[0], Path(argv[1]), Path(argv[2])
    ws = open_workspace(folder, os.environ["SCOREBOOK_PASSPHRASE"], resolve_database_url(None))
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        if mode == "merge":
            batches: list[list[str]] = json.loads(arg.read_text(encoding="utf-8"))
            for batch in batches:
                summary = merge.merge_files(ws, [Path(p) for p in batch])
                print(canonical({"files": [(f.file, f.outcome) for f in summary.files]}),
                      flush=True)
        elif mode == "rank":  # re-rank, and now and then derive the state again (a re-rank
            turn = 0          # after a conflict or an assignment changed)
            while True:
                stop = arg.exists()  # one more ranking after the merger is done
                print(canonical({"ranking": ranking.rank(ws)}), flush=True)
                if stop:
                    break
                turn += 1
                if turn % 3 == 0:
                    merge.rederive(ws)
        else:
            raise SystemExit(f"unknown mode {mode}")
    finally:
        ws.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
