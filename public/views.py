"""Public pages: find support, a service's page, the key messages, the police script and
the good-practice library. No sign-in, no cookies, no third-party requests; every page
works without JavaScript (docs/public-face.md).

Only a service's public offer is read here (`Provider.objects.listed()`), and only
approved case studies (`CaseStudy.objects.approved()`): no figure of any kind.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation as django_translation
from django.utils.translation import gettext as _

from core.access import public
from library.models import CaseStudy
from organisations.models import Provider
from public.forms import DIRECTORY_AGES, DIRECTORY_CRIMES, DirectoryFilterForm
from public.labels import place_name
from public.translations import for_page_language, other_languages, translation
from reference.models import Area, CrimeType, EthnicGroup

PAGE_SIZE = 20


def _absolute(request, url: str) -> str:
    base = settings.SITE_URL.rstrip("/")
    return base + url


def _page_translation():
    return for_page_language(django_translation.get_language())


def _second(lang: str | None):
    """The translation asked for beside the page's own language, unless it is the same."""
    if not lang:
        return None
    chosen = translation(lang)
    if chosen is None:
        raise Http404
    return None if chosen.code == _page_translation().code else chosen


@public
def find_support(request):
    form = DirectoryFilterForm(request.GET or None)
    providers = Provider.objects.listed()
    if form.is_bound:
        providers = form.filter(providers) if form.is_valid() else providers.none()
    providers = providers.prefetch_related("areas", "languages").order_by("name")
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/find_support.html",
        {
            "page_title": _("Find support after a crime"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "chosen": form.chosen() if form.is_bound else [],
            "suggestions": getattr(form, "suggestions", []),
        },
    )


@public
def service(request, slug, lang=None):
    provider = get_object_or_404(
        Provider.objects.listed().prefetch_related(
            "areas", "languages", "crime_types", "age_bands", "local_authorities"
        ),
        slug=slug,
    )
    codes = {language.code for language in provider.languages.all()}
    crimes = {c.pk for c in provider.crime_types.all()}
    ages = {a.pk for a in provider.age_bands.all()}
    return render(
        request,
        "public/service.html",
        {
            "page_title": provider.name,
            "provider": provider,
            # A service for every crime or every age says so, not all twenty-one of them.
            "every_crime": crimes >= set(DIRECTORY_CRIMES.values_list("pk", flat=True)),
            "every_age": ages >= set(DIRECTORY_AGES.values_list("pk", flat=True)),
            "messages_here": _page_translation(),
            "messages_also": _second(lang),
            "offered": [t for t in other_languages() if t.code in codes],
        },
    )


@public
def key_messages(request, lang=None):
    return render(
        request,
        "public/key_messages.html",
        {
            "page_title": _("What you need to know about support for victims"),
            "messages_here": _page_translation(),
            "messages_also": _second(lang),
            "languages": other_languages(),
        },
    )


@public
def police_scripts(request):
    areas = Area.objects.order_by("name")
    return render(
        request,
        "public/police_scripts.html",
        {"page_title": _("Introducing victims' services: the police script"), "areas": areas},
    )


def _script_context(request, area_slug: str, lang: str | None) -> dict:
    area = get_object_or_404(Area, slug=area_slug)
    services = list(
        Provider.objects.listed()
        .filter(areas=area)
        .order_by("-kind", "name")  # by-and-for services first
        .prefetch_related("languages")
    )
    url = _absolute(request, reverse("public:find-support") + f"?area={area.slug}")
    here = _page_translation()
    also = _second(lang)
    return {
        "area": area,
        "area_name": place_name(area.name),
        "services": services,
        "find_url": url,
        "script_here": here,
        "lines_here": here.script_lines(area=place_name(area.name), url=url),
        "script_also": also,
        "lines_also": also.script_lines(area=area.name, url=url) if also else [],
        "languages": other_languages(),
    }


@public
def police_script(request, area, lang=None):
    context = _script_context(request, area, lang)
    context["page_title"] = _("Police script for %(area)s") % {"area": context["area_name"]}
    return render(request, "public/police_script.html", context)


@public
def police_card(request, area, lang=None):
    context = _script_context(request, area, lang)
    context["page_title"] = _("Printable card for %(area)s") % {"area": context["area_name"]}
    # The card shows one language: the one asked for, or the page's own.
    context["card"] = context["script_also"] or context["script_here"]
    context["card_lines"] = context["lines_also"] or context["lines_here"]
    context["card_services"] = context["services"][:6]
    return render(request, "public/police_card.html", context)


@public
def library(request):
    case_studies = (
        CaseStudy.objects.approved()
        .select_related("area")
        .prefetch_related("standards", "crime_types", "communities")
    )
    q = request.GET.get("q", "").strip()[:200]
    standard = request.GET.get("standard", "")
    crime = request.GET.get("crime", "")
    community = request.GET.get("community", "")
    if q:
        case_studies = case_studies.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q)
            | Q(places__icontains=q) | Q(organisation__icontains=q)
        )  # fmt: skip
    if standard.isdigit():
        case_studies = case_studies.filter(standards__number=int(standard))
    if crime:
        case_studies = case_studies.filter(crime_types__code=crime)
    if community:
        case_studies = case_studies.filter(
            Q(communities__key=community) | Q(communities__parent__key=community)
        )
    used_crimes = CrimeType.objects.filter(case_studies__status=CaseStudy.Status.APPROVED)
    used_groups = EthnicGroup.objects.filter(level=EthnicGroup.Level.HIGH_LEVEL).order_by("order")
    return render(
        request,
        "public/library.html",
        {
            "page_title": _("Good practice: case studies"),
            "case_studies": case_studies.distinct().order_by("title"),
            "q": q,
            "standard": standard,
            "crime": crime,
            "community": community,
            "crime_types": used_crimes.distinct().order_by("order"),
            "groups": used_groups,
            "standards": (1, 2, 3),
        },
    )


@public
def case_study(request, slug):
    item = get_object_or_404(
        CaseStudy.objects.approved().prefetch_related("standards", "crime_types", "communities"),
        slug=slug,
    )
    return render(request, "public/case_study.html", {"page_title": item.title, "case_study": item})
