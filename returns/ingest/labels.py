"""How a label written by a case system is matched to a code, whatever its punctuation.

Case systems write the same category many ways: "Asian or Asian British - Indian",
"Asian or Asian British: Indian", "Asian/Asian British: Indian", "Indian (Asian)";
"White: Any other White background", "Any other White background", "Other White",
"White - Other". Rather than list every spelling, a label is matched in steps, each
stricter about what it may assume:

1. its normalised text (case, punctuation, dashes, colons, slashes, spacing and "&"
   ignored: `reference.models.normalise_label`), against every label and alias;
2. its *bag of words*: the same with "or", "and", "any", "background" and the like
   left out, plurals made singular, spelling variants read as their word
   (reference/data/codes/label_words.csv) and word order ignored, against the bags of
   every label and alias. A bag two codes share is never used (it is ambiguous);
3. for ethnicity only, a heading and a label ("Asian or Asian British" and "Indian"):
   the heading names one of the five high-level groups, and the label is matched
   among that group's detailed groups only, also with the heading's own words left
   out ("Any other Black/African/Caribbean background" under "Black" is "other").

Labels that could mean more than one code (reference/data/codes/code_aliases.csv marks
them, for example "Hate crime" across its five strands) are never guessed: they are
reported as ambiguous, and the provider says what it means on its mapping page.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reference.models import normalise_label

FILLER = frozenset({"or", "and", "any", "the", "of", "a", "an", "background", "please", "specify"})
_SPLIT = re.compile(r"^(?P<head>.+?)\s*(?::|\s[-–—]+\s*|[-–—]+\s)\s*(?P<tail>.+)$")
_PARENS = re.compile(r"^(?P<main>.+?)\s*[(\[](?P<inner>[^)\]]+)[)\]]\s*$")


@lru_cache(maxsize=1)
def _word_map() -> dict[str, str]:
    from reference.loading import label_words

    return {normalise_label(w.word): normalise_label(w.reads_as) for w in label_words()}


def _singular(token: str) -> str:
    if len(token) >= 5 and token.endswith("s") and not token.endswith(("ss", "is", "us")):
        return token[:-1]
    return token


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The label's words, normalised, spelling variants read as their word. Kept once
    worked out: every upload's lookups are built from the same few thousand spellings."""
    mapping = _word_map()
    out = []
    for token in normalise_label(text).split():
        token = mapping.get(token, token)
        out.extend(token.split())
    return tuple(out)


def bag(text: str) -> str:
    """Normalised words without filler, singular, sorted and unique: the order-free key."""
    return " ".join(sorted({_singular(t) for t in words(text) if t not in FILLER}))


def key(text: str) -> str:
    return " ".join(words(text))


def split(text: str) -> tuple[str, str] | None:
    """A heading and a label: "Asian or Asian British: Indian", "Black British - African",
    "Indian (Asian or Asian British)" (the heading in brackets)."""
    text = text.strip()
    if m := _PARENS.match(text):
        return m["inner"], m["main"]
    if m := _SPLIT.match(text):
        return m["head"], m["tail"]
    return None


@dataclass(frozen=True)
class Ambiguous:
    """A label that could mean any of several codes: asked, never guessed."""

    codes: tuple[str, ...]


@dataclass
class LabelIndex:
    """Every accepted spelling of a list's codes, by normalised text and by bag of words."""

    exact: dict[str, str] = field(default_factory=dict)
    bags: dict[str, str] = field(default_factory=dict)
    clashing: set[str] = field(default_factory=set)  # bags two codes share: never used
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by normalised key
    shown: dict[str, str] = field(default_factory=dict)  # normalised -> as first written

    def add(self, spelling: str, code: str) -> None:
        k = key(spelling)
        if not k:
            return
        if k not in self.exact and k not in self.ambiguous:
            self.exact[k] = code
            self.shown[k] = spelling
        b = bag(spelling)
        if not b or b in self.clashing:
            return
        if self.bags.setdefault(b, code) != code:
            self.clashing.add(b)
            del self.bags[b]

    def add_ambiguous(self, spelling: str, codes: tuple[str, ...]) -> None:
        k = key(spelling)
        if k and k not in self.exact:
            self.ambiguous[k] = codes
            self.shown[k] = spelling

    def override(self, spelling: str, code: str) -> None:
        """A provider's own rule: its meaning wins over Reach's."""
        k = key(spelling)
        self.ambiguous.pop(k, None)
        self.exact[k] = code
        self.shown.setdefault(k, spelling)

    def find(self, text: str) -> str | Ambiguous | None:
        k = key(text)
        if k in self.exact:
            return self.exact[k]
        if k in self.ambiguous:
            return Ambiguous(self.ambiguous[k])
        return self.bags.get(bag(text))


@dataclass
class GroupedIndex:
    """Ethnicity's extra step: a heading naming a high-level group, and a label within it."""

    headings: LabelIndex  # heading spellings -> high-level group code
    heading_words: dict[str, frozenset[str]]  # group -> every word of its headings
    children: dict[str, LabelIndex]  # group -> its detailed groups' labels
    relative: dict[str, LabelIndex]  # group -> labels without the heading's words
    parent: dict[str, str]  # detailed code -> group

    def find(self, whole: LabelIndex, text: str) -> str | Ambiguous | None:
        parts = split(text)
        if parts is None:
            return None
        head, tail = parts
        head_code = whole.find(head)
        tail_code = whole.find(tail)
        # "W1 - White British", "White British (W1)": a code beside its own label.
        for a, b in ((head_code, tail_code), (tail_code, head_code)):
            if isinstance(a, str) and a in self.parent and (b is None or b == a):
                return a
        group = self.headings.find(head)
        if not isinstance(group, str):
            group = head_code if head_code in self.children else None
        if group is None:
            return None
        if isinstance(tail_code, str) and self.parent.get(tail_code) == group:
            return tail_code
        found = self.children[group].find(tail)
        if found is None:
            rest = " ".join(t for t in words(tail) if t not in self.heading_words[group])
            found = self.relative[group].find(rest) if rest else None
        return found
