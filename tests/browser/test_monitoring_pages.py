"""The area dashboard and the national view, looked at in Chromium (England and Wales)."""

import pytest

from tests.browser.conftest import check_accessibility, screenshot, sign_in


@pytest.mark.parametrize(
    ("slug", "name"), [("west-midlands", "West Midlands"), ("south-wales", "South Wales")]
)
def test_area_dashboard(page, slug, name):
    sign_in(page, "assessor@reach.example")
    page.goto(f"/figures/areas/{slug}/")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator("#coverage").is_visible()
    assert page.locator("svg.reach-chart--wide").count() >= 6
    # Key findings come first, in plain words, before any table.
    findings = page.locator("#key-findings + ul li")
    assert findings.count() >= 1
    assert (
        page.locator("#key-findings").bounding_box()["y"]
        < page.locator("#coverage").bounding_box()["y"]
    )
    # The tabs work with JavaScript: the 5-group panel shows when its tab is chosen.
    page.click("a.govuk-tabs__tab[href='#groups-5']")
    assert page.locator("#groups-5").is_visible()
    check_accessibility(page)
    screenshot(page, f"dashboard-{slug}")


def test_dashboard_filters_without_javascript(page_without_js):
    page = page_without_js
    sign_in(page, "commissioner.west-midlands@reach.example")
    page.goto("/figures/areas/west-midlands/")
    page.locator("summary:has-text('Change what is shown')").click()
    page.select_option("#id_level", "19")
    with page.expect_navigation():  # the chosen figures' page, loaded in full
        page.click("button:has-text('Show figures')")
    assert "level=19" in page.url
    # Without JavaScript the tab panels are all shown, one after another.
    assert page.locator("#groups-19").is_visible() and page.locator("#groups-5").is_visible()


def test_national_view(page):
    sign_in(page, "assessor@reach.example")
    page.goto("/figures/national/")
    assert page.locator("h1").inner_text() == "All areas"
    assert page.locator("#funnel-table tbody tr").count() == 43
    assert page.locator("#national-flags").is_visible()
    assert "Comparisons controlled together" in page.content()
    check_accessibility(page)
    screenshot(page, "national")


NARROW_CHECK = """() => {
  const wide = document.documentElement.scrollWidth;
  const tables = [...document.querySelectorAll('.reach-table-scroll')]
    .filter(t => t.offsetParent !== null)
    .map(t => t.scrollWidth - t.clientWidth);
  const texts = [...document.querySelectorAll('svg.reach-chart')]
    .filter(s => s.getBoundingClientRect().width > 0)
    .flatMap(s => [...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height))
    .filter(h => h > 0);
  return {wide, overflow: Math.max(0, ...tables), smallest: Math.min(...texts)};
}"""


@pytest.mark.parametrize(
    ("url", "name"),
    [("/figures/areas/west-midlands/", "dashboard"), ("/figures/national/", "national")],
)
def test_readable_at_320_pixels(browser, server, url, name):
    """400% zoom: charts reflow (the narrow drawing, text at a readable size) and tables
    stack a row to a block instead of scrolling sideways."""
    context = browser.new_context(
        base_url=server, viewport={"width": 320, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    try:
        sign_in(page, "assessor@reach.example")
        page.goto(url)
        page.locator("details.govuk-details").evaluate_all(
            "els => els.forEach(d => d.setAttribute('open', ''))"
        )
        measured = page.evaluate(NARROW_CHECK)
        assert measured["wide"] <= 320, measured
        assert measured["overflow"] <= 1, measured
        assert measured["smallest"] >= 9, measured
        assert page.locator("svg.reach-chart--narrow").first.is_visible()
        assert not page.locator("svg.reach-chart--wide").first.is_visible()
        screenshot(page, f"{name}-320")
    finally:
        context.close()


def test_download_a_table(page):
    sign_in(page, "commissioner.west-midlands@reach.example")
    page.goto("/figures/areas/west-midlands/")
    with page.expect_download() as info:
        page.locator("a:has-text('XLSX')").first.click()
    assert info.value.suggested_filename.endswith(".xlsx")
