from django.contrib import admin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "account", "created_at")
    search_fields = ("name", "account__username")
    list_filter = ("created_at",)
    readonly_fields = ("account", "name", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
