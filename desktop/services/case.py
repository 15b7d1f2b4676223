"""Use cases of a reviewer's encrypted case file: create, open, score, recuse, export, back up.

A case folder holds ``case.db`` (SQLCipher), ``case.key`` (the wrapped data key), ``case.lock``
and ``backups/``. ``open_case`` takes the lock, unlocks the key, checks every page and migrates;
each method of ``CaseSession`` is one unit of work: one session, one ``BEGIN IMMEDIATE``
transaction, committed durably (WAL, synchronous=FULL) with its audit row before it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.crypto import keyfile
from desktop.crypto.keyfile import KdfParams
from desktop.crypto.keys import ReviewerIdentity
from desktop.crypto.package import open_package
from desktop.crypto.package_docs import check_layout
from desktop.crypto.roster import Roster
from desktop.domain.errors import InputRejected, NotFound, RuleViolation, ScoreValueError
from desktop.domain.messages import N_, Msg
from desktop.domain.scoring import FormKind, StageForm, item_score, parse_panel_score, parse_pct
from desktop.models import audit
from desktop.models import case as m
from desktop.models.base import utcnow
from desktop.models.engine import (
    CaseFileCorrupt,
    driver_connection,
    make_engine,
    open_engine,
    session_factory,
    unit_of_work,
)
from desktop.models.migrations import runner
from desktop.services import case_backup, case_export, case_rekey, case_status, catalogue
from desktop.services import case_documents as docs
from desktop.services import case_reads as reads
from desktop.services.case_fill import fill_case
from desktop.services.case_lock import CaseLock
from desktop.services.case_open import CasePaths, OpenCase
from desktop.services.case_package import parse_content
from desktop.services.case_roster import check_seen, import_roster
from desktop.services.case_types import (
    COMMENT_FIELDS,
    MAX_COMMENT,
    MAX_RECUSAL_TEXT,
    ApplicantRow,
    Assessment,
    CaseStatus,
    ExportResult,
    ImportReport,
    MarkView,
    MaterialInfo,
    RecusalInfo,
    RecusalReason,
    ScoreView,
    StageInfo,
    TeamMember,
)

MAX_PACKAGE_FILE = 80 * 1024 * 1024


class CaseExists(InputRejected):
    def __init__(self, folder: Path) -> None:
        super().__init__(Msg(N_("{folder} already holds a case file"), {"folder": str(folder)}))


class NoCase(InputRejected):
    def __init__(self, folder: Path) -> None:
        super().__init__(Msg(N_("{folder} holds no case file"), {"folder": str(folder)}))


# --- create and open --------------------------------------------------------------------------


def create_case(package_path: Path, case_dir: Path, passphrase: str, identity: ReviewerIdentity,
                pinned_root_fp: str, *, have_roster_version: int | None = None,
                kdf: KdfParams = keyfile.PRODUCTION_KDF,
                seen_rosters: Mapping[str, int] | None = None) -> CaseSession:
    """Verify the panel package, make the encrypted case from it, and return it open.
    ``seen_rosters``: the highest roster version seen per cycle (older ones are refused)."""
    paths = CasePaths(case_dir)
    if paths.db.exists() or paths.key.exists():
        raise CaseExists(case_dir)
    data, total = docs.read_package_head(package_path, MAX_PACKAGE_FILE)
    package = open_package(data, identity, pinned_root_fp, have_roster_version)
    check_seen(package.roster, seen_rosters)
    content = parse_content(package.content)
    check_layout([a.stream for p in content.applicants for a in p.materials if a.stream],
                 len(data), total)
    if content.reviewer_id != identity.reviewer_id:
        raise RuleViolation(Msg(N_("This package is for reviewer {other}, not for you"),
                                {"other": content.reviewer_id}))
    if content.cycle_id != package.roster.cycle_id:
        raise RuleViolation(Msg(N_("The package's cycle does not match its roster")))
    catalogue.framework_for_ref(content.criteria_ref)  # refuse a framework we do not ship
    case_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private to the user (POSIX)
    lock = CaseLock(case_dir).acquire()
    created: list[Path] = []
    try:
        key = keyfile.create_key_file(paths.key, passphrase, kdf)
        created.append(paths.key)
        engine = make_engine(paths.db, key)
        created.append(paths.db)
        try:
            runner.upgrade(engine)
            with unit_of_work(session_factory(engine)) as session:
                fill_case(session, identity, package.package_id, package.issued_at,
                          pinned_root_fp, package.roster, package.roster_bytes, content,
                          test_kdf=kdf.test_only)
                docs.store_retention(session, content.documents_keep_until)
                docs.store_documents(session, case_dir, package_path, len(data),
                                     package.package_id, content, created)
        except BaseException:
            engine.dispose()
            raise
        return CaseSession(paths, engine, lock, key)
    except BaseException:
        for path in created:
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
        lock.release()
        raise


def open_case(case_dir: Path, passphrase: str) -> CaseSession:
    """Lock, unlock the key, check every page, migrate; settle a re-key a crash interrupted and
    seal a weak or non-NFC key file again (``case_rekey``). Nothing else changes on failure."""
    paths = CasePaths(case_dir)
    if not paths.db.exists() and not paths.key.exists():
        raise NoCase(case_dir)
    lock = CaseLock(case_dir).acquire()
    try:
        found, finished = case_rekey.unlock(paths, passphrase)
        engine = open_engine(paths.db, found.plaintext)
        try:
            if runner.current_revision(engine) is None:  # no tables: damaged, not to make anew
                raise CaseFileCorrupt(paths.db.name, "no schema")
            runner.upgrade(engine)
            session = CaseSession(paths, engine, lock, found.plaintext)
            case_rekey.after_open(session, passphrase, found, finished)
            session.expire_documents()  # past the package's keep-until day: removed
        except BaseException:
            engine.dispose()
            raise
        return session
    except BaseException:
        lock.release()
        raise


def change_passphrase(case_dir: Path, old: str, new: str, kdf: KdfParams | None = None) -> None:
    """A new data key wrapped under ``new`` (``CaseSession.change_passphrase``), case closed."""
    with open_case(case_dir, old) as case:
        case.change_passphrase(old, new, kdf)


# --- an open case ------------------------------------------------------------------------------


class CaseSession(OpenCase, docs.CaseDocuments):
    """An open, locked case file (``case_open``: the engine, the lock, one unit of work per
    call; documents: ``case_documents``). Close it to release the lock."""

    paths: CasePaths

    def import_roster(self, path: Path, seen: Mapping[str, int] | None = None) -> Roster:
        """Make the roster update at ``path`` the case's roster (``case_roster``)."""
        return import_roster(self, path, seen)

    def find_applicant(self, ref: str) -> tuple[str, str]:
        """(id, name) of the applicant a person named: by id, by the start of its id (4 or more
        characters) or by its name (spaces ignored). Raises NotFound or InputRejected (two
        match)."""
        wanted = ref.strip()
        hits = self.run(lambda s: reads.find_applicants(s, wanted))
        if not hits:
            raise NotFound(Msg(N_("No applicant '{applicant}' in this case"),
                               {"applicant": wanted}))
        if len(hits) > 1:
            raise InputRejected(Msg(N_("'{ref}' names more than one applicant: give more of its "
                                       "id"), {"ref": wanted}))
        return hits[0]

    # checks shared by the edits

    def _applicant(self, s: Session, applicant_id: str) -> m.Applicant:
        row = s.get(m.Applicant, applicant_id)
        if row is None:
            raise NotFound(Msg(N_("No applicant '{applicant}' in this case"),
                               {"applicant": applicant_id}))
        return row

    def _not_recused(self, s: Session, applicant_id: str) -> None:
        applicant = self._applicant(s, applicant_id)
        if s.get(m.Recusal, applicant_id) is not None:  # named by name: ids are UUIDs
            raise RuleViolation(Msg(N_("You recused yourself from {applicant}: its scorebook is "
                                       "locked"), {"applicant": applicant.name}))

    def _stage(self, s: Session, stage_id: str, form: FormKind) -> m.Stage:
        row = s.get(m.Stage, stage_id)
        if row is None:
            raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))
        if row.form_kind != form.value:
            raise ScoreValueError(Msg(N_("Stage {stage} does not take this kind of score"),
                                      {"stage": stage_id}))
        return row

    # scoring

    def score_item(self, applicant_id: str, stage_id: str, item_id: str, pct: object = None,
                   strengths: str | None = None, improvements: str | None = None,
                   why: str = "") -> ScoreView:
        """Set an item's percentage and/or comments (None leaves a value as it is)."""
        with self._uow() as s:
            view = self._score_item(s, applicant_id, stage_id, item_id, pct, strengths,
                                    improvements, why)
        return view

    def clear_score(self, applicant_id: str, stage_id: str, item_id: str,
                    why: str = "") -> ScoreView:
        """Remove an item's percentage (its comments stay): audited as ``score.clear``; refused
        on a recused applicant. ``changed`` is False when there was no percentage."""
        with self._uow() as s:
            return self._score_item(s, applicant_id, stage_id, item_id, None, None, None, why,
                                    clear=True)

    def _score_item(self, s: Session, applicant_id: str, stage_id: str, item_id: str,
                    pct: object, strengths: str | None, improvements: str | None,
                    why: str, clear: bool = False) -> ScoreView:
        self._not_recused(s, applicant_id)
        self._stage(s, stage_id, FormKind.ITEMS)
        item = self.framework.item(item_id)
        new_pct = None if pct is None else parse_pct(self.framework, pct)
        for name, text in (("strengths", strengths), ("improvements", improvements)):
            if text is not None and len(text) > MAX_COMMENT:
                raise ScoreValueError(Msg(N_("The {field} comment is longer than {limit} "
                                             "characters"), {"field": name, "limit": MAX_COMMENT}))
        row = s.scalars(select(m.Score).filter_by(applicant_id=applicant_id, stage_id=stage_id,
                                                  item_id=item_id)).one_or_none()
        if row is None and clear:
            return ScoreView(applicant_id, stage_id, item_id, None, "", "", None, (), False)
        if row is None:
            row = m.Score(applicant_id=applicant_id, stage_id=stage_id, item_id=item_id,
                          pct=None, strengths="", improvements="",
                          framework_ref=self.framework.ref)
            s.add(row)
            s.flush()
        old = {"pct": row.pct, "strengths": row.strengths, "improvements": row.improvements}
        pct_now = None if clear else row.pct if new_pct is None else new_pct
        new = {"pct": pct_now,
               "strengths": row.strengths if strengths is None else strengths,
               "improvements": row.improvements if improvements is None else improvements}
        changed = new != old
        if changed:
            marks = _follow_marks(s, row, old, new)
            row.pct = pct_now
            row.strengths = row.strengths if strengths is None else strengths
            row.improvements = row.improvements if improvements is None else improvements
            row.framework_ref = self.framework.ref
            row.updated_at = utcnow()
            audit.append(s, actor=self.reviewer_id, action="score.clear" if clear else "score.set",
                         entity=f"score:{applicant_id}/{stage_id}/{item_id}", old=old,
                         new={**new, "marks": [[k.field, k.start, k.end] for k in marks]},
                         why=why)
        marks_now = s.scalars(select(m.SecretMark).filter_by(score_id=row.id)
                              .order_by(m.SecretMark.id)).all()
        return ScoreView(applicant_id, stage_id, item_id, row.pct, row.strengths,
                         row.improvements,
                         None if row.pct is None else item_score(item.points, row.pct),
                         tuple(MarkView(k.field, k.start, k.end) for k in marks_now), changed)

    def set_panel_score(self, applicant_id: str, stage_id: str, value: object,
                        why: str = "") -> Decimal:
        with self._uow() as s:
            self._not_recused(s, applicant_id)
            stage = self._stage(s, stage_id, FormKind.PANEL_SCORE)
            form = StageForm(FormKind.PANEL_SCORE, max_points=stage.max_points, step=stage.step)
            score = parse_panel_score(form, value)
            row = s.scalars(select(m.PanelScore).filter_by(applicant_id=applicant_id,
                                                           stage_id=stage_id)).one_or_none()
            old = None if row is None else str(row.value)
            if row is None:
                row = m.PanelScore(applicant_id=applicant_id, stage_id=stage_id, value=score)
                s.add(row)
            elif row.value == score:
                return score
            row.value, row.updated_at = score, utcnow()
            audit.append(s, actor=self.reviewer_id, action="panel_score.set",
                         entity=f"panel_score:{applicant_id}/{stage_id}", old=old,
                         new=str(score), why=why)
            return score

    def mark_secret(self, applicant_id: str, stage_id: str, item_id: str, field: str,
                    start: int, end: int, why: str = "") -> MarkView:
        """Mark ``comment[start:end]`` as repeating a declared trade or technical secret."""
        with self._uow() as s:
            self._not_recused(s, applicant_id)
            self._stage(s, stage_id, FormKind.ITEMS)
            if field not in COMMENT_FIELDS:
                raise ScoreValueError(Msg(N_("'{field}' is not a comment field (strengths or "
                                             "improvements)"), {"field": field}))
            row = s.scalars(select(m.Score).filter_by(applicant_id=applicant_id,
                                                      stage_id=stage_id, item_id=item_id)
                            ).one_or_none()
            text = "" if row is None else getattr(row, field)
            if row is None or not (0 <= start < end <= len(text)):
                raise ScoreValueError(Msg(N_("The span {start}–{end} lies outside the comment "
                                             "({length} characters)"),
                                          {"start": start, "end": end, "length": len(text)}))
            mark = m.SecretMark(score_id=row.id, field=field, start=start, end=end)
            s.add(mark)
            audit.append(s, actor=self.reviewer_id, action="secret.mark",
                         entity=f"score:{applicant_id}/{stage_id}/{item_id}",
                         new={"field": field, "start": start, "end": end}, why=why)
            return MarkView(field, start, end)

    def import_scores_csv(self, path: Path) -> ImportReport:
        """All-or-nothing import: a bad row rejects the file, naming the row and the field."""
        from desktop.services.case_import import read_score_rows

        rows = read_score_rows(path, self.framework)
        changed = 0
        with self._uow() as s:
            for row in rows:
                try:
                    view = self._score_item(s, row.applicant, row.stage, row.item, row.pct,
                                            row.strengths, row.improvements,
                                            why=f"import {path.name} row {row.line}")
                except InputRejected as exc:
                    from desktop.services.case_import import ScoreImportError

                    raise ScoreImportError(str(path), f"row {row.line}", N_("{reason}"),
                                           reason=exc.message) from None
                changed += view.changed
        return ImportReport(str(path), len(rows), changed)

    # recusal and supervision feedback

    def recuse(self, applicant_id: str, reason: str, text: str) -> None:
        """Declare a conflict (回避): the applicant's scorebook locks for good."""
        try:
            kind = RecusalReason(reason)
        except ValueError:
            raise InputRejected(Msg(N_("Unknown recusal reason '{reason}' (one of: {choices})"),
                                    {"reason": reason,
                                     "choices": ", ".join(k.value for k in RecusalReason)})
                                ) from None
        if not text.strip() or len(text) > MAX_RECUSAL_TEXT:
            raise InputRejected(Msg(N_("A recusal needs a statement of the conflict (at most "
                                       "{limit} characters)"), {"limit": MAX_RECUSAL_TEXT}))
        with self._uow() as s:
            self._not_recused(s, applicant_id)
            s.add(m.Recusal(applicant_id=applicant_id, reason=kind.value, text=text))
            audit.append(s, actor=self.reviewer_id, action="recusal.declare",
                         entity=f"applicant:{applicant_id}",
                         new={"reason": kind.value, "text": text})

    def add_feedback(self, applicant_id: str, assessment: str, text: str,
                     stage_id: str | None = None) -> None:
        """Record the reviewer's assessment of the applicant's conduct (双向监督反馈)."""
        try:
            value = Assessment(assessment)
        except ValueError:
            raise InputRejected(Msg(N_("Unknown assessment '{value}' (one of: {choices})"),
                                    {"value": assessment,
                                     "choices": ", ".join(a.value for a in Assessment)})
                                ) from None
        if len(text) > MAX_COMMENT:
            raise InputRejected(Msg(N_("The feedback is longer than {limit} characters"),
                                    {"limit": MAX_COMMENT}))
        with self._uow() as s:
            self._applicant(s, applicant_id)
            stage_id = stage_id or s.get_one(m.CaseMeta, 1).current_stage_id
            if s.get(m.Stage, stage_id) is None:
                raise NotFound(Msg(N_("No stage '{stage}' in this case"), {"stage": stage_id}))
            s.add(m.SupervisionFeedback(applicant_id=applicant_id, stage_id=stage_id,
                                        assessment=value.value, text=text))
            audit.append(s, actor=self.reviewer_id, action="feedback.add",
                         entity=f"applicant:{applicant_id}",
                         new={"assessment": value.value, "text": text, "stage": stage_id})

    # reading (the queries are in case_reads; each method is one unit of work)

    def scores(self, applicant_id: str, stage_id: str) -> list[ScoreView]:
        return self.run(lambda s: reads.scores(s, self.framework, applicant_id, stage_id))

    def stages(self) -> list[StageInfo]:
        return self.run(reads.stages)

    def applicants(self) -> list[ApplicantRow]:
        return self.run(reads.applicants)

    def materials(self, applicant_id: str) -> list[MaterialInfo]:
        return self.run(lambda s: reads.materials(s, applicant_id))

    def declared_secrets(self, applicant_id: str) -> tuple[str, ...]:
        return self.run(lambda s: reads.declared_secrets(s, applicant_id))

    def recusal(self, applicant_id: str) -> RecusalInfo | None:
        return self.run(lambda s: reads.recusal(s, applicant_id))

    def team(self) -> list[TeamMember]:
        return self.run(reads.team)

    def is_leader(self) -> bool:
        """The package's team list names this reviewer as its leader (the leader's services
        check the signed roster as well)."""
        return any(t.leader and t.reviewer_id == self.reviewer_id for t in self.team())

    def status(self) -> CaseStatus:
        """Applicants, exports, audit chain, schema, backups, documents (``case_status``: the
        same read as the light open's, ``case_light.status``)."""
        return self.run(lambda s: case_status.read_status(driver_connection(s), self.framework,
                                                          self.paths.backups))

    def verify_audit(self) -> audit.ChainReport:
        with self._uow() as s:
            return audit.verify_chain(s)

    def audit_count(self) -> int:
        with self._uow() as s:
            return int(s.scalar(select(func.count()).select_from(m.AuditEntry)) or 0)

    # hand-off, backups, passphrase

    def export_bundle(self, to_dir: Path, final: bool = False, stage_id: str | None = None,
                      destination_kind: str = "folder", identity_folder: Path | None = None
                      ) -> ExportResult:
        return case_export.export_bundle(self, to_dir, final, stage_id, destination_kind,
                                         identity_folder=identity_folder)

    def backup(self, keep: int = 10) -> Path:
        return case_backup.backup(self, keep)

    def restore(self, backup_path: Path) -> None:
        case_backup.restore(self, backup_path)

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> int:
        """Wrap a fresh data key under ``new`` (``old`` must unlock the key file): the database
        and the backups are re-encrypted (``case_rekey``); returns the backups re-encrypted."""
        return case_rekey.rekey(self, old, new, kdf, action="case.passphrase")

    def rekey(self, passphrase: str) -> int:
        """A fresh data key under the same passphrase (see ``change_passphrase``)."""
        return case_rekey.rekey(self, passphrase, passphrase)


def _follow_marks(s: Session, row: m.Score, old: dict[str, Any],
                  new: dict[str, Any]) -> list[m.SecretMark]:
    """Keep each secret mark on the text it marked: same place, else where that text moved;
    a mark whose text is gone is dropped (the audit row records the marks that remain)."""
    kept = []
    for mark in s.scalars(select(m.SecretMark).filter_by(score_id=row.id)).all():
        before, after = old[mark.field], new[mark.field]
        span = before[mark.start:mark.end]
        if after[mark.start:mark.end] == span:
            kept.append(mark)
            continue
        moved = after.find(span) if span else -1
        if moved < 0:
            s.delete(mark)
            continue
        mark.start, mark.end = moved, moved + len(span)
        kept.append(mark)
    return kept


_fill_case = fill_case  # the name tests/data/case-schema-v1/make_fixture.py imports


def case_exists(case_dir: Path) -> bool:
    return CasePaths(case_dir).db.exists()


__all__ = ["CaseExists", "CaseSession", "NoCase", "case_exists", "change_passphrase",
           "create_case", "open_case"]
