"""Victims' support providers: who they are, where they work and what they offer.

The offer fields are the filters that matter to victims (DESIGN.md "Awareness"): by-and-for,
independent of the police, self-referral, anonymous contact, languages, gender-specific
spaces, interpreters, crime types and ages served.
"""

from django.db import models

from reference.models import AgeBand, Area, CrimeType, Language


class ProviderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Providers whose details and figures the user may see (accounts/scope.py)."""
        from accounts.scope import scope_for

        return scope_for(user).providers(self)


class Provider(models.Model):
    class Kind(models.TextChoices):
        BY_AND_FOR = "by_and_for", "By-and-for (led by and for ethnic minority communities)"
        MAINSTREAM = "mainstream", "Mainstream"

    class PoliceRelationship(models.TextChoices):
        # The guidance: services "insourced" to the police, or co-located with them, are a
        # barrier for many ethnic minority victims.
        INDEPENDENT = "independent", "Independent of the police"
        CO_LOCATED = "co_located", "Co-located with the police"
        IN_SOURCED = "in_sourced", "Run by the police (in-sourced)"

    class Interpreters(models.TextChoices):
        NONE = "none", "No interpreter provision"
        ON_REQUEST = "on_request", "Interpreters arranged on request"
        IN_HOUSE = "in_house", "Staff who speak the languages listed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MAINSTREAM)
    police_relationship = models.CharField(
        max_length=20, choices=PoliceRelationship.choices, default=PoliceRelationship.INDEPENDENT
    )
    areas = models.ManyToManyField(Area, related_name="providers", blank=True)
    accepts_self_referral = models.BooleanField(default=True)
    anonymous_contact = models.BooleanField(default=False)
    free_of_charge = models.BooleanField(default=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="providers")
    gender_specific_spaces = models.BooleanField(default=False)
    interpreters = models.CharField(
        max_length=20, choices=Interpreters.choices, default=Interpreters.ON_REQUEST
    )
    crime_types = models.ManyToManyField(CrimeType, blank=True, related_name="providers")
    age_bands = models.ManyToManyField(AgeBand, blank=True, related_name="providers")
    # Public contact details of the organisation (never of a person).
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_by_and_for(self) -> bool:
        return self.kind == self.Kind.BY_AND_FOR

    @property
    def is_independent(self) -> bool:
        return self.police_relationship == self.PoliceRelationship.INDEPENDENT
