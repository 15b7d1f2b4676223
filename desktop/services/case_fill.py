"""Fill a new case file from a verified panel package (``create_case`` calls it once)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.roster import Roster
from desktop.models import audit
from desktop.models import case as m
from desktop.services.case_package import PanelContent, divergence_content


def fill_case(session: Session, identity: ReviewerIdentity, package_id: str, issued_at: Any,
              pinned_fp: str, roster: Roster, roster_bytes: bytes, content: PanelContent, *,
              test_kdf: bool = False) -> None:
    """Write a verified package's content into a new, empty case file, with its first audit
    row (``case.create``); in the caller's transaction. ``test_kdf``: the key file was made
    with test parameters (the row says so: the case's own record, read by ``case_rekey``)."""
    session.add(m.CaseMeta(
        id=1, case_id=uuid.uuid4(), reviewer_id=identity.reviewer_id,
        display_name=identity.display_name, programme_id=content.programme_id,
        criteria_ref=content.criteria_ref, cycle_id=content.cycle_id,
        current_stage_id=content.current_stage_id, package_id=package_id,
        package_issued_at=issued_at, office_fingerprint=roster.root_fingerprint,
        roster_version=roster.version, roster_bytes=roster_bytes))
    session.add(m.IdentityKey(
        reviewer_id=identity.reviewer_id,
        private_json=json.dumps(identity.to_private_dict(), sort_keys=True).encode()))
    for i, s in enumerate(content.stages):
        session.add(m.Stage(stage_id=s.stage_id, ordinal=i, kind=s.kind, name_zh=s.name_zh,
                            name_en=s.name_en, form_kind=s.form.value, max_points=s.max_points,
                            step=s.step))
    for i, a in enumerate(content.applicants):
        session.add(m.Applicant(applicant_id=a.applicant_id, ordinal=i, name=a.name,
                                category=a.category))
        for mat in a.materials:
            session.add(m.Material(applicant_id=a.applicant_id, material_id=mat.material_id,
                                   title=mat.title, body=mat.body))
        for sec in a.secrets:
            session.add(m.DeclaredSecret(applicant_id=a.applicant_id,
                                         material_id=sec.material_id, kind=sec.kind,
                                         passage=sec.passage))
    session.flush()
    for a in content.applicants:
        for issue in a.site_issues:
            session.add(m.SiteIssue(issue_id=issue.issue_id, applicant_id=a.applicant_id,
                                    item_id=issue.item_id, kind=issue.kind.value,
                                    text=issue.text))
    for t in content.team:
        session.add(m.TeamMember(reviewer_id=t.reviewer_id, display_name=t.display_name,
                                 leader=t.leader))
    session.flush()
    audit.append(session, actor=identity.reviewer_id, action="case.create", entity="case",
                 new={"package_id": package_id, "programme_id": content.programme_id,
                      "cycle_id": content.cycle_id, "applicants": len(content.applicants),
                      "roster_version": roster.version, "pinned": pinned_fp,
                      **({"kdf": "test"} if test_kdf else {}),
                      **({} if content.divergence is None else
                         {"divergence": divergence_content(content.divergence)})})
