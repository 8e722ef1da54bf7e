from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from rcm_portal.home import home
from rcm_portal.views import healthz, readyz, with_work_health

# The administration's login is allauth's, so that staff give their second factor there too.
admin.site.login = secure_admin_login(admin.site.login)
# Its index shows staff the health of the background work.
admin.site.index = with_work_health(admin.site.index)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # For probes and monitoring: no language prefix, no trailing slash.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("workshops/", include("workshops.urls")),
    path("reports/", include("reports.urls")),
    path("gcm/", include("objectives.urls")),
    path("practices/", include("practices.urls")),
    path("declarations/", include("declarations.urls")),
    path("roadmaps/", include("roadmaps.urls")),
)
