from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/enrol/<str:token>/", views.second_factor_enrol, name="second_factor_enrol"),
]
