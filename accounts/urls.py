from django.urls import path

from accounts.views import account, passwords, people, signing_in, two_factor

app_name = "accounts"

urlpatterns = [
    path("", account.account, name="account"),
    path("sign-in/", signing_in.sign_in, name="sign-in"),
    path("sign-out/", signing_in.sign_out, name="sign-out"),
    path("sign-out-everywhere/", signing_in.sign_out_everywhere, name="sign-out-everywhere"),
    path("two-factor/", two_factor.verify, name="two-factor"),
    path("two-factor/set-up/", two_factor.set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", two_factor.recovery_codes, name="recovery-codes"),
    path("password/", passwords.password_change, name="password-change"),
    path("password-reset/", passwords.password_reset, name="password-reset"),
    path("password-reset/sent/", passwords.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        passwords.password_reset_complete,
        name="password-reset-complete",
    ),
    path("people/", people.people_list, name="people"),
    path("people/invite/", people.invite, name="invite"),
    path("people/<int:pk>/", people.person, name="person"),
    path("invitations/<int:pk>/withdraw/", people.invitation_withdraw, name="invitation-withdraw"),
    path("invitations/<str:token>/", people.invitation, name="invitation"),
    path("lock-outs/", account.lockouts, name="lockouts"),
]
