"""A crawl as the public, over the small demo data set.

Starting from the home page in English and in Welsh, an anonymous visitor follows every
link and every search form on every page Reach shows them. Every page they reach must be
one of the public views, answer without error, set no cookie, carry Exit this page and
the right `lang`, and show nothing only staff may see (marks are planted in returns,
self-assessments, reviews, outreach, withdrawn services, unapproved case studies, and
transparency reports that are drafts or withdrawn);
every link must work (a staff page sends
them to sign in). Then every other URL of Reach is asked for directly, by GET and by
POST: none answers an anonymous visitor, and nothing is written.
"""

import re
import uuid
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.pages import check_page

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SIGN_IN = "/account/sign-in/"
ADMIN_SIGN_IN = ("manage/login/", "manage/logout/")  # the management site's own doors
# Marks planted in what only staff may see: the crawl must never meet them.
SECRET = "Kq7Zx-staff-only"
SECRET_COUNT = 7391  # referrals in one return: never on a public page, as 7391 or 7,391
SECRET_NUMBER = re.compile(rf"(?<![\d,])({SECRET_COUNT}|{SECRET_COUNT:,})(?![\d,])")
STAFF_TEXT_MODELS = (
    "Answer", "Challenge", "ActionPlan", "Action", "EngagementActivity", "OutreachActivity",
    "EscalationEvent",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo, with marks planted in every kind of thing the public must not see."""
    manifest = tmp_path_factory.mktemp("crawl") / "manifest.json"
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("load_demo", "--size", "small", "--manifest", str(manifest), verbosity=0)
        hidden = _plant_secrets()
        yield hidden
        transaction.set_rollback(True)


def _plant_secrets() -> list[str]:
    """Mark staff-only records; return the public-looking addresses of hidden things."""
    from django.apps import apps
    from django.db import models
    from django.db.models.functions import Concat
    from django.utils import timezone

    from library.models import CaseStudy
    from organisations.models import Provider
    from returns.models import Period
    from tests.factories import make_return

    planted = 0
    for name in STAFF_TEXT_MODELS:
        model = apps.get_model("assurance", name)
        fields = [f.name for f in model._meta.fields if isinstance(f, models.TextField)]
        if fields and model.objects.exists():
            model.objects.update(
                **{
                    f: Concat(f, models.Value(f" {SECRET}"), output_field=models.TextField())
                    for f in fields[:1]
                }
            )
            planted += 1
    assert planted >= 4, "the demo should have assurance records to mark"
    listed = list(Provider.objects.listed().order_by("name"))
    withdrawn, inactive, counted = listed[0], listed[1], listed[2]
    Provider.objects.filter(pk=withdrawn.pk).update(name=f"Withdrawn {SECRET}", in_directory=False)
    Provider.objects.filter(pk=inactive.pk).update(name=f"Closed {SECRET}", is_active=False)
    make_return(
        provider=counted,
        area=counted.areas.first(),
        period=Period.objects.order_by("-start").first(),
        cells=[{"ethnicity": "4", "count": SECRET_COUNT}],
    )
    hidden = [f"/find-support/{withdrawn.slug}/", f"/find-support/{inactive.slug}/"]
    for status in ("submitted", "returned", "withdrawn"):
        case = CaseStudy.objects.create(
            title=f"Case study {status} {SECRET}",
            slug=f"case-{status}",
            places="Birmingham",
            organisation=SECRET,
            summary=SECRET,
            body=SECRET,
            status=status,
            submitted_at=timezone.now(),
        )
        hidden.append(f"/good-practice/{case.slug}/")
    return hidden + _plant_reports()


def _plant_reports() -> list:
    """Beside the demo's published reports: a draft revision of one, a report published
    then withdrawn, and one never published, each with the mark in its words. Returns
    their public addresses (a withdrawn one answers 410 Gone)."""
    import datetime

    from accounts.models import Membership
    from assurance.models import SelfAssessment
    from publication.models import PublishedReport
    from publication.services import (
        report_draft,
        report_publish,
        report_summaries_save,
        report_withdraw,
    )
    from reference.models import Area
    from returns.models import Period
    from tests.publication.conftest import submit_assessment

    def commissioner(area):
        return Membership.objects.filter(role="commissioner", area=area).first().user

    def secret_words(report, by):
        numbers = [s.standard.number for s in report.summaries.select_related("standard")]
        report_summaries_save(report=report, texts={n: SECRET for n in numbers}, by=by)

    live = PublishedReport.objects.live().select_related("area", "period").first()
    assert live is not None, "the demo should publish a transparency report"
    revision = report_draft(area=live.area, period=live.period, by=commissioner(live.area))
    secret_words(revision, commissioner(live.area))
    period = Period.objects.filter(end__lt=datetime.date.today()).order_by("-start").first()
    used = PublishedReport.objects.values("area")
    spare = (
        Area.objects.exclude(pk__in=used)
        .exclude(pk__in=SelfAssessment.objects.values("area"))
        .filter(memberships__role="commissioner")
        .distinct()
    )
    gone_area = spare.order_by("name").first()
    earlier = Period.objects.filter(start__lt=period.start).order_by("-start").first()
    by = commissioner(gone_area)
    submit_assessment(gone_area, period, by)
    gone = report_draft(area=gone_area, period=period, by=by)
    secret_words(gone, by)
    gone = report_publish(report=gone, by=by)
    report_withdraw(report=gone, by=by, reason=SECRET)
    draft = report_draft(area=gone_area, period=earlier, by=by)  # never published
    secret_words(draft, by)
    return [
        (f"/published/{gone.slug}/", 410),
        (f"/published/{gone.slug}/pdf/", 410),
        f"/published/{draft.slug}/",
        f"/published/{draft.slug}/pdf/",
        f"/published/{draft.slug}/data.xlsx",
    ]


class _Links(HTMLParser):
    """Every address a visitor can go to from a page: links, and search forms as sent
    with nothing filled in (and with each choice of their first list)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "method": attrs.get("method", "get")}
            self._form["select"] = None
            if self._form["method"].lower() == "get":
                self.links.append(self._form["action"] or "")
        if tag == "select" and self._form is not None and self._form["select"] is None:
            self._form["select"] = attrs.get("name")
        if tag == "option" and self._form is not None and attrs.get("value"):
            if self._form["method"].lower() == "get" and self._form["select"]:
                name = self._form["select"]
                self.links.append(f"{self._form['action']}?{name}={attrs['value']}")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag == "select" and self._form is not None:
            self._form["select"] = ""  # only the form's first list is tried


