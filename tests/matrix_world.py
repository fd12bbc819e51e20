"""The world the permission matrix (tests/test_permission_matrix.py) runs in.

Offices X (every role) and Y (a reviewer), two agencies A and B with verified users, a site admin, and — built
only when a URL needs them, since a real signature costs about a second — submissions of agency A in every
state the URLs need, a guest-book entry, a complaint, a survey response, API tokens and a failed message.
Everything is made through the services, as the application makes it.
"""

import datetime
from functools import cached_property

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from romantik.enums import MembershipStatus, OfficeLevel, RegionLevel, Role
from tests.factories import (
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    UserFactory,
    agency_user,
    fill_complete,
    pdf_bytes,
    staff,
    submission_for,
)

# The actors of the matrix, in the order they are tried.
ANONYMOUS = "anonymous"
AGENCY_A = "agency_a"
AGENCY_B = "agency_b"
FRONT_DESK_X = "front_desk_x"
REVIEWER_X = "reviewer_x"
HEAD_X = "head_x"
REVIEWER_Y = "reviewer_y"
SITE_ADMIN = "site_admin"
ACTORS = (ANONYMOUS, AGENCY_A, AGENCY_B, FRONT_DESK_X, REVIEWER_X, HEAD_X, REVIEWER_Y, SITE_ADMIN)

PASSPHRASE = "kunci-Rahasia-matriks-4711"


