"""A web-form return being typed in, between visits: counts only."""

from django.conf import settings
from django.db import models


class WebFormDraft(models.Model):
    """The counts a provider has typed into the web form so far, for one return.

    `counts` is {crime type code: {ethnic group code: {"referrals": n, outcome code: n}}};
    `done` lists the crime types whose page has been saved. Nothing here counts until it
    is sent through the "check your answers" step; the draft is then deleted.

    `places` is where the victims live, an optional page: {"not_recorded": bool,
    "chosen": [local authority code], "counts": {local authority code: {ethnic group
    code: n}}, "done": [local authority code]}; empty until the page is first saved.
    """

    provider = models.ForeignKey(
        "organisations.Provider", on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey("reference.Area", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("returns.Period", on_delete=models.CASCADE, related_name="+")
    crime_types = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    done = models.JSONField(default=list, blank=True)
    places = models.JSONField(default=dict, blank=True)
    based_on = models.ForeignKey(
        "returns.ReturnVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "area", "period"], name="one_web_form_draft_per_return"
            )
        ]

    def __str__(self) -> str:
        return f"Web-form draft of {self.provider} for {self.area}, {self.period}"
