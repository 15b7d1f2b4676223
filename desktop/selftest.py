"""``scorebook --self-test``: prove on this machine that the installed app works end to end.

Everything happens in a fresh temporary folder (removed afterwards) with ``SCOREBOOK_HOME``
pointed at it, so the user's real identities and case files are never touched: a reviewer
identity, an encrypted office workspace with its identity, a signed roster and a sealed panel
package, an encrypted case file made from it (closed and opened again), one scored item, a score
bundle exported to a folder and verified with the office key, a PDF with Chinese and Mongolian
read back with pypdf and drawn by the print preview's renderer. One line per step with ✓/✗ and
its time; a step whose prerequisite failed is skipped and named. Exit 0 only if all passed. No
Qt here: the launcher (``desktop.entry``) adds a GUI step when Qt is available.

The key files use the cheap Argon2id parameters (``keyfile.CHEAP_KDF``, offered as a parameter by
the key-file, identity and workspace services) so the test runs in seconds; one separate step
times a single derivation with the production parameters, which is what opening a real case
costs here.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from desktop import __version__
from desktop.domain.errors import ScorebookError
from desktop.domain.messages import N_
from desktop.i18n import _, current_language, render, set_language
from desktop.i18n.formatting import join_clauses, join_list

APPLICANT_NAME = "自检示例稀土新材料有限公司"  # Chinese, printed upright
REVIEWER_NAME = "ᠪᠠᠲᠤᠮᠥᠩᠬᠡ"  # Batmönkh, Traditional Mongolian, shaped with HarfBuzz
OFFICE_NAME = "质量奖评审办公室（自检）"
REVIEWER_ID = "R001"
PROGRAMME_ID = "nmg-chairman"
ITEM_ID = "4.1.2"
ITEM_PCT = 70


class StepFailed(Exception):
    """A check inside a step did not hold (the message says which)."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise StepFailed(message)


@dataclass(frozen=True)
class StepResult:
    name: str
    status: str  # "ok" | "failed" | "skipped"
    seconds: float
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class Context:
    """What the steps hand on to each other."""

    folder: Path
    passphrase: str
    kdf: Any
    notes: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value


@dataclass(frozen=True)
class Step:
    key: str
    name: str  # an N_() string, translated when printed
    run: Callable[[Context], str]  # returns a short detail for the report line
    needs: tuple[str, ...] = ()


# --- where things are ------------------------------------------------------------------------


