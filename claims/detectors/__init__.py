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
from .base import (DISJOINT_DAYS, LIGHT_VERBS, PRONOUNS, Cause, ClaimFacts, Clock, DateMention, Doubt, Exit,
                   Predicate, Quantity, Signal, _ordered_lemmas, content_lemmas, difference_phrase, shorten)
from .causes import cause_signal, explained_event, extract_causes, main_events, same_event
from .dates import (clock_signal, date_interval, date_signal, extract_clocks, extract_dates, parse_date, parse_scope,
                    time_scope_signal)
from .doubt import disagreement_signal, doubt_signal, extract_doubts
from .facts import PAIR_DETECTORS, FactCache, detect_pair, extract_facts
from .numbers import extract_quantities, numeric_signal
from .polarity import extract_predicates, outcome_signal, polarity_signal, stance_counts

__all__ = ["actor_signal", "alignment_features", "alignment_phrase", "Cause", "cause_signal", "ClaimFacts", "Clock",
           "clock_signal", "content_lemmas", "date_interval", "date_signal", "DateMention", "detect_pair",
           "difference_phrase", "disagreement_signal", "DISJOINT_DAYS", "Doubt", "doubt_signal", "Exit",
           "exit_signal", "explained_event", "extract_causes", "extract_clocks", "extract_dates",
           "extract_doubts", "extract_exits", "extract_facts", "extract_predicates", "extract_quantities",
           "FactCache", "LIGHT_VERBS", "main_events", "numeric_signal", "_ordered_lemmas", "outcome_signal",
           "PAIR_DETECTORS", "parse_date", "parse_scope", "polarity_signal", "Predicate", "PRONOUNS",
           "Quantity", "same_event", "shorten", "Signal", "stance_counts", "time_scope_signal", "unaligned",
           "word_tags"]
