"""Who may do what with a declaration. Member countries' delegates negotiate: they read
every pending amendment of every member country (that is how a negotiation works) and
propose or withdraw their own country's. Observer countries speak in open sessions but do
not draft. The Technical Secretariat decides on amendments. The public reads adopted texts."""

import rules

from members.models import CountryStatus

from .models import PUBLIC_STATUSES, AmendmentStatus, DeclarationStatus


@rules.predicate
def acts_for_a_member_country(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.country_id
        and user.country.status == CountryStatus.MEMBER
    )


@rules.predicate
def is_public(user, declaration) -> bool:
    return declaration is not None and declaration.status in PUBLIC_STATUSES


@rules.predicate
def is_under_negotiation(user, declaration) -> bool:
    return declaration is not None and declaration.status == DeclarationStatus.UNDER_NEGOTIATION


@rules.predicate
def of_their_country(user, amendment) -> bool:
    return bool(amendment is not None and user.country_id == amendment.country_id)


@rules.predicate
def is_pending(user, amendment) -> bool:
    return amendment is not None and amendment.status == AmendmentStatus.PENDING


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_active and user.has_perm("declarations.review_amendment"))


rules.add_perm("declarations.read_declaration", is_public | is_reviewer)
rules.add_perm("declarations.negotiate", acts_for_a_member_country)
rules.add_perm(
    "declarations.read_negotiation",
    (acts_for_a_member_country & is_under_negotiation) | is_reviewer,
)
rules.add_perm("declarations.propose_amendment", acts_for_a_member_country & is_under_negotiation)
rules.add_perm(
    "declarations.withdraw_amendment",
    acts_for_a_member_country & of_their_country & is_pending,
)
rules.add_perm("declarations.decide_amendment", is_reviewer)
