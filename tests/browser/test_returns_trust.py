"""Returns you can trust, in Chromium: a correction checked and confirmed, a query waiting
for the commissioner, a version returned with a reason, the web form over two visits and
accepted, an earlier version made current again. Screenshots: test-artifacts/screenshots/
trust-NN-*.png."""

from tests.browser.conftest import DEMO_PASSWORD, check_accessibility, screenshot, sign_in

AREA = "west-midlands"
PERIOD = "2025-26-H2"  # a period whose returns the demo data has settled
COMMISSIONER = "commissioner.west-midlands@reach.example"
SLOW = 30_000


class Looker:
    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        check_accessibility(self.page)
        screenshot(self.page, f"trust-{self.count:02d}-{name}")


def _main(page) -> str:
    return page.locator("main").inner_text()


def _click(page, selector: str) -> None:
    with page.expect_navigation(timeout=SLOW):
        page.locator(selector).first.click()


def _as(page, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email, DEMO_PASSWORD)


def _send(page, explanation: str) -> None:
    if page.locator("#id_explanation").count():
        page.fill("#id_explanation", explanation)
    _click(page, "button:has-text('Send this return')")
    assert "Return sent" in page.locator("h1").inner_text(), _main(page)[:2000]


def test_returns_you_can_trust(page, provider_email, tmp_path):
    look = Looker(page)
    history = None

    # 1. The provider's home page says what is due; its list links each return's versions.
    _as(page, provider_email)
    page.goto("/")
    look("provider-home")
    page.goto("/returns/")
    _click(page, f"a[href$='/{AREA}/{PERIOD}/']")
    history = page.url
    assert "counts" in _main(page), _main(page)[:1500]
    look("provider-history")

    # 2. An 8-row file meant to correct the return: checked, and the provider sees what changes.
    _click(page, "a:has-text('Upload a new version')")
    rows = "\n".join(
        f"C{i},2026-01-1{i},Asian or Asian British: Pakistani,Female,Domestic abuse,Ongoing"
        for i in range(8)
    )
    upload = tmp_path / "correction.csv"
    upload.write_text("Client Ref,Date Referred,Ethnicity,Gender,Crime Type,Case Status\n" + rows)
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector(
        "h1:has-text('Check your answers'), h1:has-text('problems')", timeout=SLOW
    )
    main = _main(page)
    assert "Check your answers" in page.locator("h1").inner_text(), main[:2000]
    assert "(counts now)" in main and "the version it would replace has" in main
    assert "wait for the commissioner's acceptance" in main
    assert "not recorded" in main  # no age, disability, orientation or pathway columns
    look("check-your-answers-query")
    _send(page, "We think the earlier export counted a team twice.")
    assert "waits for the commissioner's acceptance" in _main(page)
    look("sent-waiting")

    # 3. The commissioner sees it waiting, old beside new, and returns it with a reason.
    _as(page, COMMISSIONER)
    page.goto("/")
    assert "Waiting for your acceptance" in _main(page), _main(page)[:2000]
    look("commissioner-home")
    path = "/" + history.split("/", 3)[3]
    _click(page, f"main a[href^='{path}versions/']")
    assert "Waiting for acceptance" in _main(page) and "counted a team twice" in _main(page)
    look("commissioner-version")
    _click(page, "a:has-text('Return it to the provider')")
    look("commissioner-return-form")
    _click(page, "button:has-text('Return it to the provider')")
    assert page.locator(".govuk-error-summary").is_visible()  # a reason is needed
    page.fill("#id_reason", "Eight referrals cannot be the whole period: send the full export.")
    _click(page, "button:has-text('Return it to the provider')")
    assert "returned to the provider" in _main(page)
    look("commissioner-returned")

    # 4. The provider sees why, and sends the return by web form over two visits.
    _as(page, provider_email)
    page.goto(history)
    assert "Eight referrals cannot be the whole period" in _main(page)
    look("provider-sees-reason")
    _click(page, "a:has-text('use the web form')")
    if "Crime types you support" in page.locator("h1").inner_text():
        page.locator("input[name=crime_types]").first.check()
        _click(page, "button:has-text('Save and continue')")
    else:  # the draft starts from the version that counts: the task list
        assert "Check it" in _main(page)
    look("web-form-task-list")
    tasks = page.locator("a.govuk-task-list__link[href*='/form/']:not([href$='crime-types/'])")
    first = tasks.first.get_attribute("href")
    page.goto(first)
    page.fill("input[name='g4__referrals']", "9")
    page.fill("input[name='g4__OPEN']", "12")
    assert "more than the referrals" in page.locator("[data-total-check]").inner_text()
    page.fill("input[name='g4__OPEN']", "7")
    assert "with no outcome given" in page.locator("[data-total-check]").inner_text()
    look("web-form-page")
    _click(page, "button:has-text('Save and return to the task list')")
    # Second visit: sign out and back; the page is as it was saved.
    _as(page, provider_email)
    page.goto(first)
    assert page.input_value("input[name='g4__referrals']") == "9"
    page.goto(history.rstrip("/") + "/form/")
    # Every crime type's page still to check or start (where the victims live is optional).
    pending = page.locator(
        "li.govuk-task-list__item:has(.govuk-tag) "
        "a.govuk-task-list__link[href*='/form/']:not([href*='/form/places/'])"
    )
    while pending.count():
        link = pending.first
        _click(page, f"a[href='{link.get_attribute('href')}']")
        _click(page, "button:has-text('Save and return to the task list')")
    look("web-form-ready")
    _click(page, "button:has-text('Check your answers')")
    assert "Check your answers" in page.locator("h1").inner_text()
    look("web-form-check-your-answers")
    _send(page, "The full return, typed in from our spreadsheet.")
    look("web-form-sent")

    # 5. The commissioner accepts it, then makes the first version current again.
    _as(page, COMMISSIONER)
    page.goto(history)
    look("commissioner-history")
    waiting = page.locator(
        "tr:has(.govuk-tag:has-text('Waiting for acceptance')) a[href*='/versions/']"
    )
    if waiting.count():
        _click(page, f"a[href='{waiting.first.get_attribute('href')}']")
        _click(page, "a:has-text('Accept it')")
        look("commissioner-accept-form")
        _click(page, "button:has-text('Accept this version')")
        assert "is accepted and counts" in _main(page)
        look("commissioner-accepted")
    page.goto(history.rstrip("/") + "/versions/1/")
    _click(page, "a:has-text('Make it current again')")
    page.fill("#id_reason", "The first version matches the police referrals for the period.")
    look("commissioner-restore-form")
    _click(page, "button:has-text('Make it current again')")
    assert "counts again" in _main(page)
    page.goto(history)
    assert "Version 1 counts" in _main(page)
    look("restored")
