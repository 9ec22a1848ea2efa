"""Admin for screening questions (editable) and screening records (review only).

Screenings are health data. Staff may review them but never add, alter or delete one from
the screening pages: what a person answered, as it read then, stays as it was. They are
still deleted with their account or their partner — deleting an account deletes all its
health data — so when staff delete a user or a partner, the cascade includes them.
"""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .models import Question, Screening


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "severity", "applies_to", "position", "active")
    list_display_links = ("text",)
    list_editable = ("position", "active")
    list_filter = ("severity", "applies_to", "active")
    search_fields = ("text", "help_text", "reason")
    ordering = ("position", "pk")
    readonly_fields = ("slug",)
    fields = ("text", "help_text", "reason", "severity", "applies_to", "position", "active", "slug")


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    """Health records: staff may review them, never alter or delete them here."""

    list_display = ("partner", "account", "outcome", "created_at", "caution_confirmed")
    list_filter = ("outcome", "caution_confirmed")
    list_select_related = ("partner__account",)
    search_fields = ("partner__name", "partner__account__username")
    date_hierarchy = "created_at"
    fields = ("partner", "created_at", "outcome", "answers_as_shown", "caution_confirmed")
    readonly_fields = fields

    @admin.display(description=_("account"), ordering="partner__account__username")
    def account(self, obj: Screening) -> str:
        return obj.partner.account.get_username()

    @admin.display(description=_("answered yes (as shown then)"))
    def answers_as_shown(self, obj: Screening) -> str:
        if not obj.answered_yes:
            return str(_("No question answered yes."))
        return format_html_join(
            "\n",
            "<p>{} <strong>({})</strong></p>",
            ((a.get("text", ""), a.get("severity", "")) for a in obj.answered_yes),
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Never from the screening pages themselves (no delete button, no bulk action). But
        # screenings go with their account or partner (see the module docstring): when staff
        # delete a user or a partner, admin asks this same question about the cascaded rows,
        # and must hear yes.
        match = getattr(request, "resolver_match", None)
        own_page = bool(match and (match.url_name or "").startswith("screening_screening_"))
        return not own_page and super().has_delete_permission(request, obj)
