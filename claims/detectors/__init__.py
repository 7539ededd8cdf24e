"""Structured, explainable signals that two claims conflict or agree, read from the spaCy parse.

Each text is reduced once to :class:`ClaimFacts` (quantities, dates, predicates, causes, cue
phrases); pair detectors compare two facts records and return :class:`Signal` records whose
``explanation`` quotes the differing words from both claims, so a reader can check them.
One module per signal family: :mod:`.numbers` (numbers and counts), :mod:`.dates` (dates and
clock times), :mod:`.polarity` (negation, antonyms, outcomes), :mod:`.causes`, :mod:`.actors`
(who did or controls what), :mod:`.doubt` (disagreement and distancing cues), :mod:`.align`
(token alignment: the words that differ); :mod:`.facts` parses a text once and runs them all on a
pair. Word lists live in :mod:`claims.lexicon`;
nothing here knows a story.
"""
from .actors import actor_signal, exit_signal, extract_exits
from .align import alignment_features, alignment_phrase, unaligned, word_tags
from .base import (DISJOINT_DAYS, LIGHT_VERBS, PRONOUNS, Cause, ClaimFacts, DateMention, Doubt, Exit, Predicate,
                   Quantity, Signal, _ordered_lemmas, content_lemmas, difference_phrase, shorten)
from .causes import cause_signal, explained_event, extract_causes, main_events, same_event
from .dates import date_interval, date_signal, extract_dates, parse_date, parse_scope, time_scope_signal
from .doubt import disagreement_signal, doubt_signal, extract_doubts
from .facts import PAIR_DETECTORS, FactCache, detect_pair, extract_facts
from .numbers import extract_quantities, numeric_signal
from .polarity import extract_predicates, outcome_signal, polarity_signal, stance_counts

__all__ = ["DISJOINT_DAYS", "LIGHT_VERBS", "PAIR_DETECTORS", "PRONOUNS", "Cause", "ClaimFacts", "DateMention", "Doubt",
           "alignment_features", "alignment_phrase", "unaligned", "word_tags", "Exit", "FactCache", "Predicate", "Quantity", "Signal", "_ordered_lemmas", "actor_signal", "cause_signal",
           "content_lemmas", "date_interval", "date_signal", "detect_pair", "difference_phrase", "disagreement_signal",
           "doubt_signal", "exit_signal", "explained_event", "extract_causes", "extract_dates", "extract_doubts",
           "extract_exits", "extract_facts", "extract_predicates", "extract_quantities", "main_events",
           "numeric_signal", "outcome_signal", "parse_date", "parse_scope", "polarity_signal", "same_event", "shorten",
           "stance_counts", "time_scope_signal"]
