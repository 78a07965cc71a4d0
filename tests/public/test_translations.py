"""Every translation has every text, keeps its placeholders, and claims no review."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from public import labels
from public.translations import ReviewStatus, all_translations, problems, source

ROOT = Path(__file__).resolve().parents[2]
WANTED = {"cy", "pl", "ro", "ur", "pa", "bn", "gu", "ar", "so", "pt", "lt", "sq", "tr", "ta", "zh"}


def test_the_fifteen_languages_are_there():
    assert WANTED <= set(all_translations())


@pytest.mark.parametrize("code", sorted(WANTED))
def test_each_translation_matches_the_english(code):
    assert problems(all_translations()[code], source()) == []


def test_no_translation_claims_a_review_that_did_not_happen():
    for translation in all_translations().values():
        if translation.code != "en":
            assert translation.review == ReviewStatus.DRAFT, translation.code
            assert translation.is_draft


def test_right_to_left_languages():
    rtl = {c for c, t in all_translations().items() if t.dir == "rtl"}
    assert rtl == {"ar", "ur"}


def test_every_reference_label_can_be_shown_in_welsh():
    def csv_labels(name):
        path = ROOT / "reference" / "data" / "codes" / name
        with path.open(encoding="utf-8") as f:
            return {r["label"] for r in csv.DictReader(f) if r["code"] not in ("NK", "NR")}

    from django.utils import translation

    with translation.override("en-gb"):
        listed = {str(x) for x in labels.CRIME_TYPES + labels.AGE_BANDS + labels.LANGUAGES}
    for name in ("crime_types.csv", "age_bands.csv", "languages.csv"):
        assert csv_labels(name) <= listed, name


def test_the_welsh_catalogue_is_complete_and_marked_draft():
    po = (ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "X-Review-Status: draft - needs review by a qualified translator" in po
    entries = po.split("\n\n")[1:]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgstr[" not in e]
    assert not empty, empty[:3]
    assert "#, fuzzy" not in po


def test_the_welsh_catalogue_has_every_text_the_code_marks(tmp_path):
    """`makemessages` on a copy of the project adds nothing untranslated to the catalogue."""
    copy = tmp_path / "reach"
    skip = shutil.ignore_patterns(
        ".*", "node_modules", "static", "var", "test-artifacts", "tests", "__pycache__", "*.mo"
    )
    shutil.copytree(ROOT, copy, ignore=skip)
    env = {**os.environ, "SECRET_KEY": "insecure-test-only-key"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "cy", "--no-obsolete", "-v0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    po = (copy / "locale" / "cy" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and "msgstr[" not in e]
    assert not untranslated, "Translate these into Welsh:\n\n" + "\n\n".join(untranslated[:5])
    assert "#, fuzzy" not in po, "Check the Welsh of entries marked fuzzy"
