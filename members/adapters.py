from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Technical Secretariat; nobody signs up on their own."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """Staff who logged in without their second factor (they have none yet) land on the
        page that tells them how to set it up."""
        from .second_factor import session_verified_second_factor

        user = request.user
        if (
            settings.RCM_STAFF_REQUIRE_MFA
            and user.is_authenticated
            and user.requires_second_factor
            and not session_verified_second_factor(request=request, user=user)
        ):
            return reverse("members:second_factor")
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request):
        """The client's address for the login limits (RCM_TRUSTED_PROXY_COUNT). A request
        that did not pass through as many proxies as configured, as one sent straight to
        the application server, is counted by the address it came from, not refused."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META.get("REMOTE_ADDR") or "unknown"
