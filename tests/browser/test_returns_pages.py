"""A provider sends a return by upload and by web form, in Chromium."""

from tests.browser.conftest import check_accessibility, screenshot, sign_in


def test_upload_a_return_and_see_it_checked(page, provider_email, tmp_path):
    sign_in(page, provider_email)
    page.goto("/returns/")
    check_accessibility(page)
    screenshot(page, "returns-list")
    page.locator("a:has-text('Upload')").first.click()
    check_accessibility(page)
    rows = "\n".join(
        f"R{i},2026-05-0{1 + i % 9},Black British - Caribbean,Female,25-34,Not disabled,Straight or heterosexual,Domestic abuse,Self-referral,Support completed"
        for i in range(30)
    )
    upload = tmp_path / "return.csv"
    upload.write_text(
        "Referral ID,Date of referral,Ethnic group,Sex,Age band,Disability,Sexual orientation,Crime type,Referral pathway,Outcome\n"
        + rows
    )
    # The link for the first period in the list is the latest period, April to September 2026.
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector(
        "h1:has-text('Return accepted'), h1:has-text('problems'), h1:has-text('queries')",
        timeout=30000,
    )
    # 30 referrals against the hundreds the demo provider sent last period: a query.
    assert "Explain the queries" in page.locator("h1").inner_text(), page.locator(
        "main"
    ).inner_text()[:2000]
    assert "moved by more than half" in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "submission-query")
    page.fill("#id_explanation", "This file is a test of the upload; the full return follows.")
    page.click("button:has-text('Submit with this explanation')")
    assert "Return accepted" in page.locator("h1").inner_text()
    check_accessibility(page)
    screenshot(page, "submission-accepted")


def test_upload_with_problems_lists_them(page, provider_email, tmp_path):
    sign_in(page, provider_email)
    page.goto("/returns/")
    page.locator("a:has-text('Upload')").first.click()
    upload = tmp_path / "bad.csv"
    upload.write_text(
        "Referral ID,Postcode,Date of referral,Ethnic group\nR1,B1 1AA,2026-05-01,Martian\n"
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("h1:has-text('problems')", timeout=30000)
    assert "Remove the column" in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "submission-problems")


def test_web_form_checks_totals_as_you_type(page, provider_email):
    sign_in(page, provider_email)
    page.goto("/returns/")
    page.locator("a:has-text('use the web form')").first.click()
    page.fill("#id_total", "5")
    first = page.locator("input[data-count]").first
    first.fill("3")
    assert "add up to 3 but you said 5" in page.locator("[data-total-check]").inner_text()
    first.fill("5")
    assert "the total you gave" in page.locator("[data-total-check]").inner_text()
    check_accessibility(page)
    screenshot(page, "web-form")
    page.click("button:has-text('Submit the return')")
    page.wait_for_load_state()
    # Five referrals against last period's hundreds: the same query an upload raises.
    assert "raise a query" in page.locator("main").inner_text()
    check_accessibility(page)
    screenshot(page, "web-form-query")
    page.fill("#id_explanation", "A test of the web form; the full return follows.")
    page.click("button:has-text('Submit the return')")
    page.wait_for_load_state()
    assert "is stored" in page.locator("main").inner_text(), page.locator("main").inner_text()[
        :1500
    ]


def test_data_standard_page(page):
    page.goto("/returns/data-standard/")
    check_accessibility(page)
    screenshot(page, "data-standard")
