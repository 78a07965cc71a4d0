"""Lookups from what case systems write to Reach's reference codes, built once per upload.

Every list accepts its codes and labels, the everyday words of
reference/data/codes/code_aliases.csv and, for ethnicity, the maintained alias table
(reference.EthnicityAlias: Census 2021 codes, keys and labels, the 2011 "18+1" labels,
the police "16+1" codes W1…O9 and labels seen in exports). Spellings are matched as
returns/ingest/labels.py explains (punctuation, "or"/"and", word order and headings
ignored); age bands also by their numbers ("18 - 24", "18 to 24 years", "75 and over").
A provider's saved mapping (returns/ingest/mapping.py) is applied first: its meaning
wins. Codes withdrawn before the period starts (`disabled_on`) are not accepted.
"""

import copy
import dataclasses
import datetime
import difflib
import re
from dataclasses import dataclass, field

from reference import models as ref
from returns import dimensions
from returns.ingest import labels
from returns.ingest.labels import Ambiguous, GroupedIndex, LabelIndex

# Standard column -> the reference model whose codes it takes (ethnicity has its own
# alias table, below): returns/dimensions.py.
CODE_COLUMNS: dict[str, type[ref.ReferenceCode]] = {
    column: getattr(ref, dimensions.by_column(column).model)
    for column in dimensions.OPTIONAL_COLUMNS
}

# Words exports use for "not known" and "declined", accepted wherever the list has the code.
_COMMON = {
    "unknown": "NK",
    "not stated": "NK",
    "not known": "NK",
    "not recorded": "NR",
    "declined": "PNS",
    "refused": "PNS",
    "prefer not to say": "PNS",
    "not applicable": "NA",
    "n a": "NA",
}
_MEASURE_EXTRA = {"y": "YES", "n": "NO"}

YES_NO: dict[str, bool | None] = {
    **dict.fromkeys(("y", "yes", "true", "1"), True),
    **dict.fromkeys(("n", "no", "false", "0"), False),
    **dict.fromkeys(("nk", "not known", "unknown", "nr", "not recorded"), None),
}

_RANGE = re.compile(r"^(\d{1,3})\s*(?:-|–|—|to)\s*(\d{1,3})(?:\s*(?:years?|yrs?|y))?$")
_OVER = re.compile(
    r"^(?:(\d{1,3})\s*(?:\+|plus|and over|or over|and above|or older|and older)"
    r"|(?:over|aged over)\s*(\d{1,3}))(?:\s*(?:years?|yrs?))?$"
)


@dataclass
class CodeList:
    """One code list: its codes and labels, and every accepted spelling mapped to a code."""

    title: str
    labels: dict[str, str]  # code -> label, in display order
    names: LabelIndex = field(default_factory=LabelIndex)
    grouped: GroupedIndex | None = None  # ethnicity: headings and the labels within them
    bands: list[tuple[int, int | None, str]] = field(default_factory=list)  # age bands
    vocabulary: frozenset[str] = frozenset()  # every word of every accepted spelling
    mapped: dict[str, str] = field(default_factory=dict)  # the provider's own rules

    def add(self, spelling: str, code: str) -> None:
        self.names.add(spelling, code)

    def find(self, raw: str) -> str | Ambiguous | None:
        """The code `raw` means, an Ambiguous set of codes it could mean, or None."""
        found = self.names.find(raw)
        if found is None and self.grouped is not None:
            found = self.grouped.find(self.names, raw)
        if found is None and self.bands:
            found = self._band(raw)
        return found

    def match(self, raw: str) -> str | None:
        found = self.find(raw)
        return found if isinstance(found, str) else None

    def _band(self, raw: str) -> str | Ambiguous | None:
        """An age range by its numbers: the band with those bounds, or, where the range is
        several whole bands ("65+" is 65 to 74 and 75 and over), those bands to ask about."""
        text = raw.strip().casefold()
        if m := _RANGE.match(text):
            low, high = int(m[1]), int(m[2])
        elif m := _OVER.match(text):
            low, high = int(m[1] or m[2]), None
        else:
            return None
        for lo, hi, code in self.bands:
            if (lo, hi) == (low, high):
                return code
        inside = [
            (lo, hi, c)
            for lo, hi, c in self.bands
            if lo >= low and (hi is not None and high is not None and hi <= high or high is None)
        ]
        if len(inside) < 2 or min(lo for lo, _, _ in inside) != low:
            return None
        tops = [hi for _, hi, _ in inside]
        if (None in tops) != (high is None) or (high is not None and max(tops) != high):
            return None
        return Ambiguous(tuple(c for _, _, c in inside))

    def suggest(self, raw: str, n: int = 3) -> list[str]:
        """The closest accepted spellings (difflib), one per code, to put in a message.

        A spelling that is a programmer's key ("BLACK_CARIBBEAN") is shown as the code's
        label instead, which is what an officer would recognise.
        """
        index = self.names.exact
        close = difflib.get_close_matches(labels.key(raw), index, n=3 * n, cutoff=0.6)
        shown: dict[str, str] = {}
        for key in close:
            code = index[key]
            spelling = self.names.shown[key]
            if "_" in spelling or (spelling.isupper() and len(spelling) > 3):
                spelling = self.labels.get(code, spelling)
            shown.setdefault(code, spelling)
        return list(shown.values())[:n]

    def allowed(self) -> str:
        if len(self.labels) > 25:
            return f"a {self.title} code or label from the data dictionary"
        return "; ".join(f"{code} ({label})" for code, label in self.labels.items())

    def label_of(self, codes) -> str:
        return ", ".join(self.labels.get(c, c) for c in codes)


