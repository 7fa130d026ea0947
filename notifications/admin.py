from django.contrib import admin

from .models import CheckIn, Message, PushSubscription


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["patient", "kind", "due_at", "status", "reminders_sent"]
    list_filter = ["status", "kind"]
    search_fields = ["patient__name"]
    raw_id_fields = ["patient", "treatment", "entry"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["key", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["key"]
    readonly_fields = ["key", "provider_id", "error", "attempts", "sent_at"]
    raw_id_fields = ["patient", "user", "checkin"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
