"""Every URL of the portal, for every kind of visitor.

The URLs are collected from the resolver, so a new one is walked without editing this file;
a URL whose answers are not written down below fails the walk until they are. Each URL is
asked with GET and, when its view takes it, POST, as: an anonymous visitor, a delegate of
Mexico (the country whose drafts, amendments and actions these are), a delegate of
Guatemala, a staff member of the Secretariat who has set up no second factor, one who has
an authenticator but logged in with the password alone, one who gave their second factor
in this session, and a superuser who gave theirs."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from members.groups import SECRETARIAT
from members.models import EnrolmentLink, Invitation
from outbox.models import OutboxMessage, OutboxState, WorkerHeartbeat
from practices.models import PracticeStatus
from reports.models import Report, ReportKind, ReportState
from roadmaps.models import RoadmapStatus
from tests.declarations.conftest import make_declaration
from tests.factories import (
    ActionFactory,
    AmendmentFactory,
    LineOfActionFactory,
    ObjectiveFactory,
    PracticeCallFactory,
    PracticeFactory,
    ProgressUpdateFactory,
    RoadmapFactory,
    UserFactory,
    WorkshopFactory,
    country,
)
from tests.logins import login_with_second_factor
from workshops.models import ParticipantImportJob

LOGIN = "login"  # sent to a login page
SECOND_FACTOR = "2nd"  # sent to the page that asks for the second factor or its set-up
AUTHENTICATOR = "2fa"  # sent to one of allauth's authenticator pages
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = (
    "anonymous",
    "delegate_mx",
    "delegate_gt",
    "staff_no_mfa",
    "staff_password_only",
    "staff",
    "superuser",
)


@dataclass(frozen=True)
class Route:
    name: str  # the namespaced URL name, or the route itself for unnamed ones
    route: str
    pattern: URLPattern

    @property
    def model(self):
        """The model of an admin URL, read from its path (`admin/<app>/<model>/...`)."""
        from django.apps import apps

        match = re.match(r"<lang>/admin/(\w+)/(\w+)/", self.route)
        if not match:
            return None
        try:
            return apps.get_model(*match.groups())
        except LookupError:
            return None

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.route.startswith("<lang>/admin/")


def _routes(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            yield Route(
                name=f"{namespace}{entry.name}" if entry.name else route,
                route=route,
                pattern=entry,
            )


def collect_routes() -> list[Route]:
    routes = []
    for route in _routes(get_resolver().url_patterns):
        # i18n_patterns puts the active language's prefix in front: write it as <lang>.
        route = Route(
            name=route.name.replace("en/", "<lang>/", 1)
            if route.name.startswith("en/")
            else route.name,
            route=re.sub(r"^en/", "<lang>/", route.route),
            pattern=route.pattern,
        )
        routes.append(route)
    return routes


ROUTES = collect_routes()


@pytest.fixture
def world(db, delegate_mx, delegate_gt, secretariat, superuser):
    """One object of each kind, in the state where who may see it matters most: drafts,
    a declaration under negotiation, a roadmap still in draft."""
    from allauth.mfa.models import Authenticator

    staff_no_mfa = UserFactory(
        email="new.officer@example.org", full_name="Nadia Newcomer", is_staff=True
    )
    staff_no_mfa.groups.add(Group.objects.get(name=SECRETARIAT))
    Authenticator.objects.filter(user=staff_no_mfa).delete()

    workshop = WorkshopFactory(slug="return-of-migrants")
    # Not yet published: only staff may download it.
    document = workshop.documents.create(
        kind="conclusions",
        title_en="Conclusions",
        file_en=SimpleUploadedFile("conclusions.pdf", PDF),
    )
    objective = ObjectiveFactory(workshop=workshop)
    call = PracticeCallFactory(workshop=workshop)
    draft = PracticeFactory(country=delegate_mx.country, created_by=delegate_mx, call=call)
    attachment = draft.attachments.create(
        file=SimpleUploadedFile("plan.pdf", PDF), original_name="plan.pdf"
    )
    in_review = PracticeFactory(country=delegate_mx.country, status=PracticeStatus.IN_REVIEW)
    negotiated = make_declaration()
    paragraph = negotiated.paragraphs.order_by("position").first()
    amendment = AmendmentFactory(
        paragraph=paragraph, country=country("MX"), proposed_by=delegate_mx
    )
    draft_roadmap = RoadmapFactory(slug="draft-roadmap", status=RoadmapStatus.DRAFT)
    open_roadmap = RoadmapFactory(slug="open-roadmap", status=RoadmapStatus.IN_PROGRESS)
    action = ActionFactory(line=LineOfActionFactory(roadmap=open_roadmap), countries=["MX"])
    update = ProgressUpdateFactory(
        action=action,
        country=country("MX"),
        date=datetime.date(2025, 6, 1),
        evidence=SimpleUploadedFile("evidence.pdf", PDF),
    )
    report = Report.objects.create(
        kind=ReportKind.WORKSHOP,
        source_type=ContentType.objects.get_for_model(workshop),
        source_id=workshop.pk,
        language="en",
        title="Report",
        content={},
        content_hash="0" * 64,
        state=ReportState.FAILED,
        error="The render stopped.",
        attempts=1,
    )
    outbox_message = OutboxMessage.objects.create(
        key=f"reports.render:{report.pk}",
        handler="reports.render",
        arguments={"report_id": str(report.pk)},
        state=OutboxState.FAILED,
    )
    # Seen long ago: /readyz finds no worker running.
    heartbeat = WorkerHeartbeat.objects.create(
        hostname="celery@walk", seen_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )
    invitation = Invitation.objects.filter(user=delegate_mx).first()
    enrolment_link = EnrolmentLink.objects.create(user=staff_no_mfa, created_by=superuser)
    import_job = ParticipantImportJob.objects.create(
        file_name="participants.csv", file_format="csv", created_by=secretariat
    )
    return {
        "users": {
            "anonymous": None,
            "delegate_mx": delegate_mx,
            "delegate_gt": delegate_gt,
            "staff_no_mfa": staff_no_mfa,
            "staff_password_only": secretariat,
            "staff": secretariat,
            "superuser": superuser,
        },
        "workshop": workshop,
        "document": document,
        "objective": objective,
        "call": call,
        "draft": draft,
        "attachment": attachment,
        "in_review": in_review,
        "negotiated": negotiated,
        "paragraph": paragraph,
        "amendment": amendment,
        "draft_roadmap": draft_roadmap,
        "action": action,
        "update": update,
        "report": report,
        "outbox_message": outbox_message,
        "heartbeat": heartbeat,
        "invitation": invitation,
        "import_job": import_job,
        "enrolment_link": enrolment_link,
    }


# The values of the URL's arguments, by URL name, from the world.
ARGUMENTS = {
    "^media/(?P<path>.*)$": lambda w: {"path": w["attachment"].file.name},
    "members:second_factor_enrol": lambda w: {"token": "not-a-token"},
    "account_confirm_email": lambda w: {"key": "not-a-key"},
    "account_reset_password_from_key": lambda w: {"uidb36": "zz", "key": "not-a-key"},
    "workshops:workshop_calendar": lambda w: {"slug": w["workshop"].slug},
    "workshops:document_download": lambda w: {
        "slug": w["workshop"].slug,
        "pk": w["document"].pk,
        "language": "en",
    },
    "workshops:detail": lambda w: {"slug": w["workshop"].slug},
    "reports:request": lambda w: {"kind": "workshop", "source_id": w["workshop"].pk},
    "reports:status": lambda w: {"pk": w["report"].pk},
    "reports:download": lambda w: {"pk": w["report"].pk},
    "reports:retry": lambda w: {"pk": w["report"].pk},
    "practices:export": lambda w: {"fmt": "csv"},
    "practices:detail": lambda w: {"pk": w["draft"].pk},
    "practices:attachment": lambda w: {"pk": w["draft"].pk, "attachment_pk": w["attachment"].pk},
    "practices:mine_detail": lambda w: {"pk": w["draft"].pk},
    "practices:edit": lambda w: {"pk": w["draft"].pk},
    "practices:withdraw": lambda w: {"pk": w["draft"].pk},
    "practices:attachment_delete": lambda w: {
        "pk": w["draft"].pk,
        "attachment_pk": w["attachment"].pk,
    },
    "practices:review": lambda w: {"pk": w["in_review"].pk},
    "declarations:detail": lambda w: {"pk": w["negotiated"].pk},
    "declarations:compare": lambda w: {"pk": w["negotiated"].pk},
    "declarations:paragraph_history": lambda w: {"pk": w["paragraph"].pk},
    "declarations:negotiation": lambda w: {"pk": w["negotiated"].pk},
    "declarations:propose": lambda w: {"pk": w["paragraph"].pk},
    "declarations:withdraw_amendment": lambda w: {"pk": w["amendment"].pk},
    "declarations:review_amendment": lambda w: {"pk": w["amendment"].pk},
    "roadmaps:report": lambda w: {"pk": w["action"].pk},
    "roadmaps:evidence": lambda w: {"pk": w["update"].pk},
    "roadmaps:dashboard": lambda w: {"slug": w["draft_roadmap"].slug},
}


def _admin_object(model, w):
    """The object an admin URL of `model` is asked about: the world's own where it has
    one, else the first row."""
    if model is None:
        return None
    for value in w.values():
        if isinstance(value, model):
            return value
    return model._default_manager.order_by("pk").first()


def _admin_arguments(route: Route, w) -> dict:
    groups = route.pattern.pattern.regex.groupindex
    model = route.model
    arguments = {}
    if "app_label" in groups:
        arguments["app_label"] = "practices"
    if "content_type_id" in groups:
        arguments["content_type_id"] = ContentType.objects.get_for_model(w["workshop"]).pk
        arguments["object_id"] = w["workshop"].pk
    elif "job_id" in groups:
        arguments["job_id"] = w["import_job"].pk
    elif "object_id" in groups or "id" in groups:
        obj = _admin_object(model, w)
        arguments["object_id" if "object_id" in groups else "id"] = obj.pk if obj else 1
    if "url" in groups:
        arguments["url"] = "no-such-page/"
    return arguments


def route_url(route: Route, w) -> str:
    """A concrete URL for `route`, in English."""
    pattern = route.pattern.pattern
    regex = pattern.regex
    if route.is_admin:
        arguments = _admin_arguments(route, w)
    else:
        arguments = ARGUMENTS.get(route.name, lambda w: {})(w)
    if regex.groups and not regex.groupindex:
        # Positional groups (simple_history's version view): the object, then its version.
        obj = _admin_object(route.model, w)
        history = obj.history.order_by("pk").first()
        values = [str(obj.pk), str(history.pk if history else 1)]
        path = re.sub(r"\(\[\^/\]\+\)", lambda m: values.pop(0), route.route)
        return "/" + path.replace("<lang>", "en").lstrip("^").replace("^", "").rstrip("$")
    return "/" + _fill(route.route, arguments).replace("<lang>", "en", 1)


def _fill(route: str, arguments: dict) -> str:
    def converter(match):
        return str(arguments[match.group("name")])

    def regex_group(match):
        return str(arguments[match.group("name")])

    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", regex_group, route.replace("<lang>", "@LANG@"))
    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", converter, route)
    route = route.replace("@LANG@", "<lang>")
    return route.replace("^", "").replace("$", "")


def route_methods(route: Route) -> tuple[str, ...]:
    return ("get", "post")


def answer(response) -> str:
    """What a visitor got, in one word: the status, or where a redirect sends them."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return LOGIN
        if "/second-factor/" in location:
            return SECOND_FACTOR
        if "/2fa/" in location:
            return AUTHENTICATOR
        return "302"
    return str(response.status_code)