@dataclass
class Lookups:
    lists: dict[str, CodeList]  # standard column -> its list (ethnicity included)
    answers: CodeList  # MeasureAnswer, for every outcome measure column
    measures: dict[str, str]  # measure column (code in lower case) -> measure label
    age_bands: list[tuple[int, int | None, str]]  # (min, max, code) of bands with ages
    not_stated: frozenset[str]
    high_level_ethnicity: frozenset[str]

    def band_for(self, age: int) -> str | None:
        for low, high, code in self.age_bands:
            if age >= low and (high is None or age <= high):
                return code
        return None


def _enabled(model, on: datetime.date | None):
    rows = model.objects.all()
    if on is not None:
        rows = [r for r in rows if r.disabled_on is None or r.disabled_on > on]
    return list(rows)


def _vocabulary(codes: CodeList, spellings) -> frozenset[str]:
    found = set()
    for spelling in spellings:
        found.update(labels.words(spelling))
    found.update(("not", "known", "unknown", "prefer", "say", "other", "none", "yes", "no"))
    return frozenset(found)


def _code_list(title: str, rows, column: str, extra: dict[str, str]) -> CodeList:
    from reference.loading import code_aliases

    codes = CodeList(title, {r.code: r.label for r in rows})
    spellings = []
    for r in rows:
        codes.add(r.code, r.code)
        spellings.append(r.code)
    for r in rows:
        codes.add(r.label, r.code)
        spellings.append(r.label)
    for alias in code_aliases():
        if alias.column != column:
            continue
        wanted = tuple(c for c in alias.codes if c in codes.labels)
        if len(wanted) == 1:
            codes.add(alias.alias, wanted[0])
        elif len(wanted) > 1:
            codes.names.add_ambiguous(alias.alias, wanted)
        spellings.append(alias.alias)
    for spelling, code in {**_COMMON, **extra}.items():
        if code in codes.labels:
            codes.add(spelling, code)
            spellings.append(spelling)
    codes.vocabulary = _vocabulary(codes, spellings)
    return codes


