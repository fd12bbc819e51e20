"""An agency's hand-over of results over the API (issue 19): its hand-overs with their items, and adding the link
to a dataset (e.g. its entry in a Satu Data portal). The same services and django-rules permissions as the web page
/pengajuan/<pk>/hasil/: only the agency's verified members; another agency's submission answers 404."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from handover.enums import ItemKind
from handover.models import HandOver
from handover.selectors import handovers_of_submission, item_download_url
from handover.services import URL_MAX_LENGTH, handover_item_add

from ..exceptions import MESSAGES, ApiError
from ..serializers import errors
from .submissions import submission_of

TAG = "serah-hasil"


class HandOverItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    name = serializers.CharField(source="original_name", help_text="The uploaded file's name; empty for a link.")
    url = serializers.SerializerMethodField(help_text="The dataset's address, or the file's download address.")

    def get_url(self, item) -> str:
        if item.url:
            return item.url
        return self.context["request"].build_absolute_uri(item_download_url(item))


class HandOverSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    period = serializers.CharField(help_text="YYYY-MM of the release the hand-over follows.")
    due_date = serializers.DateField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    office_note = serializers.CharField()
    items = HandOverItemSerializer(many=True)


class DatasetLinkInputSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=URL_MAX_LENGTH, help_text="http:// or https:// address of the dataset.")


def _submission(request, pk):
    submission = submission_of(request, pk)
    if not request.user.has_perm("handover.hand_over", submission):
        raise ApiError(MESSAGES["not_found"], status_code=404, code="not_found")
    return submission


class HandOverList(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="serah_hasil_list",
        summary="Hand-overs of results",
        description="The hand-overs of a recommended activity: one per period, due from its dissemination plan "
        "(block VIII), with what was handed over and the office's note.",
        responses={200: HandOverSerializer(many=True), **errors(401, 404, 429)},
    )
    def get(self, request, pk: int):
        submission = _submission(request, pk)
        data = HandOverSerializer(handovers_of_submission(submission), many=True, context={"request": request}).data
        return Response(data)


class HandOverDatasetLink(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="serah_hasil_dataset_link",
        summary="Add the link to the dataset",
        description="Adds the link to the dataset to a hand-over not yet handed over (or one the office asked more "
        "of). http and https only.",
        request=DatasetLinkInputSerializer,
        responses={201: HandOverItemSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, pk: int, handover: int):
        submission = _submission(request, pk)
        found = get_object_or_404(HandOver, pk=handover, submission=submission)
        payload = DatasetLinkInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = handover_item_add(
            handover=found, actor=request.user, kind=ItemKind.DATASET, url=payload.validated_data["url"]
        )
        return Response(HandOverItemSerializer(item, context={"request": request}).data, status=status.HTTP_201_CREATED)
