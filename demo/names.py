"""Fictional provider names and contact details for the demo.

Names are built from invented stems ("Rowanbrook", "Kestrelmere"…) so that no demo
provider is a real organisation; contact details use the reserved example.org domain
and Ofcom's drama telephone range 01632 960000–960999, which is never allocated.
"""

import random

_FIRST = (
    "Amber", "Birch", "Bracken", "Cedar", "Clover", "Elder", "Fern", "Hazel", "Heron",
    "Juniper", "Kestrel", "Larch", "Linnet", "Marigold", "Meadow", "Orchard", "Plover",
    "Rowan", "Saffron", "Sorrel", "Tamarind", "Teasel", "Wren", "Yarrow",
)  # fmt: skip
_SECOND = (
    "brook", "croft", "dale", "field", "ford", "gate", "haven", "hurst", "lea", "mere",
    "stead", "stone", "vale", "way", "well", "wick",
)  # fmt: skip
_STREETS = (
    "High Street", "Station Road", "Church Lane", "Market Place", "Victoria Road",
    "Mill Lane", "Park Road", "Queen Street", "New Road", "Bridge Street",
)  # fmt: skip
_HOURS = (
    "Monday to Friday, 9am to 5pm",
    "Monday to Friday, 9am to 8pm; Saturday, 10am to 2pm",
    "Monday to Thursday, 9am to 5pm; Friday, 9am to 4:30pm",
    "Every day, 8am to 8pm",
)
DRAMA_NUMBERS = 1000  # 01632 960000 to 01632 960999


class NameMaker:
    """Hands out distinct invented stems and drama-range phone numbers, deterministically."""

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}:names")
        self._stems = [a + b for a in _FIRST for b in _SECOND]
        rng.shuffle(self._stems)
        self._next_stem = 0
        self._next_phone = 0
        self.rng = rng

    def stem(self) -> str:
        stem = self._stems[self._next_stem % len(self._stems)]
        self._next_stem += 1
        return stem

    def phone(self) -> str:
        number = self._next_phone % DRAMA_NUMBERS
        self._next_phone += 1
        return f"01632 960{number:03d}"

    def address(self, places: tuple[str, ...]) -> str:
        place = self.rng.choice(places) if places else "Example Town"
        return f"{self.rng.randint(2, 180)} {self.rng.choice(_STREETS)}, {place}"

    def hours(self) -> str:
        return self.rng.choice(_HOURS)


def contact(slug: str) -> dict[str, str]:
    """Public contact details of an organisation (never of a person) on example.org."""
    return {"email": f"help@{slug}.example.org", "website": f"https://{slug}.example.org/"}
