"""The standards as data: every prompt of the guidance, versioned by edition."""

import json

import pytest

from assurance.models import Prompt, QualityStandard, StandardsEdition
from assurance.standards import DATA_DIR, StandardsFileError, load_edition, load_standards

pytestmark = pytest.mark.django_db


def _data():
    return json.loads((DATA_DIR / "standards_2021.json").read_text(encoding="utf-8"))


def test_the_three_standards_with_every_prompt_are_loaded():
    edition = StandardsEdition.objects.get(code="2021-05")
    standards = {s.number: s for s in edition.standards.all()}
    assert sorted(standards) == [1, 2, 3]
    assert [len(standards[n].key_messages) for n in (1, 2, 3)] == [3, 4, 3]
    counts = {n: list(standards[n].prompts.values_list("number", flat=True)) for n in (1, 2, 3)}
    assert counts[1] == ["1", "1a", "1b", "1c", "1d", "2", "3", "4"]
    assert counts[2] == ["1", "2", "3", "4"]
    assert counts[3] == ["1", "2", "3", "4", "5"]
    heading = standards[1].prompts.get(number="1")
    assert heading.text == "What do you know about?" and not heading.answerable
    assert list(heading.parts.values_list("number", flat=True)) == ["1a", "1b", "1c", "1d"]
    assert standards[2].statement == (
        "Commissioners must provide services that proportionately reflect the BAME "
        "demographics of their local communities."
    )
    # The key message split by a page break in the guidance is whole.
    assert standards[3].key_messages[1].endswith("(i.e. alternatives to the police).")


def test_loading_again_changes_nothing():
    before = list(Prompt.objects.values())
    report = load_standards()
    assert report.created == [] and report.unchanged == ["2021-05"]
    assert list(Prompt.objects.values()) == before


def test_a_changed_text_for_a_loaded_edition_is_refused():
    data = _data()
    data["standards"][0]["prompts"][5]["text"] = "Reworded."
    with pytest.raises(StandardsFileError, match="prompt 2: text differs"):
        load_edition(data)
    assert Prompt.objects.filter(text="Reworded.").count() == 0


def test_a_new_edition_adds_rows_and_keeps_old_answers_pointing_at_old_prompts(
    area_a, period, commissioner_a
):
    from assurance import services

    assessment = services.assessment_start(area=area_a, period=period, by=commissioner_a)
    old_prompt = Prompt.objects.get(
        standard__edition=assessment.edition, standard__number=2, number="1"
    )
    services.assessment_answers_save(
        assessment=assessment, answers={old_prompt.pk: ("Answer", "")}, by=commissioner_a
    )
    data = _data()
    data["edition"], data["published"], data["published_on"] = (
        "2027-01",
        "January 2027",
        "2027-01-01",
    )
    data["standards"][1]["prompts"][0]["text"] = "A revised prompt."
    assert load_edition(data) is True
    assert StandardsEdition.current().code == "2027-01"
    assert QualityStandard.objects.count() == 6
    old_prompt.refresh_from_db()
    assert old_prompt.text.startswith("Are you using local demographic data")
    assert assessment.answers.get().prompt == old_prompt
    # A new self-assessment is written against the new edition.
    from tests.factories import make_period

    later = services.assessment_start(
        area=area_a, period=make_period(2026, "H2"), by=commissioner_a
    )
    assert later.edition.code == "2027-01"
