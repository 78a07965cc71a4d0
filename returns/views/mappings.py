"""A provider's mapping: what its case system's headings and labels mean, saved once and
applied to its next files by upload and by API (returns/services/mappings.py)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from accounts.authorization import Permission
from core.access import check, requires
from organisations.models import Provider
from reference import models as ref
from returns.forms import UploadForm
from returns.ingest.codes import CODE_COLUMNS
from returns.ingest.columns import LEAVE_OUT
from returns.models import ProviderMapping, ReturnVersion
from returns.services import SubmissionRefused, submission_start
from returns.services.mappings import HEADING_TARGETS, mapping_delete, mapping_save, rule_words
from returns.views.lookups import posted
from returns.views.submissions import _submission

NOT_CHOSEN = ""
K = ProviderMapping.Kind


def heading_choices() -> list[tuple[str, str]]:
    return [
        (NOT_CHOSEN, "Not chosen yet"),
        (LEAVE_OUT, "Leave this column out: Reach does not need it"),
        *[(name, f"{title} ({name})") for name, title in HEADING_TARGETS.items()],
    ]


def code_choices(field: str, first=()) -> list[tuple[str, str]]:
    model = ref.EthnicGroup if field == "ethnicity" else CODE_COLUMNS.get(field)
    if model is None:
        return [(NOT_CHOSEN, "Not chosen yet")]
    rows = list(model.objects.filter(disabled_on__isnull=True).order_by("order"))
    label = {r.code: getattr(r, "display_name", "") or r.label for r in rows}
    head = [(c, label.get(c, c)) for c in first]
    rest = [(r.code, label[r.code]) for r in rows if r.code not in first]
    return [(NOT_CHOSEN, "Not chosen yet"), *head, *rest]


class MapForm(forms.Form):
    """One choice per heading or label to map. Unchosen ones are left for later."""

    def __init__(self, *args, items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for i, item in enumerate(items):
            choices = (
                heading_choices()
                if item["kind"] == K.HEADING
                else code_choices(item["field"], [o["code"] for o in item.get("options", [])])
            )
            self.fields[f"m{i}"] = forms.ChoiceField(
                label=item["label"],
                help_text=item.get("hint", ""),
                choices=choices,
                required=False,
                initial=item.get("target", NOT_CHOSEN),
            )

    def rules(self) -> list[dict]:
        out = []
        for i, item in enumerate(self.items):
            target = self.cleaned_data.get(f"m{i}")
            if target:
                out.append(
                    {
                        "kind": item["kind"],
                        "field": item.get("field", ""),
                        "source": item["source"],
                        "target": target,
                    }
                )
        return out


def _provider(request, slug) -> Provider:
    provider = get_object_or_404(Provider.objects.visible_to(request.user), slug=slug)
    check(request.user, Permission.RETURN_SUBMIT, provider=provider)
    return provider


def _rule_items(provider) -> list[dict]:
    items = []
    for rule in ProviderMapping.objects.filter(provider=provider):
        where = f" in the {rule.field.replace('_', ' ')} column" if rule.field else ""
        what = "The column" if rule.kind == K.HEADING else "The label"
        items.append(
            {
                "kind": rule.kind,
                "field": rule.field,
                "source": rule.source,
                "target": rule.target,
                "label": f"{what} '{rule.source}'{where}",
                "words": rule_words(rule.as_record()),
                "rule": rule,
            }
        )
    return items


@requires(Permission.RETURN_SUBMIT)
def mapping(request, provider):
    """The provider's saved rules: each shown, changeable and removable."""
    provider = _provider(request, provider)
    items = _rule_items(provider)
    form = MapForm(posted(request), items=items)
    if request.method == "POST":
        if "remove" in request.POST:
            rule = get_object_or_404(ProviderMapping, provider=provider, pk=request.POST["remove"])
            mapping_delete(rule=rule, by=request.user)
            messages.success(request, f"Reach no longer reads '{rule.source}' in a special way.")
            return redirect("returns:mapping", provider.slug)
        if form.is_valid():
            try:
                mapping_save(provider=provider, rules=form.rules(), by=request.user)
            except SubmissionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, "Your mapping is saved. Reach applies it to your next files."
                )
                return redirect("returns:mapping", provider.slug)
    return render(
        request,
        "returns/mapping.html",
        {
            "page_title": f"Your mapping: {provider}",
            "provider": provider,
            "form": form,
            "rows": list(zip(items, [form[f"m{i}"] for i in range(len(items))], strict=True)),
        },
        status=400 if form.errors else 200,
    )


def _items_to_map(submission) -> list[dict]:
    to_map = (submission.detail_examples or {}).get("to_map", {})
    items = []
    missing = to_map.get("missing", [])
    for h in to_map.get("headings", []):
        hint = "Reach left this column out."
        if missing:
            hint += (
                " Your file has no "
                + " or ".join(m.replace("_", " ") for m in missing)
                + " column: is it this one?"
            )
        items.append(
            {
                "kind": K.HEADING,
                "source": h["heading"],
                "label": f"The column '{h['heading']}'",
                "hint": hint,
            }
        )
    for label in to_map.get("labels", []):
        field = label["field"]
        options = label.get("options", [])
        if label["ambiguous"]:
            hint = (
                "It could mean any of: "
                + ", ".join(o["label"] for o in options)
                + ". Which does it mean in your files?"
            )
        else:
            hint = f"Reach does not know this label. It is on {label['count']} row{'s' if label['count'] != 1 else ''}."
        items.append(
            {
                "kind": K.VALUE,
                "field": field,
                "source": label["value"],
                "options": options,
                "label": f"'{label['value']}' in the column '{label['column']}'",
                "hint": hint,
            }
        )
    return items


@requires(Permission.RETURN_SUBMIT)
def submission_map(request, pk):
    """Map what a checked file held that Reach could not read, then check the file again."""
    submission = _submission(request, pk)
    check(
        request.user, Permission.RETURN_SUBMIT, provider=submission.provider, area=submission.area
    )
    items = _items_to_map(submission)
    form = MapForm(posted(request), items=items)
    upload = UploadForm(*posted(request, files=True))
    upload.fields["file"].required = False
    upload.fields["file"].label = "Check the file again with this mapping (optional)"
    if request.method == "POST" and form.is_valid() and upload.is_valid():
        try:
            saved = mapping_save(provider=submission.provider, rules=form.rules(), by=request.user)
            file = upload.cleaned_data.get("file")
            if file:
                again = submission_start(
                    provider=submission.provider,
                    area=submission.area,
                    period=submission.period,
                    submitted_by=request.user,
                    channel=ReturnVersion.Channel.UPLOAD,
                    data=file.read(),
                    file_name=file.name,
                )
                messages.success(
                    request,
                    f"{len(saved)} rule{'s' if len(saved) != 1 else ''} saved. Reach is checking the file again.",
                )
                return redirect("returns:submission", pk=again.pk)
        except SubmissionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"{len(saved)} rule{'s' if len(saved) != 1 else ''} saved. Reach applies them to your next files.",
            )
            return redirect("returns:mapping", submission.provider.slug)
    return render(
        request,
        "returns/submission_map.html",
        {
            "page_title": "Say what your columns and labels mean",
            "submission": submission,
            "form": form,
            "upload": upload,
            "fields": [form[f"m{i}"] for i in range(len(items))],
            "kept": submission.has_detail,
        },
        status=400 if form.errors or upload.errors else 200,
    )
