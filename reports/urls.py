from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<slug:area>/<slug:period>/", views.area, name="area"),
    path("requests/<uuid:pk>/", views.request_status, name="request"),
    path("requests/<uuid:pk>/progress/", views.request_progress, name="progress"),
    path("requests/<uuid:pk>/download/", views.download, name="download"),
]
