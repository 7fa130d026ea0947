from django.urls import path

from . import apis, escalation_apis

urlpatterns = [
    path("entries/", apis.EntryListApi.as_view(), name="entries"),
    path("entries/<int:entry_id>/", apis.EntryDetailApi.as_view(), name="entry-detail"),
    path("entries/<int:entry_id>/photos/", apis.PhotoCreateApi.as_view(), name="entry-photos"),
    path("photos/<int:photo_id>/", apis.PhotoFileApi.as_view(), name="photo-file"),
]

urlpatterns += [
    path("escalations/", escalation_apis.EscalationListApi.as_view(), name="escalations"),
    path(
        "escalations/<int:escalation_id>/",
        escalation_apis.EscalationDetailApi.as_view(),
        name="escalation-detail",
    ),
    path(
        "escalations/<int:escalation_id>/acknowledge/",
        escalation_apis.EscalationAcknowledgeApi.as_view(),
        name="escalation-acknowledge",
    ),
    path(
        "escalations/<int:escalation_id>/resolve/",
        escalation_apis.EscalationResolveApi.as_view(),
        name="escalation-resolve",
    ),
    path(
        "escalations/<int:escalation_id>/assign/",
        escalation_apis.EscalationAssignApi.as_view(),
        name="escalation-assign",
    ),
]
