"""The knowledge base: schema (pydantic models), loader with file:line errors, the loaded model."""

from bot.knowledge.loader import Issue, KnowledgeError, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.schema import LANGUAGES, PartialDate

__all__ = ["LANGUAGES", "Issue", "KnowledgeBase", "KnowledgeError", "PartialDate", "load_knowledge"]
