from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.forms import add_service_errors
from portal.models import Country, Organisation, Pillar, RegionalMechanism
from portal.ratelimit import rate_limited
from portal.rules import is_verified_email
from portal.selectors import civil_society_organisations

from . import national_selectors as selectors
from . import national_services as services
from .enums import GoodPracticeStatus
from .national_forms import (
    ContactForm,
    DisseminationForm,
    GoodPracticeForm,
    ParticipationForm,
    ReviewForm,
)
from .rules import is_good_practice_submitter


def _country_or_404(code):
    return get_object_or_404(Country, code=code.upper())


# --- National coordination -------------------------------------------------------------


@login_required
@rate_limited("contact")
def coordinator_contact(request, code, coordinator_pk):
    coordinator = selectors.coordinator_for_contact(code, coordinator_pk)
    if coordinator is None:
        raise Http404
    country = coordinator.country
    # Only the person's own name: the page must never carry their email address.
    context = {
        "country": country,
        "coordinator_pk": coordinator.pk,
        "coordinator_name": coordinator.user.full_name.strip(),
    }
    if not is_verified_email(request.user):
        return render(
            request,
            "secretariat/national_contact.html",
            {**context, "unverified": True},
            status=403,
        )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordinator_contact_send(
                coordinator=coordinator,
                by=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your message was sent. The special coordinator will answer you at your "
                    "email address."
                ),
            )
            return redirect(country)
    return render(request, "secretariat/national_contact.html", {**context, "form": form})


