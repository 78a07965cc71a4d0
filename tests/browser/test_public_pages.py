"""The public face in Chromium, with the Content-Security-Policy enforced: axe-core with
no violations at all in English and Welsh, no requests to other sites, no cookies, every
script drawn in our own fonts, right-to-left where it should be, the police card on one
sheet of A4, the error pages, and screenshots of each to look at."""

import re
import subprocess
import urllib.request

import pytest

from tests.browser.conftest import AXE, SHOTS, screenshot, server_shell, sign_in

AXE_SOURCE = AXE.read_text(encoding="utf-8")

PAGES = [
    "/",
    "/find-support/",
    "/find-support/?area=west-midlands&language=ur",
    "/find-support/?local_authority=Nowhere",  # an error message
    "/find-support/?local_authority=bridge",  # several match: Bridgend, Cambridge… to choose
    "/find-support/?page=2",
    "/key-messages/",
    "/key-messages/ar/",
    "/key-messages/ur/",
    "/key-messages/zh/",
    "/police-script/",
    "/police-script/west-midlands/",
    "/police-script/west-midlands/pa/",
    "/police-script/west-midlands/card/",
    "/police-script/west-midlands/card/ar/",
    "/good-practice/",
    "/good-practice/?q=car+wash",
    "/published/",
    "/about/",
    "/accessibility/",
    "/privacy/",
    "/feedback/",
    "/no-such-page/",
]

# Each non-Latin translation, and the font the browser must draw it in (ours, from npm).
SCRIPTS = {
    "ar": "Noto Sans Arabic",
    "ur": "Noto Nastaliq Urdu",
    "bn": "Noto Sans Bengali",
    "gu": "Noto Sans Gujarati",
    "pa": "Noto Sans Gurmukhi",
    "ta": "Noto Sans Tamil",
    "zh": "Noto Sans SC",
}


@pytest.fixture
def public_page(browser, server):
    """A visitor's browser: the site's Content-Security-Policy applies, console watched."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: _console(page, m))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def _console(page, message) -> None:
    if message.text.startswith("Failed to load resource") and message.location["url"] == page.url:
        return  # the page itself is an error page (404), as it should be
    if message.type == "error":
        page.console_errors.append(f"{page.url}: {message.text} {message.location}")


def check_no_violations(page) -> None:
    """axe-core: no violation of any impact (the public pages' standard)."""
    page.evaluate(AXE_SOURCE)  # through the debugging protocol: the page's CSP stays on
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert not found, f"{page.url}: accessibility violations:\n" + "\n".join(found)


def _first_service(page, query="area=west-midlands&by_and_for=on") -> str:
    page.goto(f"/find-support/?{query}")
    return page.locator(".reach-result h3 a").first.get_attribute("href")


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_public_pages_pass_axe_and_stay_on_our_site(public_page, server, prefix):
    page = public_page
    outside = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    service = _first_service(page)
    for url in [*PAGES, service, service + "ar/", "/good-practice/" + _first_case_study(page)]:
        page.goto(prefix + url)
        assert page.locator(".govuk-exit-this-page").count() == 1, url
        lang = prefix.strip("/") or "en"
        assert page.evaluate("document.documentElement.lang") == lang, url
        # The policy blocks nothing of ours: GOV.UK Frontend starts, with its nonce.
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert not page.console_errors, page.console_errors
        check_no_violations(page)
        page.console_errors.clear()  # axe's own inline styles, which the policy refuses
    assert not outside, outside
    assert not page.context.cookies(), page.context.cookies()


def _first_case_study(page) -> str:
    page.goto("/good-practice/")
    return page.locator(".reach-result h3 a").first.get_attribute("href").split("/")[-2] + "/"


def _fonts_used(page, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the element's text in: family → glyphs, ours marked."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
    text = cdp.send("DOM.describeNode", {"nodeId": node["nodeId"], "depth": 1})
    child = next(c for c in text["node"]["children"] if c["nodeType"] == 3)
    ids = cdp.send(
        "DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": [child["backendNodeId"]]}
    )
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": ids["nodeIds"][0]})["fonts"]
    return {(f["familyName"], f["isCustomFont"]): f["glyphCount"] for f in fonts}


@pytest.mark.parametrize("code", sorted(SCRIPTS))
def test_each_script_is_drawn_in_our_own_font(public_page, code):
    page = public_page
    page.goto(f"/key-messages/{code}/")
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = _fonts_used(page, f'section[lang^="{code}"] h2')
    ours = {family for (family, custom), glyphs in fonts.items() if custom and glyphs}
    assert any(family.startswith(SCRIPTS[code]) for family in ours), fonts
    theirs = [f for (f, custom), glyphs in fonts.items() if not custom and glyphs]
    assert not theirs, f"drawn in the machine's fonts: {theirs}"


def test_the_names_of_languages_use_our_fonts_too(public_page):
    page = public_page
    page.goto(_first_service(page, "area=west-midlands&language=ti"))
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = _fonts_used(page, 'dd span[lang="ti"]')
    assert ("Noto Sans Ethiopic", True) in fonts, fonts


@pytest.mark.parametrize("width", [1280, 320])
def test_directory_screenshots(public_page, width):
    page = public_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/find-support/?area=west-midlands")
    screenshot(page, f"public-find-support-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("prefix", "lang"), [("", ""), ("/cy", ""), ("", "ar/"), ("", "pl/")])
def test_service_page_in_four_languages(public_page, prefix, lang):
    page = public_page
    href = _first_service(page)
    page.goto(prefix + href + lang)
    name = (prefix.strip("/") or "en") + ("-" + lang.strip("/") if lang else "")
    screenshot(page, f"public-service-{name}")
    if lang == "ar/":
        block = page.locator('section[lang="ar"]')
        assert block.get_attribute("dir") == "rtl"
        assert block.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # Right to left in earnest: the heading starts at the right edge of its block.
        box, heading = block.bounding_box(), block.locator("h2").bounding_box()
        assert abs((box["x"] + box["width"]) - (heading["x"] + heading["width"])) < 2
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, f"public-service-{name}-320")


@pytest.mark.parametrize(
    ("url", "name"),
    [("/key-messages/", "en"), ("/key-messages/ur/", "ur"), ("/cy/key-messages/", "cy")],
)
def test_key_messages_screenshots(public_page, url, name):
    public_page.goto(url)
    screenshot(public_page, f"public-key-messages-{name}")


@pytest.mark.parametrize("lang", ["", "ar/", "ur/", "zh/"])
def test_the_police_card_prints_on_one_sheet(public_page, tmp_path, lang):
    page = public_page
    page.goto(f"/police-script/west-midlands/card/{lang}")
    name = "public-police-card" + (f"-{lang.strip('/')}" if lang else "")
    page.emulate_media(media="print")
    screenshot(page, name + "-print")
    assert page.locator(".govuk-exit-this-page").is_hidden()
    assert page.locator(".govuk-header").is_hidden()
    pdf = tmp_path / "card.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SHOTS / f"{name}-pdf")],
        check=True,
    )


