"""The one exception type users see: a Chinese message that names the place and the problem."""


class UserError(Exception):
    """An error meant for the user: ``str(err)`` is a complete Chinese sentence, never a traceback."""
