import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from romantik.enums import AgencyLevel, MembershipStatus, OfficeLevel, RegionLevel, Role, ServiceTimeUnit
from romantik.models import Agency, AgencyMembership, Office, OfficeRole, Region

PASSWORD = "correct-horse-battery-9"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 - n % 80:02d}")
    name = factory.Sequence(lambda n: f"PROVINSI {n}")
    level = RegionLevel.PROVINCE


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    # Four characters at most (the column), whatever the number of offices the whole run creates.
    code = factory.Sequence(lambda n: f"8{n % 1000:03d}")
    name = factory.LazyAttribute(lambda o: f"BPS Test {o.code}")
    level = OfficeLevel.REGENCY
    service_time_amount = 30
    service_time_unit = ServiceTimeUnit.WORKING_DAYS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.go.id")
    full_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """Site admins (is_staff) must use two-factor authentication, as heads do (staff() below): in tests
        they have set it up already, unless made with two_factor=False."""
        from romantik.security import totp_activate

        if create and extracted is not False and (self.is_staff or self.is_superuser):
            totp_activate(user=self, secret=TOTP_SECRET)


# Heads and office admins must use two-factor authentication: in tests they have set it up already.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def staff(office, *roles, **kwargs):
    from django.conf import settings

    from romantik.security import totp_activate

    user = UserFactory(**kwargs)
    for role in roles or (Role.REVIEWER,):
        OfficeRole.objects.get_or_create(user=user, office=office, role=role)
    if set(roles) & set(settings.MFA_REQUIRED_ROLES):
        totp_activate(user=user, secret=TOTP_SECRET)
    return user


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    level = AgencyLevel.REGENCY
    verified = True


def agency_user(agency, status=MembershipStatus.VERIFIED, **kwargs):
    user = UserFactory(**kwargs)
    AgencyMembership.objects.create(user=user, agency=agency, status=status)
    return user


# --- submissions -------------------------------------------------------------


