"""Mail that leaves the site from a task, not from the view that asked for it.

TASKS chooses where it runs: the immediate backend (the default) sends within the request,
as every message did before; a worker backend sends it after the response without any
change here. Either way every sign-up, reset and email-change request sends exactly one
message whether or not the address is known (accounts.adapter), so their timing matches.
"""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_rendered_mail(*, subject: str, body: str, from_email: str, to: list[str], html: str = ""):
    """Send one already-rendered message (plain text, optional HTML alternative)."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
