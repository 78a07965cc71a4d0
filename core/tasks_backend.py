"""Placeholder replaced in the returns work: in-process background tasks."""

from django_tasks.backends.immediate import ImmediateBackend


class ThreadBackend(ImmediateBackend):
    pass