def pdf_bytes(pages: int = 1) -> bytes:
    """A small, real PDF."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def submission_for(user, kind="fs3", **fields):
    """A draft started online by `user` (who must have an agency membership)."""
    from submissions.services import submission_start

    submission = submission_start(kind=kind, owner=user, actor=user, title=fields.pop("title", "Survei Uji"))
    for name, value in fields.items():
        setattr(submission, name, value)
    if fields:
        submission.save()
    return submission


def fill_complete(submission, *, attachments=True, variables=1):
    """Answer every question that applies (and the cover letter's number and date), add a variable and the
    required PDFs."""
    import datetime

    from django.core.files.base import ContentFile

    from romantik.models import Region
    from submissions import enums
    from submissions.models import Attachment, Variable

    s = submission
    s.title = s.title or "Survei Uji"
    s.year, s.statistics_type, s.sector = 2027, enums.StatisticsType.SECTORAL, enums.Sector.HEALTH
    if s.kind == enums.Kind.MSKEG and not s.collection_way:
        s.collection_way = enums.CollectionWay.SURVEY
    s.organizer_name = s.organizer_name or "Dinas Uji"
    s.organizer_address, s.organizer_phone, s.organizer_email = "Jl. Uji 1", "0531-1", "dinas@example.go.id"
    if s.organizer_province is None:
        s.organizer_province = Region.objects.filter(level="provinsi").first()
        s.organizer_regency = None
    s.unit_eselon2, s.tech_name, s.tech_position = "Bidang Data", "Ani", "Kepala Seksi"
    s.tech_phone, s.tech_email = "0812", "ani@example.go.id"
    s.background, s.objective = "Latar belakang", "Tujuan"
    day = datetime.date(2027, 1, 4)
    for i, phase in enumerate(
        ["planning", "design", "collection", "processing", "analysis", "dissemination", "evaluation"]
    ):
        setattr(s, f"{phase}_start", day + datetime.timedelta(days=30 * i))
        setattr(s, f"{phase}_end", day + datetime.timedelta(days=30 * i + 20))
    s.repetition, s.frequency = enums.Repetition.REPEATED, enums.Frequency.YEARLY
    s.collection_type, s.coverage = enums.CollectionType.CROSS_SECTIONAL, enums.Coverage.PARTIAL
    s.collection_methods, s.collection_means, s.collection_units = [1], [2], [2]
    s.sample_design, s.sample_selection, s.sample_method = 2, 1, 3
    s.sample_frame, s.sample_fraction, s.sampling_error = 1, "0.05", "2.5"
    s.sample_unit, s.observation_unit = "Rumah tangga", "Anggota rumah tangga"
    s.pilot, s.quality_checks, s.nonresponse_adjustment = True, [2], False
    s.collectors, s.min_education, s.supervisors_count, s.enumerators_count, s.training = 2, 2, 5, 40, True
    s.editing = s.coding = s.data_entry = s.validation = True
    s.analysis_method, s.analysis_units, s.presentation_levels = 1, [2], [4]
    s.publish_print, s.publish_digital, s.publish_microdata = False, True, False
    s.publish_digital_date = datetime.date(2027, 12, 1)
    s.cover_letter_number, s.cover_letter_date = "000.5.2/123/Dinkes/2026", datetime.date(2026, 1, 15)
    s.save()
    s.coverage_regions.set([s.organizer_province])
    for i in range(variables):
        Variable.objects.create(
            submission=s,
            position=i,
            name=f"Variabel {i + 1}",
            definition="Definisi",
            data_type="numerik",
            source="Register" if s.kind == enums.Kind.FPKPA else "",
        )
    if attachments:
        for kind in (enums.AttachmentKind.COVER_LETTER, enums.AttachmentKind.INSTRUMENT):
            Attachment.objects.create(
                submission=s,
                kind=kind,
                file=ContentFile(pdf_bytes(), name="x.pdf"),
                original_name=f"{kind}.pdf",
                size=1000,
            )
    return s


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A submission of `owner` (an agency user; required), in the state its trait names.

    Plain, it is the draft `submission_start` writes. The traits bring it further the honest way, through the
    services and so through the one transition door: each step logged as a Transition, with its number, clock,
    round snapshots and messages, as a real submission gets them:

        SubmissionFactory(owner=user)                          draft (empty form)
        SubmissionFactory(owner=user, complete=True)           draft, every question answered (fill_complete)
        SubmissionFactory(owner=user, submitted=True)          diajukan (round 1)
        SubmissionFactory(owner=user, returned_incomplete=True)  draf again, returned by the desk before the clock
        SubmissionFactory(owner=user, in_review=True)          diperiksa: a reviewer assigned, accepted by the desk
        SubmissionFactory(owner=user, needs_revision=True)     perlu_perbaikan: the reviewer's note, returned
        SubmissionFactory(owner=user, resubmitted=True)        diperiksa again, round 2 (straight back in review)
        SubmissionFactory(owner=user, feasible=True)           layak, proposed by the reviewer (the letter draft exists)
        SubmissionFactory(owner=user, not_feasible=True)       tidak_layak
        SubmissionFactory(owner=user, issued=True)             surat_terbit (see below)
        SubmissionFactory(owner=user, withdrawn=True)          ditarik by the agency after submitting

    The office's people act: `front_desk`, `coordinator` and `reviewer` may be given, else the office's first
    person (by id) with that role does. ISSUED is decided layak through the services, its letter draft marked
    signed (without the signature's seconds of PDF work: no number, no PDF) and issued through the door by the
    head of the signing office; a test about the signed letter signs it (tests/satisfaction/conftest.py).

    `logged=False` is the documented minimal build, for a test that only needs the row in a state (lists,
    counts, queries): the draft is written with the state, a number and the submission/decision times, and
    has no Transition, clock, snapshot or letter. Other keyword arguments are set on the draft before any step.
    """

    class Meta:
        model = "submissions.Submission"
        skip_postgeneration_save = True

    owner = None
    kind = "fs3"
    title = "Survei Uji"
    complete = False
    target = "draf"
    returned = False
    rounds = 1
    logged = True
    front_desk = None
    coordinator = None
    reviewer = None

    class Params:
        submitted = factory.Trait(target="diajukan", complete=True)
        returned_incomplete = factory.Trait(target="draf", complete=True, returned=True)
        in_review = factory.Trait(target="diperiksa", complete=True)
        needs_revision = factory.Trait(target="perlu_perbaikan", complete=True)
        resubmitted = factory.Trait(target="diperiksa", complete=True, rounds=2)
        feasible = factory.Trait(target="layak", complete=True)
        not_feasible = factory.Trait(target="tidak_layak", complete=True)
        issued = factory.Trait(target="surat_terbit", complete=True)
        withdrawn = factory.Trait(target="ditarik", complete=True)

    @classmethod
    def _create(cls, model_class, *, owner, kind, title, complete, target, returned, rounds, logged, **kwargs):
        if owner is None:
            raise ValueError("SubmissionFactory needs owner=<an agency user>")
        actors = {role: kwargs.pop(role) for role in ("front_desk", "coordinator", "reviewer")}
        submission = submission_for(owner, kind=kind, title=title, **kwargs)
        if complete:
            fill_complete(submission)
        if logged:
            return submission_bring_to(submission, target, returned=returned, rounds=rounds, **actors)
        return _submission_row_in(submission, target, rounds=rounds)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("SubmissionFactory writes through the services: use create()")


def _office_person(office, role):
    """The office's first person (by id) with `role`."""
    found = OfficeRole.objects.filter(office=office, role=role).order_by("user_id").first()
    if found is None:
        raise ValueError(f"{office.code} has no {role} to act: give one to SubmissionFactory")
    return found.user


def submission_bring_to(
    submission, target, *, returned=False, rounds=1, front_desk=None, coordinator=None, reviewer=None
):
    """Bring a draft with a complete form to `target` through the services (see SubmissionFactory): submitted by
    its owner; accepted by the desk after the coordinator assigned the reviewer; `rounds` - 1 times returned for
    revision on the reviewer's note and submitted again (straight back in review, the clock resumed); then
    returned, or decided by the reviewer."""
    from review import services
    from submissions.services import submission_submit, submission_withdraw
    from submissions.states import State

    owner = submission.created_by
    if target == State.DRAFT and not returned:
        return submission
    office = submission.office
    front_desk = front_desk or _office_person(office, Role.FRONT_DESK)
    s = submission_submit(submission=submission, actor=owner)
    if target == State.WITHDRAWN:
        return submission_withdraw(submission=s, actor=owner, reason="Kegiatan dibatalkan.")
    if returned:
        return services.review_return_incomplete(submission=s, actor=front_desk, note="Surat pengantar kurang.")
    if target == State.SUBMITTED and rounds == 1:
        return s
    coordinator = coordinator or _office_person(office, Role.COORDINATOR)
    reviewer = reviewer or _office_person(office, Role.REVIEWER)
    services.review_assign(submission=s, reviewers=[reviewer], actor=coordinator)
    s = services.review_accept(submission=s, actor=front_desk)
    for _round in range(2, rounds + 1):
        services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=reviewer)
        services.review_return_for_revision(submission=s, actor=reviewer)
        s = submission_submit(submission=s, actor=owner)  # back in review: no second "terekam lengkap"
    if target == State.IN_REVIEW:
        return s
    if target == State.NEEDS_REVISION:
        services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=reviewer)
        return services.review_return_for_revision(submission=s, actor=reviewer)
    decision = State.NOT_FEASIBLE if target == State.NOT_FEASIBLE else State.FEASIBLE
    s = services.review_decide(submission=s, actor=reviewer, decision=decision, text="Saran.")
    if target == State.ISSUED:
        # What letters.issuing.letter_sign does once the letter is signed (without the signature's PDF work).
        from letters.enums import LetterState
        from letters.models import Letter
        from submissions.workflow import submission_transition

        Letter.objects.filter(submission=s).update(state=LetterState.SIGNED)
        head = _office_person(office.signing_office, Role.HEAD)
        s = submission_transition(submission=s, to=State.ISSUED, actor=head)[0]
    return s