def test_library_screenshots(public_page):
    page = public_page
    page.goto("/good-practice/")
    screenshot(page, "public-library")
    page.locator(".reach-result h3 a").first.click()
    screenshot(page, "public-case-study")


def _rendered(server_env, code: str) -> str:
    """A page rendered by the server's own Django, for errors no address can cause."""
    printed = server_shell(server_env, code)
    return printed[printed.index("<!DOCTYPE html>") :]


def _serve(body: str, status: int):
    return lambda route: route.fulfill(status=status, body=body, content_type="text/html")


def test_error_pages(public_page, browser, server, server_env, provider_email):
    page = public_page
    shots = {}
    for name, url, status in (
        ("404", "/no-such-page/", 404),
        ("404-cy", "/cy/dim-tudalen/", 404),
        ("405", "/account/sign-out/", 405),
    ):
        response = page.goto(url)
        assert response.status == status, url
        check_no_violations(page)
        shots[name] = screenshot(page, f"public-error-{name}")
    # A bad Host header: the server answers 400, shown here as a browser would show it.
    request = urllib.request.Request(server + "/", headers={"Host": "reach.evil.example"})
    try:
        urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        assert error.code == 400
        bad_request = error.read().decode()
    server_error = _rendered(
        server_env,
        "from django.test import RequestFactory; from core.errors import server_error; "
        "print(server_error(RequestFactory().get('/')).content.decode())",
    )
    for name, body, status in (("400", bad_request, 400), ("500", server_error, 500)):
        page.route(f"**/preview-{name}/", _serve(body, status))
        page.goto(f"/preview-{name}/")
        check_no_violations(page)
        assert page.locator("a[href='/']").count() >= 1
        shots[name] = screenshot(page, f"public-error-{name}")
    # A form left open past its time: the CSRF check fails and says so.
    page.goto("/account/sign-in/")
    page.context.clear_cookies()
    page.fill("#id_username", provider_email)
    page.fill("#id_password", "anything")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Sorry, this form has expired"
    check_no_violations(page)
    shots["csrf"] = screenshot(page, "public-error-csrf")
    # Signed in without the right: 403.
    staff = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    staff_page = staff.new_page()
    sign_in(staff_page, provider_email)
    assert staff_page.goto("/figures/national/").status == 403
    check_no_violations(staff_page)
    shots["403"] = screenshot(staff_page, "public-error-403")
    staff.close()
    assert set(shots) == {"400", "403", "404", "404-cy", "405", "500", "csrf"}


def test_the_commissioners_languages_page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "commissioner.west-midlands@reach.example")
    page.goto("/services/areas/west-midlands/languages/")
    assert "Languages your services and materials cover" in page.locator("h1").inner_text()
    check_no_violations(page)
    screenshot(page, "staff-languages-west-midlands")
    context.close()


def test_exit_this_page_leaves_for_a_neutral_site(public_page):
    page = public_page
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    page.goto("/find-support/")
    page.click(".govuk-exit-this-page__button")
    page.wait_for_url("https://www.bbc.co.uk/**")


def test_exit_this_page_answers_three_presses_of_shift(public_page):
    page = public_page
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>")
    )
    page.goto("/key-messages/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/**")


def test_find_support_works_without_javascript(page_without_js):
    page_without_js.goto("/find-support/")
    page_without_js.select_option("#id_area", "west-midlands")
    page_without_js.check("#id_by_and_for")
    page_without_js.click("button:has-text('Show services')")
    assert "area=west-midlands" in page_without_js.url and "by_and_for=on" in page_without_js.url
    assert page_without_js.locator(".reach-result").count() > 0
    page_without_js.fill("#id_local_authority", "Caerdydd")
    page_without_js.select_option("#id_area", "")
    page_without_js.uncheck("#id_by_and_for")
    page_without_js.click("button:has-text('Show services')")
    assert "Cardiff" in page_without_js.locator("main").inner_text()
    assert page_without_js.locator(".reach-result").count() > 0
