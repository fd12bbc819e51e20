from django.urls import include, path

from .views import catalogue, docs, evidence, handover, submissions

app_name = "api"

v1 = [
    path("katalog/", catalogue.CatalogueList.as_view(), name="catalogue_list"),
    path("katalog/<int:pk>/", catalogue.CatalogueDetail.as_view(), name="catalogue_detail"),
    path("pengajuan/", submissions.SubmissionList.as_view(), name="submissions"),
    path("pengajuan/<int:pk>/", submissions.SubmissionDetail.as_view(), name="submission"),
    path("pengajuan/<int:pk>/lampiran/", submissions.AttachmentUpload.as_view(), name="submission_attachments"),
    path("pengajuan/<int:pk>/variabel/", submissions.VariableCreate.as_view(), name="submission_variables"),
    path("pengajuan/<int:pk>/indikator/", submissions.IndicatorCreate.as_view(), name="submission_indicators"),
    path("pengajuan/<int:pk>/ajukan/", submissions.SubmissionSubmit.as_view(), name="submission_submit"),
    path("pengajuan/<int:pk>/tarik/", submissions.SubmissionWithdraw.as_view(), name="submission_withdraw"),
    path("pengajuan/<int:pk>/riwayat/", submissions.SubmissionTimeline.as_view(), name="submission_timeline"),
    path("pengajuan/<int:pk>/surat/", submissions.SubmissionLetter.as_view(), name="submission_letter"),
    path("pengajuan/<int:pk>/surat/unduh/", submissions.SubmissionLetterPdf.as_view(), name="submission_letter_pdf"),
    path("pengajuan/<int:pk>/hasil/", handover.HandOverList.as_view(), name="submission_handovers"),
    path(
        "pengajuan/<int:pk>/hasil/<int:handover>/tautan/",
        handover.HandOverDatasetLink.as_view(),
        name="submission_handover_link",
    ),
    path("bukti-epss/", evidence.EvidencePackList.as_view(), name="evidence_packs"),
    path("bukti-epss/<int:pk>/unduh/", evidence.EvidencePackDownload.as_view(), name="evidence_pack_download"),
]

urlpatterns = [
    path("", include(docs.urlpatterns)),
    path("v1/", include(v1)),
    # Last: everything else under /api/ is a JSON 404.
    path("", include(docs.not_found_urlpatterns)),
]
