from django.urls import path

from returns.views import returns, standard, submissions, web_form

app_name = "returns"

RETURN = "<slug:provider>/<slug:area>/<str:period>/"

urlpatterns = [
    path("", returns.return_list, name="list"),
    path("status/", returns.area_status_home, name="area-status-home"),
    path("status/<slug:area>/", returns.area_status, name="area-status"),
    path("submissions/<uuid:pk>/", submissions.submission, name="submission"),
    path(
        "submissions/<uuid:pk>/progress/",
        submissions.submission_progress,
        name="submission-progress",
    ),
    path(
        "submissions/<uuid:pk>/problems.csv",
        submissions.submission_problems,
        name="submission-problems",
    ),
    path("data-standard/", standard.data_standard, name="data-standard"),
    path("data-standard/template.<str:fmt>", standard.template, name="template"),
    path(RETURN, returns.history, name="history"),
    path(RETURN + "upload/", submissions.upload, name="upload"),
    path(RETURN + "form/", web_form.web_form, name="web-form"),
]
