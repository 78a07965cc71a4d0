from django.urls import path

from assurance.views import actions, assessment, evidence, review, suspension

app_name = "assurance"

AREA = "areas/<slug:slug>/"
PERIOD = AREA + "periods/<slug:period>/"

urlpatterns = [
    path("", assessment.home, name="home"),
    path(AREA, review.area, name="area"),
    # The self-assessment
    path(PERIOD, assessment.assessment, name="assessment"),
    path(PERIOD + "start/", assessment.assessment_start, name="assessment-start"),
    path(
        PERIOD + "standards/<int:number>/",
        assessment.assessment_standard,
        name="assessment-standard",
    ),
    path(PERIOD + "sign-off/", assessment.assessment_sign_off, name="assessment-sign-off"),
    path(PERIOD + "submit/", assessment.assessment_submit, name="assessment-submit"),
    path(PERIOD + "correct/", assessment.assessment_correct, name="assessment-correct"),
    path(
        PERIOD + "versions/<int:version>/", assessment.assessment_version, name="assessment-version"
    ),
    # The Ministry of Justice review
    path(PERIOD + "review/", review.review, name="review"),
    path(PERIOD + "review/standards/<int:number>/rate/", review.rate, name="rate"),
    path(AREA + "challenges/new/", actions.challenge_raise, name="challenge-raise"),
    path(
        AREA + "challenges/<int:pk>/respond/", actions.challenge_respond, name="challenge-respond"
    ),
    path(AREA + "challenges/<int:pk>/close/", actions.challenge_close, name="challenge-close"),
    path(AREA + "plan/actions/new/", actions.action_add, name="action-add"),
    path(AREA + "plan/actions/<int:pk>/status/", actions.action_update, name="action-update"),
    path(AREA + "plan/actions/<int:pk>/remove/", actions.action_remove, name="action-remove"),
    path(AREA + "plan/agree/", actions.plan_agree, name="plan-agree"),
    path(AREA + "plan/revise/", actions.plan_revise, name="plan-revise"),
    path(AREA + "escalation/", actions.escalation_advance, name="escalation-advance"),
    path(AREA + "suspension/new/", suspension.suspension_request, name="suspension-request"),
    path(
        AREA + "suspension/<int:pk>/decide/",
        suspension.suspension_decide,
        name="suspension-decide",
    ),
    # Evidence
    path(AREA + "workforce/", evidence.workforce, name="workforce"),
    path(
        AREA + "workforce/<slug:period>/<slug:org>/", evidence.workforce_edit, name="workforce-edit"
    ),
    path(AREA + "engagement/", evidence.engagement, name="engagement"),
    path(AREA + "engagement/new/", evidence.engagement_edit, name="engagement-add"),
    path(AREA + "engagement/<int:pk>/", evidence.engagement_edit, name="engagement-edit"),
    path(AREA + "outreach/", evidence.outreach, name="outreach"),
    path(AREA + "outreach/new/", evidence.outreach_edit, name="outreach-add"),
    path(AREA + "outreach/<int:pk>/", evidence.outreach_edit, name="outreach-edit"),
    path(AREA + "awareness/", evidence.awareness, name="awareness"),
    path(AREA + "awareness/new/", evidence.awareness_add, name="awareness-add"),
    path(AREA + "awareness/<int:pk>/remove/", evidence.awareness_remove, name="awareness-remove"),
]
