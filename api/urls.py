from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import figures
from core.access import public

app_name = "api"

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path(
        "v1/areas/<str:code>/representation/",
        figures.Representation.as_view(),
        name="representation",
    ),
]
