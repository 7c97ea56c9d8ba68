"""The read-only public API (``/api/v1/``): serializers, filters and viewsets.

Only public data leaves here: commitments that are not drafts and what hangs off
them, indicators and their data points, countries and pillars. No person is ever
named; organisations are.
"""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination

from portal.models import ActionPackage, Country, Pillar
from portal.translation_utils import translated

from .enums import (
    CsoRating,
    GovernmentStatus,
    IndicatorKind,
    IndicatorStatus,
    Publication,
    Reporter,
)
from .models import Commitment, CsoAssessment, DataPoint, Indicator, ProgressUpdate
from .selectors import (
    SORTS,
    TrackerFilters,
    commitments_public,
    progress_percent,
    with_tracker_relations,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PUBLIC_STATES = [state for state in Publication.values if state != Publication.DRAFT]


# --- Language -------------------------------------------------------------------


def _accept_language(header):
    """Language ranges of an Accept-Language header, best first (stable for ties)."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranges.append((-quality, position, tag.strip().lower()))
    return [tag for _q, _pos, tag in sorted(ranges)]


def api_language(request):
    """``?lang=xx`` when it names one of the portal's languages, else the best
    match of the Accept-Language header, else the default language.

    Cookies are ignored on purpose: the same URL and header give the same answer.
    """
    requested = request.GET.get("lang", "").strip().lower()
    if requested in LANGUAGE_CODES:
        return requested
    for tag in _accept_language(request.headers.get("Accept-Language", "")):
        if tag == "*":
            break
        base = tag.split("-")[0]
        if base in LANGUAGE_CODES:
            return base
    return settings.LANGUAGE_CODE


LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=LANGUAGE_CODES,
    description=_(
        "Language of translated texts. Without it, the best match of the "
        "Accept-Language header is used, else English. A text missing in that "
        "language falls back to its original language; the *_language fields "
        "say which language is shown."
    ),
)


class ApiSchema(AutoSchema):
    """Documents the ``lang`` parameter on every operation."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANG_PARAMETER]


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


# --- Serializer fields ----------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class TranslatedField(serializers.Field):
    """A translated model field in the chosen language, or its fallback."""

    def __init__(self, model_field=None, **kwargs):
        self.model_field = model_field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.model_field = self.model_field or field_name

    def to_representation(self, value):
        return translated(value, self.model_field).text


def _enum_schema(values):
    return {"type": "string", "enum": list(values)}


# Choice sets shared by several fields are named schema components, so the schema
# never depends on enum names guessed from field names.
LANGUAGE_SCHEMA = _enum_schema(LANGUAGE_CODES)


@extend_schema_field(LANGUAGE_SCHEMA, component_name="Language")
class LanguageField(serializers.Field):
    """A language code; with ``translation_of``, the language that translated
    field is actually shown in (the requested one, or its fallback)."""

    def __init__(self, translation_of=None, **kwargs):
        self.translation_of = translation_of
        if translation_of:
            kwargs["source"] = "*"
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if self.translation_of:
            return translated(value, self.translation_of).language
        return value


@extend_schema_field(_enum_schema(GovernmentStatus.values), component_name="GovernmentStatus")
class GovernmentStatusField(serializers.CharField):
    """A status reported by a government."""


@extend_schema_field(_enum_schema(IndicatorStatus.values), component_name="IndicatorStatus")
class IndicatorStatusField(serializers.CharField):
    """The review status of an indicator."""


def _absolute(request, path):
    return request.build_absolute_uri(path) if request else path


def _page_url(serializer, obj):
    """The object's page in the portal, or None where the portal has no such page."""
    try:
        path = obj.get_absolute_url()
    except NoReverseMatch:
        return None
    return _absolute(serializer.context.get("request"), path)


# --- Serializers ----------------------------------------------------------------


class CommitmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The commitment's page in the portal."))
    title = TranslatedField()
    title_language = LanguageField(translation_of="title")
    description = TranslatedField()
    description_language = LanguageField(translation_of="description")
    countries = serializers.SerializerMethodField(
        help_text=_("ISO 3166 codes of the committing countries.")
    )
    pillar = serializers.IntegerField(source="pillar.number", read_only=True)
    action_package = serializers.IntegerField(
        source="action_package.number", read_only=True, allow_null=True
    )
    progress = serializers.SerializerMethodField(
        help_text=_(
            "Percent complete: the weighted share of milestones done, or the reported "
            "percentage when there are no milestones."
        )
    )
    cso_ratings = serializers.SerializerMethodField(
        help_text=_("Ratings given by civil-society assessments of this commitment.")
    )
    source_file_url = serializers.SerializerMethodField()
    original_language = LanguageField()
    status = GovernmentStatusField(read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "title",
            "title_language",
            "description",
            "description_language",
            "original_language",
            "countries",
            "pillar",
            "action_package",
            "status",
            "percent_complete",
            "progress",
            "publication",
            "announced_on",
            "target_date",
            "source_url",
            "source_file_url",
            "cso_ratings",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str | None:
        return _page_url(self, obj)

    def get_countries(self, obj) -> list[str]:
        return sorted(country.code for country in obj.countries.all())

    def get_progress(self, obj) -> int | None:
        return progress_percent(obj)

    def get_cso_ratings(self, obj) -> list[str]:
        return sorted(assessment.rating for assessment in obj.assessments.all())

    def get_source_file_url(self, obj) -> str | None:
        if not obj.source_file:
            return None
        return _absolute(self.context.get("request"), reverse("commitment_source", args=[obj.pk]))


class ProgressUpdateSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        source="country.code", read_only=True, help_text=_("ISO code of the reporting country.")
    )
    text = TranslatedField()
    text_language = LanguageField(translation_of="text")
    evidence_file_url = serializers.SerializerMethodField()
    original_language = LanguageField()
    status = GovernmentStatusField(read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "commitment",
            "country",
            "status",
            "percent_complete",
            "text",
            "text_language",
            "original_language",
            "evidence_url",
            "evidence_file_url",
            "published_at",
        ]
        read_only_fields = fields

    def get_evidence_file_url(self, obj) -> str | None:
        if not obj.evidence_file:
            return None
        path = reverse("progress_update_evidence", args=[obj.commitment_id, obj.pk])
        return _absolute(self.context.get("request"), path)


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)


class AssessmentSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    text = TranslatedField()
    text_language = LanguageField(translation_of="text")
    original_language = LanguageField()

    class Meta:
        model = CsoAssessment
        fields = [
            "id",
            "commitment",
            "organisation",
            "rating",
            "text",
            "text_language",
            "original_language",
            "evidence_url",
            "updated_at",
        ]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The indicator's page in the portal."))
    name = TranslatedField()
    name_language = LanguageField(translation_of="name")
    methodology = TranslatedField()
    methodology_language = LanguageField(translation_of="methodology")
    pillars = serializers.SerializerMethodField(help_text=_("Numbers of the linked pillars."))
    commitments = serializers.SerializerMethodField(
        help_text=_("Identifiers of the linked public commitments.")
    )
    proposed_by = OrganisationRefSerializer(read_only=True, allow_null=True)
    original_language = LanguageField()
    status = IndicatorStatusField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "url",
            "name",
            "name_language",
            "methodology",
            "methodology_language",
            "original_language",
            "kind",
            "unit",
            "direction",
            "status",
            "pillars",
            "commitments",
            "proposed_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str | None:
        return _page_url(self, obj)

    def get_pillars(self, obj) -> list[int]:
        return sorted(pillar.number for pillar in obj.pillars.all())

    def get_commitments(self, obj) -> list[int]:
        return sorted(commitment.pk for commitment in obj.commitments.all())


class DataPointSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    period = serializers.CharField(
        source="period_label", read_only=True, help_text=_("e.g. 2024, 2024-Q2 or 2024-05-01")
    )
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, coerce_to_string=False, read_only=True, allow_null=True
    )
    organisation = OrganisationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = DataPoint
        fields = [
            "id",
            "indicator",
            "country",
            "period_kind",
            "period_start",
            "period",
            "value",
            "rating",
            "text",
            "source",
            "reported_by",
            "organisation",
            "verification",
        ]
        read_only_fields = fields


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The country's page in the portal."))
    name = TranslatedField()
    name_language = LanguageField(translation_of="name")
    commitment_count = serializers.IntegerField(
        read_only=True, help_text=_("Number of public commitments.")
    )

    class Meta:
        model = Country
        fields = ["code", "url", "name", "name_language", "endorsed_on", "commitment_count"]
        read_only_fields = fields

    def get_url(self, obj) -> str | None:
        return _page_url(self, obj)


class ActionPackageSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    name_language = LanguageField(translation_of="name")

    class Meta:
        model = ActionPackage
        fields = ["number", "slug", "name", "name_language"]
        read_only_fields = fields


class PillarSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The pillar's page in the portal."))
    name = TranslatedField()
    name_language = LanguageField(translation_of="name")
    description = TranslatedField()
    description_language = LanguageField(translation_of="description")
    action_packages = ActionPackageSerializer(many=True, read_only=True)
    commitment_count = serializers.IntegerField(
        read_only=True, help_text=_("Number of public commitments.")
    )

    roman = serializers.CharField(read_only=True, help_text=_("The number in Roman numerals."))

    class Meta:
        model = Pillar
        fields = [
            "number",
            "roman",
            "url",
            "name",
            "name_language",
            "description",
            "description_language",
            "action_packages",
            "commitment_count",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str | None:
        return _page_url(self, obj)


# --- Filters --------------------------------------------------------------------


class TrackerFilterBackend(BaseFilterBackend):
    """The tracker's own filters, through its selector, so both list the same rows.

    Unknown values are dropped, as on the tracker page.
    """

    parameters = [
        ("country", "string", None, _("ISO code of a committing country, e.g. CO.")),
        ("pillar", "integer", None, _("Number of the pillar (1 to 4).")),
        ("package", "integer", None, _("Number of the action package (1 to 11).")),
        ("status", "string", GovernmentStatus.values, _("Status reported by the government.")),
        ("cso", "string", CsoRating.values, _("Rating given in a civil-society assessment.")),
        ("q", "string", None, _("Words to find in the title or description, any language.")),
        ("sort", "string", list(SORTS), _("Order of the results; newest first by default.")),
    ]

    def filter_queryset(self, request, queryset, view):
        # The view's queryset is the unfiltered selector; rebuilding it from the
        # query string only narrows it, with the tracker's ordering.
        tracker_filters = TrackerFilters.from_query(request.query_params)
        return with_tracker_relations(commitments_public(tracker_filters))

    def get_schema_operation_parameters(self, view):
        params = []
        for name, kind, choices, description in self.parameters:
            schema = {"type": kind}
            if choices:
                schema["enum"] = choices
            params.append(
                {
                    "name": name,
                    "required": False,
                    "in": "query",
                    "description": str(description),
                    "schema": schema,
                }
            )
        return params


class ProgressUpdateFilter(filters.FilterSet):
    commitment = filters.NumberFilter(
        field_name="commitment_id", help_text=_("Identifier of the commitment.")
    )
    country = filters.CharFilter(
        field_name="country__code",
        lookup_expr="iexact",
        help_text=_("ISO code of the reporting country, e.g. CO."),
    )

    class Meta:
        model = ProgressUpdate
        fields = ["commitment", "country"]


class AssessmentFilter(filters.FilterSet):
    commitment = filters.NumberFilter(
        field_name="commitment_id", help_text=_("Identifier of the commitment.")
    )
    rating = filters.ChoiceFilter(
        choices=CsoRating.choices, help_text=_("Rating on the civil-society scale.")
    )

    class Meta:
        model = CsoAssessment
        fields = ["commitment", "rating"]


class IndicatorFilter(filters.FilterSet):
    status = filters.ChoiceFilter(
        choices=IndicatorStatus.choices, help_text=_("Review status of the indicator.")
    )
    kind = filters.ChoiceFilter(
        choices=IndicatorKind.choices, help_text=_("Quantitative or qualitative.")
    )
    pillar = filters.NumberFilter(
        field_name="pillars__number", help_text=_("Number of a linked pillar (1 to 4).")
    )

    class Meta:
        model = Indicator
        fields = ["status", "kind", "pillar"]


class DataPointFilter(filters.FilterSet):
    indicator = filters.CharFilter(
        field_name="indicator__code", help_text=_("Code of the indicator.")
    )
    country = filters.CharFilter(
        field_name="country__code",
        lookup_expr="iexact",
        help_text=_("ISO code of the country, e.g. CO."),
    )
    reported_by = filters.ChoiceFilter(
        choices=Reporter.choices, help_text=_("Who reported the value.")
    )

    class Meta:
        model = DataPoint
        fields = ["indicator", "country", "reported_by"]


# --- Viewsets -------------------------------------------------------------------


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, paginated, in the language the request asks for."""

    pagination_class = ApiPagination
    schema = ApiSchema()
    # Shown on the documentation page.
    docs_summary = ""
    docs_example = ""

    def dispatch(self, request, *args, **kwargs):
        language = api_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here so the browsable API's own labels follow the language too.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response["Content-Language"] = language
        return response


class CommitmentViewSet(PublicViewSet):
    """Commitments that are published or in consultation; drafts never appear."""

    serializer_class = CommitmentSerializer
    filter_backends = [TrackerFilterBackend]
    lookup_value_regex = r"\d+"
    docs_summary = _("Commitments, with the tracker's filters.")
    docs_example = "?country=CO&pillar=1"

    def get_queryset(self):
        return with_tracker_relations(commitments_public(TrackerFilters()))


def _public_updates():
    return ProgressUpdate.objects.filter(
        published_at__isnull=False, commitment__publication__in=PUBLIC_STATES
    )


class ProgressUpdateViewSet(PublicViewSet):
    """Published progress updates on public commitments, newest first."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    lookup_value_regex = r"\d+"
    docs_summary = _("Governments' published progress updates.")
    docs_example = "?country=CO"

    def get_queryset(self):
        return _public_updates().select_related("country").order_by("-published_at", "-pk")


class AssessmentViewSet(PublicViewSet):
    """Civil-society assessments of public commitments, latest first."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    lookup_value_regex = r"\d+"
    docs_summary = _("Civil-society assessments of commitments.")
    docs_example = "?rating=no_progress"

    def get_queryset(self):
        return (
            CsoAssessment.objects.filter(commitment__publication__in=PUBLIC_STATES, hidden=False)
            .select_related("organisation")
            .order_by("-updated_at", "-pk")
        )


class IndicatorViewSet(PublicViewSet):
    """Monitoring indicators in every review status, by code."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    docs_summary = _("Monitoring indicators, proposed, under review, adopted or retired.")
    docs_example = "?status=adopted&pillar=2"

    def get_queryset(self):
        return (
            Indicator.objects.select_related("proposed_by")
            .prefetch_related(
                Prefetch("pillars", queryset=Pillar.objects.only("pk", "number")),
                Prefetch(
                    "commitments",
                    queryset=Commitment.objects.filter(publication__in=PUBLIC_STATES).only("pk"),
                ),
            )
            .order_by("code")
        )


class DataPointViewSet(PublicViewSet):
    """Indicator values per country and period."""

    serializer_class = DataPointSerializer
    filterset_class = DataPointFilter
    lookup_value_regex = r"\d+"
    docs_summary = _("Indicator values per country and period.")
    docs_example = "?country=CO&reported_by=civil_society"

    def get_queryset(self):
        return DataPoint.objects.select_related("indicator", "country", "organisation").order_by(
            "indicator__code", "country__code", "period_start", "period_kind", "reported_by", "pk"
        )


class CountryViewSet(PublicViewSet):
    """The endorsing states, by ISO code."""

    serializer_class = CountrySerializer
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z]{2}"
    docs_summary = _("Endorsing countries, with their number of public commitments.")

    def get_queryset(self):
        return Country.objects.annotate(
            commitment_count=Count(
                "commitments", filter=Q(commitments__publication__in=PUBLIC_STATES)
            )
        ).order_by("code")

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class PillarViewSet(PublicViewSet):
    """The declaration's four pillars, by number, with their action packages."""

    serializer_class = PillarSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    docs_summary = _("The four pillars and their action packages.")

    def get_queryset(self):
        return (
            Pillar.objects.annotate(
                commitment_count=Count(
                    "commitments", filter=Q(commitments__publication__in=PUBLIC_STATES)
                )
            )
            .prefetch_related(
                Prefetch("action_packages", queryset=ActionPackage.objects.order_by("number"))
            )
            .order_by("number")
        )


