"""The light read-only open (``case_light``, what ``scorebook case status`` runs) against the full
open, on real SQLCipher case files: the same status as ``CaseSession.status`` and as a plain ORM
reading of the same tables (the implementation before issue 26, kept here as the reference), the
same typed errors and messages for a wrong passphrase, a damaged, foreign or locked file, and the
full open taken (migrating, settling, sealing, expiring) whenever it has something to do."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.cli.json_out import to_jsonable
from desktop.crypto import keyfile
from desktop.crypto.keyfile import CHEAP_KDF
from desktop.domain.errors import NotFound, ScorebookError
from desktop.domain.scoring import item_score
from desktop.i18n import render
from desktop.models import audit
from desktop.models import case as m
from desktop.models.engine import CaseFileCorrupt, make_engine, raw_execute
from desktop.models.migrations.runner import HEAD, SchemaTooNew
from desktop.reports.self_assessment import self_assessment_pdf
from desktop.services import case_backup, case_edits, case_light
from desktop.services.case import CaseSession, NoCase, open_case
from desktop.services.case_lock import CaseLocked
from desktop.services.case_paths import list_backups, next_key_path
from desktop.services.case_status_types import (
    ApplicantStatus,
    CaseStatus,
    DocumentsStatus,
    ExportView,
    MaterialStatus,
)
from desktop.services.case_undo import history
from desktop.services.office import materials, packages
from desktop.services.office.applicants import SecretInput
from desktop.services.office.workspace import init_workspace
from tests.models.case_world import PASSPHRASE, World, make_world
from tests.services.office.helpers import small_cycle
from tests.services.test_leader import PASS, Team

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "case-schema-v1"
FIXTURE_PASSPHRASE = "schema-v1-fixture"
DOC_SECRET = "本公司稀土萃取分离采用自主研发的串级萃取参数：有机相流比一点八比一。"


def orm_status(case: CaseSession) -> CaseStatus:
    """The status read through SQLAlchemy's ORM, as ``CaseSession.status`` did before issue 26
    (queries of ``case_reads.applicant_statuses`` and ``documents_status``, the ORM chain)."""
    def read(s: Session) -> CaseStatus:
        meta = s.get_one(m.CaseMeta, 1)
        recused = set(s.scalars(select(m.Recusal.applicant_id)))
        pcts: dict[str, list[tuple[str, int]]] = {}
        for a, item, pct in s.execute(select(m.Score.applicant_id, m.Score.item_id, m.Score.pct)
                                      .filter_by(stage_id=meta.current_stage_id)
                                      .where(m.Score.pct.is_not(None))):
            if pct is not None:
                pcts.setdefault(a, []).append((item, pct))
        panel: dict[str, Decimal] = {}
        for a, value in s.execute(select(m.PanelScore.applicant_id, m.PanelScore.value)
                                  .order_by(m.PanelScore.id)):
            panel.setdefault(a, value)
        applicants = tuple(
            ApplicantStatus(a, name, a in recused, len(pcts.get(a, [])),
                            sum((item_score(case.framework.item(i).points, p)
                                 for i, p in pcts.get(a, [])), Decimal("0.00")), panel.get(a))
            for a, name in s.execute(select(m.Applicant.applicant_id, m.Applicant.name)
                                     .order_by(m.Applicant.ordinal)))
        exports = tuple(
            ExportView(str(e.bundle_id), e.stage_id, e.revision, e.content_hash, e.final,
                       e.created_at, e.file_name)
            for e in s.scalars(select(m.ExportRecord).order_by(m.ExportRecord.id)))
        prev, count, ok, head = audit.GENESIS, 0, True, audit.GENESIS
        for e in s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.seq)):
            count += 1
            if e.seq != count or e.prev_hash != prev or e.hash != audit.row_hash(
                    prev, e.seq, e.at, e.actor, e.action, e.entity, e.old, e.new, e.why):
                ok = False
                break
            prev = head = e.hash
        keep = s.get(m.DocumentRetention, 1)
        documents = DocumentsStatus(
            None if keep is None else keep.keep_until, None if keep is None else keep.removed_at,
            tuple(MaterialStatus(r.applicant_id, r.material_id, r.title, r.kind, r.pages,
                                 r.sha256, r.size, r.removed)
                  for r in s.scalars(select(m.Material).join(m.Applicant).order_by(
                      m.Applicant.ordinal, m.Material.id))))
        version = s.connection().exec_driver_sql("SELECT version_num FROM alembic_version")
        return CaseStatus(str(meta.case_id), meta.reviewer_id, meta.programme_id, meta.cycle_id,
                          meta.criteria_ref, meta.current_stage_id,
                          items_per_applicant=len(case.framework.items), applicants=applicants,
                          exports=exports, audit_rows=count, audit_head=head, audit_ok=ok,
                          schema=version.scalar(),
                          backups=tuple(p.name for p in list_backups(case.paths.backups)),
                          documents=documents)
    return case.run(read)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "case.lock"}


def _same_three_ways(folder: Path, passphrase: str = PASSPHRASE) -> CaseStatus:
    """The full open's status equals the ORM reading; the light open is taken, changes no
    file, and reads the same."""
    with open_case(folder, passphrase) as case:
        full, orm = case.status(), orm_status(case)
    assert _exactly(full) == _exactly(orm)
    before = _digest(folder)
    light = case_light.open_light(folder, passphrase)
    assert light is not None, "the light open should have been taken"
    with light:
        assert _exactly(light.status()) == _exactly(full)
    assert _exactly(case_light.status(folder, passphrase)) == _exactly(full)
    assert _digest(folder) == before  # nothing written
    return full


def _exactly(st: CaseStatus) -> tuple[CaseStatus, str, str]:
    """A status, its repr and its ``--json`` text: ``==`` alone takes 1 for True, 88.5 for
    88.50 and a moment in any zone for the same in UTC, which the command would print apart."""
    return st, repr(st), json.dumps(to_jsonable(st), ensure_ascii=False, sort_keys=True)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path, applicants=4)


def _scored(world: World, folder: Path) -> None:
    with world.create(folder) as case:
        items = case.framework.items
        for i, it in enumerate(items[:7]):
            case.score_item("A001", "onsite", it.id, 50 + 5 * (i % 3), "优势" * 20, "改进")
        case.score_item("A002", "onsite", items[0].id, None, "只有评语", "")
        case.score_item("A002", "onsite", items[1].id, 80)
        case.clear_score("A002", "onsite", items[1].id)
        case.set_panel_score("A001", "defense", "88.5")


def test_an_empty_case(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    st = _same_three_ways(tmp_path / "c")
    assert st.schema == HEAD and st.audit_ok and st.audit_rows >= 1
    assert [a.scored_items for a in st.applicants] == [0, 0, 0, 0]


def test_a_partly_scored_case_with_a_panel_score(world: World, tmp_path: Path) -> None:
    _scored(world, tmp_path / "c")
    st = _same_three_ways(tmp_path / "c")
    assert st.applicants[0].scored_items == 7 and st.applicants[0].total > 0
    assert st.applicants[0].panel_score == Decimal("88.5")
    assert st.applicants[1].scored_items == 0


def test_recused_exported_backed_up_with_feedback(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _scored(world, folder)
    with open_case(folder, PASSPHRASE) as case:
        case.recuse("A003", "employment", "worked there until 2023")
        case.add_feedback("A001", "compliant", "")
        (tmp_path / "out").mkdir()
        case.export_bundle(tmp_path / "out")
        case.export_bundle(tmp_path / "out", final=True)
        case.backup()
    st = _same_three_ways(folder)
    assert [a.recused for a in st.applicants] == [False, False, True, False]
    assert [e.final for e in st.exports] == [False, True] and len(st.backups) == 1
    assert st.exports[0].created_at.tzinfo is not None


def test_after_undo_and_redo(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    with world.create(folder) as case:
        item = case.framework.items[0].id
        case_edits.set_pct(case, "A001", "onsite", item, 60)
        case_edits.set_pct(case, "A001", "onsite", item, 90)
        history(case).undo()
        history(case).undo()
        history(case).redo()
        st = case.status()
    assert st.applicants[0].scored_items == 1
    assert _same_three_ways(folder) == st


def _drop_triggers(case: CaseSession) -> None:
    """The append-only triggers off (a tampered file)."""
    for (name,) in raw_execute(case.engine,
                               "SELECT name FROM sqlite_schema WHERE type = 'trigger'"):
        raw_execute(case.engine, f"DROP TRIGGER {name}")


def test_a_broken_audit_chain_reads_broken_both_ways(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _scored(world, folder)
    with open_case(folder, PASSPHRASE) as case:
        _drop_triggers(case)
        raw_execute(case.engine, "UPDATE audit_log SET why = 'rewritten' WHERE seq = 2")
    st = _same_three_ways(folder)
    assert not st.audit_ok and st.audit_rows == 2


def test_documents_kept_removed_and_expired(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "office", "office pass", "Test office", kdf=CHEAP_KDF)
    try:
        small = small_cycle(ws)
        pdf = tmp_path / "自评报告.pdf"
        pdf.write_bytes(self_assessment_pdf("呼和浩特示例0有限公司", secret=DOC_SECRET, pages=3))
        materials.attach_document(ws, small.secret_ref, pdf,
                                  secrets=(SecretInput("technical", DOC_SECRET),))
        issued = packages.issue_packages(ws, tmp_path / "packages",
                                         keep_documents_until=date.today() + timedelta(days=30))
        team = Team(ws, small, tmp_path, {i.reviewer: Path(i.file) for i in issued.result}, {})
        folder = tmp_path / "cases" / "R2"
        team.new_case("R2", folder).close()
    finally:
        ws.close()
    st = _same_three_ways(folder, PASS)
    assert st.documents is not None and st.documents.keep_until is not None
    assert [d.kind for d in st.documents.materials].count("pdf") == 1
    # past the keep-until day the full open removes them: the light open steps aside
    later = st.documents.keep_until + timedelta(days=1)
    assert case_light.open_light(folder, PASS, today=later) is None
    with open_case(folder, PASS) as case:
        assert case.expire_documents(later) == 1
    st = _same_three_ways(folder, PASS)
    assert st.documents is not None and st.documents.removed_at is not None
    assert all(d.removed for d in st.documents.materials if d.kind == "pdf")


# --- errors: the same typed errors and messages ------------------------------------------------


def _both_raise(folder: Path, passphrase: str, kind: type[ScorebookError]) -> None:
    with pytest.raises(kind) as full:
        open_case(folder, passphrase).close()
    with pytest.raises(kind) as light:
        case_light.status(folder, passphrase)
    assert render(light.value.message) == render(full.value.message)
    assert _lock_free(folder)  # released either way


def _lock_free(folder: Path) -> bool:
    from desktop.services.case_lock import CaseLock

    with CaseLock(folder):
        return True


def test_a_wrong_passphrase(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    _both_raise(tmp_path / "c", "not the passphrase", keyfile.WrongPassphrase)


def test_no_case_in_the_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _both_raise(tmp_path / "empty", PASSPHRASE, NoCase)


def test_a_damaged_key_file(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    key = tmp_path / "c" / "case.key"
    key.write_bytes(key.read_bytes()[:40])
    _both_raise(tmp_path / "c", PASSPHRASE, keyfile.KeyFileCorrupt)


def test_a_tampered_page(world: World, tmp_path: Path) -> None:
    _scored(world, tmp_path / "c")
    db = tmp_path / "c" / "case.db"
    data = bytearray(db.read_bytes())
    data[4096 + 100] ^= 0xFF
    db.write_bytes(bytes(data))
    _both_raise(tmp_path / "c", PASSPHRASE, CaseFileCorrupt)


def test_another_case_database_beside_this_key_file(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "a").close()
    world.create(tmp_path / "b").close()
    shutil.copyfile(tmp_path / "b" / "case.db", tmp_path / "a" / "case.db")
    _both_raise(tmp_path / "a", PASSPHRASE, CaseFileCorrupt)


def test_a_missing_database(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    (tmp_path / "c" / "case.db").unlink()
    _both_raise(tmp_path / "c", PASSPHRASE, CaseFileCorrupt)


def test_a_case_open_elsewhere(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "c"), pytest.raises(CaseLocked):
        case_light.status(tmp_path / "c", PASSPHRASE)


def test_a_framework_this_copy_does_not_ship(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "c") as case:
        raw_execute(case.engine, "UPDATE case_meta SET criteria_ref = 'gbt19580-2012@1999.9'")
    _both_raise(tmp_path / "c", PASSPHRASE, NotFound)


def _set_revision(folder: Path, revision: str) -> None:
    with open_case(folder, PASSPHRASE) as case:
        key = case.data_key
    engine = make_engine(folder / "case.db", key)
    raw_execute(engine, f"UPDATE alembic_version SET version_num = '{revision}'")
    engine.dispose()


def test_a_schema_too_new_is_the_full_opens_error(world: World, tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    _set_revision(tmp_path / "c", "0099_from_the_future")
    assert case_light.open_light(tmp_path / "c", PASSPHRASE) is None
    _both_raise(tmp_path / "c", PASSPHRASE, SchemaTooNew)


# --- the full open when it has work to do ------------------------------------------------------


def test_an_older_schema_migrates_through_the_full_open(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert case_light.open_light(folder, FIXTURE_PASSPHRASE) is None  # at 0001: to migrate
    st = case_light.status(folder, FIXTURE_PASSPHRASE)  # the full open migrates, then reads
    assert st.schema == HEAD and st.audit_ok
    assert [a.recused for a in st.applicants] == [False, False, True]
    assert st.applicants[0].panel_score == Decimal("88.50")
    assert _same_three_ways(folder, FIXTURE_PASSPHRASE) == st  # now current: the light open


def test_a_key_file_to_seal_again_goes_through_the_full_open(world: World, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    folder = tmp_path / "c"
    typed = "Cafe\u0301 passphrase"  # sealed as typed (before NFC): the open seals it again
    with monkeypatch.context() as patch:
        patch.setattr(keyfile, "normalise_passphrase", lambda p: p)
        world.create(folder, typed).close()
    assert case_light.open_light(folder, typed) is None
    upgraded = case_light.status(folder, typed)
    assert upgraded.audit_ok
    light = case_light.open_light(folder, typed)  # sealed under NFC now: nothing to do
    assert light is not None
    with light:
        assert light.status() == upgraded


def test_a_production_file_below_the_floor_is_raised_through_the_full_open(
        world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    world.create(folder).close()
    with open_case(folder, PASSPHRASE) as case:  # the record no longer says "made for tests"
        key = case.data_key
        _drop_triggers(case)
        raw_execute(case.engine, "UPDATE audit_log SET new = '{}' WHERE action = 'case.create'")
    assert keyfile.key_file_params(folder / "case.key").below_floor()
    assert case_light.open_light(folder, PASSPHRASE) is None
    case_light.status(folder, PASSPHRASE)
    assert not keyfile.key_file_params(folder / "case.key").below_floor()
    assert keyfile.unlock_key_file(folder / "case.key", PASSPHRASE) == key


def test_an_unsettled_rekey_is_settled_by_the_full_open(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    world.create(folder).close()
    with open_case(folder, PASSPHRASE) as case:
        keyfile.write_key_file(next_key_path(case.paths), bytes(32), PASSPHRASE,
                               keyfile.CHEAP_KDF)  # a re-key staged, never committed
    assert case_light.open_light(folder, PASSPHRASE) is None
    st = case_light.status(folder, PASSPHRASE)
    assert not next_key_path(case.paths).exists()  # rolled back by the full open
    assert _same_three_ways(folder) == st


def test_a_half_staged_backup_is_settled_by_the_full_open(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    with world.create(folder) as case:
        backup = case_backup.backup(case)
    stray = backup.with_name(f".{backup.name}.rekeying")
    shutil.copyfile(backup, stray)
    assert case_light.open_light(folder, PASSPHRASE) is None
    case_light.status(folder, PASSPHRASE)
    assert not stray.exists()


def test_a_current_revision_without_the_tables_is_the_full_opens_matter(world: World,
                                                                        tmp_path: Path) -> None:
    world.create(tmp_path / "c").close()
    with open_case(tmp_path / "c", PASSPHRASE) as case:
        _drop_triggers(case)
        raw_execute(case.engine, "PRAGMA foreign_keys = OFF")
        raw_execute(case.engine, "DROP TABLE case_meta")
    assert case_light.open_light(tmp_path / "c", PASSPHRASE) is None  # the full open decides
    assert _lock_free(tmp_path / "c")


def test_a_wal_a_crash_left_reads_the_same_both_ways(world: World, tmp_path: Path) -> None:
    """Files copied while the case is open (a crash: the WAL not folded in), then a frame of it
    altered: SQLite ends the log at the first frame whose checksum fails, so both opens read the
    same earlier state (the audit head in each bundle is what tells the office of a rollback)."""
    crash = tmp_path / "crash"
    with world.create(tmp_path / "c") as case:
        for it in case.framework.items[:5]:
            case.score_item("A001", "onsite", it.id, 60)
        shutil.copytree(tmp_path / "c", crash, ignore=shutil.ignore_patterns("case.lock"))
    wal = crash / "case.db-wal"
    assert wal.stat().st_size > 0
    read: dict[int, list[CaseStatus]] = {}
    for back in (0, 2000):
        folder, again = tmp_path / f"light{back}", tmp_path / f"full{back}"
        shutil.copytree(crash, folder)
        if back:
            data = bytearray(wal.read_bytes())
            data[-back] ^= 0xFF
            (folder / "case.db-wal").write_bytes(bytes(data))
        shutil.copytree(folder, again)
        light = case_light.open_light(folder, PASSPHRASE)
        assert light is not None, "the light open should have been taken"
        with light, open_case(again, PASSPHRASE) as full:
            read[back] = [light.status(), full.status()]
        assert _exactly(read[back][0]) == _exactly(read[back][1])
    assert read[0][0].applicants[0].scored_items == 5
    assert read[2000][0].applicants[0].scored_items == 4 and read[2000][0].audit_ok


@pytest.mark.parametrize("name", ["R%20one", "R?1", "R#1", "审核 1"])
def test_a_folder_named_as_a_url_would_read_otherwise(world: World, tmp_path: Path,
                                                      name: str) -> None:
    """The database is the file in the case folder, whatever characters its path has (not what
    a URL of it would name: "%20" a space, "?" the start of a query)."""
    folder = tmp_path / "cases" / name
    folder.parent.mkdir()
    world.create(folder).close()
    assert sorted(p.name for p in folder.parent.iterdir()) == [name]
    assert (folder / "case.db").is_file()
    _same_three_ways(folder)


def test_an_emptied_database_is_refused_not_made_anew(world: World, tmp_path: Path) -> None:
    """A case database cut to nothing opens under any key as a new, empty one: refused as
    damaged by both opens, and no schema is written into it."""
    db = tmp_path / "c" / "case.db"
    with world.create(tmp_path / "c") as case:
        key = case.data_key
    db.write_bytes(b"")
    _both_raise(tmp_path / "c", PASSPHRASE, CaseFileCorrupt)
    assert db.stat().st_size == 0
    engine = make_engine(db, key)  # its first page only, under the case's key: no tables
    raw_execute(engine, "PRAGMA user_version")
    engine.dispose()
    size = db.stat().st_size
    _both_raise(tmp_path / "c", PASSPHRASE, CaseFileCorrupt)
    assert db.stat().st_size == size and not (tmp_path / "c" / "case.db-wal").exists()