def _submission_row_in(submission, target, *, rounds=1):
    """The minimal build: the row written in `target` (no Transition, clock, snapshot or letter)."""
    from django.utils import timezone

    from submissions.states import DECISION_STATES, State

    s = submission
    now = timezone.now()
    s.state, s.round = target, rounds
    if target != State.DRAFT:
        s.number = f"{s.office.code}-{s.year}-9{s.pk:04d}"
        s.submitted_at = now
    if target in DECISION_STATES or target == State.ISSUED:
        s.decided_at = now
    s.save()
    return s


# --- the shared world ---------------------------------------------------------

# The people of `world_build`: key → (office key, role).
WORLD_STAFF = {
    "front_desk": ("office", Role.FRONT_DESK),
    "reviewer": ("office", Role.REVIEWER),
    "reviewer2": ("office", Role.REVIEWER),
    "coordinator": ("office", Role.COORDINATOR),
    "head": ("office", Role.HEAD),
    "office_admin": ("office", Role.OFFICE_ADMIN),
    "other_reviewer": ("other_office", Role.REVIEWER),
    "other_coordinator": ("other_office", Role.COORDINATOR),
    "central_head": ("central", Role.HEAD),
}


def world_build(*, submission: bool = False) -> dict:
    """The world most tests act in: BPS RI; Kalimantan Tengah with the regencies Kotawaringin Timur (6202) and
    Kapuas (6203), each with its BPS office; two agencies served by 6202 (Dinas Kesehatan, Dinas Lain),
    each with a verified user; a person for each role of office 6202 (two reviewers), a reviewer and a
    coordinator of 6203 and the head of BPS RI. With `submission`, a complete FS3 the agency user submitted.

    Keys: the places (central, province, regency, other_regency, office, other_office), the agencies
    (agency_org, other_agency_org), their users (agency, also under user; other_agency) and WORLD_STAFF."""
    from submissions.services import submission_submit

    central = OfficeFactory(code="0000", level=OfficeLevel.CENTRAL, name="BPS RI")
    province = RegionFactory(code="62", name="KALIMANTAN TENGAH")
    regency = RegionFactory(
        code="6202", name="KABUPATEN KOTAWARINGIN TIMUR", level=RegionLevel.REGENCY, parent=province
    )
    other_regency = RegionFactory(code="6203", name="KABUPATEN KAPUAS", level=RegionLevel.REGENCY, parent=province)
    office = OfficeFactory(code="6202", region=regency, name="BPS Kabupaten Kotawaringin Timur")
    other_office = OfficeFactory(code="6203", region=other_regency, name="BPS Kabupaten Kapuas")
    agency_org = AgencyFactory(name="Dinas Kesehatan", region=regency)
    other_agency_org = AgencyFactory(name="Dinas Lain", region=regency)
    user = agency_user(agency_org)
    world = {
        "central": central,
        "province": province,
        "regency": regency,
        "other_regency": other_regency,
        "office": office,
        "other_office": other_office,
        "agency_org": agency_org,
        "other_agency_org": other_agency_org,
        "agency": user,
        "user": user,
        "other_agency": agency_user(other_agency_org),
    }
    for key, (office_key, role) in WORLD_STAFF.items():
        world[key] = staff(world[office_key], role)
    if submission:
        world["submission"] = submission_submit(submission=fill_complete(submission_for(user)), actor=user)
    return world


def world_with_province(world: dict) -> dict:
    """The world with Kalimantan Tengah's province office (6200, under BPS RI) above 6202 and 6203: who runs and
    who supervises an office (issue 18). Key: province_office."""
    province = OfficeFactory(
        code="6200", level=OfficeLevel.PROVINCE, region=world["province"], name="BPS Prov", parent=world["central"]
    )
    for key in ("office", "other_office"):
        world[key].parent = province
        world[key].save(update_fields=["parent"])
    return {**world, "province_office": province}


def world_fresh(world: dict) -> dict:
    """The same world with every row read again from the database: a test may change and save its objects
    without its neighbours, which share the module's world (`shared_world_module`), seeing the changes."""
    from django.db.models import Model

    read = {}  # one object per row, as in the world (its agency user is also its `user`)
    for value in world.values():
        if isinstance(value, Model) and (type(value), value.pk) not in read:
            read[type(value), value.pk] = type(value).objects.get(pk=value.pk)
    return {key: read[type(v), v.pk] if isinstance(v, Model) else v for key, v in world.items()}
