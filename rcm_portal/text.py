"""Text compared as a reader compares it, in any of the portal's languages."""

import re
import unicodedata


def text_folded(value) -> str:
    """The text with case, accents and repeated blanks left out: "  MÉXICO " is "mexico".
    People match a typed value with it ("México", "Mexico" and "MEXICO" name one country)
    and lists sort by it ("México" sorts with "Mexico", not after "Zambia")."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.casefold().split())


def text_paragraphs(value) -> list[str]:
    """The paragraphs of a plain text, cut where the `linebreaks` filter cuts them (at a
    blank line), without their outer blanks; empty ones left out."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
