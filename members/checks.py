from django.conf import settings
from django.core.checks import Error, register


@register()
def login_limits_are_readable(app_configs, **kwargs):
    """A login limit mistyped in the environment (RCM_LOGIN_*) stops the start, rather than
    the first login answering with an error."""
    from allauth.core.internal.ratelimit import parse_rates

    errors = []
    for action, rates in getattr(settings, "ACCOUNT_RATE_LIMITS", {}).items():
        try:
            parse_rates(rates)
        except ValueError:
            errors.append(
                Error(
                    f"The rate limit of {action!r} is not readable: {rates!r}.",
                    hint='Write each limit as amount/duration, e.g. "5/5m" or "50/15m".',
                    id="members.E001",
                )
            )
    return errors
