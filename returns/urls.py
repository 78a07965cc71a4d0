from django.urls import path

from returns.views import deadlines, mappings, returns, standard, submissions, versions, web_form

app_name = "returns"

RETURN = "<slug:provider>/<slug:area>/<str:period>/"

urlpatterns = [
    path("", returns.return_list, name="list"),
    path("status/", returns.area_status_home, name="area-status-home"),
    path("status/<slug:area>/", returns.area_status, name="area-status"),
    path("deadlines/", deadlines.deadlines, name="deadlines"),
    path("deadlines/<str:period>/", deadlines.deadline_edit, name="deadline-edit"),
    path("mapping/<slug:provider>/", mappings.mapping, name="mapping"),
    path("submissions/<uuid:pk>/", submissions.submission, name="submission"),
    path("submissions/<uuid:pk>/map/", mappings.submission_map, name="submission-map"),
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
    path(RETURN + "form/crime-types/", web_form.web_form_crime_types, name="web-form-crime-types"),
    path(RETURN + "form/check/", web_form.web_form_check, name="web-form-check"),
    path(RETURN + "form/places/", web_form.web_form_places, name="web-form-places"),
    path(RETURN + "form/places/<str:code>/", web_form.web_form_place, name="web-form-place"),
    path(RETURN + "form/<str:crime>/", web_form.web_form_page, name="web-form-page"),
    path(RETURN + "versions/<int:number>/", versions.version, name="version"),
    path(
        RETURN + "versions/<int:number>/<str:decision>/",
        versions.version_decide,
        name="version-decide",
    ),
]
