"""Typed errors of the core. The edge maps each to a translated message and an exit code.

A message never carries a secret (passphrase, key, decrypted content).
"""

from __future__ import annotations

from typing import Any

from desktop.domain.messages import N_, Msg


class ScorebookError(Exception):
    """Base of every error Scorebook raises on purpose."""

    exit_code: int = 3

    def __init__(self, message: Msg) -> None:
        super().__init__(message.render())
        self.message = message


class InputRejected(ScorebookError):
    """The input was rejected: malformed file, value out of range, rule violated (exit 3)."""


class FileFormatError(InputRejected):
    """A data file (criteria, programme, facts, CSV, …) is malformed."""

    def __init__(self, file: str, entry: str, problem: str, **params: Any) -> None:
        problem_text = Msg(problem, params).render()
        super().__init__(
            Msg(
                N_("{file}: {entry}: {problem}"),
                {"file": file, "entry": entry, "problem": Msg(problem, params)},
            )
        )
        self.file = file
        self.entry = entry
        self.problem = problem_text


class CriteriaError(FileFormatError):
    """A scoring-framework (criteria) file is malformed."""


class ProgrammeError(FileFormatError):
    """A programme rules file is malformed."""


class FactsError(FileFormatError):
    """An applicant facts file is malformed."""


class ScoreValueError(InputRejected):
    """A score value is out of range or off the step."""


class RuleViolation(InputRejected):
    """An action breaks a programme rule (the message names the rule and its citation)."""


class NotFound(InputRejected):
    """A named thing (programme, applicant, item, stage, …) does not exist."""
