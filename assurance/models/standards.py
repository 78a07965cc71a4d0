"""The Quality Standards as data: an edition of the guidance, its standards and prompts.

Loaded from assurance/data/ by `manage.py load_standards` (assurance/standards.py). A new
edition of the guidance adds rows; old rows are never rewritten, so every answer keeps
pointing at the prompt it was written against.
"""

from django.db import models


class StandardsEdition(models.Model):
    """One published edition of the guidance (e.g. May 2021)."""

    code = models.CharField(max_length=20, unique=True)  # "2021-05"
    title = models.CharField(max_length=300)
    published = models.CharField(max_length=40)  # as the guidance writes it: "May 2021"
    published_on = models.DateField()
    publisher = models.CharField(max_length=200)
    source = models.TextField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published})"

    @classmethod
    def current(cls) -> "StandardsEdition | None":
        """The latest edition: a new self-assessment is written against it."""
        return cls.objects.order_by("-published_on").first()


class QualityStandard(models.Model):
    edition = models.ForeignKey(
        StandardsEdition, on_delete=models.PROTECT, related_name="standards"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)  # the chapter's short name, e.g. "Raising awareness"
    chapter_title = models.CharField(max_length=300)
    statement = models.TextField()  # verbatim, from the executive summary
    chapter_statement = models.TextField()  # verbatim, as the chapter restates it
    key_messages = models.JSONField(default=list)  # verbatim: the bold bullets

    class Meta:
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="unique_standard_number")
        ]

    def __str__(self) -> str:
        return f"Quality Standard {self.number}: {self.title}"


class Prompt(models.Model):
    """One of the guidance's "Prompts for commissioners to consider" for a standard.

    "What do you know about?" (Quality Standard 1) is a heading with four sub-prompts:
    the heading is not answered itself (`answerable` False), each part is.
    """

    standard = models.ForeignKey(QualityStandard, on_delete=models.PROTECT, related_name="prompts")
    number = models.CharField(max_length=10)  # "1", "1a", ...
    order = models.PositiveSmallIntegerField()
    text = models.TextField()  # verbatim
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="parts"
    )
    answerable = models.BooleanField(default=True)
    optional = models.BooleanField(default=False)  # sign-off does not wait for an answer
    help = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="unique_prompt_number")
        ]

    def __str__(self) -> str:
        return f"QS{self.standard.number} prompt {self.number}"