def walk(client, w, role):
    """Each route's answers to `role`, each asked in a savepoint that is rolled back, so
    that a POST which changes something leaves the world as it was for the next."""
    from django.db import transaction

    answers = {}
    for route in ROUTES:
        url = route_url(route, w)
        for method in route_methods(route):
            with transaction.atomic():
                client.logout()
                user = w["users"][role]
                if role in ("staff", "superuser"):
                    login_with_second_factor(client, user)
                elif user is not None:
                    # The password alone (staff_no_mfa has no authenticator at all).
                    client.force_login(user)
                response = getattr(client, method)(url)
                answers[(route.name, method)] = (url, answer(response))
                transaction.set_rollback(True)
    return answers


# The answers outside the administration: URL name, method, then one answer per role in
# the order of ROLES. "302" is a redirect elsewhere than a login or second-factor page.
PAGES = """
set_language                         get  302   302   302   302   302   302   302
set_language                         post 302   302   302   302   302   302   302
home                                 get  200   200   200   200   200   200   200
home                                 post 200   200   200   200   200   200   200
members:second_factor                get  login 200   200   200   200   200   200
members:second_factor                post login 2nd   2nd   2nd   2nd   2nd   2nd
members:second_factor_enrol          get  login 400   400   400   400   400   400
members:second_factor_enrol          post login 400   400   400   400   400   400
account_login                        get  200   302   302   2nd   2nd   302   302
account_login                        post 200   302   302   2nd   2nd   302   302
account_logout                       get  302   200   200   200   200   200   200
account_logout                       post 302   302   302   302   302   302   302
account_inactive                     get  200   200   200   200   200   200   200
account_inactive                     post 405   405   405   405   405   405   405
account_signup                       get  200   302   302   2nd   2nd   302   302
account_signup                       post 200   302   302   2nd   2nd   302   302
account_reauthenticate               get  login 200   200   200   200   200   200
account_reauthenticate               post login 200   200   200   200   200   200
account_email                        get  login 200   200   2nd   2nd   200   200
account_email                        post login 302   302   2nd   2nd   302   302
account_email_verification_sent      get  200   200   200   200   200   200   200
account_email_verification_sent      post 405   405   405   405   405   405   405
account_change_password              get  login 200   200   2nd   2nd   200   200
account_change_password              post login 200   200   2nd   2nd   200   200
account_set_password                 get  login 302   302   2nd   2nd   302   302
account_set_password                 post login 302   302   2nd   2nd   302   302
account_reset_password               get  200   200   200   200   200   200   200
account_reset_password               post 200   200   200   200   200   200   200
account_confirm_login_code           get  login 302   302   2nd   2nd   302   302
account_confirm_login_code           post login 302   302   2nd   2nd   302   302
account_confirm_email                get  200   200   200   200   200   200   200
account_confirm_email                post 404   404   404   404   404   404   404
account_reset_password_from_key_done get  200   200   200   200   200   200   200
account_reset_password_from_key_done post 405   405   405   405   405   405   405
account_reset_password_from_key      get  200   200   200   200   200   200   200
account_reset_password_from_key      post 200   200   200   200   200   200   200
account_reset_password_done          get  200   200   200   200   200   200   200
account_reset_password_done          post 405   405   405   405   405   405   405
mfa_index                            get  login 200   200   200   200   200   200
mfa_index                            post login 405   405   405   405   405   405
mfa_authenticate                     get  login 302   302   2nd   2nd   302   302
mfa_authenticate                     post login 302   302   2nd   2nd   302   302
mfa_reauthenticate                   get  login 302   302   302   200   200   200
mfa_reauthenticate                   post login 302   302   302   200   200   200
mfa_activate_totp                    get  login 302   302   2nd   2nd   302   302
mfa_activate_totp                    post login 302   302   2nd   2nd   302   302
mfa_deactivate_totp                  get  login 404   404   2nd   2nd   302   302
mfa_deactivate_totp                  post login 404   404   2nd   2nd   302   302
mfa_view_recovery_codes              get  login 404   404   2nd   2nd   404   404
mfa_view_recovery_codes              post login 405   405   2nd   2nd   405   405
mfa_generate_recovery_codes          get  login 302   302   2nd   2nd   302   302
mfa_generate_recovery_codes          post login 302   302   2nd   2nd   302   302
mfa_download_recovery_codes          get  login 404   404   2nd   2nd   404   404
mfa_download_recovery_codes          post login 404   404   2nd   2nd   404   404
workshops:list                       get  200   200   200   200   200   200   200
workshops:list                       post 200   200   200   200   200   200   200
workshops:calendar                   get  200   200   200   200   200   200   200
workshops:calendar                   post 200   200   200   200   200   200   200
workshops:documents_feed             get  200   200   200   200   200   200   200
workshops:documents_feed             post 200   200   200   200   200   200   200
workshops:workshop_calendar          get  200   200   200   200   200   200   200
workshops:workshop_calendar          post 200   200   200   200   200   200   200
workshops:document_download          get  404   404   404   404   404   200   200
workshops:document_download          post 404   404   404   404   404   200   200
workshops:detail                     get  200   200   200   200   200   200   200
workshops:detail                     post 200   200   200   200   200   200   200
reports:request                      get  405   405   405   405   405   405   405
reports:request                      post 302   302   302   302   302   302   302
reports:compile_initiatives          get  405   405   405   405   405   405   405
reports:compile_initiatives          post 302   302   302   302   302   302   302
reports:status                       get  200   200   200   200   200   200   200
reports:status                       post 405   405   405   405   405   405   405
reports:download                     get  302   302   302   302   302   302   302
reports:download                     post 405   405   405   405   405   405   405
reports:retry                        get  405   405   405   405   405   405   405
reports:retry                        post 302   302   302   302   302   302   302
objectives:gcm                       get  200   200   200   200   200   200   200
objectives:gcm                       post 200   200   200   200   200   200   200
practices:catalogue                  get  200   200   200   200   200   200   200
practices:catalogue                  post 200   200   200   200   200   200   200
practices:export                     get  200   200   200   200   200   200   200
practices:export                     post 200   200   200   200   200   200   200
practices:detail                     get  404   200   404   404   404   200   200
practices:detail                     post 404   200   404   404   404   200   200
practices:attachment                 get  404   200   404   404   404   200   200
practices:attachment                 post 404   200   404   404   404   200   200
practices:mine                       get  login 200   200   403   403   403   403
practices:mine                       post login 200   200   403   403   403   403
practices:create                     get  login 200   200   403   403   403   403
practices:create                     post login 302   302   403   403   403   403
practices:mine_detail                get  login 200   404   403   403   403   403
practices:mine_detail                post login 200   404   403   403   403   403
practices:edit                       get  login 200   404   403   403   403   403
practices:edit                       post login 302   404   403   403   403   403
practices:withdraw                   get  login 405   405   405   405   405   405
practices:withdraw                   post login 302   404   403   403   403   403
practices:attachment_delete          get  login 405   405   405   405   405   405
practices:attachment_delete          post login 302   404   403   403   403   403
practices:review_queue               get  login 403   403   403   403   200   200
practices:review_queue               post login 403   403   403   403   200   200
practices:review                     get  login 403   403   403   403   200   200
practices:review                     post login 403   403   403   403   200   200
declarations:list                    get  200   200   200   200   200   200   200
declarations:list                    post 200   200   200   200   200   200   200
declarations:detail                  get  404   404   404   404   404   200   200
declarations:detail                  post 404   404   404   404   404   200   200
declarations:compare                 get  404   404   404   404   404   200   200
declarations:compare                 post 404   404   404   404   404   200   200
declarations:paragraph_history       get  404   404   404   404   404   200   200
declarations:paragraph_history       post 404   404   404   404   404   200   200
declarations:negotiations            get  login 200   200   403   403   200   200
declarations:negotiations            post login 200   200   403   403   200   200
declarations:negotiation             get  login 200   200   403   403   200   200
declarations:negotiation             post login 200   200   403   403   200   200
declarations:propose                 get  login 200   200   403   403   403   403
declarations:propose                 post login 200   200   403   403   403   403
declarations:withdraw_amendment      get  login 405   405   405   405   405   405
declarations:withdraw_amendment      post login 302   404   403   403   403   403
declarations:review_amendment        get  login 403   403   403   403   200   200
declarations:review_amendment        post login 403   403   403   403   200   200
roadmaps:list                        get  200   200   200   200   200   200   200
roadmaps:list                        post 200   200   200   200   200   200   200
roadmaps:mine                        get  login 200   200   403   403   403   403
roadmaps:mine                        post login 200   200   403   403   403   403
roadmaps:report                      get  login 200   404   403   403   403   403
roadmaps:report                      post login 200   404   403   403   403   403
roadmaps:evidence                    get  404   200   404   404   404   200   200
roadmaps:evidence                    post 404   200   404   404   404   200   200
roadmaps:dashboard                   get  404   404   404   404   404   200   200
roadmaps:dashboard                   post 404   404   404   404   404   200   200
healthz                              get  200   200   200   200   200   200   200
healthz                              post 405   405   405   405   405   405   405
readyz                               get  503   503   503   503   503   503   503
readyz                               post 405   405   405   405   405   405   405
"""

