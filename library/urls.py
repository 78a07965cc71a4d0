from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("", views.case_study_list, name="list"),
    path("new/<slug:area>/", views.case_study_new, name="new"),
    path("<slug:slug>/", views.case_study_detail, name="detail"),
    path("<slug:slug>/edit/", views.case_study_edit, name="edit"),
    path("<slug:slug>/decide/", views.case_study_decision, name="decide"),
]
