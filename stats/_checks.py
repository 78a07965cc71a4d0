"""Argument checks shared by the statistics modules.

Every public function validates its inputs here so that bad data (a negative count,
more successes than trials, a share of 0) fails loudly with a message that names the
argument, instead of producing a plausible-looking wrong number on a dashboard.
"""

import decimal
import math
import numbers
import operator


def check_count(name: str, value: object) -> int:
    """Return ``value`` as an int if it is a whole number >= 0, else raise ValueError.

    Floats (even 3.0) are refused: counts of people are integers, and a float here
    usually means a rate or a rounded figure was passed by mistake. Anything that
    implements ``__index__`` (e.g. a NumPy integer) is accepted; ``bool`` is not.
    """
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, not a bool ({value!r})")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {number}")
    return number


def check_part_of_whole(
    part_name: str, part: object, whole_name: str, whole: object
) -> tuple[int, int]:
    """Check two counts where the first cannot exceed the second (successes <= trials)."""
    x = check_count(part_name, part)
    n = check_count(whole_name, whole)
    if x > n:
        raise ValueError(f"{part_name} ({x}) cannot exceed {whole_name} ({n})")
    return x, n


def check_real(name: str, value: object) -> float:
    """Return ``value`` (int, float, Decimal or a NumPy scalar) as a finite float, else raise ValueError."""
    # Decimal is accepted because Django DecimalFields return it; strings and bools are not.
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def check_probability(name: str, value: object) -> float:
    """A probability or p-value: a number in [0, 1]."""
    prob = check_real(name, value)
    if not 0.0 <= prob <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {prob!r}")
    return prob


def check_open_unit(name: str, value: object) -> float:
    """A confidence level or quantile probability: a number strictly inside (0, 1)."""
    prob = check_real(name, value)
    if not 0.0 < prob < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {prob!r}")
    return prob


def check_non_negative(name: str, value: object) -> float:
    """A non-negative real number (an expected count, a population)."""
    number = check_real(name, value)
    if number < 0.0:
        raise ValueError(f"{name} must not be negative, got {number!r}")
    return number
