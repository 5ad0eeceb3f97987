"""The one exception routines' services raise for a refused action."""


class ActionRefused(Exception):
    """An action the user asked for that cannot be done; the message is shown to them."""
