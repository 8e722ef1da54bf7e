from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("request/<slug:kind>/<int:source_id>/", views.report_request_view, name="request"),
    path("compile/initiatives/", views.initiatives_compile, name="compile_initiatives"),
    path("<uuid:pk>/", views.report_status, name="status"),
    path("<uuid:pk>/download/", views.report_download, name="download"),
    path("<uuid:pk>/retry/", views.report_retry_view, name="retry"),
]
