from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from .models import AuditEvent, Clinic, ClinicMembership, Patient, Treatment, User


@admin.register(User)
class AftercareUserAdmin(UserAdmin):
    pass


class MembershipInline(admin.TabularInline):
    model = ClinicMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "phone", "emergency_number"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(ClinicMembership)
class ClinicMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "clinic", "role", "on_duty"]
    list_filter = ["clinic", "role", "on_duty"]
    autocomplete_fields = ["user", "clinic"]


class TreatmentInline(admin.TabularInline):
    model = Treatment
    extra = 0
    fields = ["procedure", "areas", "treated_at", "clinician", "product"]
    autocomplete_fields = ["clinician"]


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic", "phone", "email", "language", "time_zone"]
    list_filter = ["clinic", "language"]
    search_fields = ["name", "phone", "email"]
    autocomplete_fields = ["user", "clinic"]
    inlines = [TreatmentInline]


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ["patient", "procedure", "treated_at", "clinic", "clinician"]
    list_filter = ["clinic", "procedure"]
    date_hierarchy = "treated_at"
    search_fields = ["patient__name"]
    autocomplete_fields = ["patient", "clinic", "clinician"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The trail can be read and searched here, never written or changed."""

    list_display = ["at", "actor_name", "action", "object_type", "object_id", "patient_ref"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_id", "patient_ref"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
