from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<slug:slug>/", views.area, name="area"),
    path("national/", views.national, name="national"),
    path("national/export/", views.national_export, name="national-export"),
]
