"""Brand matching and Transparency code arithmetic: pure Python, no Django.

`normalise` folds text to comparable keys (case, spacing, TR39 confusables, digit and
letter swaps, sound-alike spellings); `matching` finds brands in listings' texts with an
Aho-Corasick automaton and a deletion-neighbourhood index, so the work grows with the
text scanned, not with listings × brands; `gtin` checks GTINs, GS1 company prefixes and
builds GS1 Digital Link URIs and unguessable serials.
"""
