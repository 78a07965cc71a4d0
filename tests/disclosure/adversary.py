"""An adversary who reads only the published tables and knows the rules.

Written apart from disclosure/audit.py, from the published tables alone (their cells,
rows and totals as a reader sees them), so that a mistake in the layer's own audit does
not hide itself. For each confidential cell it minimises and maximises the cell's value
by linear programming, subject to every published figure:

- a rounded count r: an exact count in [max(10, r - 2.5), r + 2.5]; a 0: exactly 0;
- a [c]: between 0 and 9 if it is a small count (or a 0 withheld beside one), at least 10 otherwise (the adversary is
  told which, the strongest position a reader could be in);
- each row's cells add up to its total and each column's to the total row; tables of the
  same people share their row totals and grand total; a 12-month table's totals are at
  least those of the six months within it;
- a percentage p (whole per cent) of a row: its count lies within (p ± 0.5)% of the
  row total.
"""

import numpy as np
from scipy.optimize import linprog

C = "[c]"


class Reader:
    def __init__(self):
        self.names: list = []
        self.index: dict = {}
        self.bounds: list = []
        self.eq: list = []
        self.ub: list = []

    def var(self, name, bound=None):
        if name not in self.index:
            self.index[name] = len(self.names)
            self.names.append(name)
            self.bounds.append((0, None))
        if bound is not None:
            lo, hi = self.bounds[self.index[name]]
            new_lo = max(lo, bound[0])
            new_hi = bound[1] if hi is None else (hi if bound[1] is None else min(hi, bound[1]))
            self.bounds[self.index[name]] = (new_lo, new_hi)
        return self.index[name]

    def read_count(self, name, value, small: bool):
        if value == C:
            self.var(name, (0, 9) if small else (10, None))
        elif value == 0:
            self.var(name, (0, 0))
        else:
            self.var(name, (max(10, value - 2.5), value + 2.5))

    def add_sum(self, total, parts):
        self.eq.append({self.var(total): -1, **{self.var(p): 1 for p in parts}})

    def at_least(self, larger, smaller):
        self.ub.append({self.var(smaller): 1, self.var(larger): -1})

    def add_percent(self, numerator, base, percent):
        low, high = max(percent - 0.5, 0) / 100, (percent + 0.5) / 100
        self.ub.append({self.var(base): low, self.var(numerator): -1})
        self.ub.append({self.var(numerator): 1, self.var(base): -high})

    def range_of(self, name):
        n = len(self.names)

        def matrix(rows):
            m = np.zeros((len(rows), n))
            for r, coefficients in enumerate(rows):
                for c, v in coefficients.items():
                    m[r, c] += v
            return m

        found = []
        for sign in (1, -1):
            objective = np.zeros(n)
            objective[self.index[name]] = sign
            result = linprog(
                objective,
                A_eq=matrix(self.eq) if self.eq else None,
                b_eq=np.zeros(len(self.eq)) if self.eq else None,
                A_ub=matrix(self.ub) if self.ub else None,
                b_ub=np.zeros(len(self.ub)) if self.ub else None,
                bounds=self.bounds,
                method="highs",
            )
            if result.status == 3:
                found.append(float("inf"))
                continue
            assert result.status == 0, result.message
            found.append(sign * result.fun)
        return found[0], found[1]


def attack(tables, populations, exact, includes=()):
    """{(table slug, row label, column header): (least, greatest)} for every [c] count.

    `populations`: count table slug → population name (tables of one population share row
    totals); `exact`: (slug, row, column) → the true count, used only to tell the reader
    which [c] are small (the strongest reader); `includes`: (larger population, smaller).
    """
    reader = Reader()
    confidential = []
    counts = {t.slug: t for t in tables if t.slug in populations}
    for slug, table in counts.items():
        population = populations[slug]
        columns = table.headers[1:]
        body, total_row = table.rows[:-1], table.rows[-1]

        def name(row_label, column, slug=slug, population=population, columns=columns):
            if column == columns[-1]:  # the Total column: shared by the population
                return (population, row_label)
            if row_label == "Total":
                return (slug, "Total", column)
            return (slug, row_label, column)

        for row in [*body, total_row]:
            label = row[0]
            for column, value in zip(columns, row[1:], strict=True):
                key = name(label, column)
                truth = exact[(slug, label, column)]
                reader.read_count(key, value, small=truth < 10)
                if value == C and (slug, label, column) not in confidential:
                    confidential.append(((slug, label, column), key))
        for row in body:
            reader.add_sum(name(row[0], columns[-1]), [name(row[0], c) for c in columns[:-1]])
        for column in columns[:-1]:
            reader.add_sum(name("Total", column), [name(r[0], column) for r in body])
        reader.add_sum(name("Total", columns[-1]), [name(r[0], columns[-1]) for r in body])
        reader.add_sum(name("Total", columns[-1]), [name("Total", c) for c in columns[:-1]])
        percentages = next((t for t in tables if t.slug == f"{slug}-percentages"), None)
        if percentages is not None:
            for row, count_row in zip(percentages.rows, [*body, total_row], strict=True):
                for column, value in zip(columns[:-1], row[1:], strict=True):
                    if isinstance(value, int | float):
                        reader.add_percent(
                            name(count_row[0], column), name(count_row[0], columns[-1]), value
                        )
    for larger, smaller in includes:
        labels = {r[0] for t in counts.values() if populations[t.slug] == smaller for r in t.rows}
        for label in labels:
            if (larger, label) in reader.index and (smaller, label) in reader.index:
                reader.at_least((larger, label), (smaller, label))
    out = {}
    for where, key in confidential:
        if 0 < exact[where] < 10:
            out[where] = reader.range_of(key)
    return out
