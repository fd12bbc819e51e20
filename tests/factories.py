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
    """Answer every question that applies, add a variable and the required PDFs."""
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