class World:
    """One test's data. Attributes other than the offices and people are built on first use."""

    def __init__(self):
        OfficeFactory(code="0000", level=OfficeLevel.CENTRAL, name="BPS RI")
        province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
        region_x = RegionFactory(
            code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level=RegionLevel.REGENCY, parent=province
        )
        region_y = RegionFactory(code="6203", name="KABUPATEN KAPUAS", level=RegionLevel.REGENCY, parent=province)
        self.office_x = OfficeFactory(
            code="6202", region=region_x, name="BPS Kabupaten Kotawaringin Timur", letter_code="62020"
        )
        self.office_y = OfficeFactory(code="6203", region=region_y, name="BPS Kabupaten Kapuas")
        # Both agencies are served by office X: B is "another agency" of the same office, the harder case.
        self.agency_a = AgencyFactory(name="Dinas Kesehatan", region=region_x)
        self.agency_b = AgencyFactory(name="Dinas Pendidikan", region=region_x)
        self.people = {
            AGENCY_A: agency_user(self.agency_a, full_name="Ani Dinkes"),
            AGENCY_B: agency_user(self.agency_b, full_name="Budi Disdik"),
            FRONT_DESK_X: staff(self.office_x, Role.FRONT_DESK, full_name="Petugas PST X"),
            REVIEWER_X: staff(self.office_x, Role.REVIEWER, full_name="Pemeriksa X"),
            # Heads and office admins have TOTP already (factories.staff), so a forced log-in is a full one.
            HEAD_X: staff(
                self.office_x,
                Role.HEAD,
                full_name="Kepala X",
                nip="198001012006041001",
                position="Kepala BPS Kabupaten Kotawaringin Timur",
            ),
            REVIEWER_Y: staff(self.office_y, Role.REVIEWER, full_name="Pemeriksa Y"),
            SITE_ADMIN: UserFactory(full_name="Admin Situs", is_superuser=True, is_staff=True),
        }
        self.coordinator_x = staff(self.office_x, Role.COORDINATOR, full_name="Koordinator X")
        self.office_admin_x = staff(self.office_x, Role.OFFICE_ADMIN, full_name="Admin Kantor X")
        self.handler_x = staff(self.office_x, Role.COMPLAINT_HANDLER, full_name="Penangan Pengaduan X")

    def user(self, actor):
        return self.people.get(actor)

    # --- submissions of agency A, one per state ----------------------------------------------------------

    def _submitted(self, title):
        from submissions.services import submission_submit

        a = self.people[AGENCY_A]
        return submission_submit(submission=fill_complete(submission_for(a, title=title)), actor=a)

    def _in_review(self, title):
        from review.services import review_accept, review_assign

        submission = review_accept(submission=self._submitted(title), actor=self.people[FRONT_DESK_X])
        review_assign(submission=submission, reviewers=[self.people[REVIEWER_X]], actor=self.coordinator_x)
        return submission

    def _decided(self, title):
        from review.services import review_decide
        from submissions.states import State

        return review_decide(
            submission=self._in_review(title),
            actor=self.people[REVIEWER_X],
            decision=State.FEASIBLE,
            text="Saran untuk dinas",
        )

    @cached_property
    def draft(self):
        """An online draft of agency A, complete, with a variable, an indicator and both required PDFs."""
        from submissions.tables import indicator_save

        a = self.people[AGENCY_A]
        draft = fill_complete(submission_for(a, title="Survei Draf"))
        form = indicator_save(
            submission=draft, actor=a, data={"name": "Angka partisipasi", "definition": "Persentase peserta"}
        )
        assert form.is_valid(), form.errors
        return draft

    @cached_property
    def draft_variable(self):
        return self.draft.variables.first()

    @cached_property
    def draft_indicator(self):
        return self.draft.indicators.first()

    @cached_property
    def draft_attachment(self):
        return self.draft.attachments.first()

    @cached_property
    def submitted(self):
        """Submitted, not yet recorded complete, nobody assigned."""
        return self._submitted("Survei Diajukan")

    @cached_property
    def in_review(self):
        """In review at office X, reviewer X assigned, with reviewer X's note and an internal comment."""
        from review.services import comment_add, note_add

        submission = self._in_review("Survei Diperiksa")
        reviewer = self.people[REVIEWER_X]
        self.in_review_note = note_add(
            submission=submission, section="3", field="objective", text="Tujuan perlu dirinci.", actor=reviewer
        )
        comment_add(submission=submission, text="Perlu dicek ke fungsi sosial.", actor=reviewer)
        return submission

    @cached_property
    def in_review_attachment(self):
        return self.in_review.attachments.first()

    @cached_property
    def consultation(self):
        """Reviewer X asks office Y about another submission in review (seeds 003, 004)."""
        from review.services import consultation_request

        return consultation_request(
            submission=self._in_review("Survei Dikonsultasikan"),
            actor=self.people[REVIEWER_X],
            question="Apakah kerangka sampel ini sudah dipakai di Kapuas?",
            to_office=self.office_y,
        )

    @cached_property
    def revision_note(self):
        """A note of a submission returned to agency A for revision, which A may answer."""
        from review.services import note_add, review_return_for_revision

        submission = self._in_review("Survei Diperbaiki")
        note = note_add(
            submission=submission,
            section="3",
            field="objective",
            text="Tujuan perlu dirinci.",
            actor=self.people[REVIEWER_X],
        )
        review_return_for_revision(submission=submission, actor=self.people[REVIEWER_X])
        return note

    @cached_property
    def decided(self):
        """Proposed layak; its letter is a draft with a rendered preview, still with the reviewers."""
        from letters.enums import RenderState
        from letters.models import Letter

        submission = self._decided("Survei Diputuskan")
        letter = Letter.objects.get(submission=submission)
        letter.render_state = RenderState.READY
        letter.draft_pdf.save("draft.pdf", ContentFile(pdf_bytes()), save=False)
        letter.save()
        return submission

    @cached_property
    def awaiting_letter(self):
        """A letter sent to head X for signature."""
        from tests.letters.test_sign import letter_awaiting

        return letter_awaiting(self._decided("Survei Menunggu Tanda Tangan"))

    @cached_property
    def signed_letter(self):
        """A letter head X signed for real (PAdES): its submission is issued and listed in the catalogue."""
        from letters.issuing import letter_sign
        from letters.pki import demo_certificate_issue
        from tests.letters.test_sign import letter_awaiting

        head = self.people[HEAD_X]
        demo_certificate_issue(user=head, office=self.office_x, passphrase=PASSPHRASE)
        letter = letter_awaiting(self._decided("Survei Terbit"))
        return letter_sign(letter=letter, signer=head, passphrase=PASSPHRASE)

    @cached_property
    def issued(self):
        submission = self.signed_letter.submission
        submission.refresh_from_db()
        return submission

    # --- the front desk -------------------------------------------------------------------------------

    @cached_property
    def guest(self):
        """A walk-in of agency A at office X's desk: registered, given an account, served."""
        from submissions.enums import GuestPurpose
        from submissions.frontdesk import guest_register, guest_serve, visitor_account_ensure

        officer = self.people[FRONT_DESK_X]
        entry = guest_register(
            office=self.office_x,
            actor=officer,
            name="Citra Tamu",
            email="citra@dinkes.example.go.id",
            phone="0812000111",
            purpose=GuestPurpose.RECOMMENDATION,
            agency=self.agency_a,
        )
        visitor_account_ensure(entry=entry, actor=officer, agency=self.agency_a)
        return guest_serve(entry=entry, actor=officer)

    @cached_property
    def invitation(self):
        """(uidb36, token) of the invitation the desk sent to the guest's new account."""
        from django.urls import resolve

        from submissions.frontdesk import invitation_path

        self.guest.refresh_from_db()
        match = resolve(invitation_path(self.guest.user))
        return match.kwargs["uidb36"], match.kwargs["token"]

    @cached_property
    def kiosk_token(self):
        from satisfaction.kiosk import kiosk_token

        return kiosk_token(entry=self.guest, actor=self.people[FRONT_DESK_X])

    @cached_property
    def office_link_tokens(self):
        """The tokens of office X's guest-book kiosk and waiting-room screen links, by purpose."""
        from submissions.enums import OfficeLinkPurpose
        from submissions.office_links import office_link_issue, office_link_token

        officer = self.people[FRONT_DESK_X]
        return {
            purpose: office_link_token(office_link_issue(office=self.office_x, purpose=purpose, actor=officer))
            for purpose in OfficeLinkPurpose
        }

    # --- the rest -------------------------------------------------------------------------------------

    @cached_property
    def complaint(self):
        """Filed in the portal by agency A's user, with a PDF attached."""
        from complaints.services import complaint_file

        a = self.people[AGENCY_A]
        return complaint_file(
            office=self.office_x,
            category="waktu_layanan",
            description="Surat rekomendasi belum terbit.",
            contact_name=a.full_name,
            contact_email=a.email,
            complainant=a,
            attachment=SimpleUploadedFile("bukti.pdf", pdf_bytes(), content_type="application/pdf"),
        )

    @cached_property
    def survey_response(self):
        from satisfaction.models import SurveyResponse
        from satisfaction.services import PaperResponse, responses_import

        responses_import(
            office=self.office_x,
            rows=[PaperResponse(answered_on=timezone.localdate(), scores=(4, 3, 3, 4, 3, 3, 4, 2, 3))],
            content=b"date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n",
            file_name="kuesioner.csv",
        )
        return SurveyResponse.objects.get(office=self.office_x)

    @cached_property
    def tokens(self):
        """{actor: key} of the personal API tokens of both agencies' users."""
        from api.services import api_token_create

        return {actor: api_token_create(user=self.people[actor], name="skrip")[1] for actor in (AGENCY_A, AGENCY_B)}

    @cached_property
    def token_a(self):
        from api.models import ApiToken

        self.tokens  # noqa: B018 - made together
        return ApiToken.objects.get(user=self.people[AGENCY_A])

    @cached_property
    def failed_message(self):
        """A message of office X that the outbox gave up on."""
        from django.conf import settings

        from notifications.enums import MessageState
        from notifications.models import Message
        from notifications.services import message_queue

        message = message_queue(
            template="submission_incoming",
            context={"number": "X-1", "agency": self.agency_a.name, "url": "/"},
            recipient=self.coordinator_x,
            idempotency_key="matrix-failed",
            office=self.office_x,
        )
        Message.objects.filter(pk=message.pk).update(
            state=MessageState.FAILED, attempts=settings.OUTBOX_MAX_ATTEMPTS, last_error="SMTP 550"
        )
        return message

    @cached_property
    def pending_membership(self):
        """A person who says they act for agency A, awaiting an officer's verification."""
        return agency_user(self.agency_a, status=MembershipStatus.PENDING, full_name="Dedi Menunggu").membership

    @cached_property
    def office_document(self):
        from romantik.documents import office_document_add

        file = SimpleUploadedFile("panduan.pdf", pdf_bytes(), content_type="application/pdf")
        return office_document_add(
            office=self.office_x, actor=self.office_admin_x, title="Panduan layanan", kind="panduan", file=file
        )

    @cached_property
    def closure(self):
        from romantik.services import office_closure_add

        return office_closure_add(
            office=self.office_x, actor=self.office_admin_x, date=datetime.date(2030, 1, 2), reason="Rapat kerja"
        )
