"""The email-verification step of allauth's sign-in, as Cellwise wants it."""

from allauth.account import stages


class EmailVerificationStage(stages.EmailVerificationStage):
    """A new sign-up waits for its link (so a sign-up with a known address looks the same as
    one with a new address); a later sign-in with an address still unverified goes through,
    and the site says why no reminder email arrives until it is verified."""

    def handle(self):
        if self.login.signup:
            return super().handle()
        return None, True
