"""The admin side of imports: who may import, and an import that saves all or nothing.

django-import-export's flow: upload → dry run with a preview of every row (new, changed,
unchanged, or the errors beside it) → confirm → the real import, then each row is written
to the admin's history (LogEntry: "Recent actions" and each object's History page).
"""

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

NOTHING_IMPORTED = (
    "Nothing was imported: the file no longer passes the checks ({count} row(s) with "
    "problems). Upload it again to see them in the preview."
)
FILE_GONE = "The uploaded file has expired. Upload it again to import it."


class CatalogImportExportMixin(ImportExportMixin):
    formats = [CSV, XLSX]
    # Every column, always, so an export can be edited and imported again. (The default
    # field-picking form needs inline script and styles, which our CSP refuses.)
    export_form_class = ExportForm
    # Show the message and the row's values; never a traceback.
    import_error_display = ("message", "row")

    def has_import_permission(self, request):
        """An import adds and changes rows, so it needs both permissions."""
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # A row that fails validation rolls back the whole file, not just that row.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_import(self, request, **kwargs):
        confirm_form = self.create_confirm_form(request)
        if confirm_form.is_valid() and not self._stored_file_exists(confirm_form):
            messages.error(request, FILE_GONE)
            return redirect(self._import_url())
        return super().process_import(request, **kwargs)

    def _stored_file_exists(self, confirm_form) -> bool:
        storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            return storage.read() is not None
        except OSError:
            return False

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            count = len(result.row_errors()) + len(result.invalid_rows)
            messages.error(request, NOTHING_IMPORTED.format(count=count))
            return redirect(self._import_url())
        return super().process_result(result, request)

    def _import_url(self):
        app_label, model_name = self.get_model_info()
        return f"admin:{app_label}_{model_name}_import"
