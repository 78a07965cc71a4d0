"""Victims' support providers: who they are, where they work and what they offer.

The offer fields are the filters that matter to victims (docs/product.md, "Who uses
it"): by-and-for, independent of the police, self-referral, anonymous contact, languages,
gender-specific spaces, interpreters, crime types and ages served.
"""

from django.db import models

from reference.models import AgeBand, Area, CrimeType, Language, LocalAuthority

# The default confidentiality statement, modelled on the sample policy in the guidance
# ("Best practice in police role raising awareness of victims' services"). Each provider
# starts from it and edits it to say what it really does.
DEFAULT_CONFIDENTIALITY_STATEMENT = (
    "We keep what you tell us private. We do not share your personal information "
    "with anyone else, including the police and immigration services, unless you agree. "
    "If we ask to share it, for example to arrange other support for you, we will tell "
    "you who it is for and why.\n\n"
    "In rare cases we may have to share information without your agreement: to protect "
    "you or another person from serious harm, to protect a child, or when the law "
    "requires it. When that happens we share only what is needed, and we will tell you "
    "unless doing so would put you or someone else at risk."
)


def default_confidentiality_statement() -> str:
    return DEFAULT_CONFIDENTIALITY_STATEMENT


class ProviderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Providers whose details and figures the user may see (accounts/scope.py)."""
        from accounts.scope import scope_for

        return scope_for(user).providers(self)

    def listed(self):
        """Services shown in the public directory: active, and not withdrawn from it.

        The directory shows only a service's public offer, never its figures.
        """
        return self.filter(is_active=True, in_directory=True)

    def serving_local_authority(self, local_authority):
        """Services that name this local authority, or serve its whole area (none named)."""
        naming = Provider.local_authorities.through.objects.values("provider_id")
        return self.filter(
            models.Q(local_authorities=local_authority)
            | (models.Q(areas=local_authority.area_id) & ~models.Q(pk__in=naming))
        ).distinct()


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
    # What a victim needs to know before getting in touch (Quality Standard 3).
    local_authorities = models.ManyToManyField(
        LocalAuthority,
        blank=True,
        related_name="providers",
        help_text="Leave empty if the service covers the whole of its areas.",
    )
    how_to_get_in_touch = models.TextField(blank=True)
    what_happens_next = models.TextField(blank=True)
    confidentiality_statement = models.TextField(blank=True)
    in_directory = models.BooleanField(
        "Show in the public directory",
        default=True,
        help_text="Untick only if the service must not be found by the public.",
    )
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

    @property
    def confidentiality_text(self) -> str:
        """The provider's own statement, or the default until it has written one."""
        return self.confidentiality_statement or default_confidentiality_statement()