ANSWERS = {
    (name, method): dict(zip(ROLES, answers, strict=True))
    for name, method, *answers in (line.split() for line in PAGES.strip().splitlines())
}

# Administration pages nobody in the Secretariat group may open: accounts, groups, e-mail
# addresses, authenticators and enrolment links are the superuser's.
SUPERUSER_ONLY_MODELS = {
    "members.user",
    "auth.group",
    "account.emailaddress",
    "mfa.authenticator",
    "members.enrolmentlink",
}
# Rows the portal makes itself: not even a superuser adds them by hand.
NOBODY_ADDS = {
    "practices.compilation",
    "declarations.amendment",
    "reports.report",
    "reports.compilationpublication",
    "translations.outdatedtranslation",
    "outbox.outboxmessage",
    "outbox.workerheartbeat",
}
# Records the administration shows but nobody changes.
NOBODY_CHANGES = {
    "members.enrolmentlink",
    "reports.report",
    "reports.compilationpublication",
    "translations.outdatedtranslation",
    "outbox.outboxmessage",
    "outbox.workerheartbeat",
}
# The outbox keeps what was sent and what failed: nobody deletes it from the admin.
NOBODY_DELETES = {"outbox.outboxmessage"}


def admin_answer_is_right(route: Route, method: str, role: str, got: str) -> bool:
    """The administration is the Secretariat's: everyone else is sent to log in, staff
    without a second factor given in this session are sent to give it, and those who gave
    it get what their permissions allow."""
    if got == "500":
        return False
    if route.name == "admin:logout":
        # Logging out is a POST; a GET is refused by Django once logged in.
        return got == (
            "302"
            if role in ("anonymous", "delegate_mx", "delegate_gt") or method == "post"
            else "405"
        )
    if role == "anonymous":
        return got == LOGIN
    if role in ("delegate_mx", "delegate_gt"):
        # allauth's admin login refuses a logged-in person who is not staff.
        return got == ("403" if route.name == "admin:login" else LOGIN)
    if role in ("staff_no_mfa", "staff_password_only"):
        return got == SECOND_FACTOR
    label = route.model._meta.label_lower if route.model else None
    if not route.name.startswith("admin:"):
        # Unnamed: the address of an object redirects to its change page; any other
        # address of the administration is not found.
        return got == ("404" if "url" in route.pattern.pattern.regex.groupindex else "302")
    if role == "staff" and label in SUPERUSER_ONLY_MODELS:
        return got == "403"
    if route.name.endswith("_add") and label in NOBODY_ADDS:
        return got == "403"
    if route.name.endswith("_change") and method == "post" and label in NOBODY_CHANGES:
        return got == "403"
    if route.name.endswith("_delete") and label in NOBODY_DELETES:
        return got == "403"
    if route.name == "admin:autocomplete":
        # Asked without the field it completes.
        return got in {"403", "405"}
    if role == "superuser" and got == "403":
        return False
    return got in {"200", "302", "403", "404", "405"}


