"""claims: read several accounts of one event, extract attributed claims, show where they disagree."""
from .errors import ClaimsError, InputError, ModelError, SettingsError
from .records import Claim, Document, Finding, Relation
from .settings import Settings, load_settings

__all__ = [
    "Claim", "ClaimsError", "Document", "Finding", "InputError", "ModelError",
    "Relation", "Settings", "SettingsError", "load_settings",
]
__version__ = "0.1.0"
