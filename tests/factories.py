"""Small builders for test data, one per model; multi-model set-ups go through services."""

import itertools

from django.utils.text import slugify

_counter = itertools.count(1)


def make_user(email: str, *, password: str = "correct horse battery staple", **extra):
    from accounts.models import User

    return User.objects.create_user(username=email, email=email, password=password, **extra)


def make_membership(user, role: str, *, provider=None, area=None):
    from accounts.models import Membership

    return Membership.objects.create(user=user, role=role, provider=provider, area=area)


def make_provider(*, name: str | None = None, areas=(), **fields):
    from organisations.models import Provider

    name = name or f"Provider {next(_counter)}"
    provider = Provider.objects.create(name=name, slug=slugify(name)[:200] + f"-{next(_counter)}", **fields)
    provider.areas.set(areas)
    return provider
