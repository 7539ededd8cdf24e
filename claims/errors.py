"""Named errors; each message is one line that names the file and says what to do."""


class ClaimsError(Exception):
    """Base class: the CLI prints the message and exits non-zero."""

    exit_code = 1


class InputError(ClaimsError):
    """A document or manifest cannot be read as given."""

    exit_code = 2


class SettingsError(ClaimsError):
    """A settings file or option is invalid."""

    exit_code = 2


class ModelError(ClaimsError):
    """A model cannot be loaded offline."""

    exit_code = 3
