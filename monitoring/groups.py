"""The ethnic group views a dashboard offers, each labelled with its definition.

The guidance asks for the "18+1" detail where possible and "as a minimum, a 5+1
breakdown ... simply comparing White to BAME results fails to consider the different
experiences" (Quality Standard 1, Data and analysis). So Reach shows the 19 Census 2021
groups, the 6 groups that split White British from White other, and the 5 groups; a
binary view is never shown alone.
"""

from dataclasses import dataclass

from reference.models import EthnicGroup

DETAILED = "19"
SIX = "6"
FIVE = "5"

LEVELS = {
    DETAILED: {
        "title": "19 groups",
        "definition": "The 19 ethnic groups of the Census 2021 (GSS harmonised standard). "
        "Referrals recorded only as a high-level group are left out of these shares.",
    },
    SIX: {
        "title": "6 groups",
        "definition": "Asian, Black, Mixed, White British, White other (Irish, Gypsy or Irish "
        "Traveller, Roma and Other White) and Other ethnic group.",
    },
    FIVE: {
        "title": "5 groups",
        "definition": 'The 5 high-level groups (the guidance\'s minimum "5+1" breakdown, '
        "the +1 being not stated): Asian, Black, Mixed, White and Other ethnic group.",
    },
}

_SIX_ORDER = ["Asian", "Black", "Mixed", "White British", "White other", "Other"]


@dataclass(frozen=True)
class GroupKey:
    key: str
    label: str
    order: int
    parent: str | None = None  # the high-level group of a detailed group


def group_key(group: EthnicGroup, level: str) -> GroupKey | None:
    """Where one cube ethnicity falls in a view; None for not stated or not placeable."""
    if group.level == EthnicGroup.Level.NOT_STATED:
        return None
    if level == DETAILED:
        if group.level != EthnicGroup.Level.DETAILED:
            return None  # recorded only as a high-level group
        return GroupKey(
            group.code, group.display_name or group.short_label, group.order, group.parent.code
        )
    if level == FIVE:
        top = group if group.level == EthnicGroup.Level.HIGH_LEVEL else group.parent
        return GroupKey(top.code, top.display_name or top.short_label, top.order)
    # Six groups: White splits by White British; a bare "White" cannot be placed.
    name = group.eff_6
    if group.level == EthnicGroup.Level.HIGH_LEVEL:
        if group.code == "WHITE":
            return None
        name = group.eff_5plus1
    return GroupKey(name, name, _SIX_ORDER.index(name))


def members(level: str, key: str, groups: list[EthnicGroup]) -> list[EthnicGroup]:
    """The detailed groups that make up one group of a view (for benchmark shares)."""
    return [
        g
        for g in groups
        if g.level == EthnicGroup.Level.DETAILED and (k := group_key(g, level)) and k.key == key
    ]


def member_codes(level: str, groups: list[EthnicGroup]) -> dict[str, list[str]]:
    """Group key of a view → the codes of the detailed groups in it, for every key at once."""
    out: dict[str, list[str]] = {}
    for g in groups:
        if g.level == EthnicGroup.Level.DETAILED:
            key = group_key(g, level)
            if key is not None:
                out.setdefault(key.key, []).append(g.code)
    return out
