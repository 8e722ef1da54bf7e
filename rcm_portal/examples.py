"""Example data: rows the demo adds around the source documents, marked as illustrative on
every page, list and PDF where they appear (see DESIGN.md, "Examples are marked")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def example_field() -> models.BooleanField:
    """The flag of a row that is an illustrative example, not an RCM record."""
    return models.BooleanField(
        _("example"),
        default=False,
        help_text=_(
            "Illustrative data, not an RCM record: marked as an example wherever it appears."
        ),
    )
