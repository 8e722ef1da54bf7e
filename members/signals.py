from .services import invitation_accept


def accept_invitation_on_password_set(sender, request, user, **kwargs) -> None:
    """allauth's password_reset signal: an invitee set their password through the link."""
    invitation_accept(user=user)
