"""A trained, deterministic consistency checker: is a statement backed by a document, and by which sentences?"""

from service.consistency.checker import default_checker, entails, fact_present

__all__ = ["default_checker", "entails", "fact_present"]
