"""Test helpers: an office, a roster, a reviewer and a signed, sealed panel package on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.crypto.keyfile import CHEAP_KDF
from desktop.crypto.keys import OfficeIdentity, ReviewerIdentity
from desktop.crypto.package import build_package
from desktop.crypto.roster import Roster, RosterEntry, sign_roster
from desktop.services import catalogue
from desktop.services.case import CaseSession, create_case
from desktop.services.case_package import sample_content

PASSPHRASE = "correct horse battery staple"
NAMES = ["CANARY-NAME-Zhenhua Rare Earth", "示例企业2有限公司", "示例企业3有限公司"]
SECRET = "CANARY-SECRET-稀土萃取工艺参数"
COMMENT = "CANARY-COMMENT-strong leadership system"


@dataclass
class World:
    office: OfficeIdentity
    me: ReviewerIdentity
    leader: ReviewerIdentity
    roster: Roster
    roster_bytes: bytes
    package: Path

    def create(self, folder: Path, passphrase: str = PASSPHRASE) -> CaseSession:
        return create_case(self.package, folder, passphrase, self.me,
                           self.office.root_fingerprint, kdf=CHEAP_KDF)


def make_world(folder: Path, applicants: int = 3) -> World:
    office = OfficeIdentity.generate("Review Office")
    me = ReviewerIdentity.generate("R001", "Reviewer One")
    leader = ReviewerIdentity.generate("R002", "Team Leader")
    roster = Roster(version=1, cycle_id="2025", office_name="Review Office",
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="T1"),
                               RosterEntry.of(leader.public, team="T1", leader=True)))
    roster_bytes = sign_roster(office, roster)
    names = (NAMES + [f"示例企业{i + 1}有限公司" for i in range(len(NAMES), applicants)])
    content = sample_content("R001", applicants=applicants,
                             criteria_ref=catalogue.framework().ref, names=names[:applicants],
                             secret=SECRET,
                             team=[("R001", "Reviewer One", False), ("R002", "Team Leader", True)])
    package = folder / "panel.sbp"
    package.write_bytes(build_package(office, roster_bytes, me.public, content))
    return World(office, me, leader, roster, roster_bytes, package)
