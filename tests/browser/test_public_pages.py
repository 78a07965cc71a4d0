"""The public face in Chromium: axe-core in English and Welsh, screenshots, no requests
to other sites, and Exit this page."""

import pytest

from tests.browser.conftest import check_accessibility, screenshot

PAGES = [
    "/",
    "/find-support/",
    "/find-support/?area=west-midlands&language=ur",
    "/key-messages/",
    "/key-messages/ar/",
    "/police-script/",
    "/police-script/west-midlands/",
    "/police-script/west-midlands/card/",
    "/good-practice/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/feedback/",
    "/no-such-page/",
]


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_public_pages_pass_axe_and_stay_on_our_site(page, server, prefix):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    for url in PAGES:
        page.goto(prefix + url)
        assert page.locator(".govuk-exit-this-page").count() == 1, url
        check_accessibility(page)
    assert not outside, outside
    assert not page.context.cookies(), page.context.cookies()


def _first_service(page) -> str:
    page.goto("/find-support/?area=west-midlands&by_and_for=on")
    return page.locator(".reach-result h3 a").first.get_attribute("href")


@pytest.mark.parametrize("width", [1280, 320])
def test_directory_screenshots(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/find-support/?area=west-midlands")
    screenshot(page, f"public-find-support-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize(("prefix", "lang"), [("", ""), ("/cy", ""), ("", "ar/"), ("", "pl/")])
def test_service_page_in_four_languages(page, prefix, lang):
    href = _first_service(page)
    page.goto(prefix + href + lang)
    check_accessibility(page)
    name = (prefix.strip("/") or "en") + ("-" + lang.strip("/") if lang else "")
    screenshot(page, f"public-service-{name}")
    if lang == "ar/":
        block = page.locator('section[lang="ar"]')
        assert block.get_attribute("dir") == "rtl"
        assert block.evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_exit_this_page_leaves_for_a_neutral_site(page):
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    page.goto("/find-support/")
    page.click(".govuk-exit-this-page__button")
    page.wait_for_url("https://www.bbc.co.uk/**")


def test_find_support_works_without_javascript(page_without_js):
    page_without_js.goto("/find-support/")
    page_without_js.select_option("#id_area", "west-midlands")
    page_without_js.click("button:has-text('Show services')")
    assert "area=west-midlands" in page_without_js.url
    assert page_without_js.locator(".reach-result").count() > 0
