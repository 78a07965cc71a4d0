"""The repository stands on its own: its documents are current and its code cites only them."""

import importlib.util
from pathlib import Path

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
