from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form field with the site's field template (label, help, errors, input)."""

    field_template_name = "partials/field.html"
