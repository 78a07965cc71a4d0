"""Transparency reports in Chromium: a commissioner revises and publishes the area's
report through the pages; the public reads it in English and Welsh, at 1280 and 320 px,
with axe-core finding no violations; the PDF is tagged and rendered to PNG to look at
(test-artifacts/screenshots/report-*.png)."""

import subprocess

from tests.browser.conftest import SHOTS, check_accessibility, screenshot, server_answer, sign_in
from tests.browser.test_public_pages import check_no_violations

SLOW = 60_000  # ms: publishing takes the figures under disclosure control


def _live_report(server_env) -> tuple[str, str, str]:
    """(slug, area slug, period code) of a report the demo published."""
    code = (
        "from publication.models import PublishedReport;"
        "r = PublishedReport.objects.live().select_related('area', 'period')"
        ".order_by('area__name').first(); print(r.slug, r.area.slug, r.period.code)"
    )
    return tuple(server_answer(server_env, code).split())


def test_a_commissioner_publishes_a_revision_and_the_public_reads_it(browser, server, server_env):
    slug, area, period = _live_report(server_env)
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, f"commissioner.{area}@reach.example")
    page.goto("/publishing/")
    check_accessibility(page)
    screenshot(page, "report-01-staff-list")
    page.goto(f"/publishing/{area}/{period}/")
    with page.expect_navigation():
        page.click("button:has-text('Start a new revision')")
    for number in (1, 2, 3):
        assert f"Quality Standard {number}" in page.locator("h1").inner_text()
        if number == 1:
            check_accessibility(page)
            screenshot(page, "report-02-write")
        page.fill("#id_text", f"Revised words for the public about standard {number}.")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    assert "Check your answers before publishing" in page.content()
    check_accessibility(page)
    screenshot(page, "report-03-check-answers")
    with page.expect_navigation(timeout=SLOW):
        page.click("button:has-text('Publish revision')")
    assert "is published as revision" in page.locator(".govuk-notification-banner").inner_text()
    screenshot(page, "report-04-published")
    context.close()

    public = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    reader = public.new_page()
    reader.goto("/published/")
    check_no_violations(reader)
    with reader.expect_navigation():
        reader.locator(f"a[href='/published/{slug}/']").click()
    body = reader.locator("main").inner_text()
    assert "Revised words for the public about standard 2." in body
    assert "Revised" in body and "[c]" in body
    assert reader.locator("svg[role=img] title").count() > 0
    for prefix, lang in (("", "en"), ("/cy", "cy")):
        reader.set_viewport_size({"width": 1280, "height": 900})
        reader.goto(f"{prefix}/published/{slug}/")
        assert reader.evaluate("document.documentElement.lang") == lang
        check_no_violations(reader)
        screenshot(reader, f"report-05-public-{lang}-1280")
        reader.set_viewport_size({"width": 320, "height": 900})
        check_no_violations(reader)
        screenshot(reader, f"report-06-public-{lang}-320")
    pdf = reader.request.get(f"/published/{slug}/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "report.pdf"
    path.write_bytes(pdf.body())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(SHOTS / "report-pdf")], check=True
    )
    assert list(SHOTS.glob("report-pdf-*.png"))
    public.close()
