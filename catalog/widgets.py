"""Filter-form widgets rendered in Python instead of one template per widget and option.

The catalog list draws its whole filter form (a dozen fields, fifty options) on every
request; Django's template-per-option widgets were a large share of that page's cost. These
produce the same HTML as the stock widgets (and templates/partials/field.html), for the
plain cases the filter form uses; their class names keep BoundField.widget_type unchanged.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # A comprehension, not list(): list() asks a ModelChoiceIterator for its length,
        # which is a COUNT query of its own.
        choices = [choice for choice in self.choices]  # noqa: C416
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: stock path
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SELECTED if key in chosen else "", label)
                for key, label in ((str(v), label) for v, label in choices)
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n  {}\n</select>', name, flatatt(final_attrs), options
        )


class CheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            final_attrs["checked"] = True
        shown = self.format_value(value)
        if shown is not None:
            final_attrs["value"] = shown
        return format_html('<input type="checkbox" name="{}"{}>', name, flatatt(final_attrs))


class TextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            final_attrs = {"value": shown, **final_attrs}
        return format_html('<input type="text" name="{}"{}>', name, flatatt(final_attrs))


class QuickBoundField(BoundField):
    """as_field_group() in Python, the same markup as templates/partials/field.html."""

    def as_field_group(self):
        if self.use_fieldset:
            return super().as_field_group()
        errors = self.errors
        error_class = " field-has-error" if errors else ""
        help_html = (
            format_html(
                '<div class="helptext" id="{}_helptext">{}</div>',
                self.auto_id,
                mark_safe(self.help_text),  # noqa: S308 - help texts are ours, as |safe was
            )
            if self.help_text
            else ""
        )
        errors_html = str(errors) if errors else ""
        if self.widget_type == "checkbox":
            return format_html(
                '<div class="field field-checkbox{}">\n  {} <label for="{}">{}</label>\n  {}\n'
                "  {}\n</div>",
                error_class,
                str(self),
                self.id_for_label,
                self.label,
                help_html,
                errors_html,
            )
        label_html = (
            format_html('<label for="{}">{}</label>', self.id_for_label, self.label)
            if self.label
            else ""
        )
        return format_html(
            '<div class="field{}">\n  {}\n  {}\n  {}\n  {}\n</div>',
            error_class,
            label_html,
            help_html,
            errors_html,
            str(self),
        )
