"""The registry: every rule has a code, a severity, a message and its own test."""

from pathlib import Path

import pytest

from returns.ingest.problems import Severity
from returns.ingest.rules import REGISTRY, Stage

HERE = Path(__file__).parent
TEST_TEXT = "\n".join(p.read_text() for p in HERE.glob("test_rules_*.py"))


@pytest.mark.parametrize("code", list(REGISTRY))
def test_each_rule_is_complete_and_tested_in_its_family_module(code):
    rule = REGISTRY[code]
    assert rule.severity in (Severity.ERROR, Severity.QUERY, Severity.NOTE)
    assert rule.stage in Stage
    assert rule.message.endswith(".") and len(rule.message) > 30
    assert f"def test_{code}" in TEST_TEXT or f'"{code}"' in TEST_TEXT


def test_queries_run_last_and_only_queries_are_queries():
    for rule in REGISTRY.values():
        assert (rule.severity == Severity.QUERY) == (rule.stage == Stage.QUERIES), rule.code


def test_the_required_queries_exist():
    assert {"ethnicity_coverage_low", "total_changed"} <= set(REGISTRY)
