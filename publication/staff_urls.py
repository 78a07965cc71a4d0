"""Commissioners' pages for writing, publishing and withdrawing transparency reports."""

from django.urls import path

from publication import staff

app_name = "publishing"

urlpatterns = [
    path("", staff.home, name="home"),
    path("<slug:area>/<str:period>/", staff.manage, name="manage"),
    path("<slug:area>/<str:period>/start/", staff.start, name="start"),
    path("<slug:area>/<str:period>/standard/<int:number>/", staff.write, name="write"),
    path("<slug:area>/<str:period>/publish/", staff.publish, name="publish"),
    path("<slug:area>/<str:period>/withdraw/", staff.withdraw, name="withdraw"),
]
