"""The case file through its services: real SQLCipher files, real signatures, real sealing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.crypto.bundle import open_bundle
from desktop.crypto.errors import UntrustedRoot, WrongRecipient
from desktop.crypto.keyfile import WrongPassphrase
from desktop.crypto.keys import OfficeIdentity
from desktop.domain.errors import InputRejected, NotFound, RuleViolation, ScoreValueError
from desktop.models.engine import CaseFileCorrupt
from desktop.services.case import CaseExists, create_case, open_case
from desktop.services.case_backup import list_backups
from desktop.services.case_import import ScoreImportError
from desktop.services.case_lock import CaseLocked
from tests.models.case_world import COMMENT, NAMES, PASSPHRASE, SECRET, World, make_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def test_round_trip(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        view = case.score_item("A001", "onsite", "4.1.2", "70", "good", "more")
        assert view.item_score == Decimal("35.00")  # 50 points × 70 %
        case.score_item("A001", "onsite", "4.1.3", 45)
        assert case.set_panel_score("A001", "defense", "87.5") == Decimal("87.50")
        same = case.score_item("A001", "onsite", "4.1.2", 70)
        assert not same.changed
    with open_case(folder, PASSPHRASE) as case:
        views = {v.item_id: v for v in case.scores("A001", "onsite")}
        assert views["4.1.2"].pct == 70 and views["4.1.2"].strengths == "good"
        status = case.status()
        first = status.applicants[0]
        assert first.name == NAMES[0] and first.scored_items == 2
        assert first.total == Decimal("35.00") + views["4.1.3"].item_score  # type: ignore[operator]
        assert first.panel_score == Decimal("87.50")
        assert status.audit_ok and status.audit_rows == 4  # create + 3 real edits
        assert case.identity().public == world.me.public


def test_edits_are_validated(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        before = case.audit_count()
        for bad in ("72", "101", "-5", "abc", "7.5"):
            with pytest.raises(ScoreValueError):
                case.score_item("A001", "onsite", "4.1.2", bad)
        with pytest.raises(NotFound):
            case.score_item("A999", "onsite", "4.1.2", 50)
        with pytest.raises(NotFound):
            case.score_item("A001", "onsite", "9.9.9", 50)
        with pytest.raises(ScoreValueError):
            case.score_item("A001", "defense", "4.1.2", 50)  # a panel-score stage
        with pytest.raises(ScoreValueError):
            case.set_panel_score("A001", "defense", "100.5")
        with pytest.raises(ScoreValueError):
            case.mark_secret("A001", "onsite", "4.1.2", "strengths", 0, 3)  # no comment yet
        assert case.audit_count() == before


def test_create_refuses_wrong_pin_and_existing_case(world: World, tmp_path: Path) -> None:
    other = OfficeIdentity.generate("Impostor")
    with pytest.raises(UntrustedRoot):
        create_case(world.package, tmp_path / "c1", PASSPHRASE, world.me,
                    other.root_fingerprint)
    assert not (tmp_path / "c1" / "case.db").exists()
    (tmp_path / "elsewhere").mkdir()
    stranger = make_world(tmp_path / "elsewhere")
    with pytest.raises(WrongRecipient):
        create_case(world.package, tmp_path / "c2", PASSPHRASE, stranger.me,
                    world.office.root_fingerprint)
    world.create(tmp_path / "c3").close()
    with pytest.raises(CaseExists):
        world.create(tmp_path / "c3")


def test_wrong_passphrase_and_tampering_change_nothing(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
    before = _digest(folder)
    with pytest.raises(WrongPassphrase):
        open_case(folder, "not the passphrase")
    assert _digest(folder) == before
    db = folder / "case.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0x40
    db.write_bytes(bytes(data))
    tampered = _digest(folder)
    with pytest.raises(CaseFileCorrupt):
        open_case(folder, PASSPHRASE)
    assert _digest(folder) == tampered
    # and the lock was released: a later open gets as far as the check again
    with pytest.raises(CaseFileCorrupt):
        open_case(folder, PASSPHRASE)


def test_lock_refuses_a_second_writer(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    case = world.create(folder)
    with pytest.raises(CaseLocked):
        open_case(folder, PASSPHRASE)
    code = ("import sys\nfrom pathlib import Path\nfrom desktop.services.case import open_case\n"
            "from desktop.services.case_lock import CaseLocked\n"
            "try:\n    open_case(Path(sys.argv[1]), sys.argv[2])\nexcept CaseLocked as e:\n"
            "    print('locked', e)\n")
    out = subprocess.run([sys.executable, "-c", code, str(folder), PASSPHRASE], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("locked") and "pid" in out
    case.close()
    out = subprocess.run([sys.executable, "-c", code, str(folder), PASSPHRASE], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert out == ""
    with open_case(folder, PASSPHRASE):
        pass


def test_recusal_locks_scoring_and_stays_out_of_the_bundle(world: World, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with world.create(tmp_path / "case") as case:
        case.score_item("A002", "onsite", "4.1.2", 60, "CANARY-RECUSED-COMMENT", "")
        case.set_panel_score("A002", "defense", "70")
        case.score_item("A001", "onsite", "4.1.2", 70)
        with pytest.raises(InputRejected):
            case.recuse("A002", "not-a-reason", "x")
        case.recuse("A002", "employment", "I consulted for them in 2024")
        with pytest.raises(RuleViolation):
            case.score_item("A002", "onsite", "4.1.3", 50)
        with pytest.raises(RuleViolation):
            case.set_panel_score("A002", "defense", "80")
        with pytest.raises(RuleViolation):
            case.recuse("A002", "other", "again")
        result = case.export_bundle(usb)
        assert result.excluded_recused == ("A002",) and result.safe_to_remove
        # the earlier score stays in the local audit log
        assert "CANARY-RECUSED-COMMENT" in str(case.engine.connect().execute(
            text("SELECT group_concat(new) FROM audit_log")).scalar())
    data = result.path.read_bytes()
    assert b"CANARY-RECUSED-COMMENT" not in data
    snap = open_bundle(data, world.office, world.roster).manifest["snapshot"]
    assert {s["applicant_id"] for s in snap["scores"]} == {"A001"}
    assert snap["panel_scores"] == []
    assert snap["recusals"][0]["applicant_id"] == "A002"
    assert snap["recusals"][0]["reason"] == "employment"


def test_export_revisions_chain_and_recipients(world: World, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70, COMMENT + " " + SECRET, "")
        start = len(COMMENT) + 1
        case.mark_secret("A001", "onsite", "4.1.2", "strengths", start, start + len(SECRET))
        case.add_feedback("A001", "concerns", "offered a gift; declined")
        first = case.export_bundle(usb)
        case.score_item("A001", "onsite", "4.1.3", 50)
        second = case.export_bundle(usb, final=True)
        exports = case.status().exports
    assert (first.revision, second.revision) == (1, 2)
    assert [e.revision for e in exports] == [1, 2] and exports[1].final
    for name in (first.path.name, second.path.name):
        assert "R001" not in name and "A001" not in name
    one = open_bundle(first.path.read_bytes(), world.office, world.roster)
    two = open_bundle(second.path.read_bytes(), world.leader, world.roster)  # the team leader
    assert one.manifest["prev_hash"] == "" and two.manifest["prev_hash"] == one.content_hash
    assert two.manifest["final"] is True and two.revision == 2
    score = one.manifest["snapshot"]["scores"][0]
    mark = score["secret_marks"][0]
    assert score["strengths"][mark["start"]:mark["end"]] == SECRET
    assert one.manifest["snapshot"]["feedback"][0]["rating"] == "concerns"
    assert one.manifest["audit_head"] != two.manifest["audit_head"]


def test_secret_marks_follow_their_text(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70, "aa SECRETX bb", "")
        case.mark_secret("A001", "onsite", "4.1.2", "strengths", 3, 10)
        view = case.score_item("A001", "onsite", "4.1.2", strengths="new start aa SECRETX")
        assert [(k.start, k.end) for k in view.marks] == [(13, 20)]
        assert view.strengths[13:20] == "SECRETX"
        view = case.score_item("A001", "onsite", "4.1.2", strengths="all rewritten")
        assert view.marks == ()
        with pytest.raises(ScoreValueError):
            case.mark_secret("A001", "onsite", "4.1.2", "opinion", 0, 3)


def test_import_scores_is_all_or_nothing(world: World, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("applicant,stage,item,percent,strengths,improvements\n"
                    "A001,onsite,4.1.2,70,\"strong, clear\",more data\n"
                    "A001,onsite,4.1.3,45%,,\n", encoding="utf-8")
    bad_rows = {
        "A001,onsite,4.1.2,72,,\n": ("row 3, percent", "step"),
        "A001,onsite,9.9.9,50,,\n": ("row 3, item", "9.9.9"),
        "A009,onsite,4.1.4,50,,\n": ("row 3", "A009"),
        "A001,onsite,4.1.2,50,,\n": ("row 3", "row 2"),
        "A001,onsite,4.1.4\n": ("row 3", "expected 6 fields"),
    }
    with world.create(tmp_path / "case") as case:
        for row, (where, why) in bad_rows.items():
            path = tmp_path / "bad.csv"
            path.write_text("applicant,stage,item,percent,strengths,improvements\n"
                            "A001,onsite,4.1.2,70,x,y\n" + row, encoding="utf-8")
            before = case.audit_count()
            with pytest.raises(ScoreImportError) as info:
                case.import_scores_csv(path)
            assert where in str(info.value) and why in str(info.value)
            assert case.audit_count() == before and case.scores("A001", "onsite") == []
        report = case.import_scores_csv(good)
        assert (report.rows, report.changed) == (2, 2)
        views = {v.item_id: v for v in case.scores("A001", "onsite")}
        assert views["4.1.2"].strengths == "strong, clear" and views["4.1.3"].pct == 45
        case.recuse("A002", "kinship", "my cousin works there")
        locked = tmp_path / "locked.csv"
        locked.write_text("applicant,stage,item,percent,strengths,improvements\n"
                          "A002,onsite,4.1.2,50,,\n", encoding="utf-8")
        with pytest.raises(ScoreImportError, match="recused"):
            case.import_scores_csv(locked)


def test_backup_rotation_and_restore(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
        snapshot = case.backup(keep=3)
        case.score_item("A001", "onsite", "4.1.2", 20)
        for _ in range(3):
            case.backup(keep=3)
        assert len(list_backups(folder / "backups")) == 3
        assert not snapshot.exists()  # rotated away; make a fresh one to restore
        case.score_item("A001", "onsite", "4.1.2", 90)
        keep = case.backup(keep=5)
        case.score_item("A001", "onsite", "4.1.2", 10)
        case.restore(keep)
        assert case.scores("A001", "onsite")[0].pct == 90
        assert case.verify_audit().ok
        case.score_item("A001", "onsite", "4.1.3", 50)  # writable after restore
    with open_case(folder, PASSPHRASE) as case:
        assert case.scores("A001", "onsite")[0].pct == 90
        # the state replaced by the restore was itself backed up first
        assert len(list_backups(folder / "backups")) >= 2


def test_restore_refuses_a_bad_or_foreign_backup(world: World, tmp_path: Path) -> None:
    (tmp_path / "w2").mkdir()
    other_world = make_world(tmp_path / "w2")
    with other_world.create(tmp_path / "other") as other:
        foreign = other.backup()
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
        live = (tmp_path / "case" / "case.db").read_bytes()
        with pytest.raises(CaseFileCorrupt):
            case.restore(foreign)  # another case: another key
        junk = tmp_path / "junk.db"
        junk.write_bytes(b"\0" * 8192)
        with pytest.raises(CaseFileCorrupt):
            case.restore(junk)
        with pytest.raises(InputRejected):
            case.restore(tmp_path / "missing.db")
        assert (tmp_path / "case" / "case.db").read_bytes() == live
        assert case.scores("A001", "onsite")[0].pct == 70


def test_change_passphrase(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    with world.create(folder) as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
        with pytest.raises(WrongPassphrase):
            case.change_passphrase("wrong", "new one")
        case.change_passphrase(PASSPHRASE, "new one")
    with pytest.raises(WrongPassphrase):
        open_case(folder, PASSPHRASE)
    with open_case(folder, "new one") as case:
        assert case.scores("A001", "onsite")[0].pct == 70


def test_audit_chain_of_a_case_detects_a_rewrite(world: World, tmp_path: Path) -> None:
    with world.create(tmp_path / "case") as case:
        case.score_item("A001", "onsite", "4.1.2", 70)
        case.score_item("A001", "onsite", "4.1.2", 80)
        assert case.verify_audit().ok
        with case.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("UPDATE audit_log SET new = replace(new, '80', '85') "
                              "WHERE seq = 3"))
        report = case.verify_audit()
        assert not report.ok and report.first_bad_seq == 3
        assert not case.status().audit_ok


def test_canaries_never_reach_the_disk_in_clear(world: World, tmp_path: Path) -> None:
    folder, usb = tmp_path / "case", tmp_path / "usb"
    usb.mkdir()
    canaries = [NAMES[0], COMMENT, SECRET, "CANARY-FEEDBACK", "CANARY-RECUSAL"]
    case = world.create(folder)
    for i in range(40):  # enough to keep pages in the WAL
        case.score_item("A001", "onsite", "4.1.2", 5 * (i % 20), f"{COMMENT} {SECRET} {i}", "")
    case.add_feedback("A001", "compliant", "CANARY-FEEDBACK")
    case.recuse("A003", "other", "CANARY-RECUSAL")
    case.backup()
    exported = case.export_bundle(usb)
    wal = folder / "case.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    files = [folder / "case.db", wal, folder / "case.key", exported.path,
             *list_backups(folder / "backups")]
    for path in files:
        raw = path.read_bytes()
        for canary in canaries:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert canary.encode(encoding) not in raw, (path.name, canary)
    case.close()
    for canary in canaries:  # the lock file and anything else left behind
        for path in folder.rglob("*"):
            if path.is_file():
                assert canary.encode() not in path.read_bytes(), path.name


def test_close_releases_the_lock_when_the_engine_fails_to_close(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case"
    case = world.create(folder)

    def failing_dispose() -> None:
        raise OSError("the driver failed to close")

    monkeypatch.setattr(case.engine, "dispose", failing_dispose)
    with pytest.raises(OSError):
        case.close()
    monkeypatch.undo()
    case.engine.dispose()
    with open_case(folder, PASSPHRASE):  # the lock went with the failed close
        pass
