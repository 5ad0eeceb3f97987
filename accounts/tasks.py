"""Mail that leaves the site from a task, not from the view that asked for it.

TASKS chooses where it runs: the site's accounts.task_backends.ThreadBackend sends after the
response (the request never waits for the mail server); Django's immediate backend (used by
the tests) sends within the request; a worker backend would need no change here. And every
sign-up and reset request sends exactly one message whether or not the address is known.
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