@login_required
@rate_limited("dissemination")
def dissemination_create(request, code):
    country = _country_or_404(code)
    if not request.user.has_perm("secretariat.record_dissemination", country):
        raise PermissionDenied
    form = DisseminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _record, created = services.dissemination_record(
                country=country,
                by=request.user,
                held_on=data["held_on"],
                channel=data["channel"],
                title=data["title"],
                description=data["description"],
                audience=data["audience"],
                languages=form.all_languages(),
                link=data["link"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("The dissemination record was published."))
            else:
                messages.info(request, _("This dissemination was already recorded."))
            return redirect(f"{country.get_absolute_url()}#dissemination")
    return render(
        request, "secretariat/national_dissemination_form.html", {"country": country, "form": form}
    )


# --- Regional mechanisms ---------------------------------------------------------------


def mechanism_list(request):
    return render(
        request,
        "secretariat/mechanism_list.html",
        {"mechanisms": selectors.mechanisms_with_counts()},
    )


def mechanism_detail(request, slug):
    mechanism = selectors.mechanism_for_page(slug)
    if mechanism is None:
        raise Http404
    return render(
        request,
        "secretariat/mechanism_detail.html",
        {
            "mechanism": mechanism,
            "limit": selectors.MECHANISM_LIST_LIMIT,
            **selectors.mechanism_related(mechanism),
        },
    )


@login_required
def organisation_mechanisms(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("portal.edit_organisation", organisation):
        raise PermissionDenied
    participations = selectors.organisation_participations(organisation)
    form = ParticipationForm()
    if request.method == "POST":
        if "remove" in request.POST:
            participation = get_object_or_404(participations, pk=request.POST.get("remove"))
            services.mechanism_participation_remove(participation=participation, by=request.user)
            messages.success(
                request,
                _("“%(mechanism)s” was removed from your list.")
                % {"mechanism": participation.mechanism.name},
            )
            return redirect("organisation_mechanisms", slug=organisation.slug)
        form = ParticipationForm(request.POST)
        if form.is_valid():
            try:
                participation, created = services.mechanism_participation_save(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                text = (
                    _("“%(mechanism)s” was added to your list.")
                    if created
                    else _("Your participation in “%(mechanism)s” was updated.")
                )
                messages.success(request, text % {"mechanism": participation.mechanism.name})
                return redirect("organisation_mechanisms", slug=organisation.slug)
    return render(
        request,
        "secretariat/organisation_mechanisms.html",
        {"organisation": organisation, "participations": list(participations), "form": form},
    )


# --- Good practices ----------------------------------------------------------------------


def good_practice_list(request):
    countries = list(Country.objects.order_by("name").only("pk", "code", "name"))
    mechanisms = list(RegionalMechanism.objects.order_by("name"))
    pillars = list(Pillar.objects.order_by("number"))
    country = request.GET.get("country", "").upper()
    mechanism = request.GET.get("mechanism", "")
    pillar = request.GET.get("pillar", "")
    country = country if any(c.code == country for c in countries) else ""
    mechanism = mechanism if any(m.slug == mechanism for m in mechanisms) else ""
    numbers = {p.number for p in pillars}
    pillar = int(pillar) if pillar.isdigit() and int(pillar) in numbers else None
    practices = selectors.good_practices_public(country=country, mechanism=mechanism, pillar=pillar)
    page = Paginator(practices, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "secretariat/good_practice_list.html",
        {
            "page": page,
            "countries": countries,
            "mechanisms": mechanisms,
            "pillars": pillars,
            "selected": {"country": country, "mechanism": mechanism, "pillar": pillar},
            "filtered": bool(country or mechanism or pillar),
        },
    )


def _practice_visible_or_404(request, slug):
    practice = selectors.good_practice_for_page(slug)
    if practice is None or not request.user.has_perm("secretariat.view_good_practice", practice):
        raise Http404
    return practice


def good_practice_detail(request, slug):
    practice = _practice_visible_or_404(request, slug)
    user = request.user
    return render(
        request,
        "secretariat/good_practice_detail.html",
        {
            "practice": practice,
            "is_submitter": is_good_practice_submitter(user, practice),
            "can_review": user.has_perm("secretariat.review_good_practice", practice),
        },
    )


def _chosen_country(request, default=None):
    """The country whose commitments the form offers: posted, picked in step 1, or default."""
    source = request.POST if request.method == "POST" else request.GET
    if "country" not in source:
        return default
    code = source.get("country", "").strip().upper()
    return Country.objects.filter(code=code).first() if code else None


def _practice_form(request, *, country, initial=None):
    user = request.user
    return GoodPracticeForm(
        request.POST or None,
        initial={**(initial or {}), "country": country.code if country else ""},
        organisations=civil_society_organisations(user),
        commitments=selectors.commitment_choices(country),
        staff=user.is_staff,
    )


def _practice_fields(form):
    data = form.cleaned_data
    return {
        "language": data["language"],
        "title": data["title"],
        "summary": data["summary"],
        "description": data["description"],
        "country": data["country"],
        "mechanism": data["mechanism"],
        "commitments": data.get("commitments") or [],
        "organisation": data["organisation"],
    }


def _render_practice_form(request, form, *, country, practice=None):
    return render(
        request,
        "secretariat/good_practice_form.html",
        {
            "form": form,
            "country": country,
            "countries": Country.objects.order_by("name").only("pk", "code", "name"),
            "practice": practice,
            "commitment_limit": selectors.COMMITMENT_CHOICE_LIMIT,
        },
    )


@login_required
@rate_limited("good_practice")
def good_practice_create(request):
    if not request.user.has_perm("secretariat.submit_good_practice"):
        raise PermissionDenied
    country = _chosen_country(request)
    organisations = civil_society_organisations(request.user)
    form = _practice_form(
        request,
        country=country,
        initial={"organisation": organisations.first()} if organisations else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice, created = services.good_practice_submit(
                by=request.user, **_practice_fields(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    _(
                        "Thank you. The secretariat will review the practice and publish it, "
                        "or ask you for changes."
                    ),
                )
            else:
                messages.info(request, _("This practice was already submitted."))
            return redirect(practice)
    return _render_practice_form(request, form, country=country)


@login_required
@rate_limited("good_practice")
def good_practice_edit(request, slug):
    practice = _practice_visible_or_404(request, slug)
    if not is_good_practice_submitter(request.user, practice):
        raise PermissionDenied
    if practice.status != GoodPracticeStatus.RETURNED:
        messages.info(request, _("Only a practice returned for changes can be edited."))
        return redirect(practice)
    language = practice.original_language
    country = _chosen_country(request, default=practice.country)
    initial = {
        "language": language,
        "title": getattr(practice, f"title_{language}", "") or "",
        "summary": getattr(practice, f"summary_{language}", "") or "",
        "description": getattr(practice, f"description_{language}", "") or "",
        "mechanism": practice.mechanism,
        "organisation": practice.organisation,
        "commitments": [c.pk for c in practice.commitments.all()],
    }
    form = _practice_form(request, country=country, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.good_practice_resubmit(
                practice=practice, by=request.user, **_practice_fields(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The practice was sent to the secretariat again."))
            return redirect(practice)
    return _render_practice_form(request, form, country=country, practice=practice)


@login_required
def good_practice_review(request, slug):
    practice = _practice_visible_or_404(request, slug)
    if not request.user.has_perm("secretariat.review_good_practice", practice):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if practice.status != GoodPracticeStatus.SUBMITTED:
            messages.error(request, _("This practice is not awaiting review any more."))
            return redirect(practice)
        if form.is_valid():
            publish = form.cleaned_data["decision"] == "publish"
            try:
                services.good_practice_review(
                    practice=practice,
                    by=request.user,
                    publish=publish,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if publish:
                    messages.success(request, _("The practice is published."))
                else:
                    messages.success(request, _("The practice was returned to its submitter."))
                return redirect(reverse("good_practice_detail", args=[practice.slug]))
    return render(
        request,
        "secretariat/good_practice_review.html",
        {
            "practice": practice,
            "form": form,
            "awaiting": practice.status == GoodPracticeStatus.SUBMITTED,
        },
    )
