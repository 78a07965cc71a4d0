"""A provider sends a return by upload and by web form, in Chromium."""

from tests.browser.conftest import check_accessibility, screenshot, sign_in

SLOW = 30_000  # ms: two shared cores, an upload checked in a background task


def _open_upload(page) -> None:
    """The upload page of the provider's first return: straight from the list if it is
    owed, else through its versions."""
    page.goto("/returns/")
    link = page.locator("main a[href$='/upload/'], main a:has-text('Versions')").first
    with page.expect_navigation():
        link.click()
    if not page.url.endswith("/upload/"):
        with page.expect_navigation():
            page.locator("a:has-text('Upload a new version')").click()


def test_upload_a_return_and_check_your_answers(page, provider_email, tmp_path):
    sign_in(page, provider_email)
    page.goto("/returns/")
    check_accessibility(page)
    screenshot(page, "returns-list")
    _open_upload(page)
    check_accessibility(page)
    rows = "\n".join(
        f"R{i},2026-05-0{1 + i % 9},Black British - Caribbean,Female,25-34,Not disabled,"
        "Straight or heterosexual,Domestic abuse,Self-referral,Support completed"
        for i in range(30)
    )
    upload = tmp_path / "return.csv"
    upload.write_text(
        "Referral ID,Date of referral,Ethnic group,Sex,Age band,Disability,Sexual orientation,"
        "Crime type,Referral pathway,Outcome\n" + rows
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector(
        "h1:has-text('Check your answers'), h1:has-text('problems')", timeout=SLOW
    )
    main = page.locator("main").inner_text()
    assert "Check your answers" in page.locator("h1").inner_text(), main[:2000]
    assert "What changes" in main and "By ethnic group" in main and "Black" in main
    check_accessibility(page)
    screenshot(page, "submission-check-your-answers")
    if page.locator("#id_explanation").count():
        page.fill("#id_explanation", "This file is a test of the upload; the full return follows.")
    page.click("button:has-text('Send this return')")
    page.wait_for_load_state()
    assert "Return sent" in page.locator("h1").inner_text(), page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "submission-sent")


def test_upload_with_problems_lists_them_and_keeps_nothing_personal(page, provider_email, tmp_path):
    sign_in(page, provider_email)
    _open_upload(page)
    upload = tmp_path / "bad.csv"
    upload.write_text(
        "Referral ID,Date of referral,Ethnic group,Sex\n"
        "R1,2026-05-01,Blak Caribean,F\nR2,2026-05-02,Jane Doe 12 High St,F\nR3,2026-05-03,7,SW1A 1AA\n"
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("h1:has-text('problems')", timeout=SLOW)
    main = page.locator("main").inner_text()
    assert "Blak Caribean" in main and "Did you mean" in main
    assert "Jane" not in main and "SW1A" not in main and "withheld" in main
    check_accessibility(page)
    screenshot(page, "submission-problems")


def test_data_standard_page(page):
    page.goto("/returns/data-standard/")
    check_accessibility(page)
    screenshot(page, "data-standard")


def test_a_label_reach_does_not_guess_is_mapped_once(page, provider_email, tmp_path):
    sign_in(page, provider_email)
    _open_upload(page)
    upload = tmp_path / "hate.csv"
    upload.write_text(
        "Case Ref,Date of referral,Ethnicity,Offence,Case status\n"
        + "".join(f"H{i},2026-05-0{1 + i % 9},White British,Hate crime,Ongoing\n" for i in range(6))
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("h1:has-text('problems')", timeout=SLOW)
    assert "could mean any of" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.locator("main a:has-text('Say what your columns and labels mean')").first.click()
    check_accessibility(page)
    screenshot(page, "mapping-from-a-file")
    page.select_option("main select", "HATE_RACE")
    with page.expect_navigation():
        page.click("button:has-text('Save')")
    assert (
        "Your mapping" in page.title()
        or "columns and labels mean" in page.locator("h1").inner_text()
    )
    assert "Hate crime" in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "mapping-page")


def test_the_assessor_sets_when_returns_are_due(page):
    sign_in(page, "assessor@reach.example")
    page.goto("/returns/deadlines/")
    check_accessibility(page)
    screenshot(page, "deadlines")
    with page.expect_navigation():
        page.locator("main a[href$='/deadlines/2026-27-H1/']").click()
    page.fill("#id_due_on", "14/11/2026")
    page.fill("#id_reason", "The case system supplier's outage in October.")
    check_accessibility(page)
    screenshot(page, "deadline-edit")
    with page.expect_navigation():
        page.click("button:has-text('Save the due date')")
    assert "now due on 14 November 2026" in page.locator("main").inner_text()
