"""Regenerate the version-1 hand-off files (run once; the output is committed, never rewritten).

    .venv/bin/python tests/data/formats-v1/make_formats_fixture.py

Makes, with today's code, files of the format versions Scorebook writes today
(``scorebook-package/1`` in container ``SCBKPKG1``, ``scorebook-bundle/1`` in ``SCBKBDL1``,
``scorebook-roster/1``, ``scorebook.panel-content/1``):

- ``panel.sbp``     a panel package from the office to reviewer R001 (cycle 2025, 3 applicants);
- ``scores.sbb``    R001's score bundle, exported from a real case made from that package
                    (stage onsite, revision 1: two scored items with a secret mark, a recusal
                    and a supervision feedback), sealed to the office, the leader R002 and R001;
- ``roster.dsse``   the signed roster (version 1) both were made with;
- ``office-key.test.json``, ``reviewer-key.test.json``: the private keys that open them.
  TEST KEYS ONLY, made for this fixture and used nowhere else.

Every later Scorebook must open these: tests/crypto/test_formats.py.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from desktop.crypto.keyfile import CHEAP_KDF  # noqa: E402
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity  # noqa: E402
from desktop.crypto.package import build_package  # noqa: E402
from desktop.crypto.roster import Roster, RosterEntry, sign_roster  # noqa: E402
from desktop.services import catalogue  # noqa: E402
from desktop.services.case import create_case  # noqa: E402
from desktop.services.case_package import sample_content  # noqa: E402

HERE = Path(__file__).resolve().parent
OUTPUTS = ("panel.sbp", "scores.sbb", "roster.dsse", "office-key.test.json",
           "reviewer-key.test.json")


def main() -> None:
    for name in OUTPUTS:
        if (HERE / name).exists():
            raise SystemExit(f"{name} exists: the fixture is never regenerated in place")
    office = OfficeIdentity.generate("Fixture Office")
    me = ReviewerIdentity.generate("R001", "Fixture Reviewer")
    leader = ReviewerIdentity.generate("R002", "Fixture Leader")
    roster = Roster(version=1, cycle_id="2025", office_name="Fixture Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="T1"),
                               RosterEntry.of(leader.public, team="T1", leader=True)))
    roster_bytes = sign_roster(office, roster)
    content = sample_content("R001", applicants=3, criteria_ref=catalogue.framework().ref,
                             secret="FIXTURE-SECRET passage",
                             team=[("R001", "Fixture Reviewer", False),
                                   ("R002", "Fixture Leader", True)])
    package = build_package(office, roster_bytes, me.public, content)
    work = Path(tempfile.mkdtemp())
    try:
        (work / "panel.sbp").write_bytes(package)
        case = create_case(work / "panel.sbp", work / "case", "fixture passphrase", me,
                           office.root_fingerprint, kdf=CHEAP_KDF)
        with case:
            case.score_item("A001", "onsite", "4.1.2", 70, "fixture strengths SECRET here",
                            "fixture improvements")
            case.mark_secret("A001", "onsite", "4.1.2", "strengths", 18, 24)
            case.score_item("A002", "onsite", "4.1.3", 45)
            case.recuse("A003", "employment", "fixture recusal")
            case.add_feedback("A001", "compliant", "fixture feedback")
            stick = work / "stick"
            stick.mkdir()
            bundle = case.export_bundle(stick).path.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (HERE / "panel.sbp").write_bytes(package)
    (HERE / "scores.sbb").write_bytes(bundle)
    (HERE / "roster.dsse").write_bytes(roster_bytes)
    for name, doc in (("office-key.test.json", office.to_private_dict()),
                      ("reviewer-key.test.json", me.to_private_dict())):
        (HERE / name).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")


if __name__ == "__main__":
    main()
