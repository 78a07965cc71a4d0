"""The Quality Standards assurance cycle driven through the pages in Chromium.

One test drives the whole cycle as the people would, with clicks and typing: a provider
uploads its return; the West Midlands commissioner records evidence, writes the
self-assessment for April to September 2026, signs off and submits; the Ministry of
Justice assessor rates and challenges; the commissioner answers and proposes actions;
the assessor agrees the plan, escalates, suspends grant payments and lifts the
suspension. Every page looked at is checked with axe-core and kept as a screenshot
(test-artifacts/screenshots/cycle-NN-*.png). The refusals of each step to the wrong role
and in the wrong order, with nothing changed, are tested in tests/assurance/test_cycle.py;
here the pages are checked to offer no control a person may not use, and the suspension
of grant payments to take effect only when a second assessor approves it.

A second test uses the pages without JavaScript. It shares the server with the first
but not its records: a West Midlands self-assessment for the period before (October 2025
to March 2026), and the Metropolitan Police, whose grant payments the demo data suspends.
"""

import re

from tests.browser.conftest import check_accessibility, screenshot, sign_in

AREA = "/standards/areas/west-midlands/"
PERIOD = "2026-27-H1"
PERIOD_LABEL = "April 2026 to September 2026"
OVERVIEW = f"{AREA}periods/{PERIOD}/"
COMMISSIONER = "commissioner.west-midlands@reach.example"
ASSESSOR = "assessor@reach.example"
SECOND_ASSESSOR = "assessor.second@reach.example"
SLOW = 30_000  # ms: two shared cores, an upload checked in a background task


class Looker:
    """Check each page looked at for accessibility and keep a numbered screenshot."""

    def __init__(self, page, *, start: int = 0, axe: bool = True):
        self.page, self.count, self.axe = page, start, axe

    def __call__(self, name: str, page=None) -> None:
        page = page or self.page
        self.count += 1
        if self.axe:  # axe-core runs as a script: not in a page without JavaScript
            check_accessibility(page)
        screenshot(page, f"cycle-{self.count:02d}-{name}")


def _main(page) -> str:
    return page.locator("main").inner_text()


def _click(page, selector: str) -> None:
    """Click something that loads a page, and wait for the page."""
    with page.expect_navigation(timeout=SLOW):
        page.locator(selector).first.click()


def _sign_out(page) -> None:
    page.context.clear_cookies()


def _answer_every_prompt(page, number: int) -> None:
    """Fill every textarea of a standard's page: an answer to each prompt, a link for each."""
    areas = page.locator("main form textarea")
    assert areas.count() >= 4, _main(page)[:1500]
    for i in range(areas.count()):
        area = areas.nth(i)
        name = area.get_attribute("name")
        if name.startswith("links_"):
            area.fill(f"https://example.org/west-midlands/qs{number}/{name}")
        else:
            area.fill(f"West Midlands answer to {name} of Quality Standard {number}.")