def program_dir() -> Path:
    """The folder the program runs from: the one-folder bundle, or the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# --- the steps -------------------------------------------------------------------------------


def _resources(ctx: Context) -> str:
    from desktop.paths import resource, resources_dir
    from desktop.services import catalogue
    from desktop.services.programmes import list_programmes

    root = resources_dir()
    check(root.is_dir(), f"no resources folder at {root}")
    fonts = sorted(p.name for p in resource("fonts").glob("*.ttf"))
    check(len(fonts) >= 3, f"fonts missing in {resource('fonts')}: found {fonts}")
    licences = sorted(p.name for p in resource("fonts").glob("OFL*.txt"))
    check(licences, "the fonts' licence texts are missing")
    framework = catalogue.framework()
    check(len(framework.items) == 23 and framework.total_points == 1000,
          "the GB/T 19580 criteria did not load as 23 items / 1000 points")
    programmes = list_programmes()
    check(any(p.id == PROGRAMME_ID for p in programmes), f"programme {PROGRAMME_ID} missing")
    if getattr(sys, "frozen", False):
        bundled = Path(getattr(sys, "_MEIPASS", program_dir())) / "licenses"
        check((bundled / "SQLCipher-LICENSE.txt").is_file()
              and (bundled / "OpenSSL-LICENSE.txt").is_file(),
              f"the SQLCipher/OpenSSL licence texts are missing from {bundled}")
    return f"{len(framework.items)} items, {len(programmes)} programmes, {len(fonts)} fonts"


def _languages(ctx: Context) -> str:
    before = current_language()
    try:
        got = {tag: set_language(tag) for tag in ("zh-Hans-CN", "mn_Mong_CN", "en_US.UTF-8")}
    finally:
        set_language(before)
    expected = {"zh-Hans-CN": "zh_CN", "mn_Mong_CN": "mn_Mong_CN", "en_US.UTF-8": "en"}
    check(got == expected, f"language tags resolved to {got}")
    return ", ".join(sorted(set(got.values())))


def _calendar(ctx: Context) -> str:
    from datetime import date

    from desktop.services.holidays import ChineseCalendar

    cal = ChineseCalendar()
    check(cal.is_workday(date(2025, 10, 1)) is False, "2025-10-01 is not a holiday")
    check(cal.is_workday(date(2025, 9, 28)) is True, "2025-09-28 (a make-up Sunday) is no workday")
    return "chinese_calendar 2025 holidays"


def _kdf(ctx: Context) -> str:
    from desktop.crypto import keyfile

    start = time.perf_counter()
    keyfile.derive_key("self-test", secrets.token_bytes(16), keyfile.PRODUCTION_KDF)
    p = keyfile.PRODUCTION_KDF
    return (f"Argon2id t={p.iterations} m={p.memory_kib // 1024} MiB p={p.lanes}: "
            f"{time.perf_counter() - start:.2f} s per opening of a real case")


def _reviewer(ctx: Context) -> str:
    from desktop.services.identity import load_identity, new_identity, show_identity

    folder = ctx.folder / "identity"
    info = new_identity(REVIEWER_ID, REVIEWER_NAME, ctx.passphrase, folder=folder, kdf=ctx.kdf)
    stored = load_identity(ctx.passphrase, folder)
    check(stored.identity.fingerprint == info.fingerprint, "the identity did not load back")
    check(show_identity(folder).fingerprint == info.fingerprint, "the enrolment card differs")
    ctx["reviewer"] = stored.identity
    return f"fingerprint {info.fingerprint[:8]}…"


def _office(ctx: Context) -> str:
    from desktop.models.office import schema
    from desktop.services.office.workspace import init_workspace, open_workspace

    folder = ctx.folder / "office"
    init_workspace(folder, ctx.passphrase, OFFICE_NAME, kdf=ctx.kdf).close()
    ws = open_workspace(folder, ctx.passphrase)  # unlock, migrate (the office's own scripts)
    try:
        office = ws.identity()
        revision = schema.current_revision(ws.engine)
    finally:
        ws.close()
    check(ws.backend == "sqlcipher", f"the office workspace uses {ws.backend}")
    check(revision is not None, "the office schema was not created")
    ctx["office"] = office
    return f"SQLCipher, schema {revision}, root {office.root_fingerprint[:8]}…"


def _package(ctx: Context) -> str:
    from desktop.crypto.package import PACKAGE_SUFFIX, build_package
    from desktop.crypto.roster import Roster, RosterEntry, sign_roster, verify_roster
    from desktop.services import catalogue
    from desktop.services.case_package import sample_content

    office, me = ctx["office"], ctx["reviewer"]
    roster = Roster(version=1, cycle_id="2025", office_name=OFFICE_NAME,
                    root_sign_pub=office.root_sign_pub, office_enc_pub=office.enc_pub,
                    reviewers=(RosterEntry.of(me.public, team="T1", leader=True),))
    roster_bytes = sign_roster(office, roster)
    ctx["roster"] = verify_roster(roster_bytes, office.root_fingerprint, None)
    content = sample_content(REVIEWER_ID, applicants=1, names=[APPLICANT_NAME],
                             criteria_ref=catalogue.framework().ref,
                             team=[(REVIEWER_ID, REVIEWER_NAME, True)])
    data = build_package(office, roster_bytes, me.public, content)
    usb = ctx.folder / "usb"
    usb.mkdir()
    path = usb / f"panel{PACKAGE_SUFFIX}"
    path.write_bytes(data)
    ctx["package"] = path
    return f"roster v1, package {len(data)} bytes"


def _case(ctx: Context) -> str:
    from desktop.services.case import create_case, open_case

    folder = ctx.folder / "case"
    office = ctx["office"]
    create_case(ctx["package"], folder, ctx.passphrase, ctx["reviewer"],
                office.root_fingerprint, kdf=ctx.kdf).close()
    db = folder / "case.db"
    check(db.is_file(), "no case database was written")
    with db.open("rb") as fh:
        check(not fh.read(16).startswith(b"SQLite format 3"), "the case database is not encrypted")
    case = open_case(folder, ctx.passphrase)  # unlock, check every page, migrate
    ctx["case"] = case
    status = case.status()
    check(status.audit_ok, "the audit chain does not verify")
    check([a.name for a in status.applicants] == [APPLICANT_NAME],
          "the applicant did not come from the package")
    return f"SQLCipher, schema {status.schema}"


def _score(ctx: Context) -> str:
    case = ctx["case"]
    view = case.score_item("A001", "onsite", ITEM_ID, ITEM_PCT, "领导层确立了清晰的使命。",
                           "建议加强对标分析。", why="self-test")
    points = case.framework.item(ITEM_ID).points
    expected = (Decimal(points) * ITEM_PCT / 100).quantize(Decimal("0.01"))
    check(view.item_score == expected, f"item score {view.item_score}, expected {expected}")
    stored = {v.item_id: v.pct for v in case.scores("A001", "onsite")}
    check(stored.get(ITEM_ID) == ITEM_PCT, "the score was not stored")
    return f"item {ITEM_ID}: {ITEM_PCT} % of {points} = {view.item_score}"


def _export(ctx: Context) -> str:
    stick = ctx.folder / "usb" / "bundles"  # a USB stick's folder exists before the export
    stick.mkdir(parents=True)
    result = ctx["case"].export_bundle(stick, final=True)
    check(result.safe_to_remove and result.path.is_file(), "the bundle was not verified on disk")
    ctx["bundle"] = result.path
    return f"revision {result.revision}, {result.path.stat().st_size} bytes, read back"


def _verify(ctx: Context) -> str:
    from desktop.crypto.bundle import open_bundle

    opened = open_bundle(ctx["bundle"].read_bytes(), ctx["office"], ctx["roster"])
    scores = opened.manifest["snapshot"]["scores"]
    check(opened.signer.reviewer_id == REVIEWER_ID, "the bundle's signer is not the reviewer")
    check([(s["item_id"], s["pct"]) for s in scores] == [(ITEM_ID, ITEM_PCT)],
          "the bundle does not carry the scored item")
    return f"signed by {opened.signer.fingerprint[:8]}…, opened with the office key"


def _pdf(ctx: Context) -> str:
    from desktop.domain.redaction import Audience
    from desktop.reports import documents
    from desktop.reports.inputs import Party, ScoreSheetInput
    from desktop.reports.labels import Labels
    from desktop.services.programmes import programme

    case = ctx["case"]
    status = case.status()
    applicant = status.applicants[0]
    language = "mn_Mong_CN"
    labels = Labels(language)
    prog = programme(status.programme_id)
    sheet = ScoreSheetInput(
        programme_name=labels.pick(prog.name_zh, prog.name_en, prog.name_mn),
        cycle=status.cycle_id, stage=labels.pick("现场评审", "On-site review"),
        audience=Audience.INTERNAL, recipient=OFFICE_NAME, language=language,
        applicant=Party(applicant.applicant_id, applicant.name),
        reviewer=Party(case.reviewer_id, case.identity().display_name),
        framework=case.framework, blank=True)
    path = documents.write(sheet, ctx.folder / "score-sheet.pdf")
    found = pdf_text(path)
    check(APPLICANT_NAME in found.text, "the Chinese applicant name is not in the PDF text")
    check(any(REVIEWER_NAME in t for t in found.actual_texts),
          "the Mongolian reviewer name is not in the PDF's /ActualText")
    check({"ScorebookSansSC", "ScorebookMongolian"} <= found.embedded_fonts,
          f"bundled fonts not embedded: {sorted(found.embedded_fonts)}")
    from desktop.reports.preview import page_images

    images = page_images(path.read_bytes(), dpi=36)  # the print preview's renderer (PDFium)
    check(len(images) == found.pages and all(i.startswith(b"\x89PNG") for i in images),
          "the print preview could not draw the pages")
    return (f"{found.pages} pages, {path.stat().st_size // 1024} KB, Chinese + Mongolian found, "
            "preview drawn")


def _data_dirs(ctx: Context) -> str:
    home = ctx.values.get("user_data_dir")
    config = ctx.values.get("user_config_dir")
    program = program_dir()
    for what, path in (("user data", home), ("settings", config), ("self-test", ctx.folder)):
        check(path is not None and not is_inside(Path(path), program),
              f"the {what} folder {path} lies inside the program folder {program}")
    return str(home)


STEPS: tuple[Step, ...] = (
    Step("resources", N_("resources (criteria, programmes, fonts, licences)"), _resources),
    Step("languages", N_("languages (zh_CN, mn_Mong_CN, en)"), _languages),
    Step("calendar", N_("working-day calendar"), _calendar),
    Step("kdf", N_("key derivation, production parameters"), _kdf),
    Step("reviewer", N_("reviewer identity"), _reviewer),
    Step("office", N_("office workspace and identity"), _office),
    Step("package", N_("roster and panel package"), _package, ("reviewer", "office")),
    Step("case", N_("encrypted case file (create, reopen, check)"), _case, ("package",)),
    Step("score", N_("score an item"), _score, ("case",)),
    Step("export", N_("export a score bundle to a folder"), _export, ("score",)),
    Step("verify", N_("open and verify the bundle with the office key"), _verify, ("export",)),
    Step("pdf", N_("PDF with Chinese and Mongolian"), _pdf, ("case",)),
    Step("data-dirs", N_("user data outside the program folder"), _data_dirs),
)


# --- reading a PDF back ----------------------------------------------------------------------


@dataclass(frozen=True)
class PdfText:
    text: str  # pypdf's extracted text
    actual_texts: tuple[str, ...]  # every /ActualText in the content streams, decoded
    embedded_fonts: frozenset[str]  # base font names of embedded TrueType subsets, tag removed
    pages: int


_ACTUAL = re.compile(rb"/ActualText\s*<([0-9A-Fa-f\s]+)>")


def pdf_text(path: Path) -> PdfText:
    """What a reader sees in ``path``: text, /ActualText spans and embedded font names."""
    import pypdf

    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    actual: list[str] = []
    fonts: set[str] = set()
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            for match in _ACTUAL.finditer(contents.get_data()):
                raw = bytes.fromhex(re.sub(rb"\s", b"", match.group(1)).decode("ascii"))
                actual.append(raw.decode("utf-16"))  # the BOM gives the byte order
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        for ref in (font_dict.get_object().values() if font_dict is not None else ()):
            font = ref.get_object()
            base = str(font.get("/BaseFont", ""))
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                fonts.add(base.lstrip("/").split("+")[-1].split("-")[0])
    return PdfText(text, tuple(actual), frozenset(fonts), len(reader.pages))


# --- running ---------------------------------------------------------------------------------


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, ScorebookError):
        return render(exc.message)
    if isinstance(exc, StepFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class Reporter:
    """Prints one line per step; falls back to ASCII marks where the console cannot print ✓."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "✓✗".encode(encoding)
            self.marks = {"ok": "✓", "failed": "✗", "skipped": "–"}
        except (LookupError, UnicodeEncodeError):
            self.marks = {"ok": "[ok]", "failed": "[FAIL]", "skipped": "[skip]"}

    def line(self, text: str) -> None:
        try:
            self.stream.write(text + "\n")
        except UnicodeEncodeError:
            self.stream.write(text.encode("ascii", "backslashreplace").decode("ascii") + "\n")
        self.stream.flush()

    def step(self, result: StepResult) -> None:
        mark = self.marks[result.status]
        detail = f"  {result.detail}" if result.detail else ""
        pad = " " * max(1, 51 - _display_width(result.name))
        self.line(f"{mark} {result.name}{pad}{result.seconds:6.2f} s{detail}")


