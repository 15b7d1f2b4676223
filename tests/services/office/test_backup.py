"""The office's own loss (issue 17, deliver 7): a backup of the workspace restored on another
computer is the same office (same fingerprint), and a bundle sealed to the office before the loss
merges there; the recovery code opens a backup without the passphrase; a tampered backup, a
wrong passphrase or code, and an occupied folder are refused, leaving nothing behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.crypto import office_backup as fmt
from desktop.crypto.errors import CannotDecrypt, Malformed
from desktop.crypto.keyfile import CHEAP_KDF, WrongPassphrase
from desktop.services.office import backup, merge
from desktop.services.office.changes import OfficeChanges
from desktop.services.office.results_notices import HistoryRow
from desktop.services.office.workspace import Workspace, init_workspace, open_workspace
from tests.pg import PgServer
from tests.services.office.helpers import bundle, small_cycle, write

PASS = "pass phrase"


@pytest.fixture
def backend() -> str:
    """Embedded workspaces only (PostgreSQL: the last test)."""
    return "sqlcipher"


def test_restored_elsewhere_it_is_the_same_office_and_merges_an_old_bundle(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = small_cycle(ws)
    ids = [a.id for a in small.apps]
    before = write(tmp_path / "usb", "R2.sbb", bundle(small, "R2", "material", ids))
    fingerprint = ws.identity().root_fingerprint
    done = backup.backup_workspace(ws, tmp_path / "backups")
    assert done.changes == OfficeChanges(history=True)
    result = done.result
    assert result.path.parent == tmp_path / "backups" and result.office_fingerprint == fingerprint
    assert result.recovery_key_id is None and result.recovery_sheet is None
    raw = result.path.read_bytes()
    assert b"SQLite format" not in raw and "评审员".encode() not in raw
    assert backup.backup_facts(result.path).sha256 == result.sha256
    ws.close()
    shutil.rmtree(ws.folder)  # the office laptop is lost

    monkeypatch.setenv("SCOREBOOK_HOME", str(tmp_path / "new-machine"))
    restored = backup.restore_workspace(result.path, tmp_path / "new-machine" / "office", PASS)
    assert restored.fingerprint == fingerprint and restored.opened_with == backup.PASSPHRASE
    with open_workspace(restored.folder, PASS) as again:
        assert again.identity().root_fingerprint == fingerprint
        merged = merge.merge_files(again, [before])
        assert [f.outcome for f in merged.files] == ["new"]
        assert merged.item_scores > 0
        history = [h.action for h in _history(again)]
        assert "workspace.backup" not in history  # logged after the copy was taken
        assert "workspace.restore" in history


def _history(ws: Workspace) -> list[HistoryRow]:
    from desktop.services.office import notice

    return notice.history(ws)


def test_the_recovery_code_opens_a_backup_without_the_passphrase(
        ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, other = fmt.new_recovery_code(), fmt.new_recovery_code()
    monkeypatch.setattr(fmt, "new_recovery_code", lambda: code)
    sheet = tmp_path / "safe" / "sheet.pdf"
    sheet.parent.mkdir()
    first = backup.backup_workspace(ws, tmp_path / "backups", recovery_sheet=sheet,
                                    language="en").result
    assert first.recovery_sheet == sheet and sheet.read_bytes().startswith(b"%PDF")
    assert first.recovery_key_id == backup.recovery_key_id(ws)
    later = backup.backup_workspace(ws, tmp_path / "backups").result  # sealed to the same code
    assert later.recovery_key_id == first.recovery_key_id
    from pypdf import PdfReader

    printed = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert first.recovery_key_id is not None
    for fact in (code, first.office_fingerprint, first.backup_id, first.recovery_key_id,
                 first.sha256[:8], "safe"):
        assert fact in printed, fact
    assert code.encode() not in (ws.folder / backup.RECOVERY_FILE).read_bytes()
    fingerprint = ws.identity().root_fingerprint
    ws.close()

    typed = code.replace("O", "0").replace("-", " ").lower()  # as a person might type it
    with pytest.raises(fmt.NotARecoveryCode):
        backup.restore_workspace(later.path, tmp_path / "x", "new", recovery_code=code[:-1])
    with pytest.raises(fmt.WrongRecoveryCode):
        backup.restore_workspace(later.path, tmp_path / "x", "new",
                                 recovery_code=other)
    assert not any((tmp_path / "x").glob("office.*"))
    restored = backup.restore_workspace(later.path, tmp_path / "new", "a new passphrase",
                                        recovery_code=typed, kdf=CHEAP_KDF)
    assert restored.fingerprint == fingerprint and restored.opened_with == backup.RECOVERY_CODE
    with pytest.raises(WrongPassphrase):
        open_workspace(restored.folder, PASS)
    with open_workspace(restored.folder, "a new passphrase") as again:
        assert again.identity().root_fingerprint == fingerprint
        assert backup.recovery_key_id(again) == first.recovery_key_id  # kept with the office


def test_a_backup_without_a_sheet_does_not_open_with_a_code(ws: Workspace, tmp_path: Path
                                                            ) -> None:
    result = backup.backup_workspace(ws, tmp_path / "b").result
    with pytest.raises(fmt.NoRecoverySlot):
        backup.restore_workspace(result.path, tmp_path / "new", "x",
                                 recovery_code=fmt.new_recovery_code())


def test_a_tampered_backup_is_refused_and_leaves_nothing(ws: Workspace, tmp_path: Path) -> None:
    result = backup.backup_workspace(ws, tmp_path / "b").result
    data = result.path.read_bytes()
    header = fmt.read_header(data)
    target = tmp_path / "new"
    cases: list[tuple[bytes, type[Exception]]] = []
    at = data.index(b'"created_at":"') + len(b'"created_at":"') + 3  # a digit of the year
    changed_date = bytearray(data)
    changed_date[at] = ord("9") if data[at] != ord("9") else ord("8")
    cases.append((bytes(changed_date), CannotDecrypt))
    in_body = bytearray(data)
    in_body[len(header.raw) + 100] ^= 0x01
    cases.append((bytes(in_body), CannotDecrypt))
    last = bytearray(data)
    last[-1] ^= 0x80  # the tag
    cases.append((bytes(last), CannotDecrypt))
    cases.append((data[:-1], Malformed))
    cases.append((data + b"\0", Malformed))
    cases.append((b"SCBKPKG1" + data[8:], Malformed))
    for n, (bad, error) in enumerate(cases):
        path = write(tmp_path / "bad", f"{n}.sbob", bad)
        with pytest.raises(error):
            backup.restore_workspace(path, target, PASS)
        assert not target.exists() or not any(target.iterdir()), n
    with pytest.raises(WrongPassphrase):
        backup.restore_workspace(result.path, target, "not the passphrase")
    # well sealed, but what is inside is not this office's database
    key_file = (ws.folder / "office.key").read_bytes()
    fingerprint = ws.identity().root_fingerprint
    for inside, says in ((b"not a database" * 100, "damaged"),
                         (fmt.open_body(data, header, ws.data_key), "another office")):
        _id, sealed = fmt.seal_backup(inside, ws.data_key, key_file,
                                      "AAAA-" + fingerprint[5:] if says == "another office"
                                      else fingerprint, "2025-06-01T00:00:00Z")
        path = write(tmp_path / "bad", f"{says}.sbob", sealed)
        with pytest.raises(backup.BackupRefused, match=says):
            backup.restore_workspace(path, target, PASS)
        assert not target.exists() or not any(target.iterdir())
    with pytest.raises(backup.BackupRefused, match="already holds"):
        backup.restore_workspace(result.path, ws.folder, PASS)


def test_an_altered_recovery_key_file_stops_the_backup(ws: Workspace, tmp_path: Path) -> None:
    backup.backup_workspace(ws, tmp_path / "b", recovery_sheet=tmp_path / "sheet.pdf")
    record = ws.folder / backup.RECOVERY_FILE
    # Someone swaps in their own recovery key, so later backups would open with their code.
    theirs = fmt.recovery_record(b"\x01" * 32, fmt.recovery_public(fmt.new_recovery_code()),
                                 "2025-06-01T00:00:00Z")
    record.write_bytes(theirs)
    with pytest.raises(fmt.RecoveryRecordAltered):
        backup.backup_workspace(ws, tmp_path / "b")


def test_the_sheet_never_lands_beside_the_backups(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(backup.BackupRefused, match="beside the backups"):
        backup.backup_workspace(ws, tmp_path / "b", recovery_sheet=tmp_path / "b" / "s.pdf")
    assert not (ws.folder / backup.RECOVERY_FILE).exists()


@pytest.mark.postgres
def test_postgresql_is_the_database_servers_job(pg_server: PgServer, tmp_path: Path) -> None:
    with init_workspace(tmp_path / "pg", PASS, "Office", database_url=pg_server.create_database(),
                        kdf=CHEAP_KDF) as ws, \
            pytest.raises(backup.BackupRefused, match="pg_dump"):
        backup.backup_workspace(ws, tmp_path / "b")