def test_the_assurance_cycle_in_the_browser(page, provider_email, tmp_path):
    look = Looker(page)

    # 1. The provider uploads its return for April to September 2026 -------------------
    sign_in(page, provider_email)
    page.goto("/returns/")
    # A return that is owed links straight to its upload; one already sent, to its versions.
    _click(page, f"a[href$='/west-midlands/{PERIOD}/upload/'], a[href$='/west-midlands/{PERIOD}/']")
    if not page.url.endswith("/upload/"):
        _click(page, "a:has-text('Upload a new version')")
    look("provider-upload")
    rows = "\n".join(
        f"C{i},2026-0{4 + i % 6}-1{i % 9},{group},Female,25-34,Not disabled,"
        "Straight or heterosexual,Domestic abuse,Self-referral,Support completed"
        for i, group in enumerate(
            ["Asian British - Pakistani", "Black British - Caribbean", "White - British"] * 12
        )
    )
    upload = tmp_path / "cycle.csv"
    upload.write_text(
        "Referral ID,Date of referral,Ethnic group,Sex,Age band,Disability,Sexual orientation,"
        "Crime type,Referral pathway,Outcome\n" + rows
    )
    page.set_input_files("input[type=file]", str(upload))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector(
        "h1:has-text('Check your answers'), h1:has-text('problems')", timeout=SLOW
    )
    # 36 referrals against the 139 of the period before: a query to explain.
    assert "Check your answers" in page.locator("h1").inner_text(), _main(page)[:2000]
    assert "the previous period's return for this area had" in _main(page)
    look("provider-query")
    page.fill("#id_explanation", "A new case system went live in July; this is the first export.")
    _click(page, "button:has-text('Send this return')")
    assert "Return sent" in page.locator("h1").inner_text(), _main(page)[:2000]
    look("provider-accepted")
    _sign_out(page)

    # 2. The commissioner records evidence and writes the self-assessment -------------
    sign_in(page, COMMISSIONER)
    _click(page, "a.govuk-service-navigation__link:has-text('Quality Standards')")
    look("commissioner-standards")
    _click(page, f"main a:has-text('{PERIOD_LABEL}')")
    assert page.url.endswith(OVERVIEW)
    look("assessment-not-started")
    _click(page, "button:has-text('Start the self-assessment')")
    assert "Self-assessment started" in _main(page)
    assert "15 prompts still to answer" in _main(page)
    # No sign-off or submission is offered before every prompt is answered.
    assert page.locator("a:has-text('Check your answers and sign off')").count() == 0
    assert page.locator("a:has-text('Check and submit to the Ministry of Justice')").count() == 0
    look("assessment-started")

    # Quality Standard 1, then its evidence: an engagement activity.
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 1')")
    assert page.locator("h1").inner_text() == "Quality Standard 1: Understanding needs"
    look("qs1-empty")
    # A link that is not a web address is refused, with the answer kept on the page.
    _answer_every_prompt(page, 1)
    page.locator("main form textarea[name^='links_']").first.fill("our needs assessment")
    _click(page, "main form button:text-is('Save')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "is not a web address" in page.locator(".govuk-error-summary").inner_text()
    look("qs1-error")
    _answer_every_prompt(page, 1)
    _click(page, "main form button:text-is('Save')")
    assert "Quality Standard 1 saved." in _main(page)

    _click(page, "main a:has-text('Engagement record')")
    look("engagement-empty")
    _click(page, "main a:has-text('Record engagement')")
    page.select_option("#id_kind", "forum")
    page.fill("#id_title", "Black and Asian women's safety forum")
    page.fill("#id_held_on", "14/7/2026")
    page.check("#id_face_to_face")
    page.fill("#id_communities", "Pakistani and Bangladeshi women in Birmingham; Caribbean elders")
    page.fill("#id_organisations", "Two by-and-for women's organisations")
    page.check("#id_by_and_for_involved")
    page.fill("#id_participants", "23")
    page.fill("#id_what_was_said", "Women did not know the service is independent of the police.")
    page.fill("#id_what_changed", "Leaflets now say so first, in Urdu and Bengali.")
    look("engagement-form")
    _click(page, "main button:text-is('Save')")
    assert "Engagement activity saved." in _main(page)
    assert "Black and Asian women's safety forum" in _main(page)
    look("engagement-recorded")

    # Quality Standard 2, then its evidence: the commissioner's office's workforce.
    _click(page, "a.govuk-back-link:has-text('Back to the self-assessment')")
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 1')")
    assert "Black and Asian women's safety forum" in _main(page)  # beside the standard
    _click(page, "button:has-text('Save and go to Quality Standard 2')")
    assert page.locator("h1").inner_text() == "Quality Standard 2: Addressing barriers"
    _answer_every_prompt(page, 2)
    _click(page, "main form button:text-is('Save')")
    assert "Quality Standard 2 saved." in _main(page)
    look("qs2-answered")
    _click(page, "main a:has-text('Workforce')")
    look("workforce")
    _click(page, 'main a:text-is("Commissioner\'s office")')
    counts = page.locator("main table input[type=number]")
    assert counts.count() >= 38
    # Senior and other staff for a spread of groups (the rows are the 19 groups and more).
    for row, (senior, other) in {
        3: (0, 2),
        4: (1, 3),
        8: (1, 2),
        9: (0, 1),
        17: (2, 6),
        21: (0, 1),
    }.items():
        for i, n in enumerate((senior, other)):
            if n:
                counts.nth(2 * row + i).fill(str(n))
    page.fill("#id_notes", "Headcount on 30 September 2026.")
    look("workforce-form")
    _click(page, "button:has-text('Save the figures')")
    assert "Workforce figures saved." in _main(page)
    assert "Commissioner's office" in page.locator("main h2").all_inner_texts()
    look("workforce-recorded")

    # Quality Standard 3, then its evidence: an outreach activity.
    _click(page, "a.govuk-back-link:has-text('Back to the self-assessment')")
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 2')")
    assert "19 staff" in _main(page)  # the office's workforce, beside the standard
    _click(page, "button:has-text('Save and go to Quality Standard 3')")
    assert page.locator("h1").inner_text() == "Quality Standard 3: Raising awareness"
    _answer_every_prompt(page, 3)
    _click(page, "main form button:text-is('Save')")
    _click(page, "main a:has-text('Outreach')")
    look("outreach-empty")
    _click(page, "main a:has-text('Log outreach')")
    page.fill("#id_held_on", "2/8/2026")
    page.select_option("#id_channel", "faith_setting")
    page.fill("#id_description", "Stall at a gurdwara open day")
    page.fill("#id_communities", "Sikh and Pakistani families in Smethwick")
    page.locator("fieldset:has-text('Languages spoken') label:text-is('Panjabi')").click()
    page.locator("fieldset:has-text('Languages of the materials') label:text-is('Urdu')").click()
    page.fill("#id_people_reached", "140")
    page.check("#id_message_independent")
    page.check("#id_message_free")
    page.check("#id_message_no_report_needed")
    look("outreach-form")
    _click(page, "main button:text-is('Save')")
    assert "Outreach activity saved." in _main(page)
    assert "Stall at a gurdwara open day" in _main(page)
    look("outreach-recorded")

    # Every standard answered: sign off, then submit.
    _click(page, "a.govuk-back-link:has-text('Back to the self-assessment')")
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 3')")
    assert "Panjabi" in page.locator(".govuk-summary-card:has-text('Outreach')").inner_text()
    look("qs3-answered")
    _click(page, "button:has-text('Save and return to the overview')")
    assert page.locator(".govuk-task-list__status").all_inner_texts() == ["Completed"] * 3
    look("assessment-complete")
    _click(page, "a:has-text('Check your answers and sign off')")
    look("assessment-check-answers")
    # Without the declaration nothing is signed off.
    _click(page, "button:text-is('Sign off')")
    assert "Confirm the declaration to continue" in _main(page)
    page.check("input[name='confirm']")
    _click(page, "button:text-is('Sign off')")
    assert "signed off" in _main(page)
    look("assessment-signed-off")
    _click(page, "a:has-text('Check and submit to the Ministry of Justice')")
    page.check("input[name='confirm']")
    look("assessment-check-submit")
    _click(page, "button:has-text('Submit to the Ministry of Justice')")
    assert "submitted to the Ministry of Justice" in _main(page)
    assert "frozen" in _main(page)
    look("assessment-submitted")
    # Submitted: the answers are frozen, no form is offered.
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 1')")
    assert page.locator("main form textarea").count() == 0
    assert "frozen" in page.locator(".govuk-warning-text").inner_text()
    look("qs1-frozen")
    _sign_out(page)

    # 3. The assessor reviews, rates each standard and challenges --------------------
    sign_in(page, ASSESSOR)
    _click(page, "a.govuk-service-navigation__link:has-text('Quality Standards')")
    row = page.locator("tr:has(th:has-text('West Midlands'))")
    assert "Needs review" in row.inner_text()
    look("assessor-standards")
    _click(page, f"tr:has(th:has-text('West Midlands')) a:has-text('{PERIOD_LABEL}, version 1')")
    assert page.url.endswith(f"{OVERVIEW}review/")
    assert "West Midlands answer to" in _main(page)
    look("review")
    ratings = {
        1: ("met", ""),
        2: ("partly_met", "Senior staff do not reflect the area."),
        3: ("met", ""),
    }
    # "Partly met" without a comment is refused, saying why.
    page.check("input[name='qs2-rating'][value='partly_met']")
    _click(page, "button:has-text('Rate Quality Standard 2')")
    assert "Say what needs to improve" in page.locator(".govuk-error-summary").inner_text()
    # The summary is the first thing on the page, above the heading (GOV.UK).
    assert page.locator("main > .govuk-error-summary").count() == 1
    assert page.title().startswith("Error: ")
    look("review-rating-error")
    for number, (rating, comment) in ratings.items():
        page.check(f"input[name='qs{number}-rating'][value='{rating}']")
        if comment:
            page.fill(f"textarea[name='qs{number}-comment']", comment)
        _click(page, f"button:has-text('Rate Quality Standard {number}')")
        assert f"#standard-{number}" in page.url
    assert "Senior staff do not reflect the area." in _main(page)
    page.select_option("select[name='challenge-standard']", "3")
    page.fill("textarea[name='challenge-text']", "Show how awareness is measured by ethnic group.")
    _click(page, "button:has-text('Raise the challenge')")
    assert "#challenges" in page.url
    card = page.locator("#challenges ~ .govuk-summary-card").first
    assert "Show how awareness is measured by ethnic group." in card.inner_text()
    look("review-rated-and-challenged")
    _sign_out(page)

    # 4. The commissioner answers the challenge and proposes actions -----------------
    sign_in(page, COMMISSIONER)
    page.goto(OVERVIEW)
    assert "Partly met" in _main(page) and "Senior staff do not reflect the area." in _main(page)
    look("commissioner-sees-ratings")
    _click(page, "main a:has-text('Challenges, action plan and escalation')")
    # The commissioner is offered neither the escalation steps nor the plan's agreement.
    assert page.locator("input[name='escalation-to']").count() == 0
    look("commissioner-area")
    page.fill("textarea[name$='-response']", "An awareness survey by ethnic group is planned.")
    _click(page, "button:has-text('Send your answer')")
    assert "An awareness survey by ethnic group is planned." in _main(page)
    for description, owner, due in [
        ("Run an awareness survey by ethnic group", "OPCC insight team", "31/3/2027"),
        (
            "Recruit a senior lead from the communities least reached",
            "Chief executive",
            "30/6/2027",
        ),
    ]:
        page.fill("textarea[name='new-action-description']", description)
        page.fill("input[name='new-action-owner']", owner)
        page.fill("input[name='new-action-due_date']", due)
        _click(page, "button:has-text('Add the action')")
        assert description in page.locator("#action-plan ~ .reach-table-scroll").first.inner_text()
    assert page.locator("button:has-text('Agree this plan')").count() == 0
    look("commissioner-plan-proposed")
    _sign_out(page)

    # 5. The assessor closes the challenge, agrees the plan and escalates -----------
    sign_in(page, ASSESSOR)
    page.goto(AREA)
    look("assessor-area")
    _click(page, "button:has-text('Close: the answer is enough')")
    page.fill("textarea[name='agree-note']", "Timelines agreed at the review meeting.")
    _click(page, "button:has-text('Agree this plan')")
    assert "Revision 1, agreed on" in _main(page)
    look("plan-agreed")
    offered = lambda: page.locator("input[name='escalation-to']").evaluate_all(  # noqa: E731
        "els => els.map(e => e.value)"
    )
    assert "escalated" in offered() and "lifted" not in offered()
    steps = [
        ("escalated", "No survey commissioned six months after the plan was agreed."),
        ("suspension", "Concerns consistently not addressed (grant agreement, clause 9)."),
        ("lifted", "The survey is commissioned and the senior lead appointed."),
    ]

    def record(to, reason):
        page.check(f"input[name='escalation-to'][value='{to}']")
        page.fill("textarea[name='escalation-reason']", reason)
        look(f"escalation-{to}-form")
        _click(page, "button:has-text('Record this step')")
        assert "#escalation" in page.url
        assert reason in page.locator(".moj-timeline").inner_text()

    record(*steps[0])
    # Suspension: the amount, grant reference and date, checked, then a second assessor.
    assert "suspended" not in offered()
    _click(page, "a:has-text('Ask to suspend grant payments')")
    page.fill("input[name='amount']", "125000")
    page.fill("input[name='grant_reference']", "PCC-2026-041")
    page.fill("input[name='effective_date']", "2027-01-01")
    page.fill("textarea[name='reason']", steps[1][1])
    look("suspension-form")
    _click(page, "button:has-text('Continue')")
    assert "£125,000.00" in _main(page) and "PCC-2026-041" in _main(page)
    look("suspension-check")
    _click(page, "button:has-text('Send for approval')")
    assert "sent for approval" in _main(page)
    assert "another assessor must approve it" in _main(page)
    assert page.locator("button:has-text('Approve')").count() == 0
    look("suspension-pending")
    _sign_out(page)
    sign_in(page, SECOND_ASSESSOR)
    page.goto(AREA)
    page.fill("textarea[name='decision-note']", "Approved at the grant board.")
    _click(page, "button:has-text('Approve: suspend payments')")
    assert "grant payments are suspended from 1 January 2027" in _main(page)
    assert "Grant payments suspended" in page.locator("#escalation ~ dl").first.inner_text()
    look("suspension-approved")
    record(*steps[2])
    look("escalation-lifted")

    # The timeline shows every step: what, who, when and why.
    timeline = page.locator(".moj-timeline__item")
    items = [timeline.nth(i).inner_text() for i in range(timeline.count())]
    text = "\n".join(items)
    for title in [
        "Self-assessment submitted",
        "Challenge raised",
        "Action plan agreed",
        "Escalated",
        "Grant payments suspended",
        "Suspension lifted",
    ]:
        assert title.lower() in text.lower(), f"{title!r} not on the timeline:\n{text}"
    for _, reason in steps:
        item = next(i for i in items if reason in i)
        assert "by " in item and re.search(r"\d{1,2} \w+ 20\d\d at \d\d:\d\d", item), item
    assert "Timelines agreed at the review meeting." in text
    _sign_out(page)

    # The commissioner sees the same timeline, and the lifted suspension.
    sign_in(page, COMMISSIONER)
    page.goto(AREA)
    for _, reason in steps:
        assert reason in page.locator(".moj-timeline").inner_text()
    assert "Suspension lifted" in page.locator("main dl").first.inner_text()
    look("commissioner-timeline")


def test_the_assurance_pages_work_without_javascript(page_without_js):
    page = page_without_js
    # The same pages pass axe-core with JavaScript in the test above.
    look = Looker(page, start=40, axe=False)
    previous = f"{AREA}periods/2025-26-H2/"

    # The commissioner starts a self-assessment and saves a draft of a standard.
    sign_in(page, COMMISSIONER)
    page.goto(previous)
    _click(page, "button:has-text('Start the self-assessment')")
    _click(page, "a.govuk-task-list__link:has-text('Quality Standard 2')")
    # Without JavaScript the key messages are still there to open.
    page.locator("summary:has-text('key messages')").click()
    assert page.locator(".govuk-details__text").is_visible()
    first = page.locator("main form textarea[name^='answer_']").first
    first.fill("A draft answer, saved without JavaScript.")
    _click(page, "main form button:text-is('Save')")
    assert "Quality Standard 2 saved." in _main(page)
    assert page.locator("main form textarea[name^='answer_']").first.input_value() == (
        "A draft answer, saved without JavaScript."
    )
    look("nojs-standard-draft")
    _click(page, "main a:has-text('Back to the self-assessment')")
    assert "1 of" in page.locator(".govuk-task-list").inner_text()
    _sign_out(page)

    # The assessor's escalation form: an error shown plainly, then the step recorded.
    sign_in(page, ASSESSOR)
    page.goto("/standards/areas/metropolitan-police/")
    assert "Grant payments suspended" in page.locator("main dl").first.inner_text()
    page.check("input[name='escalation-to'][value='lifted']")
    _click(page, "button:has-text('Record this step')")
    summary = page.locator("main > .govuk-error-summary")
    assert "Give the reason for this step" in summary.inner_text()
    assert page.title().startswith("Error: ")
    look("nojs-escalation-error")
    # Without JavaScript the choice is kept as it was sent; the reason is given this time.
    assert page.locator("input[name='escalation-to'][value='lifted']").is_checked()
    page.fill("textarea[name='escalation-reason']", "Outreach worker in post; plan back on track.")
    _click(page, "button:has-text('Record this step')")
    assert "Outreach worker in post" in page.locator(".moj-timeline").inner_text()
    assert "Suspension lifted" in page.locator("#escalation ~ dl").first.inner_text()
    look("nojs-escalation-lifted")
