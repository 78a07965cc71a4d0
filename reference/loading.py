"""Load the reference data from reference/data/ into the database.

Idempotent: every row is keyed by its code and upserted, so a second run changes
nothing. The same functions are used by `manage.py load_reference`, by `make run` and
by the tests, so what the tests check is what the service serves.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from reference import models as ref

DATA_DIR = Path(__file__).resolve().parent / "data"
PUBLISHED = DATA_DIR / "published"
CODES = DATA_DIR / "codes"

# Code list files and the model each fills, in load order.
CODE_LISTS: dict[str, type[ref.ReferenceCode]] = {
    "sex.csv": ref.Sex,
    "age_bands.csv": ref.AgeBand,
    "crime_types.csv": ref.CrimeType,
    "referral_pathways.csv": ref.ReferralPathway,
    "outcomes.csv": ref.Outcome,
    "outcome_measures.csv": ref.OutcomeMeasure,
    "measure_answers.csv": ref.MeasureAnswer,
    "disability.csv": ref.Disability,
    "sexual_orientation.csv": ref.SexualOrientation,
    "languages.csv": ref.Language,
}

# Headings under which case systems write the detailed groups, beyond the 2021 wording.
EXTRA_HEADINGS = {
    "ASIAN": ["Asian/Asian British", "Asian British", "British Asian", "Asian"],
    "BLACK": [
        "Black/African/Caribbean/Black British",
        "Black British",
        "Black",
        "Black or Black British",
    ],
    "MIXED": ["Mixed/multiple ethnic groups", "Mixed", "Mixed/Multiple"],
    "WHITE": ["White"],
    "OTHER": ["Other ethnic group", "Other"],
}


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def __str__(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.counts.items())


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first = next(iter(row.values()), "") or ""
            if first.startswith("#"):
                continue  # comment rows document the file
            yield row


def _flag(value: str) -> bool | None:
    return {"Y": True, "N": False}.get((value or "").strip())


def _int_or_none(value: str) -> int | None:
    return int(value) if value not in (None, "") else None


@transaction.atomic
def load_all() -> LoadReport:
    report = LoadReport()
    load_code_lists(report)
    load_ethnic_groups(report)
    load_aliases(report)
    load_areas(report)
    load_population(report)
    load_victimisation(report)
    check_ingest_aliases(report)
    return report


def load_code_lists(report: LoadReport) -> None:
    base_fields = {"code", "label", "order", "description"}
    for filename, model in CODE_LISTS.items():
        extra = {f.name for f in model._meta.get_fields()} - base_fields
        for row in read_csv(CODES / filename):
            defaults = {
                "label": row["label"],
                "order": int(row["order"]),
                "description": row.get("description", "") or "",
            }
            for name in extra & set(row):
                model_field = model._meta.get_field(name)
                value = row[name]
                if model_field.get_internal_type() == "BooleanField":
                    defaults[name] = _flag(value) if model_field.null else _flag(value) is True
                elif model_field.get_internal_type() == "PositiveSmallIntegerField":
                    defaults[name] = _int_or_none(value)
                else:
                    defaults[name] = value
            model.objects.update_or_create(code=row["code"], defaults=defaults)
            report.add(model._meta.verbose_name_plural, 1)


def load_ethnic_groups(report: LoadReport) -> None:
    rows = list(read_csv(PUBLISHED / "ethnic_group_classification.csv"))
    high_level = {}
    for row in rows:
        if row["level"] != "high_level":
            continue
        group, _ = ref.EthnicGroup.objects.update_or_create(
            code=row["ethnic_group_code"],
            defaults=_group_defaults(row, level=ref.EthnicGroup.Level.HIGH_LEVEL, parent=None),
        )
        high_level[row["ethnic_group_key"]] = group
        report.add("ethnic groups", 1)
    for row in rows:
        if row["level"] != "detailed":
            continue
        ref.EthnicGroup.objects.update_or_create(
            code=row["ethnic_group_code"],
            defaults=_group_defaults(
                row,
                level=ref.EthnicGroup.Level.DETAILED,
                parent=high_level[row["high_level_group_key"]],
            ),
        )
        report.add("ethnic groups", 1)
    for row in read_csv(CODES / "ethnicity_not_stated.csv"):
        ref.EthnicGroup.objects.update_or_create(
            code=row["code"],
            defaults={
                "key": f"NOT_STATED_{row['code']}",
                "label": row["label"],
                "short_label": row["label"],
                "display_name": row["label"],
                "order": int(row["order"]),
                "description": row["description"],
                "level": ref.EthnicGroup.Level.NOT_STATED,
                "parent": None,
            },
        )
        report.add("ethnic groups", 1)


def _group_defaults(row: dict[str, str], *, level: str, parent) -> dict:
    return {
        "key": row["ethnic_group_key"],
        "label": row["ons_output_label"],
        "short_label": row["ons_short_label"],
        "order": int(row["sort_order"]),
        "level": level,
        "parent": parent,
        "eff_5plus1": row["eff_5plus1_group"],
        "eff_6": row["eff_6_group_white_british_split"],
        "eff_2a": row["eff_2a_white_vs_other"],
        "eff_2b": row["eff_2b_white_british_vs_other"],
        "display_name": row["eff_19a_display_name"],
        "label_wales": row["tick_box_label_wales"] or row["ons_output_label"],
        "description": row["wales_wording_note"],
    }


def alias_candidates() -> Iterator[tuple[str, str, str]]:
    """Every (alias, group code, source) the loader stores.

    The 2021 codes and labels in all their wordings come from the classification file;
    the 2011 "18+1" labels, the police "16+1" codes and common export labels come from
    codes/ethnicity_aliases.csv.
    """
    groups = list(ref.EthnicGroup.objects.select_related("parent"))
    for group in groups:
        yield group.code, group.code, "2021 code"
        yield group.key, group.code, "2021 key"
        yield group.label, group.code, "2021 label"
        yield group.short_label, group.code, "2021 label"
        if group.display_name:
            yield group.display_name, group.code, "Ethnicity facts and figures"
        if group.level != ref.EthnicGroup.Level.DETAILED:
            continue
        row_labels = {group.short_label, group.display_name, group.label_wales}
        headings = {group.parent.label, group.parent.short_label, group.parent.display_name}
        headings.update(EXTRA_HEADINGS[group.parent.code])
        for heading in headings:
            for label in row_labels:
                yield f"{heading}: {label}", group.code, "2021 heading and label"
    for row in read_csv(CODES / "ethnicity_aliases.csv"):
        yield row["alias"], row["code"], row["source"]


def load_aliases(report: LoadReport) -> None:
    by_code = {g.code: g for g in ref.EthnicGroup.objects.all()}
    wanted: dict[str, tuple[str, str, str]] = {}
    for alias, code, source in alias_candidates():
        key = ref.normalise_label(alias)
        if not key:
            continue
        if key in wanted and wanted[key][1] != code:
            # An alias that could mean two groups is worse than no alias: refuse to load.
            raise ValueError(
                f"Ethnicity alias {alias!r} maps to both {wanted[key][1]} and {code}; "
                "fix reference/data/codes/ethnicity_aliases.csv."
            )
        wanted.setdefault(key, (alias, code, source))
    existing = {a.normalised: a for a in ref.EthnicityAlias.objects.all()}
    to_create, to_update = [], []
    for key, (alias, code, source) in wanted.items():
        group = by_code[code]
        current = existing.get(key)
        if current is None:
            to_create.append(
                ref.EthnicityAlias(normalised=key, alias=alias, group=group, source=source)
            )
        elif current.group_id != group.id or current.source != source:
            current.group, current.source, current.alias = group, source, alias
            to_update.append(current)
    ref.EthnicityAlias.objects.bulk_create(to_create)
    ref.EthnicityAlias.objects.bulk_update(to_update, ["group", "source", "alias"])
    report.add("ethnicity aliases", len(wanted))


def load_areas(report: LoadReport) -> None:
    for row in read_csv(PUBLISHED / "police_force_areas.csv"):
        ref.Area.objects.update_or_create(
            code=row["pfa_code"],
            defaults={
                "name": row["pfa_name"],
                "slug": slugify(row["pfa_name"].replace("&", "and")),
                "country": row["country"],
                "governance_type": row["governance_type"],
                "governance_body": row["governance_body"],
                "governance_since": row["governance_since"],
                "governance_note": row["governance_note"],
                "usual_residents": int(row["usual_residents_2021"]),
            },
        )
        report.add("areas", 1)
    areas = {a.code: a for a in ref.Area.objects.all()}
    for row in read_csv(PUBLISHED / "lad2021_to_pfa_lookup.csv"):
        ref.LocalAuthority.objects.update_or_create(
            code=row["lad_code"],
            defaults={
                "name": row["lad_name"],
                "area": areas[row["pfa_code"]],
                "successor_code": row["lad24_code"] if row["lad24_code"] != row["lad_code"] else "",
                "usual_residents": int(row["usual_residents_2021"]),
            },
        )
        report.add("local authorities", 1)


def load_population(report: LoadReport) -> None:
    groups = {g.code: g for g in ref.EthnicGroup.objects.all()}
    areas = {a.code: a for a in ref.Area.objects.all()}
    las = {la.code: la for la in ref.LocalAuthority.objects.all()}

    area_rows = [
        ref.AreaPopulation(
            area=areas[row["pfa_code"]],
            group=groups[row["ethnic_group_code"]],
            count=int(row["count"]),
        )
        for row in read_csv(PUBLISHED / "census2021_ethnicity_pfa.csv")
    ]
    ref.AreaPopulation.objects.bulk_create(
        area_rows,
        update_conflicts=True,
        unique_fields=["area", "group"],
        update_fields=["count"],
    )
    report.add("area population rows", len(area_rows))

    la_rows = [
        ref.LocalAuthorityPopulation(
            local_authority=las[row["lad_code"]],
            group=groups[row["ethnic_group_code"]],
            count=int(row["count"]),
        )
        for row in read_csv(PUBLISHED / "census2021_ethnicity_lad.csv")
    ]
    ref.LocalAuthorityPopulation.objects.bulk_create(
        la_rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["local_authority", "group"],
        update_fields=["count"],
    )
    report.add("local authority population rows", len(la_rows))

    for row in read_csv(PUBLISHED / "census2021_ethnicity_country.csv"):
        code = row["ethnic_group_code"]
        group = None if code == "TOTAL" else groups[code]
        ref.CountryPopulation.objects.update_or_create(
            country_code=row["country_code"],
            group=group,
            defaults={"country_name": row["country_name"], "count": int(row["count"])},
        )
        report.add("country population rows", 1)


# Published CSEW group names and the classification group each one is for.
CSEW_GROUPS = {
    "Mixed": "MIXED",
    "Black": "BLACK",
    "Asian": "ASIAN",
    "White": "WHITE",
    "Bangladeshi": "1",
    "Chinese": "2",
    "Indian": "3",
    "Pakistani": "4",
    "Asian other": "5",
    "Black African": "6",
    "Black Caribbean": "7",
}


def load_victimisation(report: LoadReport) -> None:
    groups = {g.code: g for g in ref.EthnicGroup.objects.all()}
    for row in read_csv(PUBLISHED / "csew_victimisation_by_ethnicity.csv"):
        published = row["ethnic_group_published"]
        code = CSEW_GROUPS.get(published)
        if code is None and not published.startswith("All adults"):
            raise ValueError(f"Unknown Crime Survey group {published!r}: add it to CSEW_GROUPS.")
        ref.VictimisationRate.objects.update_or_create(
            survey_year=row["period"],
            published_group=published,
            defaults={
                "group": groups[code] if code else None,
                "percent": Decimal(row["percent_victim_once_or_more"]),
                "rounding": row["rounding"],
                "fraud_and_computer_misuse": row["fraud_and_computer_misuse"],
                "source_id": row["source_id"],
                "note": row["note"],
            },
        )
        report.add("victimisation rates", 1)


# The alias tables an upload is read with (returns/ingest/). They are read from their CSV
# files when a file is checked, not loaded into tables; `check_ingest_aliases` (run by
# `load_reference`) refuses a file whose rows name a code or column that does not exist.


@dataclass(frozen=True)
class CodeAlias:
    column: str  # the data standard column whose list it belongs to
    alias: str
    codes: tuple[str, ...]  # more than one: the label is ambiguous, and is asked
    source: str


@dataclass(frozen=True)
class HeadingAlias:
    heading: str
    column: str  # a data standard column, "age", or "leave_out"
    source: str


@dataclass(frozen=True)
class LabelWord:
    word: str
    reads_as: str
    source: str


@lru_cache(maxsize=1)
def code_aliases() -> tuple[CodeAlias, ...]:
    return tuple(
        CodeAlias(r["column"], r["alias"], tuple(r["code"].split("|")), r["source"])
        for r in read_csv(CODES / "code_aliases.csv")
    )


@lru_cache(maxsize=1)
def column_headings() -> tuple[HeadingAlias, ...]:
    return tuple(
        HeadingAlias(r["heading"], r["column"], r["source"])
        for r in read_csv(CODES / "column_headings.csv")
    )


@lru_cache(maxsize=1)
def label_words() -> tuple[LabelWord, ...]:
    return tuple(
        LabelWord(r["word"], r["reads_as"], r["source"])
        for r in read_csv(CODES / "label_words.csv")
    )


def check_ingest_aliases(report: LoadReport) -> None:
    """Every alias names a code of its column's list, every heading a known column."""
    from returns.ingest.codes import CODE_COLUMNS
    from returns.standard import COLUMNS

    columns = {c.name for c in COLUMNS} | {"age", "leave_out"}
    problems = []
    for heading in column_headings():
        if heading.column not in columns:
            problems.append(f"column_headings.csv: {heading.heading!r} names {heading.column!r}")
    known = {
        name: set(model.objects.values_list("code", flat=True))
        for name, model in CODE_COLUMNS.items()
    }
    for alias in code_aliases():
        if alias.column not in known:
            problems.append(
                f"code_aliases.csv: {alias.alias!r} is for unknown column {alias.column!r}"
            )
        elif missing := [c for c in alias.codes if c not in known[alias.column]]:
            problems.append(f"code_aliases.csv: {alias.alias!r} names unknown codes {missing}")
    if problems:
        raise ValueError("Fix the alias files in reference/data/codes/:\n" + "\n".join(problems))
    report.add("code aliases", len(code_aliases()))
    report.add("column headings", len(column_headings()))
