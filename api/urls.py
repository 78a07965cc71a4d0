from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import figures, published, returns, tokens
from core.access import public

app_name = "api"

urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke, name="token-revoke"),
    path("v1/returns/", returns.ReturnsCollection.as_view(), name="returns"),
    path("v1/submissions/<uuid:pk>/", returns.SubmissionDetail.as_view(), name="submission"),
    path(
        "v1/submissions/<uuid:pk>/problems/",
        returns.SubmissionProblems.as_view(),
        name="submission-problems",
    ),
    path(
        "v1/submissions/<uuid:pk>/confirm/",
        returns.SubmissionConfirm.as_view(),
        name="submission-confirm",
    ),
    path(
        "v1/submissions/<uuid:pk>/discard/",
        returns.SubmissionDiscard.as_view(),
        name="submission-discard",
    ),
    path(
        "v1/areas/<str:code>/representation/",
        figures.Representation.as_view(),
        name="representation",
    ),
    path("v1/figures/national/", figures.NationalFigures.as_view(), name="national-figures"),
    # Published reports: public, read-only (api/views/published.py)
    path("v1/published/", public(published.PublishedList.as_view()), name="published"),
    path(
        "v1/published/<slug:slug>/",
        public(published.PublishedDetail.as_view()),
        name="published-report",
    ),
]
