"""Loading the Quality Standards from assurance/data/standards_*.json.

Each file is one edition of the guidance, keyed by edition code + standard number +
prompt number. Loading is idempotent: an edition already in the database is checked
against its file and left alone; a file that disagrees with what is stored is refused,
because old assessments point at those rows (a changed text is a new edition, with a new
code). A later edition therefore adds rows and never rewrites earlier ones.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from assurance.models import Prompt, QualityStandard, StandardsEdition

DATA_DIR = Path(__file__).resolve().parent / "data"


class StandardsFileError(ValueError):
    pass


@dataclass
class LoadReport:
    created: list[str]
    unchanged: list[str]

    def __str__(self) -> str:
        parts = []
        if self.created:
            parts.append("loaded " + ", ".join(self.created))
        if self.unchanged:
            parts.append("already loaded " + ", ".join(self.unchanged))
        return "; ".join(parts) or "no editions found"


def edition_files(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("standards_*.json"))


def _standard_fields(item: dict) -> dict:
    return {
        "title": item["title"],
        "chapter_title": item["chapter_title"],
        "statement": item["statement"],
        "chapter_statement": item["chapter_statement"],
        "key_messages": list(item["key_messages"]),
    }


def _prompt_fields(item: dict, order: int) -> dict:
    return {
        "order": order,
        "text": item["text"],
        "answerable": item.get("answerable", True),
        "optional": item.get("optional", False),
        "help": item.get("help", ""),
        "note": item.get("note", ""),
    }


def _differences(edition: StandardsEdition, data: dict) -> list[str]:
    """Where the stored edition differs from its file (empty: identical)."""
    problems = []
    stored = {s.number: s for s in edition.standards.prefetch_related("prompts__parent")}
    if set(stored) != {item["number"] for item in data["standards"]}:
        problems.append("the standards listed differ")
    for item in data["standards"]:
        standard = stored.get(item["number"])
        if standard is None:
            continue
        for name, value in _standard_fields(item).items():
            if getattr(standard, name) != value:
                problems.append(f"Quality Standard {item['number']}: {name} differs")
        prompts = {p.number: p for p in standard.prompts.all()}
        if set(prompts) != {p["number"] for p in item["prompts"]}:
            problems.append(f"Quality Standard {item['number']}: the prompts listed differ")
        for order, p in enumerate(item["prompts"], start=1):
            prompt = prompts.get(p["number"])
            if prompt is None:
                continue
            for name, value in _prompt_fields(p, order).items():
                if getattr(prompt, name) != value:
                    problems.append(
                        f"Quality Standard {item['number']} prompt {p['number']}: {name} differs"
                    )
            parent = prompt.parent.number if prompt.parent_id else None
            if parent != p.get("parent"):
                problems.append(
                    f"Quality Standard {item['number']} prompt {p['number']}: parent differs"
                )
    return problems


def load_edition(data: dict) -> bool:
    """Create the edition described by `data` if new. Returns True if created."""
    with transaction.atomic():
        edition = StandardsEdition.objects.filter(code=data["edition"]).first()
        if edition is not None:
            problems = _differences(edition, data)
            if problems:
                raise StandardsFileError(
                    f"Edition {data['edition']} is already loaded with different text: "
                    + "; ".join(problems)
                    + ". Assessments point at the stored text, so it is never rewritten: "
                    "give a revised guidance a new edition code."
                )
            return False
        edition = StandardsEdition.objects.create(
            code=data["edition"],
            title=data["title"],
            published=data["published"],
            published_on=datetime.date.fromisoformat(data["published_on"]),
            publisher=data["publisher"],
            source=data["source"],
        )
        for item in data["standards"]:
            standard = QualityStandard.objects.create(
                edition=edition, number=item["number"], **_standard_fields(item)
            )
            created: dict[str, Prompt] = {}
            for order, p in enumerate(item["prompts"], start=1):
                parent = created[p["parent"]] if p.get("parent") else None
                created[p["number"]] = Prompt.objects.create(
                    standard=standard, number=p["number"], parent=parent, **_prompt_fields(p, order)
                )
    return True


def load_standards(directory: Path = DATA_DIR) -> LoadReport:
    report = LoadReport(created=[], unchanged=[])
    for path in edition_files(directory):
        data = json.loads(path.read_text(encoding="utf-8"))
        (report.created if load_edition(data) else report.unchanged).append(data["edition"])
    return report
