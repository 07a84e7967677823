"""Answering: which campaign, which sentence, which reply; the core's contract and evaluation."""
