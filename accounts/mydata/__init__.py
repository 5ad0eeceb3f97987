"""My data: export, printable summary and account deletion pages."""
