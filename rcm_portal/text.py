"""Text compared as a reader compares it, in any of the portal's languages."""

import unicodedata


def text_folded(value) -> str:
    """The text with case, accents and repeated blanks left out: "  MÉXICO " is "mexico".
    People match a typed value with it ("México", "Mexico" and "MEXICO" name one country)
    and lists sort by it ("México" sorts with "Mexico", not after "Zambia")."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())