# (URL prefix, viewset, basename): api_urls registers these; the docs page lists them.
ENDPOINTS = [
    ("commitments", CommitmentViewSet, "commitment"),
    ("progress-updates", ProgressUpdateViewSet, "progress-update"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("indicators", IndicatorViewSet, "indicator"),
    ("data-points", DataPointViewSet, "data-point"),
    ("countries", CountryViewSet, "country"),
    ("pillars", PillarViewSet, "pillar"),
]

LOOKUP_LABELS = {
    "pk": pgettext_lazy("API lookup", "identifier"),
    "code": pgettext_lazy("API lookup", "code"),
    "number": pgettext_lazy("API lookup", "number"),
}


def _endpoint_filters(viewset):
    if getattr(viewset, "filterset_class", None) is not None:
        return [
            (name, f.extra.get("help_text", ""))
            for name, f in viewset.filterset_class.base_filters.items()
        ]
    for backend in viewset.filter_backends:
        if backend is TrackerFilterBackend:
            return [(name, description) for name, _k, _c, description in backend.parameters]
    return []


def api_docs(request):
    """A plain page describing each endpoint, its filters and an example."""
    requested = request.GET.get("lang", "").strip().lower()
    language = requested if requested in LANGUAGE_CODES else translation.get_language()
    with translation.override(language):
        endpoints = []
        for prefix, viewset, basename in ENDPOINTS:
            path = reverse(f"api:{basename}-list")
            placeholder = "id" if viewset.lookup_field == "pk" else viewset.lookup_field
            endpoints.append(
                {
                    "name": prefix,
                    "path": path,
                    "detail": f"{path}{{{placeholder}}}/",
                    "lookup": LOOKUP_LABELS.get(viewset.lookup_field, viewset.lookup_field),
                    "summary": viewset.docs_summary,
                    "filters": _endpoint_filters(viewset),
                    "example": f"{path}{viewset.docs_example}" if viewset.docs_example else "",
                }
            )
        return render(
            request,
            "commitments/api_docs.html",
            {
                "endpoints": endpoints,
                "api_root": reverse("api:api-root"),
                "schema_url": reverse("api:schema"),
                "languages": LANGUAGE_CODES,
                "page_size": settings.REST_FRAMEWORK.get("PAGE_SIZE"),
                "max_page_size": ApiPagination.max_page_size,
            },
        )
