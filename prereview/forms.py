from django import forms

from .models import Rule

TEXTS = ("title", "pass_text", "violation_text", "fix_text", "unknown_text")


class RuleForm(forms.ModelForm):
    """A rule of the catalogue as an office admin of BPS RI adjusts it: switch, order, threshold, wording."""

    class Meta:
        model = Rule
        fields = ("enabled", "position", "threshold", "parameter", *TEXTS)
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ("violation_text", "fix_text")}


class RuleAddForm(RuleForm):
    """A new rule of a built-in kind (another threshold or wording, on another question)."""

    class Meta(RuleForm.Meta):
        fields = ("key", "kind", "section", "field", *RuleForm.Meta.fields)
