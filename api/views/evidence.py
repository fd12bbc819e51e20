"""An agency's EPSS evidence packs over the API (issue 19; handover/evidence.py): ask for the pack of a year, list
the packs with their progress, download a built one. The same service functions and permission as the web page
/instansi/bukti-epss/ and its download /bukti-epss/<pk>/unduh/ (`handover.view_evidence_pack`): only the agency's
verified members; another's pack, or one not built, answers 404.

Only the agency's own pack: personal tokens are agency users' (api.rules, `api.manage_tokens`), so an office's pack
(/kantor/<code>/serah-hasil/bukti-epss/) stays on the web."""

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from handover.evidence import (
    FIRST_YEAR,
    YEARS_AHEAD,
    agency_of_member,
    evidence_pack_ask,
    pack_downloadable,
    pack_name,
    packs_of_agency,
)
from handover.models import EvidencePack

from ..exceptions import MESSAGES, ApiError
from ..serializers import errors
from .submissions import _AlwaysJson

TAG = "bukti-epss"


class EvidencePackSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    year = serializers.IntegerField()
    state = serializers.ChoiceField(
        choices=EvidencePack.State.choices,
        help_text="queued and running: being built (ask the list again); done: ready to download; failed: ask again.",
    )
    state_label = serializers.CharField(source="get_state_display")
    done = serializers.IntegerField(help_text="Files put in the pack so far.")
    total = serializers.IntegerField(help_text="Files the pack holds; 0 until the build has counted them.")
    size = serializers.IntegerField(help_text="Bytes of the ZIP once built.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField(help_text="The ZIP (with the same token) once done; else null.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, pack) -> str | None:
        if pack.state != EvidencePack.State.DONE or not pack.file:
            return None
        url = reverse("api:evidence_pack_download", kwargs={"pk": pack.pk})
        return self.context["request"].build_absolute_uri(url)


class EvidencePackAskSerializer(serializers.Serializer):
    # The range is checked by the service (handover.evidence), with its message on the field.
    year = serializers.IntegerField(
        help_text=f"The year of the recommendations and hand-overs, from {FIRST_YEAR} to {YEARS_AHEAD} years ahead.",
        error_messages={"invalid": gettext_lazy("Enter a year."), "max_string_length": gettext_lazy("Enter a year.")},
    )


class EvidencePackList(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="bukti_epss_list",
        summary="Your agency's evidence packs",
        description="The agency's own EPSS evidence packs (every office), newest first, at most 20, as the web "
        "page /instansi/bukti-epss/ lists them: each with its state and progress (done of total files). Verified "
        "members of the agency only.",
        responses={200: EvidencePackSerializer(many=True), **errors(401, 403, 429)},
    )
    def get(self, request):
        packs = packs_of_agency(agency_of_member(request.user))
        return Response(EvidencePackSerializer(packs, many=True, context={"request": request}).data)

    @extend_schema(
        tags=[TAG],
        operation_id="bukti_epss_ask",
        summary="Ask for the evidence pack of a year",
        description="Asks for the agency's EPSS evidence pack of a year (a ZIP: a summary PDF, the signed letters, "
        "the results handed over), built in the background: 201 with the new pack. Asked again while that year's "
        "pack is still being built: 200 with the same pack, nothing new. Follow its progress in the list.",
        request=EvidencePackAskSerializer,
        responses={
            201: OpenApiResponse(EvidencePackSerializer, description="A new pack, queued."),
            200: OpenApiResponse(EvidencePackSerializer, description="The same year's pack already being built."),
            **errors(400, 401, 403, 415, 429),
        },
    )
    def post(self, request):
        agency_of_member(request.user)  # a member awaiting verification: 403 before the input is read
        payload = EvidencePackAskSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pack, created = evidence_pack_ask(actor=request.user, year=payload.validated_data["year"])
        data = EvidencePackSerializer(pack, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class EvidencePackDownload(APIView):
    content_negotiation_class = _AlwaysJson

    @extend_schema(
        tags=[TAG],
        operation_id="bukti_epss_download",
        summary="Download an evidence pack (ZIP)",
        description="A built pack of your agency. 404 for a pack still being built or failed, and for any other "
        "pack.",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The evidence pack."),
            **errors(401, 404, 429),
        },
    )
    def get(self, request, pk: int):
        pack = pack_downloadable(user=request.user, pk=pk)
        if pack is None:
            raise ApiError(MESSAGES["not_found"], status_code=404, code="not_found")
        response = FileResponse(
            pack.file.open("rb"), as_attachment=True, filename=pack_name(pack), content_type="application/zip"
        )
        response["Cache-Control"] = "private"
        return response
