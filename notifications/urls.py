from django.urls import path

from . import apis

urlpatterns = [
    path("checkins/", apis.CheckInListApi.as_view(), name="checkins"),
    path("checkins/<int:checkin_id>/", apis.CheckInDetailApi.as_view(), name="checkin-detail"),
    path(
        "checkins/<int:checkin_id>/respond/",
        apis.CheckInRespondApi.as_view(),
        name="checkin-respond",
    ),
    path("push/subscriptions/", apis.PushSubscriptionApi.as_view(), name="push-subscriptions"),
]
