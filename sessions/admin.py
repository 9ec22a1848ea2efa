"""Admin: routines with their steps; sessions and check-ins read-only.

Staff review sessions and ratings but never alter them. Session columns are the model's
facts (`outcome_label`, `duration_display`, `relief`, `lowest_comfort`), the same the
history pages and exports show. Before the session list or a session page is shown, idle
sessions are marked abandoned (the admin's one call to `engine.session_abandon_idle`, see
`sessions.models`), so the state filter and column agree with what the owner sees.
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .engine import session_abandon_idle
from .models import CheckIn, GuidedSession, Routine, Step


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    ordering = ("position", "pk")
    fields = (
        ("position", "kind"),
        "title",
        "instruction",
        "cue",
        ("lean_in_seconds", "hold_seconds", "release_seconds"),
    )


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "is_default",
        "is_active",
        "repetitions",
        "step_count",
        "view_as_user",
    )
    list_editable = ("is_default", "is_active", "repetitions")
    search_fields = ("name", "description")
    list_filter = ("is_default", "is_active")
    inlines = [StepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_step_count=Count("steps"))

    @admin.display(description=_("steps"), ordering="_step_count")
    def step_count(self, obj: Routine) -> int:
        return obj._step_count

    @admin.display(description=_("preview"))
    def view_as_user(self, obj: Routine) -> str:
        url = reverse("sessions:routine_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("View as user"))

    def view_on_site(self, obj: Routine) -> str:
        return reverse("sessions:routine_preview", args=[obj.pk])


class ReadOnlyAdminMixin:
    """Staff review sessions and ratings; nobody alters them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CheckInInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CheckIn
    extra = 0
    fields = ("step_index", "repetition", "comfort", "pain", "created_at")
    readonly_fields = fields
    can_delete = False


@admin.register(GuidedSession)
class GuidedSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "partner",
        "outcome",
        "started_at",
        "duration",
        "baseline_comfort",
        "after_comfort",
        "relief",
        "lowest_comfort",
    )
    list_filter = ("state", "started_at", "stop_reason")
    date_hierarchy = "started_at"
    search_fields = ("partner__name", "partner__account__username")
    list_select_related = ("partner",)
    inlines = [CheckInInline]
    fields = (
        "partner",
        "routine",
        "screening",
        "outcome",
        "state",
        "position",
        "repetition",
        "awaiting_check_in",
        "baseline_comfort",
        "after_comfort",
        "relief",
        "lowest_comfort",
        "stop_reason",
        "note",
        "started_at",
        "last_activity_at",
        "ended_at",
        "duration",
        "steps",
    )
    readonly_fields = fields

    def changelist_view(self, request, extra_context=None):
        session_abandon_idle()
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        session_abandon_idle()
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("outcome"), ordering="state")
    def outcome(self, obj: GuidedSession) -> str:
        return obj.outcome_label

    @admin.display(description=_("duration"))
    def duration(self, obj: GuidedSession) -> str:
        return obj.duration_display

    @admin.display(description=_("relief (after minus before)"))
    def relief(self, obj: GuidedSession) -> str:
        return obj.relief_display


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("session", "step_index", "repetition", "comfort", "pain", "created_at")
    list_filter = ("pain", "created_at")
    search_fields = ("session__partner__name",)
    list_select_related = ("session__partner",)
    readonly_fields = ("session", "step_index", "repetition", "comfort", "pain", "created_at")
