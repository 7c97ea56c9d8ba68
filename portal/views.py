from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rules.contrib.views import objectgetter, permission_required

from . import selectors, services
from .dashboard import todos_for
from .enums import MembershipRole, OrganisationKind
from .forms import OrganisationFilterForm, OrganisationForm, ProfileForm
from .models import Country, MechanismParticipation, Membership, Notification, Organisation
from .ratelimit import rate_limited


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "pillars": selectors.pillars_with_activity(),
            "figures": selectors.portal_figures(),
        },
    )


# --- Health ---------------------------------------------------------------------


def healthz(request):
    """Liveness: the process answers; touches no database."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database, the cache and the task broker answer; 503 otherwise.

    Each dependency is reported as "ok" or "unavailable"; the broker is "eager" when
    tasks run in the web process (development), which counts as ready.
    """
    from . import health

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = health.OK
    except DatabaseError:
        checks["database"] = health.UNAVAILABLE
    checks["cache"] = health.cache_status(cache)
    checks["broker"] = health.broker_status()
    ok = all(status in health.READY for status in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503
    )


# --- Organisations --------------------------------------------------------------


def organisation_list(request):
    countries = list(Country.objects.all())
    form = OrganisationFilterForm(request.GET or None, countries=countries)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisations_public(**{k: v for k, v in filters.items() if v})
    page = Paginator(organisations, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/organisation_list.html",
        {"form": form, "page": page, "total": page.paginator.count},
    )


def organisation_detail(request, slug):
    participations = MechanismParticipation.objects.select_related("mechanism").order_by(
        "mechanism__name"
    )
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            "countries", Prefetch("mechanism_participations", queryset=participations)
        ).select_related("verified_by"),
        slug=slug,
    )
    user = request.user
    context = {"organisation": organisation}
    if user.has_perm("portal.view_members", organisation):
        memberships = list(selectors.organisation_memberships(organisation))
        context["members"] = [m for m in memberships if m.accepted]
        if user.has_perm("portal.manage_members", organisation):
            context["pending"] = [m for m in memberships if not m.accepted]
    if user.is_authenticated:
        context["own_membership"] = Membership.objects.filter(
            user=user, organisation=organisation
        ).first()
    context["member_count"] = organisation.memberships.filter(accepted=True).count()
    return render(request, "portal/organisation_detail.html", context)


@login_required
@rate_limited("organisation_create")
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lang = data["original_language"]
        with transaction.atomic():
            organisation = services.organisation_create(
                by=request.user,
                countries=data["countries"],
                name=data["name"],
                acronym=data["acronym"],
                kind=data["kind"],
                level=data["level"],
                website=data["website"],
                original_language=lang,
                focus=data["focus"],
                leadership=data["leadership"],
                **{f"description_{lang}": data["description"]},
            )
        messages.success(
            request,
            _(
                "Your organisation was created. The secretariat will verify it; until then it "
                "cannot apply to registration calls."
            ),
        )
        return redirect(organisation)
    return render(request, "portal/organisation_form.html", {"form": form, "creating": True})


@login_required
@permission_required(
    "portal.edit_organisation", fn=objectgetter(Organisation, "slug", "slug"), raise_exception=True
)
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        lang = form.cleaned_data["original_language"]
        with transaction.atomic():
            organisation = form.save(commit=False)
            setattr(organisation, f"description_{lang}", form.cleaned_data["description"])
            organisation.save()
            form.save_m2m()
        messages.success(request, _("The organisation's profile was saved."))
        return redirect(organisation)
    return render(
        request, "portal/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
@rate_limited("membership_request")
def organisation_join(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("portal.request_membership", organisation):
        messages.info(request, _("You are already a member of this organisation."))
        return redirect(organisation)
    membership = services.membership_request(organisation=organisation, by=request.user)
    if not membership.accepted:
        messages.success(
            request,
            _("Your request was sent. An administrator of the organisation will answer it."),
        )
    return redirect(organisation)


@login_required
@require_POST
def membership_decide(request, slug, membership_id):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("portal.manage_members", organisation):
        raise PermissionDenied
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            services.membership_accept(membership=membership, by=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
        elif decision == "decline":
            services.membership_decline(membership=membership, by=request.user)
            messages.success(request, _("The request was declined."))
        elif decision in (MembershipRole.ADMIN, MembershipRole.MEMBER):
            services.membership_set_role(membership=membership, by=request.user, role=decision)
            messages.success(request, _("The member's role was changed."))
        else:
            messages.error(request, _("Choose an action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(organisation)


@login_required
@require_POST
def organisation_verify(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("portal.verify_organisation", organisation):
        raise PermissionDenied
    verified = request.POST.get("verified") != "no"
    services.organisation_verify(organisation=organisation, by=request.user, verified=verified)
    if verified:
        messages.success(request, _("The organisation is now verified."))
    else:
        messages.success(request, _("The organisation is no longer verified."))
    return redirect(organisation)


# --- Countries and pillars --------------------------------------------------------


def country_list(request):
    countries = Country.objects.annotate(
        organisation_count=Count("organisations", distinct=True),
        package_count=Count("action_packages", distinct=True),
    )
    return render(request, "portal/country_list.html", {"countries": countries})


# --- Personal pages ---------------------------------------------------------------


@login_required
def dashboard(request):
    user = request.user
    memberships = list(selectors.user_memberships(user))
    admin_org_ids = [m.organisation_id for m in memberships if m.is_admin]
    pending_requests = Membership.objects.filter(
        organisation_id__in=admin_org_ids, accepted=False
    ).select_related("user", "organisation")
    context = {
        "memberships": [m for m in memberships if m.accepted],
        "my_requests": [m for m in memberships if not m.accepted],
        "pending_requests": pending_requests,
        "notifications": Notification.objects.filter(recipient=user)[:10],
        "todos": todos_for(user),
    }
    if user.has_perm("portal.access_staff_tools"):
        context["unverified"] = Organisation.objects.filter(verified=False).exclude(
            kind=OrganisationKind.SECRETARIAT
        )[:20]
        context["unverified_count"] = Organisation.objects.filter(verified=False).count()
    return render(request, "portal/dashboard.html", context)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(request, "portal/profile.html", {"form": form})
