"""Who may have what of a workshop: its page and published documents are public; the
documents not yet published only for the staff who may see them."""

import rules


@rules.predicate
def is_published_document(user, document) -> bool:
    return document is not None and document.published


@rules.predicate
def sees_outcome_documents(user) -> bool:
    return bool(user.is_active and user.has_perm("workshops.view_outcomedocument"))


rules.add_perm("workshops.download_document", is_published_document | sees_outcome_documents)
