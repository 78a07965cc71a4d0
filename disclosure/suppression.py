"""The 10-5 rule, secondary suppression and safe rates over a set of linked tables.

The tables published together for an area and period share their margins: every table
of referrals by ethnic group has the same row totals and grand total. So control works
on all of them at once, as a set of named counts ("keys") and the sums that link them:

- primary suppression: a count of 1 to 9 is confidential (rules.SMALLEST_PUBLISHED), and
  so is a 0 that shares a row, column or total with one: were zeros always shown, a
  reader would know every confidential count is at least 1, and a few small counts in
  a small row would pin each other down;
- rounding: every other count, totals included, is rounded to the nearest 5 from its
  exact value; true zeros stay 0;
- secondary suppression: a reader who knows the rules, every published figure and every
  sum could bound each confidential count by linear programming (disclosure/audit.py).
  While one of them can be bounded to a range narrower than rules.MIN_RANGE, the
  smallest published count that shares a sum with it is made confidential too;
- rates: a row's counts as percentages of its total, computed from the exact counts,
  published only where neither is confidential and the base is at least rules.MIN_BASE.

Adding a confidential count only ever widens what a reader can deduce, so the loop ends
with every confidential count protected (docs/disclosure.md).
"""

from dataclasses import dataclass, field

from core.tables import Table
from disclosure import rules


@dataclass
class Grid:
    """One cross-tabulation of exact counts: rows (ethnic groups) by columns.

    Grids of the same `population` count the same people, so their rows with the same
    label share one total and they share one grand total. A grid covering more months
    names the population it `includes`: each of its totals is at least that one's.
    """

    slug: str
    title: str
    row_title: str
    column_title: str
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]
    population: str = "referrals"
    months: int = 6
    includes: str | None = None
    sensitive: bool = False
    rates: bool = False
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        if len(self.counts) != len(self.rows) or any(
            len(row) != len(self.columns) for row in self.counts
        ):
            raise ValueError(
                f"The table {self.title!r} needs one count for each of its "
                f"{len(self.rows)} rows and {len(self.columns)} columns."
            )
        if any(
            not isinstance(n, int) or isinstance(n, bool) or n < 0 for r in self.counts for n in r
        ):
            raise ValueError(
                f"The table {self.title!r} holds a count that is not a whole number of 0 or more."
            )
        if self.sensitive and self.months < rules.SENSITIVE_MONTHS:
            raise ValueError(
                f"The table {self.title!r} is a sensitive breakdown: it may be published "
                f"only over {rules.SENSITIVE_MONTHS} months, not {self.months}."
            )
        if self.sensitive and len(self.rows) > 6:
            raise ValueError(
                f"The table {self.title!r} is a sensitive breakdown: it may be published "
                "only for the 5 high-level ethnic groups and not stated."
            )

    def cell(self, i: int, j: int) -> str:
        return f"{self.slug}|{i}|{j}"

    def row_total(self, i: int) -> str:
        return f"{self.population}|row|{self.rows[i]}"

    def column_total(self, j: int) -> str:
        return f"{self.slug}|column|{j}"

    @property
    def total(self) -> str:
        return f"{self.population}|total"

    def sums(self) -> list[tuple[str, list[str]]]:
        """(total, the keys it is the sum of) for every row, column and the whole."""
        n, m = len(self.rows), len(self.columns)
        out = [(self.row_total(i), [self.cell(i, j) for j in range(m)]) for i in range(n)]
        out += [(self.column_total(j), [self.cell(i, j) for i in range(n)]) for j in range(m)]
        out.append((self.total, [self.row_total(i) for i in range(n)]))
        out.append((self.total, [self.column_total(j) for j in range(m)]))
        return out

    def exact(self) -> dict[str, int]:
        values = {}
        for i, row in enumerate(self.counts):
            for j, n in enumerate(row):
                values[self.cell(i, j)] = n
            values[self.row_total(i)] = sum(row)
        for j in range(len(self.columns)):
            values[self.column_total(j)] = sum(row[j] for row in self.counts)
        values[self.total] = sum(map(sum, self.counts))
        return values

    def rate_pairs(self) -> list[tuple[str, str]]:
        """(numerator, base) of every rate this grid publishes."""
        if not self.rates:
            return []
        pairs = [
            (self.cell(i, j), self.row_total(i))
            for i in range(len(self.rows))
            for j in range(len(self.columns))
        ]
        return pairs + [(self.column_total(j), self.total) for j in range(len(self.columns))]


