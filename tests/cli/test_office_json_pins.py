"""The office verbs' ``--json`` pinned: keys and values as scripts read them.

The office services return typed results now (``desktop/services/office/results*.py``) and
``--json`` is one serialiser over them (``desktop/cli/json_out.py``); this test runs the verbs on
a small real workspace and compares their JSON with what the dict results printed before the
change (``pins/office_json.json``, written by the code before it, with
``SCOREBOOK_WRITE_PINS=1``). Only what differs from run to run is masked: ids, keys'
fingerprints, the time, the folder."""

from __future__ import annotations

import json
import os
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.crypto.keys import ReviewerIdentity, make_card
from desktop.domain import credit_code

PINS = Path(__file__).parent / "pins" / "office_json.json"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?")
HEX = re.compile(r"\b[0-9a-f]{16,}\b")
NOTICES = True  # the notices' verbs (publish, objections, feedback)
PACKAGES = True  # the reviewers' panel packages issued
VOTE = True  # the committee's vote counted
DECIDE = True  # the ranking, divergence, normalisation, consensus, nominations
SETUP = True  # the setup's writes returning Done (pin, schedule, award history, materials)
TRUST = True  # revocation, disqualification, quarantine, verify, forks
FINGERPRINT = re.compile(r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){3,}\b")


