"""An optional second opinion on the top candidate pairs from an OpenAI-compatible chat endpoint.

For users with more hardware: a local llama.cpp, Ollama or vLLM server (``--judge-url``). Only the
``top`` pairs the relation model rates most likely to conflict are sent, one request each; the
answer (conflict / corroboration / neither) and the model's one-line reason are stored in the
relation's ``signals["judge"]``. The relation model's verdict is kept: the judge informs a reader,
it does not overrule the calibrated score. Standard library only (urllib).
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from .errors import ModelError

ANSWERS = ("conflict", "corroboration", "neither")
PROMPT = ("Two news claims about one event follow. Answer with one word, conflict (they cannot both be "
          "true), corroboration (they say the same thing) or neither, then ' - ' and a one-line reason.\n"
          "Claim A: {a}\nClaim B: {b}")


@dataclass
class ChatJudge:
    """Asks an OpenAI-compatible ``/v1/chat/completions`` endpoint about claim pairs."""

    url: str
    model: str = "local"
    top: int = 20
    timeout: float = 60.0
    max_tokens: int = 60

    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        return base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")

    def ask(self, a: str, b: str) -> dict:
        """{"answer": one of ANSWERS or "unclear", "reason": one line} for one pair."""
        body = {"model": self.model, "temperature": 0, "max_tokens": self.max_tokens,
                "messages": [{"role": "user", "content": PROMPT.format(a=a, b=b)}]}
        request = urllib.request.Request(self.endpoint(), data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ModelError(f"{self.url}: the judge endpoint did not answer ({exc.__class__.__name__}); "
                             "start the server or drop --judge-url") from exc
        try:
            text = str(reply["choices"][0]["message"]["content"])
        except (KeyError, IndexError, TypeError) as exc:
            raise ModelError(f"{self.url}: not an OpenAI-compatible chat reply; check --judge-url") from exc
        return parse_answer(text)


def parse_answer(text: str) -> dict:
    """The first answer word in a reply and the rest of its first line as the reason."""
    line = next((x.strip() for x in text.strip().splitlines() if x.strip()), "")
    m = re.search(r"\b(" + "|".join(ANSWERS) + r")\b", line.lower())
    reason = line[m.end():].lstrip(" -:.,") if m else line
    return {"answer": m.group(1) if m else "unclear", "reason": reason[:200]}
