"""The one exception type that carries a provider's wire error, and the shapes it renders to."""

from __future__ import annotations


class ProviderError(Exception):
    """An error a provider answers with: an HTTP status and a JSON body in its own shape.

    Views raise it; one handler in ``app.py`` renders it. Each provider subclasses it to
    give its own body (Backendless ``{"message", "code"}``, Sendbird adds ``"error": true``).
    """

    status: int = 400

    def __init__(self, code: int, message: str, status: int | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        if status is not None:
            self.status = status

    def body(self) -> dict:
        return {"message": self.message, "code": self.code}


class AdminError(Exception):
    """An error of the admin API: ``{"message": str}`` with the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def body(self) -> dict:
        return {"message": self.message}