def _mask(value: Any, tmp: str) -> Any:
    if isinstance(value, dict):
        return {k: _mask(v, tmp) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, tmp) for v in value]
    if isinstance(value, str):
        value = value.replace(tmp, "<tmp>")
        for pattern, token in ((UUID, "<uuid>"), (STAMP, "<time>"), (HEX, "<hex>"),
                               (FINGERPRINT, "<fp>")):
            value = pattern.sub(token, value)
    return value


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = main([*argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def run(label: str, *argv: str) -> Any:
        out[label] = _run(capsys, "office", *argv)
        return out[label]

    run("init", "init", "--programme", "hohhot-mayor", "--number", "2025")
    rng = random.Random(7)
    codes = [credit_code.generate(rng, "150100") for _ in range(3)]
    material = tmp_path / "自评报告.txt"
    material.write_text("领导作用与战略。核心工艺参数属于商业秘密。结果。", encoding="utf-8")
    secrets = tmp_path / "secrets.txt"
    secrets.write_text("核心工艺参数属于商业秘密\n", encoding="utf-8")
    run("applicant add", "applicant", "add", "示例甲有限公司", "--award", "organisation",
        "--credit-code", codes[0], "--industry", "制造业", "--region", "新城区",
        "--size", "中型", "--material", str(material), "--secrets-file", str(secrets))
    facts = tmp_path / "import.json"
    facts.write_text(json.dumps({"applicants": [
        {"name": "示例乙有限公司", "award": "organisation", "credit_code": codes[1],
         "industry": "服务业", "materials": [{"title": "报告", "body": "正文",
                                              "secrets": []}]},
        {"name": "示例丙有限公司", "award": "organisation", "credit_code": codes[2]},
    ]}, ensure_ascii=False), encoding="utf-8")
    run("applicant import", "applicant", "import", str(facts))
    ids = {}
    for k in range(4):
        rid = f"R{k + 1}"
        ids[rid] = ReviewerIdentity.generate(rid, f"评审员{k}")
        card = tmp_path / f"{rid}.card"
        card.write_bytes(make_card(ids[rid]))
        extra = ["--past-organisation", "示例乙有限公司"] if k == 0 else []
        run(f"reviewer enrol {rid}", "reviewer", "enrol", str(card), "--fingerprint",
            ids[rid].fingerprint, *extra)
    run("cycle set", "cycle", "set", "conflict_window_years", "suggested", "--by", "张办事员")
    run("cycle decide", "cycle", "decide", "--all-suggested")
    run("cycle show", "cycle", "show")
    run("conflict suggest", "conflict", "suggest")
    run("conflict add", "conflict", "add", "R1", "A002", "--kind", "employment")
    run("conflict list", "conflict", "list")
    run("team", "team", "T1", "--members", "R1", "R2", "R3", "R4", "--leader", "R4",
        "--industry", "制造业", "--assign", "A001", "A002")
    run("team list", "team")
    run("committee add", "committee", "add", "王委员")
    run("committee list", "committee", "list")
    if NOTICES:  # pinned from the code before the notices were typed
        run("notice", "notice", "proposed-winners", "--published", "2025-09-26",
            "--applicants", "A001", "--confirm-unresolved")
        summary = tmp_path / "objection.txt"
        summary.write_text("对评审结果有异议", encoding="utf-8")
        added = run("objection add", "objection", "A002", "--on", "2025-09-28",
                    "--summary-file", str(summary))
        run("objection decide", "objection", "--decide", added["objection"], "--outcome",
            "dismissed", "--on", "2025-09-29", "--summary-file", str(summary))
        run("feedback", "feedback", "A001", "R2", "--assessment", "compliant", "--text-file",
            str(summary))
    if PACKAGES:
        run("package", "package", "--to", str(tmp_path / "usb"))
    if VOTE:
        ballots = tmp_path / "ballots.json"
        ballots.write_text(json.dumps({"王委员": {"A001": "for", "A002": "against"}},
                                      ensure_ascii=False), encoding="utf-8")
        run("vote", "vote", "organisation", "--present", "王委员", "--ballots", str(ballots),
            "--held-on", "2025-10-20", "--confirm-unresolved")
    if DECIDE:  # pinned from the code before the decision side was typed
        run("divergence", "divergence", "A001", "--stage", "material")
        run("divergence normalised", "divergence", "--stage", "material", "--normalised")
        from desktop.services.catalogue import framework

        items = tmp_path / "items.txt"
        items.write_text("".join(f"{it.id}={40 + 10 * (n % 5)}:依据{n}\n"
                                 for n, it in enumerate(framework().items)), encoding="utf-8")
        run("consensus", "consensus", "A001", "--stage", "material", "--items-file", str(items))
        ranked = run("rank", "rank")
        if ranked["weights_decided_on"] == date.today().isoformat():  # the day of the run
            ranked["weights_decided_on"] = "<today>"
        ranked["shortlist"]["unscored"].sort()  # unscored: in no particular order
        run("nominate", "nominate")
    if SETUP:  # pinned from the code before the setup's writes returned Done
        run("conflict pin", "conflict", "add", "R2", "A003", "--pin", "not_conflicted",
            "--note", "已核实")
        run("cycle schedule", "cycle", "schedule", "material", "--from", "2025-07-01",
            "--to", "2025-07-31")
        run("history add", "history", "add", "A003", "--award", "organisation", "--year",
            "2022")
        run("material add", "material", "add", "A003", str(material), "--title", "报告二")
        run("material remove", "material", "remove", "A003", "报告二")
    if TRUST:  # pinned from the code before the trust side was typed
        _trust(tmp_path, run, ids)
    masked: dict[str, Any] = _mask(out, str(tmp_path))
    return masked


def _trust(tmp_path: Path, run: Any, ids: dict[str, ReviewerIdentity]) -> None:
    """A lost laptop (revoke, list, replace, the roster update), a reviewer disqualified and
    their earlier scores set aside, the quarantine, the held bundles verified, the forks."""
    run("reviewer revoke", "reviewer", "revoke", "R3", "--reason", "笔记本电脑丢失",
        "--learnt-at", "2025-09-01T09:00+08:00", "--trusted-revision", "0")
    run("reviewer revoked", "reviewer", "revoked")
    run("reviewer held-revoked", "reviewer", "held-revoked")
    new = ReviewerIdentity.generate("R3", "评审员2")
    card = tmp_path / "R3-new.card"
    card.write_bytes(make_card(new))
    run("reviewer replace", "reviewer", "replace", "R3", str(card), "--fingerprint",
        new.fingerprint)
    stick = tmp_path / "stick"
    stick.mkdir()
    run("roster-update", "roster-update", "--to", str(stick))
    run("reviewer disqualify", "reviewer", "disqualify", "R2", "--reason", "违反回避规定",
        "--on", "2025-09-10", "--by", "评审委员会")
    run("reviewer earlier-scores", "reviewer", "earlier-scores", "R2", "void", "--by",
        "评审委员会")
    run("reviewer disqualified", "reviewer", "disqualified")
    run("quarantine list", "quarantine", "list")
    run("quarantine clear", "quarantine", "clear")
    run("verify", "verify")
    run("fork list", "fork", "list")


def test_office_json_is_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCOREBOOK_PASSPHRASE", "pw")
    monkeypatch.setenv("SCOREBOOK_OFFICE", str(tmp_path / "office"))
    got = _scenario(tmp_path, capsys)
    if os.environ.get("SCOREBOOK_WRITE_PINS") == "1":
        PINS.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(PINS.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(expected)
    for label, value in expected.items():
        assert got[label] == value, label
