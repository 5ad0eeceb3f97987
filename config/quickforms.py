"""Form fields drawn in Python instead of one template per field, widget and option.

Some forms are drawn on pages that are asked for all the time: the catalog's filter form
(a dozen fields, fifty options) on every list request, the 'find my fit' questions, the
skin log on Today. Django's form renderer renders a template per field, per widget, per
radio option and per attribute list, and one more for each empty error list: on the bench
machine a radio question cost about a millisecond. These produce the same HTML as the stock
widgets and templates/partials/field.html for the plain cases those forms use (anything
else falls back to the stock path); their class names keep BoundField.widget_type as it
was. tests/config/test_quickforms.py compares them with the stock output.

A form opts in by inheriting QuickFormMixin first and using these widgets.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorList
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python: in order, True bare, False left out.
    (``|stringformat:'s'`` makes every value plain text, so each is escaped.)"""
    return mark_safe(  # noqa: S308 - names and values escaped
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _value(value) -> str:
    """input.html's value attribute: left out for None, else the text, escaped."""
    return "" if value is None else f' value="{escape(value)}"'


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
            # select_option.html ends with a line break; select.html starts each on a line.
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (key, SELECTED if key in chosen else "", label)
                for key, label in ((str(v), label) for v, label in choices)
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}\n</select>', name, _attrs(final_attrs), options)


class CheckboxInput(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        if self.check_test(value):
            attrs = {**(attrs or {}), "checked": True}
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - every part escaped
            f'<input type="checkbox" name="{conditional_escape(name)}"'
            f"{_value(self.format_value(value))}{_attrs(final_attrs)}>"
        )


class TextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - every part escaped
            f'<input type="text" name="{conditional_escape(name)}"'
            f"{_value(self.format_value(value))}{_attrs(final_attrs)}>"
        )


class HiddenInput(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(  # noqa: S308 - every part escaped
            f'<input type="hidden" name="{conditional_escape(name)}"{_value(widget["value"])}'
            f"{_attrs(widget['attrs'])}>"
        )


class Textarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308 - every part escaped
            f'<textarea name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>'
            f"\n{text}</textarea>"
        )


class RadioSelect(forms.RadioSelect):
    """django/forms/widgets/radio.html and the templates it includes, without option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group for group, _, _ in groups):
            return super().render(name, value, attrs, renderer)
        rows = []
        for _, options, _ in groups:
            for option in options:
                option_attrs = option["attrs"]
                label_for = (
                    f' for="{conditional_escape(option_attrs["id"])}"'
                    if option_attrs.get("id")
                    else ""
                )
                rows.append(
                    f'<div>\n    <label{label_for}><input type="{option["type"]}" '
                    f'name="{conditional_escape(option["name"])}"{_value(option["value"])}'
                    f"{_attrs(option_attrs)}>\n"
                    f" {conditional_escape(option['label'])}</label>\n\n</div>"
                )
        outer = widget["attrs"]
        id_html = f' id="{conditional_escape(outer["id"])}"' if outer.get("id") else ""
        class_html = f' class="{conditional_escape(outer["class"])}"' if outer.get("class") else ""
        return mark_safe(f"<div{id_html}{class_html}>{''.join(rows)}\n</div>")  # noqa: S308


class QuickErrorList(ErrorList):
    """An empty error list is "" without rendering django/forms/errors/list/ul.html."""

    def render(self, template_name=None, context=None, renderer=None):
        if not self.data:
            return ""
        return super().render(template_name, context, renderer)

    # RenderableMixin binds these to its own render.
    __str__ = render
    __html__ = render


class QuickBoundField(BoundField):
    """as_field_group() in Python, the same markup as templates/partials/field.html."""

    def as_field_group(self):
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
        if self.use_fieldset:
            legend_html = format_html("<legend>{}</legend>", self.label) if self.label else ""
            return format_html(
                '<fieldset class="field{}">\n  {}\n  {}\n  {}\n  {}\n</fieldset>',
                error_class,
                legend_html,
                help_html,
                errors_html,
                str(self),
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


class QuickFormMixin:
    """A form whose fields and error lists are drawn in Python (put it first in the bases)."""

    bound_field_class = QuickBoundField

    def __init__(self, *args, **kwargs):
        # BaseForm.__init__ takes error_class as an argument, so a class attribute would not do.
        kwargs.setdefault("error_class", QuickErrorList)
        super().__init__(*args, **kwargs)
