import datetime

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from members.models import Country, User
from objectives.models import GcmObjective, Objective, ObjectiveKind
from workshops.models import Workshop


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # Accounts come by invitation: their address is verified.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def country(iso_code: str) -> Country:
    return Country.objects.get(iso_code=iso_code)


def gcm_objective(number: int) -> GcmObjective:
    return GcmObjective.objects.get(number=number)


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop

    title_en = factory.Sequence(lambda n: f"Workshop on regional cooperation {n}")
    title = factory.SelfAttribute("title_en")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    theme_en = "Return and reintegration"
    start_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    end_date = factory.SelfAttribute("start_date")


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective

    workshop = factory.SubFactory(WorkshopFactory)
    kind = ObjectiveKind.SPECIFIC
    number = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"To exchange good practices on topic number {n}.")
    text = factory.SelfAttribute("text_en")
