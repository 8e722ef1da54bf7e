from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Technical Secretariat; nobody signs up on their own."""

    def is_open_for_signup(self, request):
        return False