def round_count(n: int) -> int:
    """`n` to the nearest multiple of rules.ROUND_TO (a count of 10 or more, or 0)."""
    return int((n + rules.ROUND_TO / 2) // rules.ROUND_TO * rules.ROUND_TO)


def is_small(n: int) -> bool:
    return 0 < n < rules.SMALLEST_PUBLISHED


@dataclass
class Controlled:
    """Grids after control: which keys are confidential, and the figures to publish.

    `primary` holds the counts of 0 to 9 withheld as small (or beside a small one),
    `secondary` the larger counts withheld to protect them."""

    grids: list[Grid]
    values: dict[str, int]  # key → exact count
    primary: set[str]
    secondary: set[str]

    @property
    def suppressed(self) -> set[str]:
        return self.primary | self.secondary

    def published(self, key: str):
        """The count as published: rounded, 0, or the confidential symbol."""
        if key in self.suppressed:
            return rules.CONFIDENTIAL
        return round_count(self.values[key])

    def rate(self, numerator: str, base: str):
        """A percentage from the exact counts, or the symbol that stands in for it."""
        # Confidential first: a suppressed base may be a withheld 0, and "[z]" or "[x]"
        # beside it would say which.
        if numerator in self.suppressed or base in self.suppressed:
            return rules.CONFIDENTIAL
        denominator = self.values[base]
        if denominator == 0:
            return rules.NOT_APPLICABLE
        if denominator < rules.MIN_BASE:
            return rules.NOT_AVAILABLE
        percent = round(100 * self.values[numerator] / denominator, rules.RATE_PLACES)
        return int(percent) if rules.RATE_PLACES == 0 else percent

    def published_rates(self) -> list[tuple[str, str, float]]:
        """(numerator, base, percentage) of every rate published as a number."""
        out = []
        for grid in self.grids:
            for numerator, base in grid.rate_pairs():
                value = self.rate(numerator, base)
                if not isinstance(value, str):
                    out.append((numerator, base, value))
        return out

    def sums(self) -> list[tuple[str, list[str]]]:
        return [s for grid in self.grids for s in grid.sums()]

    def includes(self) -> list[tuple[str, str]]:
        """(larger, smaller): counts of a longer span that include a shorter one's."""
        out = []
        by_population = {g.population: g for g in self.grids}
        for grid in self.grids:
            inner = by_population.get(grid.includes) if grid.includes else None
            if inner is None:
                continue
            inner_rows = {label: i for i, label in enumerate(inner.rows)}
            for i, label in enumerate(grid.rows):
                if label in inner_rows:
                    out.append((grid.row_total(i), inner.row_total(inner_rows[label])))
            out.append((grid.total, inner.total))
        return out

    def tables(self) -> list[Table]:
        out = []
        for grid in self.grids:
            out.append(self._count_table(grid))
            if grid.rates:
                out.append(self._rate_table(grid))
        return out

    def _notes(self, grid: Grid, *, rates: bool = False) -> list[str]:
        notes = list(grid.notes)
        if grid.sensitive:
            notes.append(rules.SENSITIVE_NOTE)
        notes.append(rules.RATE_NOTE if rates else rules.ROUNDING_NOTE)
        keys = set(grid.exact())
        if keys & self.secondary:
            notes.append(rules.SECONDARY_NOTE)
        return notes + rules.symbol_notes()

    def _count_table(self, grid: Grid) -> Table:
        rows = [
            [label]
            + [self.published(grid.cell(i, j)) for j in range(len(grid.columns))]
            + [self.published(grid.row_total(i))]
            for i, label in enumerate(grid.rows)
        ]
        rows.append(
            ["Total"]
            + [self.published(grid.column_total(j)) for j in range(len(grid.columns))]
            + [self.published(grid.total)]
        )
        return Table(
            title=grid.title,
            headers=[grid.row_title, *grid.columns, "Total"],
            rows=rows,
            notes=self._notes(grid),
            slug=grid.slug,
        )

    def _rate_table(self, grid: Grid) -> Table:
        rows = [
            [label]
            + [self.rate(grid.cell(i, j), grid.row_total(i)) for j in range(len(grid.columns))]
            for i, label in enumerate(grid.rows)
        ]
        rows.append(
            ["All"]
            + [self.rate(grid.column_total(j), grid.total) for j in range(len(grid.columns))]
        )
        return Table(
            title=f"{grid.title}: percentages of each group",
            headers=[grid.row_title, *[f"{c} (%)" for c in grid.columns]],
            rows=rows,
            notes=self._notes(grid, rates=True),
            slug=f"{grid.slug}-percentages",
        )


def _exact_values(grids: list[Grid]) -> dict[str, int]:
    values: dict[str, int] = {}
    slugs = set()
    for grid in grids:
        if grid.slug in slugs:
            raise ValueError(f"Two tables share the name {grid.slug!r}.")
        slugs.add(grid.slug)
        for key, n in grid.exact().items():
            if values.setdefault(key, n) != n:
                raise ValueError(
                    f"The table {grid.title!r} disagrees with another table of the same "
                    "people about a total: tables of one population must count the same people."
                )
    return values


def control(grids: list[Grid], *, audit=None) -> Controlled:
    """Apply disclosure control to `grids`, published together (see the module docstring).

    `audit(controlled) -> {key: (low, high)}` bounds confidential counts as a reader could
    (disclosure.audit.ranges, the default).
    """
    from disclosure import audit as audit_module

    audit = audit or audit_module.ranges
    values = _exact_values(grids)
    small = {key for key, n in values.items() if is_small(n)}
    result = Controlled(grids=list(grids), values=values, primary=set(small), secondary=set())
    sums = result.sums()
    for total, parts in sums:
        line = [total, *parts]
        if any(key in small for key in line):
            result.primary.update(key for key in line if values[key] == 0)
    primary = small  # only the small counts need protecting: a withheld 0 stays within 0 to 9
    watch = set(primary)
    while watch:
        bounds = audit(result, sorted(watch))
        exposed = sorted(key for key in watch if not audit_module.protected(*bounds[key]))
        if not exposed:
            break
        watch = set(exposed)
        for key in exposed:
            if not audit_module.protected(*audit(result, [key])[key]):
                result.secondary.add(_complement(key, result, sums))
    return result


def _complement(key: str, result: Controlled, sums) -> str:
    """The count to withhold as well, so that `key` cannot be worked out: the smallest
    published non-zero count that shares a sum with it (a cell before a total on a tie),
    or failing that the smallest anywhere."""

    def candidates(keys):
        return [k for k in keys if k not in result.suppressed and result.values[k] > 0]

    near = set()
    totals = {total for total, _ in sums}
    for total, parts in sums:
        if key == total or key in parts:
            near.update([total, *parts])
    pool = candidates(near) or candidates(result.values)
    if not pool:
        raise ValueError("Nothing left to withhold: every count is already confidential.")
    return min(pool, key=lambda k: (result.values[k], k in totals, k))
