"""The public face, in English and (under /cy/) in Welsh; no sign-in anywhere here."""

from django.urls import path, register_converter

from public import views
from public.translations import other_languages

app_name = "public"


class TranslationConverter:
    """A language that the key messages and police script are translated into."""

    regex = "(?:" + "|".join(t.code for t in other_languages()) + ")"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TranslationConverter, "translation")

urlpatterns = [
    path("find-support/", views.find_support, name="find-support"),
    path("find-support/<slug:slug>/", views.service, name="service"),
    path("find-support/<slug:slug>/<translation:lang>/", views.service, name="service-in"),
    path("key-messages/", views.key_messages, name="key-messages"),
    path("key-messages/<translation:lang>/", views.key_messages, name="key-messages-in"),
    path("police-script/", views.police_scripts, name="police-scripts"),
    path("police-script/<slug:area>/", views.police_script, name="police-script"),
    path("police-script/<slug:area>/card/", views.police_card, name="police-card"),
    path(
        "police-script/<slug:area>/card/<translation:lang>/",
        views.police_card,
        name="police-card-in",
    ),
    path(
        "police-script/<slug:area>/<translation:lang>/",
        views.police_script,
        name="police-script-in",
    ),
    path("good-practice/", views.library, name="library"),
    path("good-practice/<slug:slug>/", views.case_study, name="case-study"),
]
