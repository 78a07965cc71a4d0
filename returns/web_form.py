"""The web form: a return typed in as counts, for a small service with no case system.

A provider chooses the crime types it handles, then fills one short page per crime type
(a task list): for each ethnic group, how many referrals, and of those how many reached
each outcome; the rest are "outcome not known". Each page has 21 groups × 6 boxes, well
under the 300 inputs of a page a person can work through. Pages are saved as a draft
between visits (returns.models.WebFormDraft), prefilled from the version that counts.
Totals are added up as people type where JavaScript runs, and always checked on the
server. The counts then go through the same "check your answers" step and the same
query rules as an upload (returns.services.submission_of_counts).

An optional page asks where the victims live: the local authorities chosen, then each
one's referrals by ethnic group (docs/returns.md, "The web form").

The dimensions the form does not ask (sex, age, pathway, ...) are "not recorded".
"""

from django import forms

from reference.models import CrimeType, EthnicGroup, Outcome

# The outcome columns: the stages a small service can tell apart. Referrals not given
# one of these are "outcome not known".
OUTCOME_COLUMNS = (
    "SUPPORTED_COMPLETED",
    "SUPPORTED_DISENGAGED",
    "DECLINED",
    "NO_CONTACT",
    "OPEN",
)
REMAINDER_OUTCOME = "NK"
REFERRALS = "referrals"
MAX_COUNT = 100_000
NOT_RECORDED_CRIME = "NR"  # "we do not record crime type": one page for all referrals
# The dimensions a web-form return holds (the query rules' "recorded").
RECORDED = ("ethnicity", "crime_type", "outcome")


def ethnic_groups() -> list[EthnicGroup]:
    """The rows of each page: the 19 detailed groups, then prefer not to say and not known,
    in the order of the GSS standard, each under its high-level group."""
    return list(
        EthnicGroup.objects.exclude(level=EthnicGroup.Level.HIGH_LEVEL)
        .select_related("parent")
        .order_by("order")
    )


def outcomes() -> list[Outcome]:
    found = {o.code: o for o in Outcome.objects.filter(code__in=OUTCOME_COLUMNS)}
    return [found[c] for c in OUTCOME_COLUMNS]


NOT_KNOWN_CRIME = "NK"  # a page for the referrals whose crime type the provider does not have
NOT_KNOWN_LABEL = "Crime type not known"


def crime_choices(provider) -> list[tuple[str, str]]:
    offered = list(provider.crime_types.exclude(code__in=("NK", "NR")).order_by("order")) or list(
        CrimeType.objects.exclude(code__in=("NK", "NR")).order_by("order")
    )
    return [(c.code, c.label) for c in offered] + [
        (NOT_KNOWN_CRIME, f"{NOT_KNOWN_LABEL}: for referrals you have no crime type for")
    ]


def name(group: str, column: str) -> str:
    return f"g{group}__{column}"


class CrimeTypesForm(forms.Form):
    crime_types = forms.MultipleChoiceField(
        label="Which crime types did you support people for in this period?",
        help_text="Choose every one that applies. You fill in one short page for each.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    not_recorded = forms.BooleanField(
        label="We do not record the crime type: give one set of counts for all referrals",
        required=False,
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crime_types"].choices = crime_choices(provider)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("crime_types") and not cleaned.get("not_recorded"):
            raise forms.ValidationError(
                "Choose at least one crime type, or say that you do not record it."
            )
        if cleaned.get("crime_types") and cleaned.get("not_recorded"):
            raise forms.ValidationError(
                "Choose crime types, or say that you do not record them, not both."
            )
        return cleaned

    def codes(self) -> list[str]:
        if self.cleaned_data.get("not_recorded"):
            return [NOT_RECORDED_CRIME]
        return list(self.cleaned_data["crime_types"])


def _under_headings(groups, row) -> list[dict]:
    """A table row for each ethnic group (`row(group)`, with the group), the high-level
    heading given on the first row under it only."""
    out, heading = [], None
    for group in groups:
        top = group.parent.display_name if group.parent_id else "Not stated"
        out.append({"group": group, "heading": top if top != heading else None, **row(group)})
        heading = top
    return out


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        label=label,
        error_messages={
            "invalid": f"{label}: enter a whole number, or leave it blank for 0.",
            "min_value": f"{label}: a count cannot be negative.",
            "max_value": f"{label}: a count this large belongs in an upload from your case system.",
        },
    )


