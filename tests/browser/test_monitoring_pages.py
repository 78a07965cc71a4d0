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
    assert page.locator("svg.reach-chart").count() >= 6
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
    page.click("button:has-text('Show figures')")
    assert "level=19" in page.url
    # Without JavaScript the tab panels are all shown, one after another.
    assert page.locator("#groups-19").is_visible() and page.locator("#groups-5").is_visible()


def test_national_view(page):
    sign_in(page, "assessor@reach.example")
    page.goto("/figures/national/")
    assert page.locator("h1").inner_text() == "All areas"
    assert page.locator("#funnel-table tbody tr").count() == 43
    check_accessibility(page)
    screenshot(page, "national")


def test_download_a_table(page):
    sign_in(page, "commissioner.west-midlands@reach.example")
    page.goto("/figures/areas/west-midlands/")
    with page.expect_download() as info:
        page.locator("a:has-text('XLSX')").first.click()
    assert info.value.suggested_filename.endswith(".xlsx")
