from django.urls import path

from core import audit_pages, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("audit/", audit_pages.audit_trail, name="audit"),
    path("feedback/", views.feedback, name="feedback"),
]
