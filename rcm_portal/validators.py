"""Checks on text that anyone may type, shared by the forms and filters of every app."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# C0 controls other than tab, line feed and carriage return; DEL; C1 controls. Nobody
# types them in a search or a name; they come from scripts, and some (NUL) are refused by
# PostgreSQL. NUL itself is left to the ProhibitNullCharactersValidator that every Django
# CharField carries, so that a NUL gives one message, not two.
CONTROL_CHARACTERS = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"

validate_no_control_characters = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message=_("Remove the control characters from this text: they cannot be searched or stored."),
    code="control_characters",
)
