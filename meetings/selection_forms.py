"""Forms of the review panel and the staff selection page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import OverrideDecision
from .models import MAX_SCORE
from .selection_services import MIN_REASON_LENGTH

SCORE_CHOICES = [(value, str(value)) for value in range(MAX_SCORE + 1)]
REMOVE = "remove"


class ReviewForm(forms.Form):
    """A score from 0 to 5 and an optional comment per criterion, and an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by the panel and the technical secretariat, never published."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a score from 0 to %(max)s.") % {"max": MAX_SCORE},
                    "invalid_choice": _("Choose a score from 0 to %(max)s.") % {"max": MAX_SCORE},
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on this criterion"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_for(cls, review):
        if review is None:
            return {}
        initial = {"comment": review.comment}
        for score in review.scores.all():
            initial[f"score_{score.criterion_id}"] = score.value
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial

    def criterion_fields(self):
        """``[(criterion, score field, comment field)]`` for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self):
        data = self.cleaned_data
        return {
            criterion.pk: (data[f"score_{criterion.pk}"], data.get(f"comment_{criterion.pk}", ""))
            for criterion in self.criteria
        }


class OverrideForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("selection override", "Decision"),
        choices=[*OverrideDecision.choices, (REMOVE, _("Remove the override"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "At least %(count)s characters. Published in the selection report with the "
            "organisation's name (your name is not)."
        ) % {"count": MIN_REASON_LENGTH}

    def clean(self):
        data = super().clean()
        if data.get("decision") in OverrideDecision.values:
            reason = (data.get("reason") or "").strip()
            if len(reason) < MIN_REASON_LENGTH:
                self.add_error(
                    "reason",
                    _(
                        "Write the reason in at least %(count)s characters: it is published "
                        "in the selection report."
                    )
                    % {"count": MIN_REASON_LENGTH},
                )
        return data

    def chosen_decision(self):
        """The decision for the service: empty to remove the override."""
        value = self.cleaned_data["decision"]
        return "" if value == REMOVE else value
