"""Accessibility additions shared by our ModelAdmins."""


class LabelledListEditableMixin:
    """Django puts list_editable inputs in table cells without a <label>; give each one an
    accessible name from its column and row (e.g. "Order of Dry skin")."""

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label} of {self.instance}"

        return LabelledForm
