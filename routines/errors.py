"""The one exception routines' services raise for a refused action."""


class ActionRefused(Exception):
    """An action the user asked for that cannot be done; the message is shown to them."""


class StaleEdit(ActionRefused):
    """The row changed elsewhere since the form was loaded; `current` is the newer row,
    to show again so nothing is overwritten silently."""

    def __init__(self, message: str, current=None):
        super().__init__(message)
        self.current = current
