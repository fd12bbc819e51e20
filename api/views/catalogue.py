"""The public catalogue over the API: recommended activities, searchable, without a token.

Built on catalogue.selectors, the same reads as the catalogue pages: only issued activities, only the fields in
PUBLIC_FIELDS, only variables and indicators marked public. No contact, address, note or attachment ever.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from catalogue.enums import Decision
from catalogue.selectors import (
    PUBLIC_FIELDS,
    PUBLIC_INDICATOR_FIELDS,
    PUBLIC_VARIABLE_FIELDS,
    catalogue_search,
    public_activity,
    public_indicators,
    public_variables,
)
from submissions.enums import Kind, Sector
from submissions.models import Indicator, Submission, Variable

from ..serializers import Text, errors

TAG = "katalog"
MAX_INT = 2**31 - 1  # ids and years beyond a database integer are simply not found


class CatalogueFilterSerializer(serializers.Serializer):
    q = Text(required=False, allow_blank=True, max_length=200, help_text="Words of the title, purpose, variables "
             "or agency; all must match (a word's beginning is enough).")  # fmt: skip
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999, help_text="Year of the activity.")
    province = serializers.RegexField(r"^[0-9]{2}$", required=False, help_text="BPS code of a province, e.g. 62.")
    regency = serializers.RegexField(r"^[0-9]{4}$", required=False, help_text="BPS code of a regency/city, e.g. 6202.")
    agency = serializers.IntegerField(required=False, min_value=1, max_value=MAX_INT, help_text="Agency id.")
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False)


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class CatalogueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    recommendation_number = serializers.CharField(source="catalogue_entry.recommendation_number")
    recommendation_date = serializers.DateField(source="catalogue_entry.recommendation_date")
    decision = serializers.ChoiceField(source="catalogue_entry.decision", choices=Decision.choices)
    decision_label = serializers.CharField(source="catalogue_entry.get_decision_display")
    title = serializers.CharField(source="catalogue_entry.title")
    year = serializers.IntegerField(source="catalogue_entry.year", allow_null=True)
    kind = serializers.ChoiceField(source="catalogue_entry.kind", choices=Kind.choices)
    sector = serializers.ChoiceField(source="catalogue_entry.sector", choices=Sector.choices, allow_null=True)
    agency = AgencyRefSerializer()
    province = RegionRefSerializer(source="catalogue_entry.province", allow_null=True)
    regency = RegionRefSerializer(source="catalogue_entry.regency", allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:catalogue_detail", kwargs={"pk": obj.pk}))


class PublicVariableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Variable
        fields = list(PUBLIC_VARIABLE_FIELDS)
        read_only_fields = fields


class PublicIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = list(PUBLIC_INDICATOR_FIELDS)
        read_only_fields = fields


class PublicActivityFieldsSerializer(serializers.ModelSerializer):
    """Exactly the catalogue's PUBLIC_FIELDS; regions as BPS codes, choices as their official codes."""

    organizer_province = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    organizer_regency = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    coverage_regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Submission
        fields = list(PUBLIC_FIELDS)
        read_only_fields = fields


class CatalogueDetailSerializer(CatalogueItemSerializer):
    activity = PublicActivityFieldsSerializer(source="*")
    variables = PublicVariableSerializer(many=True, source="api_public_variables")
    indicators = PublicIndicatorSerializer(many=True, source="api_public_indicators")
    web_url = serializers.SerializerMethodField()

    def get_web_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("catalogue:detail", kwargs={"pk": obj.pk}))


class _Public:
    permission_classes = [AllowAny]


class CatalogueList(_Public, generics.GenericAPIView):
    serializer_class = CatalogueItemSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="katalog_list",
        summary="Search recommended activities",
        description="Activities that received a recommendation letter, newest first, or best match first with q. "
        "Every filter given must match.",
        parameters=[CatalogueFilterSerializer],
        responses={200: CatalogueItemSerializer(many=True), **errors(400, 401, 404, 429)},
        auth=[{}, {"bearerAuth": []}],
    )
    def get(self, request):
        filters = CatalogueFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        given = filters.validated_data
        queryset = catalogue_search(
            text=given.get("q", ""),
            year=given.get("year"),
            province=given.get("province"),
            regency=given.get("regency"),
            agency=given.get("agency"),
            sector=given.get("sector"),
            kind=given.get("kind"),
            decision=given.get("decision"),
        ).select_related("catalogue_entry__province", "catalogue_entry__regency")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CatalogueItemSerializer(page, many=True, context={"request": request}).data)


class CatalogueDetail(_Public, generics.GenericAPIView):
    serializer_class = CatalogueDetailSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="katalog_retrieve",
        summary="One recommended activity",
        description="Its public fields, and the variables and indicators the agency marked as publicly accessible.",
        responses={200: CatalogueDetailSerializer, **errors(401, 404, 429)},
        auth=[{}, {"bearerAuth": []}],
    )
    def get(self, request, pk: int):
        activity = public_activity(pk=pk)
        activity.api_public_variables = public_variables(activity)
        activity.api_public_indicators = public_indicators(activity)
        return Response(CatalogueDetailSerializer(activity, context={"request": request}).data)