def _ethnicity(on: datetime.date | None) -> CodeList:
    from reference.loading import EXTRA_HEADINGS

    groups = _enabled(ref.EthnicGroup, on)
    # Display names ("Black Caribbean") are what an officer recognises in a suggestion.
    codes = CodeList("ethnic group", {g.code: g.display_name or g.label for g in groups})
    enabled = set(codes.labels)
    spellings = []
    aliases = list(ref.EthnicityAlias.objects.select_related("group").order_by("pk"))
    for alias in aliases:
        if alias.group.code in enabled:
            codes.add(alias.alias, alias.group.code)
            spellings.append(alias.alias)
    high = [g for g in groups if g.level == ref.EthnicGroup.Level.HIGH_LEVEL]
    headings = LabelIndex()
    heading_words: dict[str, frozenset[str]] = {}
    for g in high:
        variants = {g.label, g.short_label, g.display_name, *EXTRA_HEADINGS.get(g.code, [])}
        for v in variants:
            if v:
                headings.add(v, g.code)
        heading_words[g.code] = frozenset(w for v in variants if v for w in labels.words(v))
    children = {g.code: LabelIndex() for g in high}
    relative = {g.code: LabelIndex() for g in high}
    parent = {}
    for g in groups:
        if g.parent_id and g.parent.code in children:
            parent[g.code] = g.parent.code
    for alias in aliases:
        code = alias.group.code
        group = parent.get(code)
        if group is None:
            continue
        text = alias.alias
        parts = labels.split(text)
        tail = parts[1] if parts else text
        children[group].add(tail, code)
        rest = " ".join(w for w in labels.words(tail) if w not in heading_words[group])
        if rest:
            relative[group].add(rest, code)
    codes.grouped = GroupedIndex(headings, heading_words, children, relative, parent)
    codes.vocabulary = _vocabulary(
        codes, spellings + [w for v in heading_words.values() for w in v]
    )
    return codes


def local_authorities() -> CodeList:
    """Local authorities by ONS code (the December 2021 code and its successor's), and by
    English and Welsh name, matched as labels are (returns/ingest/labels.py)."""
    from public.labels import WELSH_PLACE_NAMES

    rows = list(ref.LocalAuthority.objects.order_by("name"))
    codes = CodeList("local authority", {la.code: la.name for la in rows})
    spellings = []
    for la in rows:
        for spelling in (la.code, la.successor_code, la.name, WELSH_PLACE_NAMES.get(la.name)):
            if spelling:
                codes.add(spelling, la.code)
                spellings.append(spelling)
    codes.vocabulary = _vocabulary(codes, spellings)
    return codes


def load_lookups(on: datetime.date | None = None, mapping=None) -> Lookups:
    """Every lookup an upload needs, with the provider's saved mapping applied.

    They are built from the reference tables (a dozen queries) once for as long as the
    reference data stays the same (monitoring.cache.kept), and shared by every upload
    the process checks: nothing but a mapping changes them. The lists a mapping changes
    are copied first, so one provider's mapping never reaches another's."""
    from monitoring.cache import kept

    shared = kept("upload lookups", on, lambda: _lookups(on))
    lists = dict(shared.lists)
    if mapping is not None:
        for name in mapping.values.keys() & lists.keys():
            lists[name] = copy.deepcopy(lists[name])
        mapping.apply_to(lists)
    return dataclasses.replace(shared, lists=lists)


def _lookups(on: datetime.date | None) -> Lookups:
    lists = {
        name: _code_list(model._meta.verbose_name, _enabled(model, on), name, {})
        for name, model in CODE_COLUMNS.items()
    }
    bands = sorted(
        (b.min_age, b.max_age, b.code) for b in _enabled(ref.AgeBand, on) if b.min_age is not None
    )
    lists["age_band"].bands = bands
    lists["ethnicity"] = _ethnicity(on)
    lists[dimensions.LOCAL_AUTHORITY] = local_authorities()
    answers = _code_list(
        "outcome measure answer", _enabled(ref.MeasureAnswer, on), "", _MEASURE_EXTRA
    )
    measures = {m.code.lower(): m.label for m in _enabled(ref.OutcomeMeasure, on)}
    groups = _enabled(ref.EthnicGroup, on)
    return Lookups(
        lists=lists,
        answers=answers,
        measures=measures,
        age_bands=bands,
        not_stated=frozenset(ref.ReferenceCode.NOT_STATED_CODES),
        high_level_ethnicity=frozenset(
            g.code for g in groups if g.level == ref.EthnicGroup.Level.HIGH_LEVEL
        ),
    )
