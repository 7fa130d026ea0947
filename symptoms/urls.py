from django.urls import path

from . import apis

urlpatterns = [
    path("entries/", apis.EntryListApi.as_view(), name="entries"),
    path("entries/<int:entry_id>/", apis.EntryDetailApi.as_view(), name="entry-detail"),
    path("entries/<int:entry_id>/photos/", apis.PhotoCreateApi.as_view(), name="entry-photos"),
    path("photos/<int:photo_id>/", apis.PhotoFileApi.as_view(), name="photo-file"),
]
