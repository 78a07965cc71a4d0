"""One disclosure-control layer through which every public figure passes.

`control(grids)` applies the rules (disclosure/rules.py, docs/disclosure.md) to the
exact counts and gives the tables that may be published; `public_tables(area, period)`
reads an area's figures (the only database access here, disclosure/sources.py) and
controls them; `snapshot` and `from_snapshot` turn tables into JSON-safe data and back,
so a publication keeps exactly the figures it published.
"""

from disclosure.snapshot import from_snapshot, snapshot
from disclosure.suppression import Controlled, Grid, control, round_count


def public_tables(area, period):
    """The controlled tables of `area` for `period`, from the current accepted returns."""
    from disclosure.sources import area_grids

    return control(area_grids(area, period)).tables()


__all__ = [
    "Controlled",
    "Grid",
    "control",
    "from_snapshot",
    "public_tables",
    "round_count",
    "snapshot",
]
