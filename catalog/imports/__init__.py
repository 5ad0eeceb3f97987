"""Staff import and export of the catalog (django-import-export): resources, cell readers
and the admin mixin."""
