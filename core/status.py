"""Every status's tag: the GOV.UK tag colour and words of each value of a `TextChoices`.

Each status declares its tags once, beside its `TextChoices` in its model module:

    STATUS_TAGS = status_tags(Status, {Status.DRAFT: "grey", ...})

and every page shows it through `{% status_tag obj %}` (core/templatetags/status_tags.py),
so a status has one colour and one set of words wherever it appears. The words are the
choice's label unless a shorter one is given for tags. A status missing a colour, or a
colour GOV.UK Frontend has no tag for, stops the project at start-up.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

# The tag colours of GOV.UK Frontend 5 (govuk-tag--<colour>).
COLOURS = frozenset(
    {
        "grey",
        "green",
        "turquoise",
        "blue",
        "light-blue",
        "purple",
        "pink",
        "red",
        "orange",
        "yellow",
    }
)


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str

    @property
    def css(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}"


@dataclass(frozen=True)
class StatusTags:
    choices: type[models.TextChoices]
    tags: Mapping[str, Tag]

    def __getitem__(self, value: str) -> Tag:
        return self.tags[value]


# Every declared status, by its TextChoices class (for fields) and by its list's name.
_BY_CHOICES: dict[type[models.TextChoices], StatusTags] = {}
_BY_NAME: dict[str, StatusTags] = {}


def status_tags(
    choices: type[models.TextChoices],
    colours: Mapping[str, str],
    *,
    short: Mapping[str, str] | None = None,
    name: str | None = None,
) -> StatusTags:
    """Declare the tags of a status: a colour for every value, and optional short words.

    ``name`` lets a page show a bare value of the status (`{% status_tag value "name" %}`)
    where it has no model instance, such as an escalation state read as a dictionary.
    """
    short = dict(short or {})
    missing = [value for value in choices.values if value not in colours]
    unknown = [value for value in {*colours, *short} if value not in choices.values]
    wrong = sorted(colour for colour in colours.values() if colour not in COLOURS)
    if missing or unknown or wrong:
        raise ImproperlyConfigured(
            f"{choices.__qualname__}: no colour for {missing or 'none'}; "
            f"not a value: {unknown or 'none'}; not a GOV.UK tag colour: {wrong or 'none'}"
        )
    declared = StatusTags(
        choices,
        {
            value: Tag(short.get(value, label), colours[value])
            for value, label in zip(choices.values, choices.labels, strict=True)
        },
    )
    _BY_CHOICES[choices] = declared
    if name is not None:
        _BY_NAME[name] = declared
    return declared


def tag_for_field(obj: models.Model, field: str = "status") -> Tag:
    """The tag of ``obj``'s value of ``field``, from the status its field's choices are."""
    model_field = obj._meta.get_field(field)
    value = getattr(obj, field)
    for choices, declared in _BY_CHOICES.items():
        if list(model_field.choices) == list(choices.choices):
            return declared[value]
    raise ImproperlyConfigured(
        f"{type(obj).__name__}.{field} has no tags declared (core.status.status_tags)"
    )


def tag_for_value(value: str, name: str) -> Tag:
    """The tag of a bare ``value`` of the status declared as ``name``."""
    return _BY_NAME[name][value]