def _worth_following(path: str, sampled: dict) -> bool:
    """Every link, except that a page in another of the 15 languages (the police script,
    its card, a service's key messages) is followed in every language for the first area
    or service met, and in none for the others: the same view and the same translation
    files, 2,700 pages more."""
    try:
        match = resolve(path)
    except Resolver404:
        return True  # followed, to be reported
    if "lang" not in match.kwargs:
        return True
    key = f"{match.namespace}:{match.url_name}"
    others = tuple(sorted((k, v) for k, v in match.kwargs.items() if k != "lang"))
    return sampled.setdefault(key, others) == others


def _is_public(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "reach_access", None) == "public"


def test_the_public_reach_only_public_pages(client, demo_site):
    queue = deque(["/", "/cy/"])
    seen = set(queue)
    sampled: dict[str, tuple] = {}
    problems: list[str] = []
    pages = 0
    while queue:
        url = queue.popleft()
        response = client.get(url)
        status = response.status_code
        if response.cookies and urlsplit(url).path != SIGN_IN:
            problems.append(f"{url}: sets cookies {sorted(response.cookies)}")
        if status in (301, 302):
            target = response["Location"]
            if not (target.startswith(SIGN_IN) or _is_public(urlsplit(target).path)):
                problems.append(f"{url}: redirects to {target}")
            if target not in seen and urlsplit(target).path != SIGN_IN:
                seen.add(target)
                queue.append(target)
            continue
        if status != 200:
            problems.append(f"{url}: {status}")
            continue
        path = urlsplit(url).path
        if not _is_public(path):
            problems.append(f"{url}: a page that is not public answered 200")
        if not response["Content-Type"].startswith("text/html"):
            continue  # a download, such as the data standard's template
        pages += 1
        html = response.content.decode()
        try:
            check_page(html)
        except AssertionError as error:
            problems.append(f"{url}: {error}")
        if path == SIGN_IN:
            continue  # where staff sign in: its form needs a CSRF cookie; the crawl stops here
        lang = "cy" if path.startswith("/cy/") else "en"
        if f'<html lang="{lang}"' not in html:
            problems.append(f"{url}: <html lang> is not {lang}")
        if "govuk-exit-this-page" not in html:
            problems.append(f"{url}: no Exit this page")
        if re.search(r"\{[#%{]|[#%}]\}", html):
            problems.append(f"{url}: template syntax shows on the page")
        if "csrfmiddlewaretoken" in html:
            problems.append(f"{url}: a public page with a form that would set a cookie")
        if SECRET in html or SECRET_NUMBER.search(html):
            problems.append(f"{url}: shows something only staff may see")
        parser = _Links()
        parser.feed(html)
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "tel") or (parts.netloc and parts.netloc != "testserver"):
                continue
            if parts.path.startswith("/static/"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and _worth_following(parts.path, sampled):
                seen.add(local)
                queue.append(local)
    # A withdrawn or closed service, a case study not approved, a report not published
    # (404) or withdrawn (410).
    for entry in demo_site:
        url, expected = entry if isinstance(entry, tuple) else (entry, 404)
        for asked in (url, "/cy" + url):
            response = client.get(asked)
            if response.status_code != expected:
                problems.append(f"{asked}: {response.status_code}, not {expected}")
            if SECRET in response.content.decode("utf-8", "replace"):
                problems.append(f"{asked}: shows something only staff may see")
    assert pages > 300, f"only {pages} pages reached"
    assert not problems, f"{len(problems)} problems in {pages} pages:\n" + "\n".join(problems[:40])


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _sample_values():
    from assurance.models import SelfAssessment
    from organisations.models import Provider
    from reference.models import Area
    from returns.models import Period, Submission

    area = Area.objects.filter(providers__isnull=False).first()
    provider = Provider.objects.filter(areas=area).first()
    return {
        "area": area.slug,
        "slug": area.slug,
        "provider": provider.slug,
        "period": Period.objects.order_by("-start").first().code,
        "pk": str((SelfAssessment.objects.first() or provider).pk),
        "uuid": str(Submission.objects.values_list("pk", flat=True).first() or uuid.UUID(int=0)),
        "code": area.code,
        "fmt": "csv",
        "lang": "ar",
    }


def _fill(route: str, values: dict) -> str:
    def value(match):
        converter, name = match.group(1), match.group(2)
        if converter == "uuid":
            return values["uuid"]
        if converter == "int":
            return values["pk"]
        return values.get(name, values["slug"])

    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return "/" + path.lstrip("^").rstrip("$")


def test_no_other_page_answers_the_public(client, demo_site):
    """Every URL that is not a public view refuses an anonymous visitor, GET or POST."""
    from core.models import AuditEvent

    values = _sample_values()
    events = AuditEvent.objects.exclude(result=AuditEvent.Result.REFUSED).count()
    checked, problems = 0, []
    for route, pattern in _routes(get_resolver().url_patterns):
        if "(?P<" in route or route.startswith("cy/") or route in ADMIN_SIGN_IN:
            continue  # Django's admin regex routes refuse through its index; /cy/ is public
        url = _fill(route, values)
        if getattr(pattern.callback, "reach_access", None) == "public":
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            checked += 1
            status = response.status_code
            location = response.get("Location", "")
            refused = status in (401, 403, 404, 405) or (
                status == 302 and (SIGN_IN in location or "/manage/login/" in location)
            )
            if not refused:
                problems.append(f"{method.upper()} {url} ({route}): {status} {location}")
    assert checked > 100, checked
    # Refusals are audited (who tried what); nothing else may be written.
    written = AuditEvent.objects.exclude(result=AuditEvent.Result.REFUSED).count()
    assert written == events, "an anonymous request wrote something"
    assert not problems, "\n".join(problems)
