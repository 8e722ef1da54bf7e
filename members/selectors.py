from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import Invitation, User


def user_has_totp(*, user: User) -> bool:
    """Whether the user has an authenticator app set up as their second factor."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_has_second_factor(*, request) -> bool:
    """Whether the person logged in to this session gave their second factor here
    (allauth records in the session each way its user authenticated)."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def invitations_for_admin() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("country", "organization", "invited_by", "user")
