from django.urls import path

from .views import delegate, public, review

app_name = "practices"

urlpatterns = [
    # The public catalogue.
    path("", public.practice_catalogue, name="catalogue"),
    path("export.<str:fmt>", public.practice_export, name="export"),
    path("<int:pk>/", public.practice_detail, name="detail"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        public.practice_attachment,
        name="attachment",
    ),
    # What delegates do for their country.
    path("mine/", delegate.practice_mine, name="mine"),
    path("mine/new/", delegate.practice_create, name="create"),
    path("mine/<int:pk>/", delegate.practice_mine_detail, name="mine_detail"),
    path("mine/<int:pk>/edit/", delegate.practice_edit, name="edit"),
    path("mine/<int:pk>/withdraw/", delegate.practice_withdraw, name="withdraw"),
    path(
        "mine/<int:pk>/attachments/<int:attachment_pk>/delete/",
        delegate.practice_attachment_delete_view,
        name="attachment_delete",
    ),
    # The Secretariat's review.
    path("review/", review.practice_review_queue, name="review_queue"),
    path("review/<int:pk>/", review.practice_review, name="review"),
]
