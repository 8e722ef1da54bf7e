"""Declarations a view makes about the requests it accepts."""

from collections.abc import Callable

from django.conf import settings

MEGABYTE = 1024 * 1024

# The attribute that carries a view's limit; functools.wraps copies it onto the decorators
# put around the view (login_required and the like), so the order of decorators is free.
BODY_LIMIT_ATTRIBUTE = "body_limit_megabytes"


def body_limit(*, megabytes: int | None = None, setting: str | None = None) -> Callable:
    """The largest request body, in megabytes, that a view accepts from a logged-in person,
    instead of REQUEST_BODY_MAX_MB. Give a figure, or the name of a setting that holds one
    (read at each request, so that it follows the environment)."""
    if (megabytes is None) == (setting is None):
        raise TypeError("body_limit takes either megabytes or setting.")

    def limit() -> int:
        return megabytes if setting is None else getattr(settings, setting)

    def decorate(view):
        setattr(view, BODY_LIMIT_ATTRIBUTE, limit)
        return view

    return decorate


def view_body_limit(view) -> int | None:
    """The limit in bytes a view declared with `body_limit`, or None."""
    limit = getattr(view, BODY_LIMIT_ATTRIBUTE, None)
    return None if limit is None else limit() * MEGABYTE
