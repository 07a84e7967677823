"""Reading a question: folded words, time, places, intent and slots; out-of-scope and two-part
questions."""
