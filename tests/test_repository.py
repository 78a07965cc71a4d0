"""The repository stands on its own: its documents are current and its code cites only them."""

import importlib.util
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _data_standard_doc():
    spec = importlib.util.spec_from_file_location(
        "data_standard_doc", ROOT / "scripts" / "data_standard_doc.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_data_standard_document_is_current():
    doc = _data_standard_doc()
    assert doc.DOC.read_text(encoding="utf-8") == doc.render(), (
        "docs/data-standard.md differs from returns/standard.py and the code lists: "
        "run make data-standard-doc and commit the result"
    )


def test_the_data_standard_document_names_every_column_and_code():
    from returns.standard import COLUMNS

    doc = _data_standard_doc()
    text = doc.render()
    for column in COLUMNS:
        assert f"| `{column.name}` |" in text
        if column.code_list:
            _source, codes = doc._codes(column.code_list)
            assert codes, column.name
            for code, _label in codes:
                assert f"| `{code}` |" in text, (column.name, code)


# Documents outside the repository, and the process that built it, are never cited: what a
# comment needs explained lives in docs/.
OUTSIDE_CITATIONS = re.compile(
    r"DESIGN\.md|STYLE\.md|issue items?\b|research notes|\bissue\b", re.IGNORECASE
)
SKIPPED = {".git", ".venv", "node_modules", "static", "staticfiles", "var", "docs"}


def _source_files():
    for folder, subfolders, files in os.walk(ROOT):
        if Path(folder) == ROOT:
            subfolders[:] = [name for name in subfolders if name not in SKIPPED]
        for name in files:
            if name.endswith((".py", ".html")):
                yield (Path(folder) / name).relative_to(ROOT)


def test_code_cites_only_the_repository():
    found = [
        f"{relative}:{number}: {line.strip()}"
        for relative in _source_files()
        for number, line in enumerate((ROOT / relative).read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE_CITATIONS.search(line) and relative != Path("tests/test_repository.py")
    ]
    assert not found, "cite docs/, the guidance or the ONS rule instead:\n" + "\n".join(found)


# A status (or a problem's severity) is compared through its TextChoices or its tag (an
# `is_…` property of the model, the choices passed to the page, `{% status_tag %}` or
# `{% severity_tag %}`), never against its value written out in a template.
STATUS_LITERAL = re.compile(r"\b\w*(status|state|severity)\s*(==|!=)\s*[\"']")


def test_templates_compare_no_status_with_a_literal():
    found = [
        f"{relative}:{number}: {line.strip()[:120]}"
        for relative in _source_files()
        if relative.suffix == ".html"
        for number, line in enumerate((ROOT / relative).read_text(encoding="utf-8").splitlines(), 1)
        if STATUS_LITERAL.search(line)
    ]
    assert not found, "compare statuses through their TextChoices:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "{% if group.severity == 'error' %}",
        '{% elif row.severity != "query" %}',
        "{% if report.status == 'draft' %}",
        "{% if escalation_state=='open' %}",
    ],
)
def test_a_status_or_severity_literal_in_a_template_is_caught(line):
    assert STATUS_LITERAL.search(line)


DOCS = ROOT / "docs"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_decision_records_are_numbered_once_each_in_order():
    numbers = sorted(
        int(path.name[:4]) for path in (DOCS / "adr").glob("[0-9][0-9][0-9][0-9]-*.md")
    )
    assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_the_docs_index_lists_every_document_and_record():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    documents = [*DOCS.glob("*.md"), *(DOCS / "adr").glob("*.md")]
    missing = [
        str(path.relative_to(DOCS))
        for path in documents
        if path.name != "README.md" and f"({path.relative_to(DOCS)})" not in index
    ]
    assert not missing, f"add to docs/README.md: {missing}"


def test_links_between_documents_lead_somewhere():
    broken = [
        f"{path.relative_to(ROOT)}: {target}"
        for path in [ROOT / "README.md", *DOCS.rglob("*.md")]
        for target in LINK.findall(path.read_text(encoding="utf-8"))
        if "://" not in target and not (path.parent / target).exists()
    ]
    assert not broken, broken
