"""Accounts in Chromium: an invitation, setting up an authenticator app, signing in with
a code, and resetting the password by email, read from the server's console mail.
Each page is checked with axe-core and kept as a screenshot (accounts-NN-*.png)."""

import base64
import re
import time

from tests.browser.conftest import (
    check_accessibility,
    demo_code,
    screenshot,
    server_log,
    sign_in,
)

NEW = "new.commissioner@example.gov.uk"
PASSWORD = "a long pass phrase for reach"
NEW_PASSWORD = "another long pass phrase"


class Looker:
    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, name: str) -> None:
        self.count += 1
        check_accessibility(self.page)
        screenshot(self.page, f"accounts-{self.count:02d}-{name}")


def _click(page, selector: str) -> None:
    with page.expect_navigation(timeout=30_000):
        page.locator(selector).first.click()


def _link_in_mail(server_env, path: str, after: int) -> str:
    for _ in range(50):
        found = re.findall(rf"https?://\S+({path}\S+/)", server_log(server_env)[after:])
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no email with {path} in the server's output")


def test_invitation_enrolment_sign_in_and_reset(page, server_env):
    look = Looker(page)

    # The assessor invites a commissioner for West Midlands.
    sign_in(page, "assessor@reach.example")
    page.goto("/account/people/")
    look("people")
    _click(page, "a:has-text('Invite someone')")
    page.fill("#id_email", NEW)
    page.fill("#id_full_name", "New Commissioner")
    page.check("input[name='role'][value='commissioner']")
    page.select_option("#id_area", label="West Midlands")
    look("invite")
    mark = len(server_log(server_env))
    _click(page, "button:has-text('Send the invitation')")
    assert f"Invitation sent to {NEW}" in page.locator("main").inner_text()
    assert NEW in page.locator("main").inner_text()
    look("invited")
    link = _link_in_mail(server_env, "/account/invitations/", mark)
    page.context.clear_cookies()

    # They open the link, choose a password, and set up an authenticator app.
    page.goto(link)
    look("invitation")
    page.fill("#id_full_name", "New Commissioner")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", "not the same")
    _click(page, "button:has-text('Create account')")
    assert (
        "The two passwords are not the same." in page.locator(".govuk-error-summary").inner_text()
    )
    look("invitation-error")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    _click(page, "button:has-text('Create account')")
    assert "/account/two-factor/set-up/" in page.url
    assert page.locator("img.reach-qr").get_attribute("src").startswith("data:image/svg+xml")
    look("set-up")
    key = base64.b32decode(page.locator("#secret-key").inner_text().replace(" ", ""))
    page.fill("#id_code", "123456")
    _click(page, "button:has-text('Continue')")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    time.sleep(1.1)  # wrong codes in a row are slowed down
    page.fill("#id_code", demo_code(NEW, key))
    _click(page, "button:has-text('Continue')")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    look("recovery-codes")
    _click(page, "a:has-text('I have kept my recovery codes')")
    assert "New Commissioner" in page.locator("h1").inner_text()
    assert "commissioner" in page.locator("main").inner_text()
    look("home")
    page.context.clear_cookies()

    # Signing in again: the password, then the newest code.
    page.goto("/account/sign-in/")
    page.fill("#id_username", NEW.upper())
    page.fill("#id_password", PASSWORD)
    _click(page, "button:has-text('Continue')")
    look("code")
    page.fill("#id_code", demo_code(NEW, key))
    _click(page, "button:has-text('Sign in')")
    assert "What to do next" in page.locator("main").inner_text()
    page.context.clear_cookies()

    # A forgotten password: reset by the emailed link.
    page.goto("/account/sign-in/")
    _click(page, "a:has-text('I have forgotten my password')")
    page.fill("#id_email", NEW)
    look("reset")
    mark = len(server_log(server_env))
    _click(page, "button:has-text('Send the link')")
    assert "Check your email" in page.locator("h1").inner_text()
    look("reset-sent")
    page.goto(_link_in_mail(server_env, "/account/password-reset/", mark))
    page.wait_for_load_state()
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    look("reset-choose")
    _click(page, "button:has-text('Change password')")
    assert "Your password has been changed" in page.locator("h1").inner_text()
    look("reset-done")
    _click(page, "a:has-text('Sign in')")
    page.fill("#id_username", NEW)
    page.fill("#id_password", NEW_PASSWORD)
    _click(page, "button:has-text('Continue')")
    page.fill("#id_code", codes[0])  # a recovery code, this time
    _click(page, "button:has-text('Sign in')")
    assert "You signed in with a recovery code" in page.locator("main").inner_text()
    look("signed-in-with-recovery-code")

    # The assessor sees it all in the audit trail.
    page.context.clear_cookies()
    sign_in(page, "assessor@reach.example")
    page.goto(f"/audit/?who={NEW}")
    text = page.locator("main").inner_text()
    for what in ("Invitation accepted", "Authenticator app set up", "Password reset by email link"):
        assert what in text, what
    look("audit")
