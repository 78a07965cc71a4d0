"""Every translation has every text, keeps its placeholders, and claims no review."""

import csv
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
