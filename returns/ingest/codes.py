"""Lookups from what case systems write to Reach's reference codes, built once per upload.

Ethnicity is matched through the maintained alias table (reference.EthnicityAlias, keyed
by `normalise_label`): Census 2021 codes, keys and labels, the 2011 "18+1" labels, the
police "16+1" codes (W1…O9, NS) and labels seen in exports. Every other list accepts its
code or its label, ignoring case, spacing and punctuation. Codes withdrawn before the
period starts (`disabled_on`) are not accepted.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from reference import models as ref
from reference.models import normalise_label

# Standard column -> the reference model whose codes it takes.
CODE_COLUMNS: dict[str, type[ref.ReferenceCode]] = {
    "sex": ref.Sex,
    "age_band": ref.AgeBand,
    "disability": ref.Disability,
    "sexual_orientation": ref.SexualOrientation,
    "crime_type": ref.CrimeType,
    "referral_pathway": ref.ReferralPathway,
    "outcome": ref.Outcome,
}

# Words exports use for "not known" and "declined", accepted wherever the list has the code.
_COMMON = {
    "unknown": "NK",
    "not stated": "NK",
    "not recorded": "NR",
    "declined": "PNS",
    "refused": "PNS",
    "not applicable": "NA",
    "n a": "NA",
}
_MEASURE_EXTRA = {"y": "YES", "n": "NO"}

YES_NO: dict[str, bool | None] = {
    **dict.fromkeys(("y", "yes", "true", "1"), True),
    **dict.fromkeys(("n", "no", "false", "0"), False),
    **dict.fromkeys(("nk", "not known", "unknown", "nr", "not recorded"), None),
}


@dataclass
class CodeList:
    """One code list: its codes and labels, and every accepted spelling mapped to a code."""

    title: str
    labels: dict[str, str]  # code -> label, in display order
    index: dict[str, str] = field(default_factory=dict)  # normalised spelling -> code
    shown: dict[str, str] = field(default_factory=dict)  # normalised spelling -> as written

    def add(self, spelling: str, code: str) -> None:
        key = normalise_label(spelling)
        if key and key not in self.index:
            self.index[key] = code
            self.shown[key] = spelling

    def match(self, raw: str) -> str | None:
        return self.index.get(normalise_label(raw))

    def suggest(self, raw: str, n: int = 3) -> list[str]:
        """The closest accepted spellings (difflib), one per code, to put in a message.

        A spelling that is a programmer's key ("BLACK_CARIBBEAN") is shown as the code's
        label instead, which is what an officer would recognise.
        """
        close = difflib.get_close_matches(normalise_label(raw), self.index, n=3 * n, cutoff=0.6)
        shown: dict[str, str] = {}
        for key in close:
            code = self.index[key]
            spelling = self.shown[key]
            if "_" in spelling or (spelling.isupper() and len(spelling) > 3):
                spelling = self.labels.get(code, spelling)
            shown.setdefault(code, spelling)
        return list(shown.values())[:n]

    def allowed(self) -> str:
        if len(self.labels) > 25:
            return f"a {self.title} code or label from the data dictionary"
        return "; ".join(f"{code} ({label})" for code, label in self.labels.items())


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


def _code_list(title: str, rows, extra: dict[str, str]) -> CodeList:
    codes = CodeList(title, {r.code: r.label for r in rows})
    for r in rows:
        codes.add(r.code, r.code)
    for r in rows:
        codes.add(r.label, r.code)
    for spelling, code in {**_COMMON, **extra}.items():
        if code in codes.labels:
            codes.add(spelling, code)
    return codes


def load_lookups(on: datetime.date | None = None) -> Lookups:
    """Every lookup an upload needs, from the reference tables (a dozen queries)."""
    lists = {
        name: _code_list(model._meta.verbose_name, _enabled(model, on), {})
        for name, model in CODE_COLUMNS.items()
    }
    groups = _enabled(ref.EthnicGroup, on)
    # Display names ("Black Caribbean") are what an officer recognises in a suggestion.
    ethnicity = CodeList("ethnic group", {g.code: g.display_name or g.label for g in groups})
    enabled = set(ethnicity.labels)
    for alias in ref.EthnicityAlias.objects.select_related("group"):
        if alias.group.code in enabled:
            ethnicity.index.setdefault(alias.normalised, alias.group.code)
            ethnicity.shown.setdefault(alias.normalised, alias.alias)
    lists["ethnicity"] = ethnicity
    answers = _code_list("outcome measure answer", _enabled(ref.MeasureAnswer, on), _MEASURE_EXTRA)
    measures = {m.code.lower(): m.label for m in _enabled(ref.OutcomeMeasure, on)}
    bands = sorted(
        (b.min_age, b.max_age, b.code) for b in _enabled(ref.AgeBand, on) if b.min_age is not None
    )
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
