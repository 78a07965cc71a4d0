"""The find-support filters: a GET form, so a search is a shareable address and sets no cookie."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from public.labels import WELSH_PLACE_NAMES, label
from reference.models import AgeBand, Area, CrimeType, Language, LocalAuthority, normalise_label

UNKNOWN = ("NK", "NR")
# The crime types and age bands a visitor can choose ("not known" is not a choice).
DIRECTORY_CRIMES = CrimeType.objects.exclude(code__in=UNKNOWN).order_by("order")
DIRECTORY_AGES = AgeBand.objects.exclude(code__in=UNKNOWN).order_by("order")


class LabelledChoiceField(forms.ModelChoiceField):
    """A reference list shown in the page's language (public/labels.py)."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return label(self.kind, obj)


def match_local_authorities(text: str) -> list[LocalAuthority]:
    """Local authorities whose English or Welsh name matches what was typed.

    An exact name wins; otherwise every name containing the text, so "Tower" finds Tower
    Hamlets and "Caerdydd" finds Cardiff.
    """
    key = normalise_label(text)
    if not key:
        return []
    authorities = list(LocalAuthority.objects.select_related("area").order_by("name"))
    names = {
        la.pk: {normalise_label(la.name), normalise_label(WELSH_PLACE_NAMES.get(la.name, la.name))}
        for la in authorities
    }
    exact = [la for la in authorities if key in names[la.pk]]
    if exact:
        return exact
    return [la for la in authorities if any(key in name for name in names[la.pk])]


class DirectoryFilterForm(forms.Form):
    area = LabelledChoiceField(
        Area.objects.order_by("name"),
        kind="area",
        to_field_name="slug",
        required=False,
        empty_label=pgettext_lazy("area", "Any area"),
        label=_("Police force area"),
    )
    local_authority = forms.CharField(
        required=False,
        max_length=100,
        label=_("Local authority"),
        help_text=_("The council area where you live, for example Birmingham or Cardiff."),
    )
    crime_type = LabelledChoiceField(
        DIRECTORY_CRIMES,
        kind="crime type",
        to_field_name="code",
        required=False,
        empty_label=pgettext_lazy("crime", "Any crime"),
        label=_("What happened"),
    )
    language = LabelledChoiceField(
        Language.objects.exclude(code="en").order_by("label"),
        kind="language",
        to_field_name="code",
        required=False,
        empty_label=pgettext_lazy("language", "Any language"),
        label=_("Language spoken"),
        help_text=_(
            "Services whose staff speak it. Many other services can arrange an interpreter for you."
        ),
    )
    age_band = LabelledChoiceField(
        DIRECTORY_AGES,
        kind="age band",
        to_field_name="code",
        required=False,
        empty_label=pgettext_lazy("age", "Any age"),
        label=_("Age"),
    )
    by_and_for = forms.BooleanField(
        required=False, label=_("Led by and for ethnic minority communities")
    )
    independent = forms.BooleanField(required=False, label=_("Independent of the police"))
    self_referral = forms.BooleanField(
        required=False, label=_("I can contact the service myself (self-referral)")
    )
    anonymous = forms.BooleanField(
        required=False, label=_("I can get in touch without giving my name")
    )
    gender_specific = forms.BooleanField(
        required=False, label=_("Women-only or men-only spaces and staff")
    )
    free = forms.BooleanField(required=False, label=_("Free of charge"))

    NEEDS = ("by_and_for", "independent", "self_referral", "anonymous", "gender_specific", "free")

    def clean_local_authority(self):
        text = self.cleaned_data["local_authority"].strip()
        if not text:
            return None
        matches = match_local_authorities(text)
        if not matches:
            raise forms.ValidationError(
                _(
                    "There is no local authority called “%(name)s”. Check the spelling, or "
                    "choose a police force area instead."
                ),
                params={"name": text},
            )
        if len(matches) > 1:
            self.suggestions = matches[:12]
            raise forms.ValidationError(
                _("More than one local authority matches “%(name)s”: choose one from the list."),
                params={"name": text},
            )
        return matches[0]

    def needs_fields(self):
        return [self[name] for name in self.NEEDS]

    def filter(self, providers):
        """Narrow a queryset of listed providers to what the visitor asked for."""
        data = self.cleaned_data
        if data.get("area"):
            providers = providers.filter(areas=data["area"])
        if data.get("local_authority"):
            providers = providers.serving_local_authority(data["local_authority"])
        if data.get("crime_type"):
            providers = providers.filter(crime_types=data["crime_type"])
        if data.get("language"):
            providers = providers.filter(languages=data["language"])
        if data.get("age_band"):
            providers = providers.filter(age_bands=data["age_band"])
        if data.get("by_and_for"):
            providers = providers.filter(kind="by_and_for")
        if data.get("independent"):
            providers = providers.filter(police_relationship="independent")
        if data.get("self_referral"):
            providers = providers.filter(accepts_self_referral=True)
        if data.get("anonymous"):
            providers = providers.filter(anonymous_contact=True)
        if data.get("gender_specific"):
            providers = providers.filter(gender_specific_spaces=True)
        if data.get("free"):
            providers = providers.filter(free_of_charge=True)
        return providers.distinct()

    def chosen(self) -> list[str]:
        """What the visitor chose, in words, to say above the results."""
        if not self.is_valid():
            return []
        words = []
        for name in ("area", "local_authority", "crime_type", "language", "age_band"):
            value = self.cleaned_data.get(name)
            if value:
                field = self.fields[name]
                shown = field.label_from_instance(value) if hasattr(field, "kind") else str(value)
                if name == "local_authority":
                    shown = label("place", value)
                words.append(f"{field.label}: {shown}")
        words += [str(self.fields[n].label) for n in self.NEEDS if self.cleaned_data.get(n)]
        return words
