"""What a rule is, and the registry of every rule (docs/architecture.md): one
small rule each, with a code, a severity (error or query), a message and its own test.

A rule's `message` is the line a data officer reads at the top of a group of problems: it
says what is wrong and how to fix it. Each problem may carry a more specific message (the
value found, the closest allowed label).

Rules run in four stages, each on its own context (returns/ingest/context.py):
file (the bytes), columns (the headings), values (every cell, vectorised) and queries
(the whole valid return's counts). A stage with errors stops the later ones: values
cannot be read under headings that are wrong, and queries are about valid returns only.
A fifth, confirm, holds what the person must write when they send the return
(returns/ingest/rules/explanations.py); nothing runs it as a stage.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from returns.ingest.problems import PROBLEM_COLUMNS, Problem, Severity, concat, frame_of


class Stage(StrEnum):
    FILE = "file"
    COLUMNS = "columns"
    VALUES = "values"
    QUERIES = "queries"
    CONFIRM = "confirm"  # what the person must write when they send the return


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    message: str
    stage: Stage
    check: Callable | None = None  # None: raised by the reader as it goes (see Refused)

    def problem(self, *, row=None, column="", value="", message=None, allowed="") -> Problem:
        return Problem(
            code=self.code,
            severity=str(self.severity),
            row=row,
            column=column,
            value="" if value is None else str(value),
            message=message or self.message,
            allowed=allowed,
        )

    def rows(
        self,
        found: pl.DataFrame,
        *,
        column: str,
        message: str | pl.Expr | None = None,
        allowed: str = "",
    ) -> pl.DataFrame:
        """Problems for the failing rows in `found` (columns `__row` and `value`), vectorised."""
        if isinstance(message, pl.Expr):
            message_expr = message
        else:
            message_expr = pl.lit(message or self.message)
        return found.select(
            pl.lit(self.code).alias("code"),
            pl.lit(str(self.severity)).alias("severity"),
            pl.col("__row").cast(pl.Int64).alias("row"),
            pl.lit(column).alias("column"),
            pl.col("value").cast(pl.String).fill_null("").alias("value"),
            message_expr.cast(pl.String).alias("message"),
            pl.lit(allowed).alias("allowed"),
        ).select(PROBLEM_COLUMNS)

    def refuse(self, **kwargs) -> "Refused":
        return Refused([self.problem(**kwargs)])

    def run(self, context) -> pl.DataFrame:
        found = self.check(context)
        if isinstance(found, pl.DataFrame):
            return found
        return frame_of(found or [])


class Refused(Exception):
    """Raised while reading when the file cannot go further; carries the problems to show."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


REGISTRY: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    if rule.code in REGISTRY:
        raise ValueError(f"Two rules share the code {rule.code!r}.")
    REGISTRY[rule.code] = rule
    return rule


def rule(code: str, severity: Severity, stage: Stage, message: str):
    """Decorator: register a check function as a rule; the name then refers to the Rule."""

    def wrap(check: Callable) -> Rule:
        return _register(Rule(code, severity, message, stage, check))

    return wrap


def declare(code: str, severity: Severity, stage: Stage, message: str) -> Rule:
    """Register a rule that the reader applies as it reads (it raises `rule.refuse(...)`)."""
    return _register(Rule(code, severity, message, stage))


def run_stage(stage: Stage, context) -> pl.DataFrame:
    """Every registered rule of a stage with a check, in registration order."""
    return concat(r.run(context) for r in REGISTRY.values() if r.stage == stage and r.check)
