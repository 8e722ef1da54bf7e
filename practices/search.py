"""The text-search document of a practice on PostgreSQL: each column read with the stemmer
of the language it is written in. It is stored with the practice and indexed, so that a
search does not parse every practice again."""

from django.contrib.postgres.search import SearchVector
from django.db.models import Case, CharField, Value, When

# The PostgreSQL text-search configuration of each language a practice may be written in.
SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french"}
# Written once, in the practice's own language: searched with that language's stemmer.
UNTRANSLATED_TEXT_FIELDS = (
    "problem",
    "approach",
    "results",
    "lessons_learned",
    "implementing_organization",
)
TRANSLATED_TEXT_FIELDS = ("title", "summary")
# Every column the document is made of: saving any of them makes it anew.
SEARCHED_COLUMNS = frozenset(
    (
        "language",
        *UNTRANSLATED_TEXT_FIELDS,
        *(f"{field}_{code}" for field in TRANSLATED_TEXT_FIELDS for code in SEARCH_CONFIGS),
    )
)


def practice_search_vector() -> SearchVector:
    """The translated title and summary by their column's language, the rest by the
    practice's own language; the title weighs most, then the summary."""
    own_language = Case(
        *(When(language=code, then=Value(config)) for code, config in SEARCH_CONFIGS.items()),
        default=Value("simple"),
        output_field=CharField(),
    )
    vector = SearchVector(*UNTRANSLATED_TEXT_FIELDS, config=own_language, weight="C")
    for code, config in SEARCH_CONFIGS.items():
        vector = (
            vector
            + SearchVector(f"title_{code}", config=config, weight="A")
            + SearchVector(f"summary_{code}", config=config, weight="B")
        )
    return vector


def practices_search_refresh(practices) -> None:
    """Make the search document of `practices` anew: for rows written without save(),
    such as a bulk import. Does nothing outside PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        practices.update(search_document=practice_search_vector())