class CrimePageForm(forms.Form):
    """One crime type's counts: referrals by ethnic group, and their outcomes."""

    def __init__(self, *args, crime_label: str, groups, outcome_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups, self.outcomes = groups, outcome_list
        for group in groups:
            self.fields[name(group.code, REFERRALS)] = _count_field(
                f"{group.display_name or group.short_label}: referrals"
            )
            for outcome in outcome_list:
                self.fields[name(group.code, outcome.code)] = _count_field(
                    f"{group.display_name or group.short_label}: {outcome.label.lower()}"
                )

    def rows(self):
        """For the template: each group's bound fields, under its high-level heading."""
        return _under_headings(
            self.groups,
            lambda group: {
                "referrals": self[name(group.code, REFERRALS)],
                "outcomes": [self[name(group.code, o.code)] for o in self.outcomes],
                "unknown": self._remainder(group.code),
            },
        )

    def _value(self, key: str) -> int:
        try:
            return max(int(self[key].value() or 0), 0)
        except (TypeError, ValueError):
            return 0

    def _remainder(self, group: str) -> int:
        given = sum(self._value(name(group, o.code)) for o in self.outcomes)
        return max(self._value(name(group, REFERRALS)) - given, 0)

    def totals(self) -> dict:
        return {
            "referrals": sum(self._value(name(g.code, REFERRALS)) for g in self.groups),
            "outcomes": [
                sum(self._value(name(g.code, o.code)) for g in self.groups) for o in self.outcomes
            ],
            "unknown": sum(self._remainder(g.code) for g in self.groups),
        }

    def clean(self):
        cleaned = super().clean()
        for group in self.groups:
            referrals = cleaned.get(name(group.code, REFERRALS)) or 0
            given = sum(cleaned.get(name(group.code, o.code)) or 0 for o in self.outcomes)
            if given > referrals:
                label = group.display_name or group.short_label
                self.add_error(
                    name(group.code, REFERRALS),
                    f"{label}: the outcomes add up to {given}, more than the {referrals} "
                    "referrals. Correct the referrals or the outcomes.",
                )
        return cleaned

    def counts(self) -> dict[str, dict[str, int]]:
        """{group: {"referrals": n, outcome: n}}, groups with no referrals left out."""
        out = {}
        for group in self.groups:
            referrals = self.cleaned_data.get(name(group.code, REFERRALS)) or 0
            if not referrals:
                continue
            out[group.code] = {REFERRALS: referrals} | {
                o.code: self.cleaned_data.get(name(group.code, o.code)) or 0
                for o in self.outcomes
                if self.cleaned_data.get(name(group.code, o.code))
            }
        return out


def initial_for(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    return {name(group, column): n for group, by in counts.items() for column, n in by.items() if n}


def count_rows(counts: dict[str, dict[str, dict[str, int]]]) -> list[dict]:
    """A draft's counts as canonical rows for returns.cube.cube_from_counts."""
    out = []
    for crime, groups in counts.items():
        for group, by in groups.items():
            referrals = by.get(REFERRALS, 0)
            given = 0
            for outcome in OUTCOME_COLUMNS:
                n = by.get(outcome, 0)
                if n:
                    out.append(
                        {"crime_type": crime, "ethnicity": group, "outcome": outcome, "count": n}
                    )
                    given += n
            if referrals > given:
                out.append(
                    {
                        "crime_type": crime,
                        "ethnicity": group,
                        "outcome": REMAINDER_OUTCOME,
                        "count": referrals - given,
                    }
                )
    return out


# Where the victims live: an optional page. The provider chooses the local authorities it
# can give counts for, then gives each one's referrals by ethnic group.
PLACES_TASK = "Where the victims live"


def group_referrals(counts: dict[str, dict[str, dict[str, int]]]) -> dict[str, int]:
    """A draft's referrals by ethnic group, over every crime type's page."""
    out: dict[str, int] = {}
    for groups in counts.values():
        for group, by in groups.items():
            out[group] = out.get(group, 0) + by.get(REFERRALS, 0)
    return out


def placed_by_group(places: dict[str, dict[str, int]], *, leave_out: str = "") -> dict[str, int]:
    """Referrals given a local authority, by ethnic group (less the authority `leave_out`)."""
    out: dict[str, int] = {}
    for code, groups in places.items():
        if code == leave_out:
            continue
        for group, n in groups.items():
            out[group] = out.get(group, 0) + n
    return out


def places_over_message(label: str, placed: int, referrals: int) -> str:
    """The words of the rule that the local authorities' counts of an ethnic group may not
    be more than the group's referrals in the return."""
    given = (
        f"{label}: the local authorities add up to {placed} referral{'s' if placed != 1 else ''}"
    )
    if not referrals:
        over = f"but your return has no {label} referrals"
    else:
        over = (
            f"{placed - referrals} more than the {referrals} {label} referral"
            f"{'s' if referrals != 1 else ''} in your return"
        )
    return (
        f"{given}, {over}. Lower the local authority counts, or add the referrals on the "
        "crime type pages."
    )


def places_over(
    placed: dict[str, int], referrals: dict[str, int], groups
) -> dict[str, tuple[int, int]]:
    """Ethnic group code → (placed, referrals), for each group placed more than it has."""
    return {
        g.code: (placed[g.code], referrals.get(g.code, 0))
        for g in groups
        if placed.get(g.code, 0) > referrals.get(g.code, 0)
    }


def place_choices(area, also=()) -> list[tuple[str, str]]:
    """The local authorities of the area, and any other the draft already holds (from a
    version that came from a file), by name."""
    from django.db.models import Q

    from reference.models import LocalAuthority

    found = LocalAuthority.objects.filter(Q(area=area) | Q(code__in=list(also))).order_by("name")
    return [
        (la.code, la.name if la.area_id == area.pk else f"{la.name} (outside {area.name})")
        for la in found
    ]


class PlacesForm(forms.Form):
    local_authorities = forms.MultipleChoiceField(
        label="Which local authorities can you give counts for?",
        help_text="Choose each local authority where victims you supported live, if you "
        "record it. You then give the number of referrals from each ethnic group for each "
        "one you choose. Referrals whose local authority you do not know are left out.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    not_recorded = forms.BooleanField(
        label="We do not record where victims live",
        required=False,
    )

    def __init__(self, *args, area, also=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authorities"].choices = place_choices(area, also)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("local_authorities") and not cleaned.get("not_recorded"):
            raise forms.ValidationError(
                "Choose at least one local authority, or say that you do not record where "
                "victims live."
            )
        if cleaned.get("local_authorities") and cleaned.get("not_recorded"):
            raise forms.ValidationError(
                "Choose local authorities, or say that you do not record where victims live, "
                "not both."
            )
        return cleaned


class PlaceCountsForm(forms.Form):
    """One local authority's referrals by ethnic group, checked against the return."""

    def __init__(self, *args, place: str, groups, referrals: dict, placed_elsewhere: dict, **kw):
        super().__init__(*args, **kw)
        self.place, self.groups = place, groups
        self.referrals, self.placed_elsewhere = referrals, placed_elsewhere
        for group in groups:
            label = group.display_name or group.short_label
            self.fields[name(group.code, REFERRALS)] = _count_field(
                f"{label}: referrals of victims living in {place}"
            )

    def rows(self):
        """For the template: each group's field and referrals, under its high-level heading."""
        return _under_headings(
            self.groups,
            lambda group: {
                "field": self[name(group.code, REFERRALS)],
                "referrals": self.referrals.get(group.code, 0),
            },
        )

    def clean(self):
        cleaned = super().clean()
        mine = {g.code: cleaned.get(name(g.code, REFERRALS)) or 0 for g in self.groups}
        placed = {g.code: mine[g.code] + self.placed_elsewhere.get(g.code, 0) for g in self.groups}
        for code, (n, referrals) in places_over(placed, self.referrals, self.groups).items():
            group = next(g for g in self.groups if g.code == code)
            if not mine[code]:
                continue  # over already, from other authorities: said at "check your answers"
            self.add_error(
                name(code, REFERRALS),
                places_over_message(group.display_name or group.short_label, n, referrals),
            )
        return cleaned

    def counts(self) -> dict[str, int]:
        """{group: n}, groups with none left out."""
        return {
            g.code: self.cleaned_data[name(g.code, REFERRALS)]
            for g in self.groups
            if self.cleaned_data.get(name(g.code, REFERRALS))
        }


def placed_rows(rows: list[dict], places: dict[str, dict[str, int]]) -> list[dict]:
    """The canonical rows with each ethnic group's referrals in `places` ({local authority
    code: {ethnic group code: n}}) given that local authority.

    A local authority is kept by ethnic group only (returns.models.LocalAuthorityCell), so
    which of a group's rows carry it does not matter: they are taken in order and split
    where a count runs out. The cells by the other dimensions stay as they were. Raises
    ValueError if a group is placed more often than it has referrals.
    """
    wanted: dict[str, list[list]] = {}
    for code in sorted(places):
        for group, n in places[code].items():
            if n:
                wanted.setdefault(group, []).append([code, n])
    out = []
    for row in rows:
        queue, left = wanted.get(row["ethnicity"], []), row["count"]
        while left and queue:
            code, n = queue[0]
            take = min(left, n)
            out.append({**row, "local_authority": code, "count": take})
            left -= take
            if take == n:
                queue.pop(0)
            else:
                queue[0][1] = n - take
        if left:
            out.append({**row, "count": left})
    if any(wanted.values()):
        raise ValueError("More referrals given a local authority than the return has.")
    return out
