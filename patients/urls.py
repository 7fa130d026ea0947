from django.urls import path

from . import apis

urlpatterns = [
    path("auth/otp/", apis.OtpRequestApi.as_view(), name="auth-otp"),
    path("auth/token/", apis.OtpTokenApi.as_view(), name="auth-token"),
    path("auth/login/", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("treatments/", apis.TreatmentListApi.as_view(), name="treatments"),
    path("treatments/<int:treatment_id>/", apis.TreatmentDetailApi.as_view(), name="treatment"),
    path(
        "treatments/<int:treatment_id>/cancel/",
        apis.TreatmentCancelApi.as_view(),
        name="treatment-cancel",
    ),
    path("patients/<int:patient_id>/export/", apis.PatientExportApi.as_view(), name="export"),
    path("patients/<int:patient_id>/erase/", apis.PatientEraseApi.as_view(), name="erase"),
]
