"""Who may do what with a practice. A delegate acts for one country: they see and edit
that country's practices, never another's. The Technical Secretariat reviews them."""

import rules

from .models import EDITABLE_STATUSES, PracticeStatus


@rules.predicate
def acts_for_a_country(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.country_id)


@rules.predicate
def of_their_country(user, practice) -> bool:
    return bool(practice is not None and user.country_id == practice.country_id)


@rules.predicate
def is_editable(user, practice) -> bool:
    return practice is not None and practice.status in EDITABLE_STATUSES


@rules.predicate
def is_withdrawable(user, practice) -> bool:
    return practice is not None and practice.status in (
        PracticeStatus.DRAFT,
        PracticeStatus.SUBMITTED,
        PracticeStatus.CHANGES_REQUESTED,
    )


@rules.predicate
def is_published(user, practice) -> bool:
    return practice is not None and practice.status == PracticeStatus.PUBLISHED


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_active and user.has_perm("practices.review_practice"))


@rules.predicate
def sees_attachments(user) -> bool:
    return bool(user.is_active and user.has_perm("practices.view_practiceattachment"))


rules.add_perm("practices.submit_for_country", acts_for_a_country)
rules.add_perm("practices.view_draft", (acts_for_a_country & of_their_country) | is_reviewer)
rules.add_perm("practices.edit_draft", acts_for_a_country & of_their_country & is_editable)
rules.add_perm(
    "practices.withdraw_practice", acts_for_a_country & of_their_country & is_withdrawable
)
rules.add_perm("practices.review", is_reviewer)
rules.add_perm(
    "practices.view_public", is_published | (acts_for_a_country & of_their_country) | is_reviewer
)
# An attachment goes with its practice: public once published, else to the practice's
# country and the Secretariat (the administration links to the same download).
rules.add_perm(
    "practices.download_attachment",
    is_published | (acts_for_a_country & of_their_country) | is_reviewer | sees_attachments,
)
