"""Small builders for test data, one per model; multi-model set-ups go through services."""

import itertools

from django.utils.text import slugify

_counter = itertools.count(1)


def make_user(email: str, *, password: str = "correct horse battery staple", **extra):
    from accounts.models import User

    return User.objects.create_user(username=email, email=email, password=password, **extra)


def make_membership(user, role: str, *, provider=None, area=None, is_lead=False):
    from accounts.models import Membership

    return Membership.objects.create(
        user=user, role=role, provider=provider, area=area, is_lead=is_lead
    )


def make_authenticator(user, *, key: str | None = None):
    """A confirmed authenticator app (TOTP) for the user; `key` in hex, or random."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        fields = {"key": key} if key else {}
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True, **fields
        )
    return device


def totp_code(device, *, offset_steps: int = 0) -> str:
    """The code the device's app shows now (or `offset_steps` periods from now)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_both_factors(client, user) -> None:
    """Mark the test client's session (already signed in as `user`) as verified."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = make_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_provider(*, name: str | None = None, areas=(), **fields):
    from organisations.models import Provider

    name = name or f"Provider {next(_counter)}"
    provider = Provider.objects.create(
        name=name, slug=slugify(name)[:200] + f"-{next(_counter)}", **fields
    )
    provider.areas.set(areas)
    return provider


def make_period(financial_year: int = 2026, half: str = "H1"):
    from returns.models import Period

    start, end = Period.bounds(financial_year, half)
    period, _ = Period.objects.get_or_create(
        code=Period.code_for(financial_year, half),
        defaults={"financial_year": financial_year, "half": half, "start": start, "end": end},
    )
    return period


def make_return(*, provider, area, period, cells, measures=(), places=()):
    """A submitted return that counts, whose cube holds `cells`: dicts of codes plus "count"
    (and `places`: dicts of local_authority and ethnicity codes plus "count").

    Missing dimensions are "NR" (not recorded). Sent through the one door
    (returns.services.return_submit) as demo data; if its figures raise a query it is
    explained and accepted, so it counts, as a return settled before the test began.
    """
    import polars as pl

    from reference import models as ref
    from returns import dimensions
    from returns.cube import (
        CELL_COLUMNS,
        LOCAL_AUTHORITY_CELL_COLUMNS,
        MEASURE_CELL_COLUMNS,
        Cube,
    )
    from returns.models import Return
    from returns.services import return_submit, return_version_accept, submission_of_counts

    def ids(model):
        return dict(model.objects.values_list("code", "id"))

    lookup = {d.name: ids(d.code_model()) for d in dimensions.DIMENSIONS}
    lookup |= {
        "measure": ids(ref.OutcomeMeasure),
        "answer": ids(ref.MeasureAnswer),
        "local_authority": ids(ref.LocalAuthority),
    }

    def code(c, dim):
        return lookup[dim][c.get(dim, "NK" if dim == "ethnicity" else "NR")]

    dims = tuple(d.name for d in dimensions.DIMENSIONS)
    cell_rows = [
        [code(c, d) for d in dims] + [c.get("interpreter_needed"), c["count"]] for c in cells
    ]
    schema = {n: (pl.Boolean if n == "interpreter_needed" else pl.Int64) for n in CELL_COLUMNS}
    measure_dims = ("ethnicity", "sex", "age_band", "crime_type", "measure", "answer")
    measure_rows = [[code(m, d) for d in measure_dims] + [m["count"]] for m in measures]
    cube = Cube(
        cells=pl.DataFrame(cell_rows, schema=schema, orient="row"),
        measures=pl.DataFrame(
            measure_rows, schema={n: pl.Int64 for n in MEASURE_CELL_COLUMNS}, orient="row"
        ),
        total=sum(c["count"] for c in cells),
        stated_ethnicity=sum(
            c["count"] for c in cells if c.get("ethnicity", "NK") not in ("PNS", "NK")
        ),
        local_authorities=pl.DataFrame(
            [[code(p, "local_authority"), code(p, "ethnicity"), p["count"]] for p in places],
            schema={n: pl.Int64 for n in LOCAL_AUTHORITY_CELL_COLUMNS},
            orient="row",
        ),
    )
    named = {"pathway": "referral_pathway"}
    recorded = sorted({named.get(k, k) for c in cells for k in c if k in dims})
    submission = submission_of_counts(
        provider=provider,
        area=area,
        period=period,
        channel="demo",
        submitted_by=None,
        cube=cube,
        recorded=recorded,
        keep_cube=False,
    )
    version = return_submit(
        submission=submission, by=None, cube=cube, explanation="Test figures, as given."
    )
    if version.status == "awaiting":
        return_version_accept(version=version, by=_acceptor())
    return Return.objects.get(pk=version.return_record_id)


def _acceptor():
    """Who accepts the factory's queried returns: a user with no role anywhere."""
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        username="factory.acceptor@example.org", defaults={"email": ""}
    )
    return user
