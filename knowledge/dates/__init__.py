"""Dates: Vietnamese date phrases in documents, time words in questions, recurring reports and
working days."""
