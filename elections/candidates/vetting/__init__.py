"""Vetting nominees against the round's five-good / ten-cannot criteria (R-CAND-3): the law as pure
functions (`law`), the queue and file pages (`views`, `forms`) and the written decision (`documents`).
"""
