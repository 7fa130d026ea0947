from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Clinic, ClinicMembership, Patient, Treatment, User


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
