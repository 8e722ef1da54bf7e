"""The text-search document of a practice on PostgreSQL: each column read with the stemmer
of the language it is written in. It is stored with the practice and indexed, so that a
search does not parse every practice again; a trigger in the database writes it on every
insert and update, whatever makes them."""

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


def _column(name: str, config: str, weight: str) -> str:
    return f"setweight(to_tsvector({config}, coalesce(NEW.{name}, '')), '{weight}')"


def search_document_trigger_sql() -> tuple[str, str]:
    """The PostgreSQL trigger that writes the search document of every practice inserted
    or updated, whatever writes it (save(), update(), bulk_create(), SQL): the same
    document as `practice_search_vector()`, made in the database. Returns the SQL that
    creates the trigger and the SQL that drops it."""
    own = (
        "CASE NEW.language "
        + " ".join(
            f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in SEARCH_CONFIGS.items()
        )
        + " ELSE 'simple'::regconfig END"
    )
    own_text = " || ' ' || ".join(f"coalesce(NEW.{name}, '')" for name in UNTRANSLATED_TEXT_FIELDS)
    parts = [f"setweight(to_tsvector({own}, {own_text}), 'C')"]
    for code, config in SEARCH_CONFIGS.items():
        parts.append(_column(f"title_{code}", f"'{config}'::regconfig", "A"))
        parts.append(_column(f"summary_{code}", f"'{config}'::regconfig", "B"))
    columns = ", ".join(sorted(SEARCHED_COLUMNS))
    create = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := {" || ".join(parts)};
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS {TRIGGER} ON practices_practice;
CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF {columns}
    ON practices_practice FOR EACH ROW EXECUTE FUNCTION {TRIGGER}();
"""
    drop = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON practices_practice;
DROP FUNCTION IF EXISTS {TRIGGER}();
"""
    return create, drop


TRIGGER = "practices_practice_search_document"
