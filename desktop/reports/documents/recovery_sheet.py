"""The office's recovery sheet: the recovery code of its backups, to keep in a safe."""

from __future__ import annotations

from desktop.reports.documents.common import check_all, labels_for, open_document
from desktop.reports.inputs import RecoverySheetInput


def _grouped(sha256: str) -> str:
    """A long hash in groups of eight, so it can be read and compared."""
    return " ".join(sha256[i:i + 8] for i in range(0, len(sha256), 8))


def render(inp: RecoverySheetInput) -> bytes:
    _ = labels_for(inp)
    check_all([("office", inp.office_name), ("recipient", inp.recipient)])
    title = _("Office recovery sheet")
    doc = open_document(inp, _, title)
    doc.title_block(title, [
        (_("Office"), inp.office_name),
        (_("Office fingerprint"), inp.office_fingerprint),
        (_("Backup"), inp.backup_id),
        (_("Backup file"), inp.backup_file),
        (_("SHA-256 of the backup file"), _grouped(inp.backup_sha256)),
        (_("Backup made"), _.datetime(inp.backup_made)),
        (_("Recovery key"), inp.recovery_key_id)])
    doc.heading(_("Recovery code"))
    doc.paragraph(inp.code, size=20, bold=True)
    doc.space(8)
    doc.heading(_("Keep this sheet in a safe"))
    for body in (
            _("Keep this sheet in a safe, away from the backups. Whoever holds it and a backup of "
              "this office can open the backup: every score and the office's keys."),
            _("The code opens the backup named above and every later backup of this workspace, "
              "until a new recovery sheet is printed. It is kept nowhere else: print this file, "
              "then delete it."),
            _("To recover on a new computer: 'scorebook office restore BACKUP --workspace DIR "
              "--recovery' (the code is asked for, never typed on the command line). Then "
              "compare the office fingerprint the restored workspace shows with the one above: "
              "the reviewers' laptops trust that fingerprint.")):
        doc.paragraph(body, size=10.5)
        doc.space(4)
    doc.signature_block([_("Printed by"), _("Placed in the safe by")])
    return doc.render()
