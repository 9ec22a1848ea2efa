"""Admin: routines with their steps; sessions and check-ins read-only.

Staff review sessions and ratings but never alter them. Session columns are the model's
facts (`outcome_label`, `duration_display`, `relief`, `lowest_comfort`), the same the
history pages and exports show. Before the session list or a session page is shown, idle
sessions are marked abandoned (the admin's one call to `idle.session_abandon_idle`, see
`sessions.models`), so the state filter and column agree with what the owner sees.

Each step chooses its picture (`StepForm`: one picture for a prepare, check-in or finish
step, a set of three for a lean; `Step.clean` refuses a choice of the wrong kind). A
routine is offered at the start (active) or the default only while
`routine_safety_problems` finds nothing: a step that
agrees the stop signal and a comfort check-in, both before the first lean. The change page
checks the steps as posted together with the routine (`StepFormSet.clean`), so adding the
steps and ticking "offered" or "default" in one save works; the routine list checks the saved steps
(`RoutineListForm`).
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from decompress.models import Rest

from .idle import session_abandon_idle
from .illustrations import illustration_choices
from .models import CheckIn, GuidedSession, Routine, Step, StepKind
from .panels import snapshot_pictures
from .routine_checks import routine_safety_problems
from .steps import step_snapshot


def illustration_field_choices() -> list:
    """Every illustration a step may choose, grouped the way the kinds take them."""
    return [
        ("", _("Default for the step's kind")),
        (_("Single pictures (prepare, check-in, finish)"), illustration_choices(StepKind.PREPARE)),
        (_("Lean sets (lean-in, hold, release)"), illustration_choices(StepKind.LEAN)),
    ]


class StepForm(forms.ModelForm):
    """A step with its picture: one for a prepare, check-in or finish step, a set for a lean.

    The field offers every choice, grouped; `Step.clean` refuses one that does not fit the
    step's kind, naming the kind.
    """

    illustration = forms.ChoiceField(
        label=_("Illustration"),
        choices=illustration_field_choices,
        required=False,
        help_text=_(
            "A prepare, check-in or finish step shows one picture; a lean shows a set of "
            "three, one for each phase. Blank shows the default for the step's kind."
        ),
    )

    class Meta:
        model = Step
        fields = (
            "position",
            "kind",
            "title",
            "instruction",
            "cue",
            "lean_in_seconds",
            "hold_seconds",
            "release_seconds",
            "illustration",
            "agrees_stop_signal",
        )


class StepFormSet(forms.BaseInlineFormSet):
    """The routine's steps, checked together: a routine offered at the start (active or
    the default) must stay safe to start."""

    def clean(self) -> None:
        super().clean()
        offered = getattr(self.instance, "is_default", False) or getattr(
            self.instance, "is_active", False
        )
        if any(self.errors) or not offered:
            return
        kept = [
            (form.cleaned_data.get("position") or 0, index, form.instance)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not (self.can_delete and self._should_delete_form(form))
        ]
        steps = [step for _position, _index, step in sorted(kept, key=lambda row: row[:2])]
        if problems := routine_safety_problems(steps):
            raise forms.ValidationError(problems)


class RoutineListForm(forms.ModelForm):
    """A row of the routine list: ticking "default" or "offered" there is held to the same
    rule."""

    class Meta:
        model = Routine
        fields = ("is_default", "repetitions")

    def clean(self) -> dict:
        cleaned = super().clean()
        offered = cleaned.get("is_default") or cleaned.get("is_active")
        if offered and self.instance.pk:
            steps = self.instance.steps.order_by("position", "pk")
            if problems := routine_safety_problems(steps):
                raise forms.ValidationError(problems)
        return cleaned


class StepInline(admin.StackedInline):
    model = Step
    form = StepForm
    formset = StepFormSet
    extra = 0
    ordering = ("position", "pk")
    fields = (
        ("position", "kind"),
        "title",
        "instruction",
        "cue",
        ("lean_in_seconds", "hold_seconds", "release_seconds"),
        ("illustration", "picture_preview"),
        "agrees_stop_signal",
    )
    readonly_fields = ("picture_preview",)

    class Media:
        css = {"all": ("css/admin-steps.css",)}

    @admin.display(description=_("Picture shown"))
    def picture_preview(self, obj: Step | None) -> str:
        """The saved choice's picture(s), small; a lean's three in phase order."""
        if obj is None or not obj.pk:
            return "—"
        pictures = snapshot_pictures(step_snapshot(obj))
        return format_html_join(
            "",
            '<svg class="step-illustration-preview" role="img" aria-label="{}" viewBox="{}"'
            ' width="96" height="81" focusable="false"><use href="{}"></use></svg>',
            ((picture.alt, picture.view_box, picture.url) for picture in pictures),
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

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=RoutineListForm, **kwargs)

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
        "pain_reported_at",
        "other_answer",
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


@admin.register(Rest)
class RestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rests after pain or a stop rule: staff see who rests until when, never change it."""

    list_display = ("name", "account", "reason", "started_at", "until")
    list_filter = ("reason", "until")
    search_fields = ("name_key", "account__username")
    list_select_related = ("account",)
    readonly_fields = ("account", "partner", "name", "session", "reason", "started_at", "until")
