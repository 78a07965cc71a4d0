"""The foundation pages, looked at in Chromium: layout, sign-in per role, accessibility."""

import pytest

from tests.browser.conftest import check_accessibility, screenshot, sign_in

SIGN_INS = {
    "assessor": "assessor@reach.example",
    "commissioner": "commissioner.west-midlands@reach.example",
}


def test_home_page_for_the_public(page):
    page.goto("/")
    assert page.title().startswith("Reach")
    assert page.locator(".govuk-header").is_visible()
    assert page.locator(".govuk-service-navigation__service-name").inner_text().strip() == "Reach"
    assert page.locator(".govuk-phase-banner").is_visible()
    assert page.locator(".govuk-footer").is_visible()
    check_accessibility(page)
    screenshot(page, "home-public")


def test_skip_link_is_first_focusable(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("govuk-skip-link")


@pytest.mark.parametrize("role", list(SIGN_INS))
def test_sign_in_per_role_shows_its_tasks(page, role):
    sign_in(page, SIGN_INS[role])
    page.goto("/")
    assert role in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, f"home-{role}")


def test_sign_in_page_accessible_with_errors(page):
    page.goto("/account/sign-in/")
    page.click("button:has-text('Continue')")
    assert page.locator(".govuk-error-summary").is_visible()
    check_accessibility(page)
    screenshot(page, "sign-in-error")


def test_pages_work_without_javascript(page_without_js):
    page = page_without_js
    sign_in(page, SIGN_INS["assessor"])
    page.goto("/")
    assert "assessor" in page.locator("main").inner_text()
