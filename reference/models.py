"""Reference data: code lists, the ethnicity classification, areas, population and need.

Every table here is loaded from the CSV files in reference/data/ by
`manage.py load_reference` (reference/loading.py). Code lists are tables, not enums in
code, so they can follow the MoJ reporting template without a release.
"""

import re

from django.db import models


def normalise_label(value: str) -> str:
    """The key under which labels and aliases are matched.

    Case, punctuation and spacing are ignored and "&" reads as "and", so that
    "Asian/Asian British: Pakistani" and "asian asian british pakistani" are one key.
    """
    value = value.casefold().replace("&", " and ")
    value = re.sub(r"[^0-9a-z+]+", " ", value)
    return " ".join(value.split())


class ReferenceCode(models.Model):
    """A code in a list: a stable code, a label, a display order and an end date."""

    code = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)
    disabled_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    # Codes meaning "we do not know" share these values across lists.
    NOT_STATED_CODES = frozenset({"PNS", "NK", "NR", "NA"})

    @property
    def is_stated(self) -> bool:
        return self.code not in self.NOT_STATED_CODES


class Sex(ReferenceCode):
    class Meta(ReferenceCode.Meta):
        verbose_name_plural = "sexes"


class AgeBand(ReferenceCode):
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(ReferenceCode.Meta):
        pass


class CrimeType(ReferenceCode):
    theme = models.CharField(max_length=100, blank=True)
    # Published only at area level, 5+1 groups and 12-month periods
    # (docs/statistical-methods.md, "Disclosure control").
    sensitive = models.BooleanField(default=False)

    class Meta(ReferenceCode.Meta):
        pass


class ReferralPathway(ReferenceCode):
    is_police = models.BooleanField(default=False)

    class Meta(ReferenceCode.Meta):
        pass


class Outcome(ReferenceCode):
    """The furthest stage a referral reached (valid → contacted → accepted → closed).

    A flag is None where the stage is unknown for that outcome; such referrals leave
    the denominator of the stage's rate rather than counting as a "no".
    """

    valid = models.BooleanField(null=True)
    contacted = models.BooleanField(null=True)
    accepted = models.BooleanField(null=True)
    closed = models.BooleanField(null=True)
    completed = models.BooleanField(null=True)
    attrition = models.BooleanField(null=True)

    class Meta(ReferenceCode.Meta):
        pass


class OutcomeMeasure(ReferenceCode):
    class Meta(ReferenceCode.Meta):
        pass


class MeasureAnswer(ReferenceCode):
    asked = models.BooleanField(default=True)
    positive = models.BooleanField(default=False)

    class Meta(ReferenceCode.Meta):
        pass


class Disability(ReferenceCode):
    class Meta(ReferenceCode.Meta):
        verbose_name_plural = "disability codes"


class SexualOrientation(ReferenceCode):
    class Meta(ReferenceCode.Meta):
        pass


class Language(ReferenceCode):
    """A language by its ISO 639 code (639-1 where one exists, else 639-3)."""

    native_name = models.CharField(max_length=100, blank=True)
    right_to_left = models.BooleanField(default=False)

    class Meta(ReferenceCode.Meta):
        pass


