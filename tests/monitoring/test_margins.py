"""Each version's sums are made once, from its cells, and add up to what the cells say."""

import pytest

from monitoring import margins
from monitoring.data import Selection, area_counts
from monitoring.models import Margin, VersionMargins

pytestmark = pytest.mark.django_db


def test_margins_equal_the_sums_of_the_cells(commissioner_a, area_a, period, area_a_return):
    version = area_a_return.current_version_id
    direct_pairs, direct_measures = margins.sum_cells([version])
    kept_pairs, kept_measures = margins.totals([version])
    assert kept_pairs == direct_pairs and kept_measures == direct_measures
    counts = area_counts(commissioner_a, Selection(area=area_a, period=period))
    assert counts.total == 1028
    assert margins.by_version([version])[version] == counts.by_ethnicity


def test_margins_are_made_once(area_a_return):
    version = area_a_return.current_version_id
    margins.ensure([version])
    made = Margin.objects.filter(version_id=version).count()
    margins.ensure([version])
    margins.totals([version])
    assert Margin.objects.filter(version_id=version).count() == made > 0
    assert VersionMargins.objects.filter(version_id=version).count() == 1


def test_a_version_without_cells_has_margins_too(provider_a, area_a, period):
    from tests.factories import make_return

    empty = make_return(provider=provider_a, area=area_a, period=period, cells=[])
    pairs, measures = margins.totals([empty.current_version_id])
    assert not any(pairs.values()) and not measures
    assert VersionMargins.objects.filter(version_id=empty.current_version_id).exists()


def test_a_crime_type_is_summed_from_its_cells(commissioner_a, area_a, period, area_a_return):
    from reference.models import CrimeType

    counts = area_counts(
        commissioner_a,
        Selection(area=area_a, period=period, crime_type=CrimeType.objects.get(code="NR")),
    )
    assert counts.total == 1028  # the fixture's cells record no crime type
    other = CrimeType.objects.exclude(code__in=("NK", "NR")).first()
    assert (
        area_counts(commissioner_a, Selection(area=area_a, period=period, crime_type=other)).total
        == 0
    )


def test_the_door_keeps_the_margins_with_the_version(area_a_return):
    """Stored with the version (returns.services.return_submit), equal to the cells' sums."""
    version = area_a_return.current_version_id
    assert VersionMargins.objects.filter(version_id=version).exists()
    kept = Margin.objects.filter(version_id=version).count()
    assert kept > 0
    direct_pairs, direct_measures = margins.sum_cells([version])
    kept_pairs, kept_measures = margins.totals([version])
    assert kept_pairs == direct_pairs and kept_measures == direct_measures
    assert Margin.objects.filter(version_id=version).count() == kept  # nothing rebuilt


def test_margins_from_a_cube_equal_those_from_its_stored_cells(db):
    from demo.generator import generate_records
    from returns.cube import collapse, load_code_ids

    cube = collapse(generate_records(3000, seed=5), load_code_ids())
    pairs, measures = margins.cube_sums(cube)
    assert sum(pairs["outcome"].values()) == cube.total == 3000
    for name, counter in pairs.items():
        if name == margins.LOCAL_AUTHORITY:  # these records say where nobody lives
            assert not counter
            continue
        assert sum(counter.values()) == 3000, name
    assert sum(measures.values()) == cube.measures.get_column("count").sum()
