from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Technical Secretariat; nobody signs up on their own."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        """The client's address for the login limits (RCM_TRUSTED_PROXY_COUNT). A request
        that did not pass through as many proxies as configured, as one sent straight to
        the application server, is counted by the address it came from, not refused."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META.get("REMOTE_ADDR") or "unknown"
