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

    code = factory.Sequence(lambda n: f"{9000 + n}")
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


def staff(office, *roles, **kwargs):
    user = UserFactory(**kwargs)
    for role in roles or (Role.REVIEWER,):
        OfficeRole.objects.get_or_create(user=user, office=office, role=role)
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