class EthnicGroup(ReferenceCode):
    """The GSS harmonised ethnicity standard (Census 2021), plus "not stated" codes.

    `code` is the ONS category number 1–19 for the detailed groups, the group key for
    the 5 high-level groups (ASIAN, BLACK, MIXED, WHITE, OTHER), and PNS / NK for the two
    ways of not stating. Not-stated codes are counted in recording coverage and excluded
    from every share (docs/statistical-methods.md).
    """

    class Level(models.TextChoices):
        HIGH_LEVEL = "high_level", "High-level group"
        DETAILED = "detailed", "Detailed group"
        NOT_STATED = "not_stated", "Not stated"

    key = models.CharField(max_length=40, unique=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    short_label = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Ethnicity facts and figures aggregations, always shown with their definitions.
    eff_5plus1 = models.CharField("5+1 group", max_length=40, blank=True)
    eff_6 = models.CharField("6 groups (White British split)", max_length=40, blank=True)
    eff_2a = models.CharField("White / other than White", max_length=40, blank=True)
    eff_2b = models.CharField("White British / other", max_length=40, blank=True)
    display_name = models.CharField(max_length=100, blank=True)
    label_wales = models.CharField(max_length=200, blank=True)

    class Meta(ReferenceCode.Meta):
        pass

    @property
    def is_stated(self) -> bool:
        return self.level != self.Level.NOT_STATED


class EthnicityAlias(models.Model):
    """A label or code that a case system exports, mapped to an ethnic group."""

    normalised = models.CharField(max_length=200, unique=True)
    alias = models.CharField(max_length=200)
    group = models.ForeignKey(EthnicGroup, on_delete=models.CASCADE, related_name="aliases")
    source = models.CharField(max_length=100)

    class Meta:
        ordering = ["group__order", "alias"]
        verbose_name_plural = "ethnicity aliases"

    def __str__(self) -> str:
        return f"{self.alias} → {self.group.code}"


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Areas whose figures the user may see (accounts/scope.py)."""
        from accounts.scope import scope_for

        return scope_for(user).areas(self)


class Area(models.Model):
    """A police force area: the unit a Police and Crime Commissioner commissions for."""

    class Country(models.TextChoices):
        ENGLAND = "England"
        WALES = "Wales"

    class Governance(models.TextChoices):
        PCC = "PCC", "Police and Crime Commissioner"
        PFCC = "PFCC", "Police, Fire and Crime Commissioner"
        MAYOR = "MAYOR", "Mayor with police and crime commissioner functions"
        POLICE_AUTHORITY = "POLICE_AUTHORITY", "Police authority (no commissioner)"

    code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    country = models.CharField(max_length=10, choices=Country.choices)
    governance_type = models.CharField(max_length=20, choices=Governance.choices)
    governance_body = models.CharField(max_length=300)
    governance_since = models.CharField(max_length=20, blank=True)
    governance_note = models.TextField(blank=True)
    usual_residents = models.PositiveIntegerField()

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """A local authority district (December 2021 codes) and the area it lies in."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="local_authorities")
    successor_code = models.CharField(max_length=9, blank=True)
    usual_residents = models.PositiveIntegerField()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class AreaPopulation(models.Model):
    """Census 2021 usual residents (TS021) in an area, by detailed ethnic group."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="population")
    group = models.ForeignKey(EthnicGroup, on_delete=models.PROTECT)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "group"], name="unique_area_population")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.group.short_label} {self.count}"


class LocalAuthorityPopulation(models.Model):
    """Census 2021 usual residents (TS021) in a local authority, by detailed ethnic group."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="population"
    )
    group = models.ForeignKey(EthnicGroup, on_delete=models.PROTECT)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "group"], name="unique_la_population"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority}: {self.group.short_label} {self.count}"


class CountryPopulation(models.Model):
    """The published TS021 rows for England and for Wales (the national truth).

    ONS perturbs each table separately, so the area rows add up to 36 more people than
    these: national figures come from here, area figures from AreaPopulation.
    """

    country_code = models.CharField(max_length=9)
    country_name = models.CharField(max_length=20)
    group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.PROTECT)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country_code", "group"], name="unique_country_population"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_name}: {self.group or 'all'} {self.count}"


class VictimisationRate(models.Model):
    """Crime Survey for England and Wales: % of adults who were victims of crime.

    `group` is the ethnic group the published figure is for (a high-level or detailed
    group), or None for all adults. Only the published values are held; gaps stay gaps
    (see reference/data/SOURCES.md, "Not found").
    """

    survey_year = models.CharField(max_length=40)
    published_group = models.CharField(max_length=100)
    group = models.ForeignKey(EthnicGroup, null=True, blank=True, on_delete=models.PROTECT)
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    rounding = models.CharField(max_length=40)
    fraud_and_computer_misuse = models.CharField(max_length=40)
    source_id = models.CharField(max_length=10)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["survey_year", "published_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey_year", "published_group"], name="unique_victimisation_rate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_year}: {self.published_group} {self.percent}%"
