from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet

from .models import Country, CountryStatus, EnrolmentLink, Invitation, User


def user_has_second_factor(*, user: User) -> bool:
    """Whether the user has an authenticator to log in with (recovery codes alone are only
    a spare for one)."""
    return (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def users_requiring_second_factor() -> QuerySet[User]:
    """Staff, superusers and anyone given model permissions: who may get an enrolment link."""
    return (
        User.objects.filter(
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(groups__permissions__isnull=False)
            | Q(user_permissions__isnull=False)
        )
        .distinct()
        .order_by("email")
    )


def enrolment_links_for_admin() -> QuerySet[EnrolmentLink]:
    return EnrolmentLink.objects.select_related("user", "created_by")


def invitations_for_admin() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("country", "organization", "invited_by", "user")


def countries_member_count() -> int:
    """How many member countries the RCM has: the rows, never a number written in code."""
    return Country.objects.filter(status=CountryStatus.MEMBER).count()
