from django.urls import path

from . import views

app_name = "declarations"

urlpatterns = [
    # The public: adopted texts.
    path("", views.declaration_list, name="list"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/languages/", views.declaration_compare, name="compare"),
    path("paragraphs/<int:pk>/versions/", views.paragraph_history, name="paragraph_history"),
    # Member countries' delegates.
    path("negotiations/", views.negotiation_list, name="negotiations"),
    path("negotiations/<int:pk>/", views.negotiation_detail, name="negotiation"),
    path("paragraphs/<int:pk>/amend/", views.amendment_propose_view, name="propose"),
    path("amendments/<int:pk>/withdraw/", views.amendment_withdraw, name="withdraw_amendment"),
    # The Secretariat.
    path("amendments/<int:pk>/review/", views.amendment_review, name="review_amendment"),
]
