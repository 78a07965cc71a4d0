"""Models of the monitoring app: each return version's counts, summed once for the dashboards.

A version's cube cells never change once stored (a new submission is a new version), so
its sums by ethnicity, each breakdown and each local authority are computed when the
version is stored, in the same transaction, and kept (monitoring/margins.py). A million-referral version has about 290,000
cells but about 1,500 margins: the dashboards read the margins, never the cells. Nothing
here is a second copy to keep in step: deleting a version deletes its margins.
"""

from django.db import models


class VersionMargins(models.Model):
    """Marks a version whose margins are all stored (a version may have no cells at all)."""

    version = models.OneToOneField(
        "returns.ReturnVersion",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )

    def __str__(self) -> str:
        return f"margins of version {self.version_id}"


class Margin(models.Model):
    """Referrals in one version by ethnicity and one breakdown (or one outcome measure's answer)."""

    version = models.ForeignKey(
        "returns.ReturnVersion", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # A key of monitoring.margins.BREAKDOWNS, or "ethnicity", "local_authority" or "measure".
    breakdown = models.CharField(max_length=20)
    ethnicity_id = models.IntegerField()
    code_id = models.IntegerField()  # the breakdown's reference row (for "measure", the measure)
    answer_id = models.IntegerField(null=True)  # for "measure" only
    count = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["version", "breakdown"], name="margin_version_breakdown")]

    def __str__(self) -> str:
        return f"{self.breakdown} margin of version {self.version_id}: {self.count}"
