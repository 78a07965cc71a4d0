"""Managing people on pages: invitations, roles, switching accounts off and on.

Who may do what to whom is accounts/people.py; which accounts a person sees is
accounts/scope.py (`Scope.people`): a person outside it is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from accounts import people, services
from accounts.authorization import Permission
from accounts.forms import AcceptInvitationForm, AddRoleForm, InvitationForm
from accounts.models import Invitation, Membership, User
from accounts.scope import scope_for
from core.access import is_verified, public, requires

PAGE_SIZE = 50


def _manager(request):
    if not people.may_manage_people(request.user):
        raise PermissionDenied
    return scope_for(request.user)


def _visible_people(request):
    return _manager(request).people(User.objects.all())


@requires(Permission.PEOPLE_MANAGE)
def people_list(request):
    scope = _manager(request)
    query = request.GET.get("q", "").strip()
    qs = scope.people(User.objects.all()).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("provider", "area"))
    )
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(memberships__provider__name__icontains=query)
            | Q(memberships__area__name__icontains=query)
        ).distinct()
    page = Paginator(qs.order_by("username"), PAGE_SIZE).get_page(request.GET.get("page"))
    invitations = (
        scope.invitations(Invitation.objects.pending())
        .select_related("provider", "area", "invited_by")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "accounts/people.html",
        {
            "page_title": "People",
            "page": page,
            "query": query,
            "invitations": invitations,
            "can_invite": bool(people.invitable_roles(request.user)),
        },
    )


@requires(Permission.PEOPLE_MANAGE)
def invite(request):
    _manager(request)
    form = InvitationForm(request.POST if request.method == "POST" else None, actor=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = services.invitation_send(
                    by=request.user,
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    area=data.get("area"),
                    provider=data.get("provider"),
                    is_lead=data.get("is_lead", False),
                )
            except services.Refused as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email} ({invitation.describe()}). "
                    f"The link works once, for {invitation.days_valid} days.",
                )
                return redirect("accounts:people")
    return render(
        request,
        "accounts/invite.html",
        {
            "page_title": ("Error: " if form.errors else "") + "Invite someone",
            "form": form,
            "days": settings.INVITATION_DAYS,
        },
        status=status,
    )


@requires(Permission.PEOPLE_MANAGE)
def invitation_withdraw(request, pk):
    scope = _manager(request)
    invitation = get_object_or_404(scope.invitations(Invitation.objects.all()), pk=pk)
    if request.method == "POST":
        try:
            services.invitation_withdraw(invitation=invitation, by=request.user)
            messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
        except services.Refused as error:
            messages.error(request, str(error))
    return redirect("accounts:people")


PERSON_ACTIONS = {"deactivate", "reactivate", "two_factor_reset", "add_role", "remove", "lead"}


@requires(Permission.PEOPLE_MANAGE)
def person(request, pk):
    person = get_object_or_404(_visible_people(request), pk=pk)
    memberships = list(person.memberships.select_related("provider", "area"))
    form = AddRoleForm(
        request.POST if request.POST.get("action") == "add_role" else None, actor=request.user
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in PERSON_ACTIONS:
            messages.error(request, "That could not be done: choose one of the buttons.")
            return redirect("accounts:person", pk)
        try:
            done = _act(request, person, memberships, action, form)
        except services.Refused as error:
            messages.error(request, str(error))
            return redirect("accounts:person", pk)
        if done:
            messages.success(request, done)
            return redirect("accounts:person", pk)
        status = 400
    return render(
        request,
        "accounts/person.html",
        {
            "page_title": ("Error: " if form.errors else "") + person.display_name,
            "person": person,
            "memberships": [
                {"m": m, "manageable": people.may_manage_membership(request.user, m)}
                for m in memberships
            ],
            "may_manage_user": people.may_manage_user(request.user, person),
            "may_reset": people.is_assessor(request.user) and person.pk != request.user.pk,
            "has_app": person.totpdevice_set.filter(confirmed=True).exists(),
            "form": form,
        },
        status=status,
    )


def _membership(memberships, raw) -> Membership:
    found = next((m for m in memberships if str(m.pk) == str(raw)), None)
    if found is None:
        raise services.Refused("That role is no longer there: the page was out of date.")
    return found


def _act(request, person, memberships, action, form) -> str | None:
    """Do one action; the success message, or None when the form has errors."""
    by = request.user
    name = person.display_name
    if action == "deactivate":
        services.user_deactivate(user=person, by=by)
        return f"{name}'s account is switched off. They cannot sign in, and their sessions ended."
    if action == "reactivate":
        services.user_reactivate(user=person, by=by)
        return f"{name}'s account is switched on again."
    if action == "two_factor_reset":
        services.two_factor_reset(user=person, by=by)
        return (
            f"{name}'s two-factor sign-in was reset. They set up a new app when they next sign in."
        )
    if action == "remove":
        membership = _membership(memberships, request.POST.get("membership"))
        services.membership_remove(membership=membership, by=by)
        return f"{name} no longer has the role {membership.describe()}."
    if action == "lead":
        membership = _membership(memberships, request.POST.get("membership"))
        make_lead = request.POST.get("is_lead") == "yes"
        services.membership_set_lead(membership=membership, is_lead=make_lead, by=by)
        return f"{name} is {'now' if make_lead else 'no longer'} the lead of {membership.provider}."
    if not form.is_valid():
        return None
    data = form.cleaned_data
    membership = services.membership_add(
        user=person,
        by=by,
        role=data["role"],
        area=data.get("area"),
        provider=data.get("provider"),
        is_lead=data.get("is_lead", False),
    )
    return f"{name} now has the role {membership.describe()}."


@sensitive_post_parameters("new_password1", "new_password2")
@public
def invitation(request, token):
    """The link in an invitation email: set up an account, or take the role."""
    try:
        found = services.invitation_check(Invitation.find(token))
    except services.Refused as error:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {
                "page_title": "This invitation link cannot be used",
                "message": str(error),
                "days": settings.INVITATION_DAYS,
            },
            status=410,
        )
    existing = User.objects.filter(username=found.email).first()
    if existing is not None:
        return _accept_existing(request, found, existing)
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        email=found.email,
        initial={"full_name": found.full_name},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    invitation=found,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["new_password1"],
                )
            except services.Refused as error:
                form.add_error(None, str(error))
            else:
                login(request, user, backend="accounts.backends.EmailBackend")
                messages.success(
                    request, "Your account is ready. Now set up your authenticator app."
                )
                return redirect("accounts:two-factor-set-up")
    return render(
        request,
        "accounts/invitation.html",
        {
            "page_title": ("Error: " if form.errors else "") + "Set up your Reach account",
            "invitation": found,
            "form": form,
        },
        status=status,
    )


def _accept_existing(request, found, existing):
    signed_in_as_them = is_verified(request.user) and request.user.pk == existing.pk
    if request.method == "POST" and signed_in_as_them:
        try:
            membership = services.invitation_accept_existing(invitation=found, user=request.user)
        except services.Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You now have the role {membership.describe()}.")
            return redirect("core:home")
    return render(
        request,
        "accounts/invitation_existing.html",
        {
            "page_title": "Accept your invitation",
            "invitation": found,
            "signed_in_as_them": signed_in_as_them,
        },
    )
