"""Where the victims live, in the web form, in Chromium: local authorities chosen, counts
typed and refused when too many, shown at "check your answers", then on the area
dashboard's "By local authority" section. Screenshots: test-artifacts/screenshots/
places-NN-*.png."""

import pytest

from tests.browser.conftest import check_accessibility, screenshot, server_answer, sign_in

AREA = "west-midlands"
COMMISSIONER = "commissioner.west-midlands@reach.example"
SLOW = 30_000


@pytest.fixture(scope="module")
def free_return(server_env, provider_email) -> tuple[str, str]:
    """(provider slug, period code): the demo provider's latest period with no return yet."""
    code = (
        "from accounts.models import Membership; from returns.models import Period, Return;"
        f"m = Membership.objects.select_related('provider').get(user__username='{provider_email}');"
        "used = set(Return.objects.filter(provider=m.provider, area__slug='west-midlands')"
        ".values_list('period__code', flat=True));"
        "free = [p.code for p in Period.objects.order_by('-start') if p.code not in used];"
        "print(m.provider.slug, free[0])"
    )
    slug, period = server_answer(server_env, code).split()
    return slug, period


def _click(page, selector: str) -> None:
    with page.expect_navigation(timeout=SLOW):
        page.locator(selector).first.click()


def _main(page) -> str:
    return page.locator("main").inner_text()


def test_where_the_victims_live(page, provider_email, free_return):
    slug, period = free_return
    count = 0

    def look(name):
        nonlocal count
        count += 1
        check_accessibility(page)
        screenshot(page, f"places-{count:02d}-{name}")

    page.context.clear_cookies()
    sign_in(page, provider_email)
    page.goto(f"/returns/{slug}/{AREA}/{period}/form/")
    assert "Crime types you support" in page.locator("h1").inner_text()
    page.locator("input[name=crime_types][value=DOMESTIC_ABUSE]").check()
    _click(page, "button:has-text('Save and continue')")
    _click(page, "a.govuk-task-list__link:has-text('Domestic abuse')")
    page.fill("input[name='g7__referrals']", "6")  # Black Caribbean
    page.fill("input[name='g7__SUPPORTED_COMPLETED']", "4")
    page.fill("input[name='g13__referrals']", "5")  # White British
    _click(page, "button:has-text('Save and return to the task list')")
    assert "Optional" in _main(page)
    look("task-list")

    _click(page, "a.govuk-task-list__link:has-text('Where the victims live')")
    look("choose")
    page.get_by_label("Birmingham", exact=True).check()
    page.get_by_label("Coventry", exact=True).check()
    _click(page, "button:has-text('Save and continue')")
    assert page.locator("h1").inner_text() == "Birmingham"
    page.fill("input[name='g7__referrals']", "7")
    _click(page, "button:has-text('Save and continue')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "add up to 7 referrals, 1 more than the 6" in summary
    look("too-many")
    page.fill("input[name='g7__referrals']", "4")
    page.fill("input[name='g13__referrals']", "3")
    _click(page, "button:has-text('Save and continue')")
    assert page.locator("h1").inner_text() == "Coventry"
    look("second-authority")
    page.fill("input[name='g7__referrals']", "2")
    _click(page, "button:has-text('Save and continue')")
    assert "9 referrals in 2 local authorities" in _main(page)
    look("task-list-done")

    _click(page, "button:has-text('Check your answers')")
    main = _main(page)
    assert "9 of the 11 referrals say which local authority the victim lives in" in main
    assert "Birmingham\t7 referrals" in main, main[:3000]
    look("check-your-answers")
    if page.locator("#id_explanation").count():
        page.fill("#id_explanation", "Our first return through the web form.")
    _click(page, "button:has-text('Send this return')")
    assert "Return sent" in page.locator("h1").inner_text(), _main(page)[:2000]

    page.context.clear_cookies()
    sign_in(page, COMMISSIONER)
    history = f"/returns/{slug}/{AREA}/{period}/"
    page.goto(history)
    waiting = page.locator(
        "tr:has(.govuk-tag:has-text('Waiting for acceptance')) a[href*='/versions/']"
    )
    if waiting.count():
        _click(page, f"a[href='{waiting.first.get_attribute('href')}']")
        _click(page, "a:has-text('Accept it')")
        _click(page, "button:has-text('Accept this version')")
    page.goto(f"/figures/areas/{AREA}/?period={period}&provider={slug}")
    main = _main(page)
    assert "9 of 11 referrals say where the victim lives" in main, main[:3000]
    table = page.locator("#local-authorities-6-table").inner_text()
    # The figures typed, by the dashboard's six groups: Black Caribbean is "Black".
    assert "Birmingham\tBlack\t4\t" in table and "Birmingham\tWhite British\t3\t" in table
    assert "Coventry\tBlack\t2\t" in table, table
    page.locator("#local-authorities").scroll_into_view_if_needed()
    look("dashboard")
