from django.contrib import admin

from .models import AccountEmail, Partner


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


@admin.register(AccountEmail)
class AccountEmailAdmin(admin.ModelAdmin):
    """Read-only: an address is confirmed only by the link mailed to it."""

    list_display = ("account", "confirmed_address", "confirmed_at")
    search_fields = ("account__username", "confirmed_address")
    readonly_fields = ("account", "confirmed_address", "confirmed_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
