import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.models import Country, User
from objectives.models import GcmObjective, Objective, ObjectiveKind
from practices.models import Practice, PracticeCall, PracticeStatus, TargetPopulation
from workshops.models import Theme, Workshop


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
            if obj.is_staff:
                # Staff reach the administration only with a second factor.
                with_totp(obj)


def with_totp(user: User) -> str:
    """Gives `user` an authenticator app (TOTP), as allauth activates one; returns its base32
    secret, from which `allauth.mfa.totp.internal.auth.hotp_value` computes the codes."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


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
    # None in a test that emptied the tables (transaction=True) without restoring the lists.
    theme = factory.LazyFunction(lambda: Theme.objects.filter(code="return-reintegration").first())
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


class PracticeCallFactory(DjangoModelFactory):
    class Meta:
        model = PracticeCall

    workshop = factory.SubFactory(WorkshopFactory)
    title_en = factory.Sequence(lambda n: f"Call for practices number {n}")
    title = factory.SelfAttribute("title_en")
    introduction_en = "Member states present their successful initiatives."
    introduction = factory.SelfAttribute("introduction_en")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class PracticeFactory(DjangoModelFactory):
    """A practice complete enough to be submitted; `status` sets where it stands."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Reintegration programme number {n}")
    title = factory.SelfAttribute("title_en")
    summary_en = "Returned migrants receive support to find work and housing."
    summary = factory.SelfAttribute("summary_en")
    problem = "Returned migrants lacked support on arrival."
    approach = "Reception centres and a case manager for each person."
    results = "Most people found work within six months."
    lessons_learned = "Coordination between ministries matters."
    country = factory.LazyFunction(lambda: country("MX"))
    implementing_organization = "National Migration Institute"
    period_start = datetime.date(2019, 1, 1)
    contact_name = "Contact Person"
    contact_email = "contact.person@example.org"
    contact_phone = "+52 55 0000 0000"
    language = "en"
    status = PracticeStatus.DRAFT

    @factory.post_generation
    def classified(obj, create, extracted, **kwargs):
        if create:
            obj.themes.add(Theme.objects.get(code="return-reintegration"))
            obj.target_populations.add(TargetPopulation.objects.get(code="returned-migrants"))
            if obj.status == PracticeStatus.PUBLISHED and not obj.published_at:
                obj.published_at = timezone.now()
                obj.save(update_fields=["published_at"])


# Roadmaps (imported here, below the others' factories, so that each block stays apart).
from roadmaps.models import (  # noqa: E402
    Action,
    LineOfAction,
    ProgressUpdate,
    Roadmap,
    RoadmapStatus,
)


class RoadmapFactory(DjangoModelFactory):
    class Meta:
        model = Roadmap

    title_en = factory.Sequence(lambda n: f"Regional roadmap number {n}")
    title = factory.SelfAttribute("title_en")
    slug = factory.Sequence(lambda n: f"roadmap-{n}")
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2027, 12, 31)
    status = RoadmapStatus.IN_PROGRESS


class LineOfActionFactory(DjangoModelFactory):
    class Meta:
        model = LineOfAction

    roadmap = factory.SubFactory(RoadmapFactory)
    title_en = factory.Sequence(lambda n: f"Line of action number {n}")
    title = factory.SelfAttribute("title_en")
    position = factory.Sequence(lambda n: n)


class ActionFactory(DjangoModelFactory):
    """An action; `countries=["MX", ...]` names its responsible countries."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    line = factory.SubFactory(LineOfActionFactory)
    title_en = factory.Sequence(lambda n: f"Roadmap action number {n}")
    title = factory.SelfAttribute("title_en")
    position = factory.Sequence(lambda n: n)
    start_date = datetime.date(2025, 3, 1)
    due_date = datetime.date(2027, 6, 30)

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.responsible_countries.add(*(country(code) for code in extracted))


class ProgressUpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    country = factory.LazyFunction(lambda: country("MX"))
    date = datetime.date(2025, 6, 1)
    percentage = 50
    narrative = "Work went on as planned."


# Declarations (imported here, not at the top, so that this block stays with its app's).
from declarations.models import (  # noqa: E402
    Amendment,
    AmendmentAction,
    Declaration,
    DeclarationStatus,
    Paragraph,
    ParagraphKind,
)


class DeclarationFactory(DjangoModelFactory):
    """A declaration; `status` sets where it stands (adopted ones get a date)."""

    class Meta:
        model = Declaration

    title_en = factory.Sequence(lambda n: f"Declaration on regional cooperation {n}")
    title = factory.SelfAttribute("title_en")
    status = DeclarationStatus.DRAFT
    adopted_on = factory.LazyAttribute(
        lambda o: (
            datetime.date(2024, 6, 20)
            if o.status in (DeclarationStatus.ADOPTED, DeclarationStatus.PUBLISHED)
            else None
        )
    )


class ParagraphFactory(DjangoModelFactory):
    class Meta:
        model = Paragraph

    declaration = factory.SubFactory(DeclarationFactory)
    kind = ParagraphKind.OPERATIVE
    position = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"Operative text number {n} on returned migrants.")
    text_es = factory.Sequence(
        lambda n: f"Texto dispositivo número {n} sobre migrantes retornados."
    )
    text_fr = factory.Sequence(
        lambda n: f"Texte du dispositif numéro {n} sur les migrants de retour."
    )
    text = factory.SelfAttribute("text_en")


class AmendmentFactory(DjangoModelFactory):
    class Meta:
        model = Amendment

    paragraph = factory.SubFactory(ParagraphFactory)
    country = factory.LazyFunction(lambda: country("MX"))
    action = AmendmentAction.CHANGE
    language = "en"
    text = "A proposed new wording of the paragraph."
    rationale = "It is clearer."
    base_version = factory.LazyAttribute(lambda o: o.paragraph.version)
