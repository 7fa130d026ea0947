from django.contrib import admin

from .models import Escalation, Photo, SymptomEntry


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("width", "height", "byte_size", "taken_at", "uploaded_at")
    readonly_fields = ("width", "height", "byte_size", "taken_at", "uploaded_at")


@admin.register(SymptomEntry)
class SymptomEntryAdmin(admin.ModelAdmin):
    list_display = ["patient", "logged_at", "area", "severity", "trend", "triage_level"]
    list_filter = ["triage_level", "area"]
    search_fields = ["patient__name"]
    date_hierarchy = "logged_at"
    # What the patient was told is a record: it is never edited afterwards.
    readonly_fields = [
        "triage_level",
        "triage_rules",
        "triage_reasons",
        "triage_advice",
        "triage_call",
        "triage_version",
    ]
    raw_id_fields = ["patient", "treatment", "escalation"]
    inlines = [PhotoInline]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["patient", "level", "status", "opened_at", "due_at", "clinic"]
    list_filter = ["status", "level", "clinic"]
    search_fields = ["patient__name"]
    raw_id_fields = [
        "patient",
        "treatment",
        "latest_entry",
        "assigned_to",
        "acknowledged_by",
        "resolved_by",
    ]
