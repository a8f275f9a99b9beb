"""A trained, deterministic consistency checker: is a statement backed by a document, and by which sentences?"""