def answer_is_right(route: Route, method: str, role: str, got: str) -> bool | None:
    """Whether `got` is the answer written down for this route; None when none is."""
    if route.is_admin:
        return admin_answer_is_right(route, method, role, got)
    expected = ANSWERS.get((route.name, method))
    if expected is None:
        return None
    return got == expected[role]


WALKED: dict[str, int] = {}


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_written(client, world, role):
    answers = walk(client, world, role)
    unknown = sorted({name for (name, method) in answers if not _known(name, method)})
    wrong = [
        f"{method.upper()} {url} as {role}: got {got}, expected "
        + (ANSWERS[(name, method)][role] if (name, method) in ANSWERS else "the admin rule")
        for (name, method), (url, got) in answers.items()
        if _known(name, method) and not answer_is_right(ROUTE_BY_NAME[name], method, role, got)
    ]
    WALKED[role] = len(answers)

    assert not unknown, f"URLs with no answers written down in PAGES: {unknown}"
    assert not wrong, "\n".join(wrong)


def test_every_written_answer_belongs_to_a_url():
    names = {route.name for route in ROUTES}
    assert not {name for name, _method in ANSWERS} - names


def _known(name: str, method: str) -> bool:
    return ROUTE_BY_NAME[name].is_admin or (name, method) in ANSWERS


ROUTE_BY_NAME = {route.name: route for route in ROUTES}
