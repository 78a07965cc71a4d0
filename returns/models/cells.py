"""The count cube: the only content a return version has."""

from django.db import models
from django.db.models import Q

from returns.models.returns import ReturnVersion


def _dimension(model: str) -> models.ForeignKey:
    # No index or FK constraint per dimension: cells are written in bulk (a million-row
    # upload) and read by version, so only the version column is indexed.
    return models.ForeignKey(
        model, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )


class CubeCell(models.Model):
    """The number of referrals in one return version with one combination of characteristics."""

    # No database constraint: PostgreSQL would check every one of a million copied rows
    # at commit; the only writer is returns/storage.py, inside the version's transaction.
    version = models.ForeignKey(
        ReturnVersion, on_delete=models.CASCADE, related_name="cells", db_constraint=False
    )
    ethnicity = _dimension("reference.EthnicGroup")
    sex = _dimension("reference.Sex")
    age_band = _dimension("reference.AgeBand")
    crime_type = _dimension("reference.CrimeType")
    pathway = _dimension("reference.ReferralPathway")
    outcome = _dimension("reference.Outcome")
    disability = _dimension("reference.Disability")
    sexual_orientation = _dimension("reference.SexualOrientation")
    interpreter_needed = models.BooleanField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="cube_cell_count_positive")
        ]

    def __str__(self) -> str:
        return f"cell of {self.version_id}: {self.count}"


class MeasureCell(models.Model):
    """Answers to one outcome measure in one return version, by characteristics."""

    version = models.ForeignKey(
        ReturnVersion, on_delete=models.CASCADE, related_name="measure_cells", db_constraint=False
    )
    ethnicity = _dimension("reference.EthnicGroup")
    sex = _dimension("reference.Sex")
    age_band = _dimension("reference.AgeBand")
    crime_type = _dimension("reference.CrimeType")
    measure = _dimension("reference.OutcomeMeasure")
    answer = _dimension("reference.MeasureAnswer")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="measure_cell_count_positive")
        ]

    def __str__(self) -> str:
        return f"measure cell of {self.version_id}: {self.count}"


class LocalAuthorityCell(models.Model):
    """The referrals in one return version from one local authority and ethnic group.

    Kept apart from the cube (returns/dimensions.py, LOCAL_AUTHORITY): only the referrals
    that say where the victim lives are counted here, by ethnic group alone.
    """

    version = models.ForeignKey(
        ReturnVersion,
        on_delete=models.CASCADE,
        related_name="local_authority_cells",
        db_constraint=False,
    )
    local_authority = _dimension("reference.LocalAuthority")
    ethnicity = _dimension("reference.EthnicGroup")
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gt=0), name="local_authority_cell_count_positive"
            )
        ]

    def __str__(self) -> str:
        return f"local authority cell of {self.version_id}: {self.count}"
