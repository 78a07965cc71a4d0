"""The key messages and the police script, in English and in the languages of the areas.

Each language is one file in `public/translations/` (TOML): its texts and its review
status. The texts are short, plain sentences so that they translate well. No qualified
translator has reviewed any of them yet: each file says `review = "draft"`, staff pages
show "Draft – needs review by a qualified translator", and nothing claims a review that
did not happen (docs/public-face.md). A file is marked reviewed only by filling in who
reviewed it and when.

The English file is the source: every other file must carry the same keys, and the
police script's placeholders ({area}, {url}) must survive translation; tests check both.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter

FOLDER = Path(__file__).resolve().parent / "translations"
SOURCE = "en"

# Order in which languages are offered: English, Welsh, then the languages of the areas.
ORDER = ("en", "cy", "pl", "ro", "ur", "pa", "bn", "gu", "ar", "so", "pt", "lt", "sq", "tr",
         "ta", "zh")  # fmt: skip


class ReviewStatus:
    DRAFT = "draft"
    REVIEWED = "reviewed"
    SOURCE = "source"

    LABELS = {
        DRAFT: "Draft – needs review by a qualified translator",
        REVIEWED: "Reviewed by a qualified translator",
        SOURCE: "Source text (English)",
    }


@dataclass(frozen=True)
class KeyMessage:
    heading: str
    text: str


@dataclass(frozen=True)
class Translation:
    code: str  # the reference Language code (reference/data/codes/languages.csv)
    lang: str  # the BCP 47 tag for the lang attribute (it also picks the font: public.css)
    dir: str  # "ltr" or "rtl"
    name: str  # the language's name in English
    native_name: str  # and in itself
    review: str
    reviewed_by: str
    reviewed_on: str
    note: str
    texts: dict

    @property
    def review_label(self) -> str:
        label = ReviewStatus.LABELS[self.review]
        if self.review == ReviewStatus.REVIEWED:
            label += f" ({self.reviewed_by}, {self.reviewed_on})"
        return label

    @property
    def is_draft(self) -> bool:
        return self.review == ReviewStatus.DRAFT

    @property
    def key_messages(self) -> list[KeyMessage]:
        return [KeyMessage(**item) for item in self.texts["key_messages"]["items"]]

    def text(self, section: str, key: str, **values) -> str:
        value = self.texts[section][key]
        return value.format(**values) if values else value

    def script_lines(self, *, area: str, url: str) -> list[list["Segment"]]:
        """The police script's lines, each as text and the values put into it.

        Values (a place's name, an address) are kept apart so that a page can isolate
        them (`<bdi>`): a Latin name or address inside Arabic or Urdu then keeps its own
        direction instead of being reordered by the surrounding right-to-left text.
        """
        values = {"area": area, "url": url}
        lines = []
        for line in self.texts["police_script"]["lines"]:
            parts = []
            for literal, name, _, _ in Formatter().parse(line):
                if literal:
                    parts.append(Segment(literal, False))
                if name:
                    parts.append(Segment(values[name], True))
            lines.append(parts)
        return lines


@dataclass(frozen=True)
class Segment:
    text: str
    isolate: bool  # a value put into the text, shown in its own direction


class TranslationError(ValueError):
    pass


def _read(path: Path) -> Translation:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    meta = data.pop("language")
    review = meta.get("review", ReviewStatus.DRAFT)
    if review not in ReviewStatus.LABELS:
        raise TranslationError(f"{path.name}: review must be one of {sorted(ReviewStatus.LABELS)}")
    if review == ReviewStatus.REVIEWED and not (
        meta.get("reviewed_by") and meta.get("reviewed_on")
    ):
        raise TranslationError(f"{path.name}: a reviewed translation names its reviewer and date")
    return Translation(
        code=meta["code"],
        lang=meta.get("lang", meta["code"]),
        dir=meta.get("dir", "ltr"),
        name=meta["name"],
        native_name=meta["native_name"],
        review=review,
        reviewed_by=meta.get("reviewed_by", ""),
        reviewed_on=meta.get("reviewed_on", ""),
        note=meta.get("note", ""),
        texts=data,
    )


def _shape(texts: dict) -> dict:
    """The keys of a translation (and the number of list items), to compare with English."""
    shape = {}
    for section, values in texts.items():
        for key, value in values.items():
            shape[(section, key)] = len(value) if isinstance(value, list) else None
    return shape


def _placeholders(value) -> set[str]:
    if isinstance(value, list):
        return set().union(*(_placeholders(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_placeholders(v) for v in value.values()))
    return {name for _, name, _, _ in Formatter().parse(value) if name}


def problems(translation: Translation, source: Translation) -> list[str]:
    """What is missing or broken in a translation, measured against the English source."""
    found = []
    want, have = _shape(source.texts), _shape(translation.texts)
    for key in want.keys() - have.keys():
        found.append(f"{translation.code}: missing {key[0]}.{key[1]}")
    for key in have.keys() - want.keys():
        found.append(f"{translation.code}: unexpected {key[0]}.{key[1]}")
    for key in want.keys() & have.keys():
        if want[key] != have[key]:
            found.append(
                f"{translation.code}: {key[0]}.{key[1]} has {have[key]} items, not {want[key]}"
            )
        mine = _placeholders(translation.texts[key[0]][key[1]])
        theirs = _placeholders(source.texts[key[0]][key[1]])
        if mine != theirs:
            found.append(f"{translation.code}: {key[0]}.{key[1]} placeholders {mine} != {theirs}")
    return found


@cache
def all_translations() -> dict[str, Translation]:
    """Every translation by code, in ORDER; the files are read once per process."""
    found = {t.code: t for t in (_read(p) for p in sorted(FOLDER.glob("*.toml")))}
    ordered = [code for code in ORDER if code in found] + sorted(found.keys() - set(ORDER))
    return {code: found[code] for code in ordered}


def translation(code: str) -> Translation | None:
    return all_translations().get(code)


def source() -> Translation:
    return all_translations()[SOURCE]


def for_page_language(language_code: str) -> Translation:
    """The key messages for a page's own language: Welsh on /cy/ pages, else English."""
    return translation("cy") if language_code == "cy" else source()


def other_languages() -> list[Translation]:
    """The languages offered beside the page's own (all but English)."""
    return [t for code, t in all_translations().items() if code != SOURCE]