def _display_width(text: str) -> int:
    """Columns on a terminal: Han and fullwidth characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@contextmanager
def _isolated_home(folder: Path) -> Iterator[tuple[Path, Path]]:
    """Point SCOREBOOK_HOME at ``folder`` for the run; yield the user's real folders first."""
    from desktop.paths import user_config_dir, user_data_dir

    real = (user_data_dir(), user_config_dir())
    saved = os.environ.get("SCOREBOOK_HOME")
    os.environ["SCOREBOOK_HOME"] = str(folder / "home")
    try:
        yield real
    finally:
        if saved is None:
            os.environ.pop("SCOREBOOK_HOME", None)
        else:
            os.environ["SCOREBOOK_HOME"] = saved


def run(stream: TextIO | None = None, *, extra_steps: Sequence[Step] = (),
        kdf: Any = None, keep_folder: bool = False) -> int:
    """Run every step; print the report to ``stream``; 0 if all passed, else 1."""
    from desktop.crypto import keyfile

    out = Reporter(stream if stream is not None else sys.stdout)
    kdf = kdf if kdf is not None else keyfile.CHEAP_KDF
    started = time.perf_counter()
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    out.line(_("Scorebook {version} self-test ({how}, Python {python}, {system})").format(
        version=__version__, how=frozen, python=platform.python_version(),
        system=f"{platform.system()} {platform.machine()}"))
    out.line(_("Program folder: {folder}").format(folder=program_dir()))
    if kdf == keyfile.CHEAP_KDF:
        out.line(_("Key files use the fast test KDF parameters (keyfile.CHEAP_KDF); "
                   "real case files use the production parameters."))
    folder = Path(tempfile.mkdtemp(prefix="scorebook-selftest-"))
    out.line(_("Temporary folder: {folder}").format(folder=folder))
    ctx = Context(folder, secrets.token_urlsafe(18), kdf)
    results: dict[str, StepResult] = {}
    try:
        with _isolated_home(folder) as (data_dir, config_dir):
            ctx["user_data_dir"], ctx["user_config_dir"] = data_dir, config_dir
            for step in (*STEPS, *extra_steps):
                results[step.key] = _run_step(step, ctx, results)
                out.step(results[step.key])
    finally:
        case = ctx.values.get("case")
        if case is not None:
            case.close()
        if keep_folder:
            out.line(_("Kept {folder}").format(folder=folder))
        else:
            shutil.rmtree(folder, ignore_errors=True)
    failed = [r for r in results.values() if not r.ok]
    total = time.perf_counter() - started
    if not failed:
        out.line(_("Self-test passed: {count} steps in {seconds:.1f} s").format(
            count=len(results), seconds=total))
        return 0
    out.line(_("Self-test FAILED: {steps}").format(
        steps=join_clauses(f"{r.name} ({r.detail})" for r in failed if r.status == "failed")))
    return 1


def _run_step(step: Step, ctx: Context, done: dict[str, StepResult]) -> StepResult:
    name = _(step.name)
    missing = [done[k].name if k in done else k for k in step.needs
               if k not in done or not done[k].ok]
    if missing:
        return StepResult(name, "skipped", 0.0,
                          _("skipped: needs {steps}").format(steps=join_list(missing)))
    start = time.perf_counter()
    try:
        detail = step.run(ctx)
    except Exception as exc:  # every failure is reported with the step's name
        return StepResult(name, "failed", time.perf_counter() - start, _error_text(exc))
    return StepResult(name, "ok", time.perf_counter() - start, detail)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m desktop.selftest [--keep]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    return run(keep_folder="--keep" in args)


if __name__ == "__main__":
    sys.exit(main())
