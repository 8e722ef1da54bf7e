from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import Invitation, User


def user_has_totp(*, user: User) -> bool:
    """Whether the user has an authenticator app set up as their second factor."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def invitations_for_admin() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("country", "organization", "invited_by", "user")
