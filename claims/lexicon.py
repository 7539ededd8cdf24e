"""Every word list the toolkit uses, in one place: reporting verbs, hedges, source descriptors,
causal and disagreement cues, vague quantities.

General English and newsroom vocabulary only; nothing here names a story, person or place.
Sections are owned by the stage that reads them (attribution, time, relations, ingest).
"""
from __future__ import annotations

# --- attribution (claims/attribute.py) -------------------------------------------------------

# Reporting verb lemma -> force (the speech act the verb asserts).
REPORTING_VERBS = {
    "say": "say", "tell": "say", "add": "say", "state": "say", "note": "say", "explain": "say",
    "describe": "say", "announce": "say", "declare": "say", "write": "say", "comment": "say",
    "remark": "say", "mention": "say", "reply": "say", "respond": "say", "answer": "say",
    "recount": "say", "recall": "say", "post": "say", "tweet": "say",
    "inform": "say", "brief": "say", "quote": "say", "testify": "say", "stress": "say",
    "emphasise": "say", "emphasize": "say", "point": "say", "observe": "say", "charge": "allege",
    "claim": "claim", "insist": "claim", "maintain": "claim", "argue": "claim", "assert": "claim",
    "contend": "claim", "boast": "claim", "deny": "deny", "reject": "deny", "dismiss": "deny",
    "dispute": "deny", "refute": "deny", "confirm": "confirm", "acknowledge": "confirm",
    "verify": "confirm", "corroborate": "confirm", "concede": "concede", "admit": "concede",
    "allege": "allege", "accuse": "allege", "report": "report", "indicate": "report",
    "show": "report", "warn": "warn", "caution": "warn", "threaten": "warn", "vow": "vow",
    "pledge": "vow", "promise": "vow", "predict": "predict", "forecast": "predict",
    "estimate": "estimate", "believe": "belief", "think": "belief", "fear": "belief",
    "expect": "belief", "hope": "belief", "suspect": "belief", "suggest": "suggest",
    "reveal": "reveal", "disclose": "reveal", "urge": "urge", "demand": "urge",
    "hail": "evaluate", "praise": "evaluate", "condemn": "evaluate", "criticise": "evaluate",
    "criticize": "evaluate", "welcome": "evaluate", "congratulate": "evaluate",
    "blame": "allege", "agree": "confirm", "speculate": "suggest", "calculate": "estimate",
    "ask": "ask", "question": "ask", "wonder": "ask", "slam": "evaluate",
    "blast": "evaluate", "attack": "evaluate", "mock": "evaluate", "rip": "evaluate",
    "lambast": "evaluate", "conclude": "say", "recommend": "urge", "propose": "urge",
    "complain": "say", "joke": "say", "lament": "say", "email": "say", "cite": "say",
    "retort": "say", "counter": "say", "shout": "say", "chant": "say", "exclaim": "say",
    "assure": "say",
}

# Belief, intention and stance verbs: a subject holds a view without reporting it as said.
# Lemma -> force; a cue with force "belief" or "intention" is not a reported statement.
STANCE_VERBS = {
    "think": "belief", "believe": "belief", "feel": "belief", "know": "belief", "doubt": "belief",
    "fear": "belief", "hope": "belief", "expect": "belief", "worry": "belief", "assume": "belief",
    "consider": "belief", "see": "belief", "view": "belief", "regard": "belief", "trust": "belief",
    "want": "intention", "plan": "intention", "intend": "intention", "seek": "intention",
    "aim": "intention", "wish": "intention", "try": "intention", "refuse": "intention",
    "decline": "intention", "decide": "intention", "vow": "intention", "pledge": "intention",
    "support": "stance", "oppose": "stance", "endorse": "stance", "back": "stance",
    "favor": "stance", "favour": "stance", "defend": "stance", "agree": "stance",
    "disagree": "stance", "like": "stance", "dislike": "stance", "prefer": "stance",
}

# Cues whose object is the listener (the relay): "told X", "informed X", "briefed X".
LISTENER_VERBS = frozenset({"tell", "inform", "brief"})
# Reporting verbs whose "to" object is what they react to or increase, not a content ("adding to
# her lead", "responding to the question").
REACTION_VERBS = frozenset({"add", "respond", "reply", "react"})

# Prepositions after a cue that name the medium or relay ("said to X", "told X on Y TV").
RELAY_PREPOSITIONS = frozenset({"to", "on", "in", "via", "through"})

# Head nouns of speakers who are not named.
ANONYMOUS_HEADS = frozenset({
    "source", "sources", "insider", "insiders", "informant", "person", "people", "someone",
    "witness", "witnesses", "resident", "residents", "official", "officials", "diplomat",
    "diplomats", "aide", "aides", "employee", "employees", "staffer", "member", "members",
    "commander", "fighter", "expert", "experts", "analyst", "analysts", "observer", "observers",
})

# Nouns for a person (not a group or a thing): what "he" or "she" can stand for.
HUMAN_NOUNS = frozenset({
    "source", "insider", "informant", "person", "someone", "witness", "resident", "official",
    "diplomat", "aide", "employee", "staffer", "member", "commander", "fighter", "expert", "analyst",
    "observer", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "mayor",
    "governor", "senator", "secretary", "general", "colonel", "chief", "premier", "chancellor",
    "commissioner", "sheriff", "judge", "prosecutor", "voter", "critic", "supporter", "opponent",
    "lawmaker", "legislator", "leader", "candidate", "politician", "economist", "scientist",
    "researcher", "scholar", "protester", "delegate", "donor", "student", "worker", "citizen",
    "parent", "teacher", "doctor", "lawyer", "attorney", "activist", "advocate", "campaigner",
    "strategist", "adviser", "advisor", "director", "chairman", "chairwoman", "executive", "founder",
    "owner", "investor", "friend", "mother", "father", "wife", "husband", "son", "daughter", "woman",
    "man", "victim", "survivor", "author", "writer", "editor", "columnist", "journalist", "reporter",
    "blogger", "host", "commentator", "pundit", "historian", "professor", "investigator", "officer",
    "agent", "republican", "democrat", "ally", "manager", "nominee", "pollster", "businessman",
    "businesswoman", "rival", "veteran", "consultant", "speechwriter", "backer", "mogul", "operative",
    "organizer", "organiser", "counsel", "surgeon", "narrator", "actor", "actress", "speaker",
    "representative", "congressman", "congresswoman", "dean", "contender", "lobbyist", "treasurer",
    "pastor", "priest", "ambassador", "challenger", "incumbent", "tycoon", "moderator", "guy", "lady",
    "hopeful", "employer", "neighbor", "neighbour", "boss", "ceo", "chair", "coach", "king", "queen",
    "client",
})

# Labels that open a headline before a colon without naming a speaker ("Exclusive: ...").
HEADLINE_LABELS = frozenset({
    "exclusive", "breaking", "watch", "video", "videos", "update", "updated", "analysis", "opinion",
    "editorial", "photos", "live", "listen", "read", "review", "explainer", "factbox", "timeline",
    "bombshell", "wow", "boom", "busted", "revealed", "confirmed", "report", "more", "note",
    "look", "correction", "corrections", "clarification", "related", "sponsored", "advertisement", "disclosure",
})

# Headlines drop the auxiliary of a passive ("Putin reported dead", "Mayor urged to resign", "Suspect
# named as local man"): with no object, these verbs followed by "to ...", "as ..." or an adjective say
# what others say of their subject, which is not a source (claims.cuemodel.headline_passive)
PASSIVE_TO_VERBS = frozenset({"say", "believe", "think", "report", "rumour", "rumor", "fear", "presume", "know",
                              "understand", "urge", "tell", "order", "force", "advise", "instruct", "persuade",
                              "pressure", "require", "summon", "encourage", "invite", "allow", "warn", "call"})
PASSIVE_AS_VERBS = frozenset({"identify", "name", "describe", "brand", "label", "hail", "dub", "see", "regard",
                              "portray", "characterize", "characterise", "cast", "list", "confirm", "report",
                              "unmask", "expose", "reveal", "tip", "tout", "call"})
PASSIVE_STATE_VERBS = frozenset({"report", "believe", "fear", "presume", "confirm", "declare", "rumour", "rumor",
                                 "say", "think", "pronounce"})

# Irregular past forms of reporting verbs, for title-case headlines the tagger misreads.
IRREGULAR_PAST = {"said": "say", "told": "tell", "wrote": "write", "thought": "think", "spoke": "speak",
                  "knew": "know", "saw": "see", "felt": "feel"}

# Determiners and adjectives that mark a speaker as unnamed.
ANONYMOUS_MARKERS = frozenset({
    "a", "an", "another", "some", "several", "one", "two", "three", "unnamed", "anonymous",
    "well-informed", "informed", "senior", "knowledgeable",
})

MEDIA_WORDS = frozenset({
    "television", "tv", "channel", "newspaper", "paper", "daily", "agency", "radio", "website",
    "broadcaster", "network", "outlet", "magazine", "station", "news", "press", "media",
    "newswire", "wire", "tabloid", "weekly", "journal", "correspondent", "reporter", "editorial",
})

STATE_MEDIA_WORDS = frozenset({"state", "state-run", "state-owned", "official", "government", "public"})

MONITOR_WORDS = frozenset({
    "observatory", "monitor", "monitors", "monitoring", "watchdog", "watch", "ngo", "rights",
    "amnesty", "humanitarian",
})

SOCIAL_MEDIA_WORDS = frozenset({
    "facebook", "twitter", "x", "youtube", "telegram", "instagram", "tiktok", "whatsapp",
    "social", "page", "blog", "account", "post", "video", "videos", "recordings", "recording",
})

OFFICIAL_WORDS = frozenset({
    "minister", "ministry", "president", "government", "army", "military", "police",
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "authorities",
    "authority", "department", "office", "mayor", "governor", "council", "commission",
    "parliament", "senator", "secretary", "prime", "general", "gen.", "brig.", "colonel",
    "forces", "embassy", "administration", "cabinet", "agency", "court", "prosecutor",
    "regulator", "chief", "premier", "chancellor", "commissioner", "sheriff", "judge",
})

ORGANISATION_WORDS = frozenset({
    "group", "committee", "committees", "network", "party", "movement", "company", "firm",
    "association", "union", "federation", "club", "league", "institute", "organisation",
    "organization", "university", "hospital", "board", "team", "coalition", "alliance",
    "brigade", "brigades", "front", "council", "foundation", "bank", "corporation",
    "service", "services", "bureau", "center", "centre", "campaign", "institution", "society",
    "charity", "school", "college", "church", "museum", "airline", "manufacturer", "maker",
    "retailer", "agency", "office", "department", "ministry", "authority", "administration",
})

# Titles written before a person's name ("Coach Maria Lopez", "Sen. Ann Roe"), lower case, no dot.
PERSON_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev",
    "reverend", "father", "rabbi", "imam", "sheikh", "pope", "king", "queen", "prince", "princess",
    "coach", "mayor", "senator", "sen", "rep", "representative", "gov", "governor", "president",
    "minister", "secretary", "judge", "justice", "general", "gen", "col", "colonel", "captain", "capt",
    "lt", "sgt", "sergeant", "major", "admiral", "chief", "director", "chairman", "chairwoman", "ceo",
    "spokesman", "spokeswoman", "ambassador", "commissioner", "sheriff", "officer", "detective",
    "speaker", "leader", "chancellor", "premier", "attorney", "deputy", "vice", "former", "candidate",
    "congressman", "congresswoman", "councilman", "councilwoman", "councillor", "inspector", "agent",
})

OPPOSITION_WORDS = frozenset({
    "opposition", "rebel", "rebels", "activist", "activists", "insurgent", "insurgents",
    "dissident", "dissidents", "revolution", "revolutionary", "anti-government", "anti-regime",
})

# Words that mark an armed or political group as a challenger even when its name contains
# "army" or "front" ("Free ... Army", "... Liberation Front", "Revolutionary Armed Forces").
INSURGENT_NAME_WORDS = frozenset({"free", "liberation", "resistance", "revolutionary", "rebel", "insurgent"})

GOVERNMENT_WORDS = frozenset({
    "state", "official", "officials", "government", "regime", "army", "ministry", "minister",
    "military", "pro-government", "pro-regime", "president", "presidential", "police",
})

# Subject pronouns that continue the previous speaker, by what they can refer to.
PERSON_PRONOUNS = frozenset({"he", "she"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Words that never name a source on their own: determiners, "one", expletives, bare pronouns
# left unresolved.
NON_SPEAKERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "one", "ones", "there", "here",
    "what", "which", "who", "whom", "whose", "he", "she", "they", "him", "her", "them", "his",
    "their", "we", "us", "our", "i", "me", "my", "you", "your", "some", "many", "most", "all",
    "both", "each", "either", "neither", "none", "nobody", "anyone", "everyone", "someone",
    "something", "nothing", "everything", "another", "other", "others", "such",
})

# Unnamed people in general ("Others argue ...", "Many believe ...", "Both vowed ..."): a vague
# source the claim is attributed to, not the outlet's own voice.
VAGUE_SOURCES = frozenset({"some", "many", "most", "others", "another", "both", "several", "few", "all", "each"})

# Common nouns for people, groups and documents that can hold or state a view (subjects the
# learned cue model may attribute to; events and things cannot).
SOURCE_NOUNS = frozenset({
    "voter", "critic", "supporter", "opponent", "lawmaker", "legislator", "leader", "candidate",
    "politician", "economist", "scientist", "researcher", "scholar", "protester", "protestor",
    "reader", "delegate", "donor", "student", "worker", "citizen", "american", "parent", "teacher",
    "doctor", "lawyer", "attorney", "activist", "advocate", "campaigner", "expert", "analyst",
    "strategist", "adviser", "advisor", "aide", "staff", "spokesman", "spokeswoman", "spokesperson",
    "director", "chairman", "chairwoman", "chair", "executive", "founder", "owner", "investor",
    "consumer", "customer", "user", "fan", "viewer", "audience", "crowd", "public", "majority",
    "minority", "respondent", "participant", "member", "resident", "neighbor", "neighbour",
    "friend", "family", "mother", "father", "wife", "husband", "son", "daughter", "woman", "man",
    "people", "person", "victim", "survivor", "witness", "author", "writer", "editor", "columnist",
    "journalist", "reporter", "blogger", "host", "commentator", "pundit", "historian", "professor",
    "judge", "court", "jury", "prosecutor", "investigator", "police", "officer", "agent", "official",
    "administration", "government", "party", "campaign", "committee", "panel", "board", "group",
    "union", "company", "firm", "bank", "organization", "organisation", "agency", "ministry",
    "department", "office", "republican", "democrat", "conservative", "liberal", "progressive",
    "report", "study", "survey", "poll", "statement", "letter", "memo", "platform", "bill",
    "ruling", "analysis", "document", "documents", "email", "tweet", "post", "book", "article",
    "editorial", "op-ed", "ad", "advertisement", "commercial", "speech", "filing", "lawsuit",
    "complaint", "proposal", "plan", "agreement", "resolution", "law", "constitution", "guideline",
    "guidelines", "policy", "review", "audit", "investigation", "inquiry", "data", "research",
    "ally", "manager", "nominee", "pollster", "result", "record", "businessman", "businesswoman",
    "rival", "veteran", "consultant", "camp", "superdelegate", "speechwriter", "backer", "mogul",
    "partner", "operative", "organizer", "organiser", "attendee", "counsel", "country", "nation",
    "neurosurgeon", "surgeon", "community", "narrator", "actor", "actress", "establishment",
    "speaker", "independent", "representative", "leadership", "committeeman", "hopeful", "tycoon",
    "moderator", "guy", "lady", "congressman", "congresswoman", "dean", "contender", "lobbyist",
    "treasurer", "legislature", "pastor", "priest", "ambassador", "figure", "number", "percent",
    "majority", "nominee", "challenger", "incumbent", "governor", "senator", "mayor", "president",
    "employer", "employee", "union", "industry", "group", "insider", "source", "critic", "client",
    "anchor", "interviewer", "interviewee", "caller", "colleague", "billionaire", "millionaire",
    "frontrunner", "front-runner", "pilot", "prince", "princess", "king", "queen", "justice",
    "principal", "electorate", "faction", "management", "opposition", "side", "winner", "loser",
    "message", "page", "affidavit", "account", "petition", "headline", "movie", "film", "novel",
    "documentary", "website", "site", "blog", "column", "essay", "paper", "story", "manifesto",
    "transcript", "summary", "brief", "memoir", "biography", "podcast", "broadcast", "program",
    "programme", "broadcaster", "network", "newspaper", "magazine", "outlet", "channel",
})

# Light verbs whose subject holds the view of the noun cue they govern ("voiced support for",
# "issued a warning that", "made the case that"), or that carry it "with" ("roused the crowd with
# criticism of ...").
NOMINAL_CUE_VERBS = frozenset({
    "make", "issue", "give", "offer", "voice", "express", "deliver", "launch", "level", "lodge", "file",
    "repeat", "renew", "reiterate", "publish", "post", "send", "rouse", "open", "close", "end", "begin",
})

# Word forms the small English model's lemma rules get wrong ("hoping" -> "hop").
LEMMA_EXCEPTIONS = {"hoping": "hope", "hoped": "hope", "hopes": "hope"}

# Nouns that carry a view of their holder ("his claim that", "Smith's view is", "her call to",
# "criticism from economists"), each with the verb whose force it has (REPORTING_VERBS, STANCE_VERBS).
NOMINAL_CUES = {
    "claim": "claim", "accusation": "accuse", "allegation": "allege", "assertion": "assert",
    "argument": "argue", "contention": "argue", "insistence": "insist", "statement": "state",
    "comment": "comment", "comments": "comment", "remark": "remark", "remarks": "remark",
    "announcement": "announce", "testimony": "testify", "explanation": "explain", "answer": "answer",
    "response": "respond", "reply": "reply", "description": "describe", "complaint": "complain",
    "warning": "warn", "threat": "threaten", "prediction": "predict", "estimate": "estimate",
    "suggestion": "suggest", "denial": "deny", "rejection": "reject", "admission": "admit",
    "concession": "concede", "confirmation": "confirm", "assurance": "assure", "promise": "promise",
    "pledge": "pledge", "vow": "vow", "demand": "demand", "call": "demand", "appeal": "demand",
    "proposal": "propose", "recommendation": "recommend", "advice": "recommend", "request": "ask",
    "question": "question", "criticism": "criticize", "attack": "attack", "condemnation": "condemn",
    "praise": "praise", "endorsement": "endorse", "support": "support", "opposition": "oppose",
    "refusal": "refuse", "decision": "decide", "plan": "plan", "intention": "intend", "goal": "aim",
    "aim": "aim", "view": "view", "belief": "believe", "opinion": "think", "position": "view",
    "stance": "view", "hope": "hope", "fear": "fear", "doubt": "doubt", "concern": "fear",
    "assessment": "estimate", "judgment": "estimate", "judgement": "estimate", "message": "say",
    "agreement": "agree", "disagreement": "disagree",
}

# Words for a part of a group, as polls report them ("a third of voters", "a plurality said").
SHARE_WORDS = frozenset({
    "half", "third", "quarter", "fifth", "tenth", "majority", "minority", "plurality", "handful",
    "percent", "share", "proportion", "fraction", "number", "couple", "dozen", "dozens",
})

# Subjects that are evidence, not sources ("pictures show", "video images showed").
EVIDENCE_MEDIA = frozenset({
    "video", "videos", "image", "images", "picture", "pictures", "photo", "photos", "photograph",
    "photographs", "footage", "recording", "recordings", "clip", "clips", "imagery", "screenshot",
    "screenshots",
})

# Titles that give a person's gender.
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "brother"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen",
                           "princess", "mother", "sister"})

# Nouns for people of one gender ("a young man", "the victim's mother"), for pronoun agreement.
MALE_NOUNS = frozenset({
    "man", "boy", "father", "son", "husband", "brother", "uncle", "nephew", "grandfather", "grandson",
    "king", "prince", "gentleman", "businessman", "congressman", "chairman", "spokesman", "policeman",
    "fireman", "widower", "boyfriend", "stepfather", "dad", "monk", "priest",
})
FEMALE_NOUNS = frozenset({
    "woman", "girl", "mother", "daughter", "wife", "sister", "aunt", "niece", "grandmother", "granddaughter",
    "queen", "princess", "lady", "businesswoman", "congresswoman", "chairwoman", "spokeswoman", "policewoman",
    "actress", "widow", "girlfriend", "stepmother", "mom", "mum", "nun",
})

# Common given names by gender (English-language news), for pronoun agreement.
MALE_NAMES = frozenset("""
aaron adam alan albert alex alexander ali andrew anthony antonio arthur barack ben benjamin bernie
bill billy bob bobby brad brandon brian bruce carl carlos charles charlie chris christopher chuck
colin craig dan daniel dave david dennis donald doug douglas earl ed eddie edward eric frank fred
gary george gerald greg gregory harold harry henry howard ian isaac jack jacob james jason jeb jeff
jeffrey jerry jim jimmy joe joel john johnny jon jonathan jose joseph josh joshua juan justin keith
ken kenneth kevin larry lawrence lee leon louis luis marco mark martin matt matthew michael mike
mitch mitt mohammed muhammad nathan neil nicholas nick noah omar patrick paul pete peter phil philip
ralph randy raymond richard rick rob robert roger ron ronald ross roy russell ryan sam samuel scott
sean sergei stephen steve steven ted terry thomas tim timothy todd tom tony tyler victor vince
vladimir walter wayne william willie
""".split())
FEMALE_NAMES = frozenset("""
abigail alice alison amanda amy andrea angela ann anna anne barbara betty beverly brenda carol
caroline carolyn catherine cheryl christina christine claire cynthia dana deborah debra denise diana
diane donna doris dorothy elaine elena elizabeth ellen emily emma evelyn frances gloria grace hannah
heather helen hillary jacqueline jane janet janice jean jennifer jessica jill joan joyce judith judy
julia julie karen katherine kathleen kathryn kathy kelly kim kimberly laura lauren linda lisa
lois lori louise lynn margaret maria marie marilyn martha mary megan melania melissa michelle nancy
natalie nicole nikki olivia pamela patricia paula rachel rebecca rose ruth samantha sandra sara
sarah sharon shirley sophia stephanie susan teresa theresa tiffany virginia wendy
""".split())
THING_PRONOUNS = frozenset({"it"})
PLURAL_PRONOUNS = frozenset({"they"})

# Hedges: phrases that weaken how surely a claim is put (matched on word boundaries).
HEDGES = (
    "could not be independently verified", "cannot be independently verified",
    "could not be verified", "not be independently confirmed", "it is unclear", "it was unclear",
    "it is not clear", "it was not clear", "unconfirmed", "reportedly", "allegedly",
    "apparently", "appears", "appeared", "appear", "seems", "seemed", "suggest", "suggests",
    "suggested", "possibly", "probably", "likely", "may", "might", "could", "purportedly",
    "is said to", "are said to", "was said to", "were said to", "believed to", "thought to",
    "rumoured", "rumored", "claimed", "estimated",
)

# News-agency credits that relay wire copy ("NAIROBI (AFP) -", "- Reuters").
WIRE_AGENCIES = (
    "AFP", "Agence France-Presse", "Reuters", "AP", "Associated Press", "dpa", "Xinhua",
    "ANSA", "EFE", "UPI", "Bloomberg", "Anadolu", "Kyodo", "PA Media", "Press Association",
)

# Phrases an outlet uses for itself ("told our website", "told this newspaper").
SELF_REFERENCES = frozenset({"our", "this", "us"})

# Abbreviations after which a full stop does not end a sentence ("Brig. Gen. X said").
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "brig", "col", "lt", "sgt", "capt", "maj", "cmdr", "adm",
    "gov", "sen", "rep", "st", "prof", "rev", "jr", "sr", "no", "vs", "inc", "corp", "co", "ltd",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "mt", "ft", "fig", "approx", "est", "dept", "univ", "assn", "bros", "pres", "supt", "insp",
})

# Non-claim cues for segments: a photo credit at the end of a caption.
CAPTION_CREDIT = r"\((?:[A-Z][\w.&/ -]{0,40})\)\s*$"


# --- time scope (claims/timescope.py) --------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

# Part of a month -> (first day, last day); None means the month's last day.
MONTH_PARTS = {"early": (1, 10), "beginning": (1, 10), "mid": (11, 20), "middle": (11, 20),
               "late": (21, None), "end": (21, None)}

# Duration units in days, for "11 years", "three weeks".
DURATION_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}

# Words that count a duration ("a week", "several years") besides the cardinal NUMBER_WORDS.
DURATION_COUNT_WORDS = {"a": 1, "an": 1, "several": 3, "few": 3}

# Relative words -> days back from publication (start offset, end offset).
RELATIVE_DAYS = {"today": (0, 0), "yesterday": (1, 1), "tonight": (0, 0),
                 "last week": (13, 7), "this week": (6, 0), "last month": (60, 30),
                 "this month": (30, 0), "last year": (730, 365), "this year": (365, 0),
                 "recent days": (7, 0), "recent weeks": (28, 0), "recent months": (120, 0),
                 "past week": (7, 0), "past month": (30, 0), "past year": (365, 0)}


# --- relations (claims/detectors.py) ---------------------------------------------------------

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}
SINGLE_WORDS = ("lone", "single", "sole")  # 'a lone gunman': a count of one
CLOCK_WORDS = {"noon": 12 * 60, "midday": 12 * 60, "midnight": 0}
NUMBER_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
# Scale abbreviations written onto a number ("72M", "$5bn", "10k"); "m" and "b" alone only after a
# currency sign ("5m" is also five metres).
SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
                       "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000}
CURRENCY_SIGNS = frozenset("$€£¥₹")
# currency words after a number, as the sign they stand for ("pound" is left out: also a weight)
CURRENCY_WORDS = {"dollar": "$", "usd": "$", "euro": "€", "eur": "€", "sterling": "£", "gbp": "£", "yen": "¥", "rupee": "₹"}
# vague quantities as (low, high) ranges; "as many as 500" and "hundreds" overlap, "dozens" and "300" do not
VAGUE_QUANTITIES = {
    "a handful": (2, 6), "a few": (2, 5), "several": (3, 9), "dozens": (24, 150),
    "scores": (40, 200), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
}
# modifiers before a number: (low factor, high factor) applied to the number
QUANTITY_MODIFIERS = {
    "as many as": (0.5, 1.0), "up to": (0.3, 1.0), "at least": (1.0, 3.0), "more than": (1.0, 3.0),
    "over": (1.0, 3.0), "nearly": (0.85, 1.0), "almost": (0.85, 1.0), "about": (0.8, 1.2),
    "around": (0.8, 1.2), "some": (0.8, 1.2), "roughly": (0.8, 1.2), "approximately": (0.8, 1.2),
    "an estimated": (0.8, 1.2), "fewer than": (0.3, 1.0), "less than": (0.3, 1.0), "under": (0.3, 1.0),
    "at most": (0.3, 1.0),
}

NEGATION_WORDS = ("not", "n't", "never", "no", "neither", "nor", "without")
NEGATING_VERBS = ("deny", "fail", "refuse", "reject", "dismiss", "refute")
# predicate pairs that cannot both hold of one event
ANTONYM_PAIRS = (
    ("rise", "fall"), ("increase", "decrease"), ("win", "lose"), ("accept", "reject"),
    ("confirm", "deny"), ("open", "close"), ("acquit", "convict"), ("approve", "reject"),
    ("advance", "retreat"), ("gain", "lose"), ("resign", "stay"), ("survive", "die"),
    ("arrest", "release"), ("pass", "fail"), ("support", "oppose"), ("raise", "cut"),
    ("capture", "lose"), ("agree", "refuse"), ("allow", "prevent"), ("surrender", "escape"),
    ("surrender", "flee"), ("lift", "impose"), ("grow", "shrink"), ("expand", "shrink"),
    ("positive", "negative"), ("guilty", "acquit"), ("guilty", "innocent"), ("uphold", "strike down"),
    ("call off", "go ahead"), ("agree", "break down"), ("agree", "collapse"), ("release", "hold"),
    ("accept", "refuse"), ("legal", "illegal"), ("true", "false"), ("alive", "dead"),
)
DURATION_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade")
# predicates whose subject is exclusive: if A holds the town, B does not
EXCLUSIVE_PREDICATES = (
    "control", "hold", "capture", "seize", "take", "retake", "win", "lead", "overrun", "own",
    "acquire", "buy", "claim", "recapture", "occupy", "score", "beat", "defeat", "patrol", "guard", "govern",
    "administer",
)
# completed outcome vs an outcome still contested or thwarted
ACHIEVED_WORDS = (
    "control", "capture", "seize", "retake", "recapture", "fall", "secure", "overrun", "clear",
    "join", "enter", "reach", "arrive", "complete", "finish", "restore", "end", "contain",
    "reopen", "resume", "approve", "sign",
)
ACHIEVED_INTENSIFIERS = ("totally", "fully", "completely", "entirely", "total", "full", "complete")
THWARTED_WORDS = (
    "continue", "still", "resist", "repel", "prevent", "block", "stop", "hold out", "fail",
    "remain", "ongoing", "rage", "clash", "turn back", "stall", "delay", "halt", "suspend",
)
CAUSE_CUES = (
    "due to", "because of", "because", "as a result of", "in exchange for", "aimed at",
    "forced by", "owing to", "thanks to", "caused by", "in order to", "as a consequence of",
    "on account of", "prompted by", "triggered by", "blamed on", "attributed to", "in response to",
    "result of", "driven by", "the result of", "in return for",
)
NEGATED_CAUSE_CUES = ("even without", "not because of", "not due to", "nothing to do with", "regardless of", "not because")
# verbs that carry no event of their own: "the X came as a result of", "the X was due to" explain X
EVENT_LIGHT_VERBS = ("be", "come", "happen", "occur", "take", "aim", "follow", "result", "go", "seem",
                     "appear", "remain", "become", "have", "get")
# words that name one event ("the dam burst" = "the dam failed"); the first word is the key
EVENT_SYNONYMS = (
    ("withdraw", "withdrawal", "pull out", "pull back", "pullout", "retreat", "exit", "leave"),
    ("release", "free", "freed", "freeing"),
    ("fail", "failure", "burst", "collapse", "breach", "give way"),
    ("close", "closure", "shut", "shut down", "shutdown"),
    ("resign", "resignation", "quit", "step down"),
    ("fall", "drop", "decline", "slump", "plunge", "tumble"),
    ("rise", "increase", "climb", "jump", "surge", "soar"),
    ("strike", "walkout", "walk out", "stoppage"),
    ("cancel", "cancellation", "call off", "scrap"),
    ("lose", "loss", "defeat"),
    ("win", "victory"),
)
# auxiliaries that make an outcome word an intention or forecast, not an outcome ("to end", "will end")
UNREALISED_AUX = ("to", "will", "would", "could", "might", "may", "should", "shall")
# how a cornered group's situation ended: it left under its own power, or it was stopped there
EXIT_LEFT_WORDS = ("withdraw", "withdrawal", "retreat", "flee", "escape", "evacuate", "evacuation",
                   "pull out", "pull back", "pullout", "slip away", "break out", "exodus", "flight")
EXIT_STOPPED_WORDS = ("surrender", "capitulate", "capitulation", "lay down", "hand over", "give up")
# stopped outcomes that count only in the passive ("were captured"; "captured the town" is not)
EXIT_STOPPED_PASSIVE = ("capture", "arrest", "detain", "wipe out", "annihilate", "trap", "round up",
                        "take prisoner", "kill", "massacre")
# phrases by which a speaker distances from a proposition; strong ones, then weak ones
DOUBT_CUES = ("make the claim that", "made the claim that", "makes the claim that", "making the claim that",
              "so-called", "so called", "supposedly", "i wonder if", "i wonder whether", "purported",
              "purportedly", "what they call", "what it calls", "what he calls", "what she calls",
              "would have us believe", "dubious claim", "doubtful that", "doubt that", "doubts that",
              "claim to have", "claims to have")
WEAK_DOUBT_CUES = ("alleged", "allegedly", "claims that", "claimed that")
# kinds of explanation; two accounts of one event naming different kinds compete
EXPLANATION_FRAMES = {
    "deal": ("agreement", "deal", "negotiation", "negotiate", "broker", "truce", "ceasefire",
             "corridor", "settlement", "exchange", "compromise", "pact", "accord", "talks", "allow", "let"),
    "shortage": ("lack", "shortage", "short", "run out", "low on", "starve", "starvation", "hunger",
                 "siege", "food", "supply", "supplies", "ammunition", "fuel", "funding", "cash"),
    "defeat": ("surrender", "rout", "overrun", "collapse", "capitulate", "defeat", "crush"),
    "escape": ("flee", "fled", "escape", "evacuate", "slip away"),
    "force": ("bombardment", "shelling", "airstrike", "assault", "offensive", "attack", "pressure", "bomb",
              "artillery", "shell", "missile", "rocket", "collision", "crash"),
    "weather": ("storm", "flood", "rain", "wind", "heat", "drought", "snow", "lightning", "hurricane"),
    "technical": ("fault", "failure", "malfunction", "error", "glitch", "defect", "outage", "bug",
                  "lose power", "corrosion", "maintenance", "leak", "cylinder"),
    "crime": ("arson", "sabotage", "fraud", "theft", "hack", "cyberattack", "bribery", "embezzlement"),
    "health": ("virus", "infection", "overdose", "disease", "outbreak", "contamination", "injury"),
    "market": ("demand", "price", "prices", "inflation", "sales", "competition", "tariff", "rates"),
    "management": ("restructuring", "layoff", "mismanagement", "strategy", "cost-cutting", "merger"),
}
DISAGREEMENT_CUES = (
    "denied", "denies", "deny", "denying", "contrary to", "rejected the reports", "dismissed the reports",
    "false", "untrue", "not true", "baseless", "fabricated", "refuted", "disputed", "contradicted",
    "confirmed that", "insisted that", "still continued", "fake news", "misinformation", "rumours",
    "rumors", "propaganda", "no truth",
)
# words with which a report calls another report false: a claim using one against a claim that
# plainly asserts the same thing is a strong disagreement ("Singer's death is a hoax" / "Singer found dead")
DEBUNK_CUES = (
    "hoax", "hoaxes", "debunk", "debunked", "debunks", "prank", "made it all up", "made it up",
    "cast doubt", "casts doubt", "raises doubts", "raise doubts", "doubts about", "questions whether",
    "put to rest", "is fake", "was fake", "a fake", "not true", "is false", "was false", "as false",
)
DENY_CUE_VERBS = ("deny", "dispute", "reject", "refute", "dismiss", "contradict")
# words that mark a text as refuting a report (stance features; counted per text)
REFUTING_WORDS = (
    "fake", "fraud", "hoax", "false", "deny", "denies", "denied", "denial", "not", "despite", "nope",
    "doubt", "doubts", "bogus", "debunk", "debunked", "debunks", "prank", "pranks", "retract", "retracted",
    "untrue", "satire", "satirical", "myth", "rumor", "rumour", "rumors", "rumours", "fabricated", "refute",
    "refuted", "dismissed", "baseless", "unfounded", "misleading", "photoshopped", "doctored", "never",
    "no evidence", "not true", "made up", "not real", "turned out", "in fact", "actually",
)
# words calling a report false, in any form: stems ("faked", "hoaxer", "exaggerated", "doubtful")
# and whole words ("lie", not "lieutenant"): which claims dispute what others report
# (claims.compare.disputing orders the pairs to read)
DISPUTE_STEMS = (
    "fake", "hoax", "false", "debunk", "prank", "retract", "satir", "myth", "fabricat", "refut", "dismiss",
    "mislead", "photoshop", "exaggerat", "doubt", "spoof", "parod", "conspiracy theor", "rebuff", "rebut",
    "erroneous", "inaccura", "fiction",
)
DISPUTE_WORDS = (
    "deny", "denies", "denied", "denying", "denial", "lie", "lies", "lied", "liar", "liars", "untrue", "bogus",
    "rubbish", "nonsense", "bullshit", "scam", "scams", "staged", "phony", "phoney", "baseless", "unfounded",
    "doctored", "dubious", "urban legend", "too good to be true", "too good to check", "not real", "isn't real",
)
# words by which a report itself calls a story false ("exposed as hoaxer", "is a fake", "photoshopped"):
# two reports that both do so, and neither denies anything, agree (claims.detectors.doubt.debunks_agree)
FALSITY_STEMS = ("fake", "hoax", "false", "debunk", "prank", "satir", "myth", "fabricat", "photoshop", "spoof",
                 "parod", "doctored", "staged", "mislead", "bogus", "untrue", "phony", "phoney", "erroneous",
                 "inaccura", "incorrect", "fiction", "not true", "not real", "no truth")
# words by which a report denies or refutes (a denial of a debunk is no debunk: "denies hoax claims")
DENIAL_STEMS = ("deni", "deny", "dismiss", "refut", "reject", "disput")
DENIAL_WORDS = ("not", "no", "never", "nor")
# words that mark a text as only reporting an unverified claim
REPORTING_HEDGES = (
    "reportedly", "allegedly", "alleged", "claims", "claimed", "according", "unconfirmed", "unverified",
    "appears", "apparently", "may", "might", "could", "possibly", "suggest", "suggests", "rumored",
)
# words that mark a text as confirming a report
CONFIRMING_WORDS = (
    "confirmed", "confirms", "announced", "officially", "revealed", "verified", "proved", "indeed",
    "admitted", "acknowledged", "has been", "it is true", "official",
)

# --- ingest boilerplate (claims/clean.py) ----------------------------------------------------

# Whole lines of web furniture (matched case-insensitively against a stripped line < 200 chars).
BOILERPLATE_LINE_PATTERNS = (
    r"^more to read$",
    r"^(read|see) (more|also)\b.{0,60}$",
    r"^related( articles| stories| coverage| content)?:?$",
    r"^(most (read|popular)|trending( now)?|recommended( for you)?|you may (also )?like)$",
    r"^sign up (for|to)\b",
    r"^subscribe( now| today)?\b.{0,80}$",
    r"\bnewsletters?\b.{0,80}$",
    r"\b(in|to) your inbox\b",
    r"\bpromotional content\b",
    r"^(share|tweet|email|print|copy link|save)( (this|on|via) .{0,40})?$",
    r"^share (this|the) (article|story|page)\b",
    r"^follow us on\b",
    r"^(click|tap) here\b",
    r"^advertisement$",
    r"^(©|copyright\b).{0,120}$",
    r"\ball rights reserved\b",
    r"^(facebook|twitter|whatsapp|linkedin|telegram|reddit|x|email)( ?[|·•,] ?(facebook|twitter|whatsapp|linkedin|telegram|reddit|x|email))+$",
)

# A heading that opens a reader-comment section.
COMMENT_HEADINGS = (r"^(\d+ )?(reader )?comments?( \(\d+\))?:?$", r"^(leave a (reply|comment)|join the discussion)$")

# Lines inside a comment block that are controls, not text.
COMMENT_CONTROLS = ("reply", "report", "like", "flag", "share")

# Credit/byline lines: who wrote or contributed (marked, not removed).
BYLINE_PATTERNS = (
    r"^[Bb]y [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,4}(,? (and|&) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,4})?\b.{0,80}$",
    r"\bcontributed to this report\b",
    r"\b(staff writer|correspondent)s? .{0,80}\breported from\b",
    # a line of nothing but credits: "Eilperin reported from Washington. Jo Lee contributed reporting."
    # (each repetition consumes one word after a required separator, so matching stays linear)
    r"^{c}(?: {c})*$".format(c=r"[A-Z][\w.'’-]+(?:,? (?:and |& )?[A-Z][\w.'’-]+)* (?:reported|contributed (?:additional )?"
                             r"(?:reporting|research))(?: from [A-Z][\w'’-]*(?:,? [A-Z][\w'’-]*)*)?\."),
)

# Phrases naming the publishing outlet in boilerplate or credits; group "outlet" is the name.
OUTLET_CUES = (
    r"promotional content from (the )?(?P<outlet>[A-Z][\w.&'’-]*( [A-Z][\w.&'’-]*){0,5})",
    r"(©|copyright) ?(\d{4} )?(the )?(?P<outlet>[A-Z][\w.&'’-]*( [A-Z][\w.&'’-]*){0,5})",
)
# "a source told <Outlet>": names the outlet only when repeated (one mention may be another outlet).
OUTLET_TOLD_CUES = (
    r"\b(told|speaking to|spoke to|said to) (?P<outlet>[A-Z][\w.&'’-]*( [A-Z][\w.&'’-]*){0,3})",
)

# Short prefixes that form real hyphenated compounds ("self-made"); kept across a line break.
HYPHEN_PREFIXES = frozenset(
    "self well non anti pro ex cross half all so co semi post pre mid multi quasi vice".split()
)

# A caption ends in a photo credit: "(AFP)", "(Sputnik/AP)", "Photo: Reuters", "Getty Images".
PHOTO_CREDIT_PATTERNS = (
    r"\((?:photo:? ?)?[A-Z][\w.&' -]{0,30}(?:/[A-Z][\w.&' -]{0,30}){0,3}\)$",
    r"\b(?i:photo|image|picture|credit)s?( (?i:by))?: ?[A-Z][\w.&'/ -]{1,60}$",
    r"\b(?i:getty images|via reuters|ap photo)$",
)

# Sentence-final characters: a line ending in one is a paragraph end, not a hard wrap.
TERMINAL_PUNCTUATION = ".!?:;\"”’)]»…"

# --- entity normalisation (claims/normalize.py) ----------------------------------------------

# Arabic-style article prefixes in transliterated names ("al-", "el-", "ash-" ...).
ARTICLE_PREFIXES = ("al", "el", "il", "ul", "ad", "ed", "adh", "ar", "as", "ash", "at", "ath", "az", "an", "et", "es", "er", "en")
# Capitalised words that are not entity names (sentence starts, calendar words).
NAME_STOPWORDS = frozenset(
    "the a an of and in on at to for from by with his her their its this that these those but "
    "even he she it they we i you there here when while after before as if however meanwhile "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december mr mrs ms dr".split()
)


# --- reliability (claims/reliability.py) -----------------------------------------------------

# Speakers that are not sources (grading falls back to the publishing outlet): what a picture or
# video shows is evidence relayed by whoever published it; a bare pronoun or determiner names nobody.
VISUAL_EVIDENCE_WORDS = frozenset({
    "picture", "pictures", "photo", "photos", "photograph", "photographs", "image", "images",
    "footage", "video", "videos", "clip", "clips", "imagery",
})
NON_SOURCE_WORDS = frozenset({
    "one", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you",
    "which", "who",
})

# Words in a speaker's name or role that make it a participant or eyewitness.
PARTICIPANT_WORDS = frozenset({
    "witness", "witnesses", "eyewitness", "eyewitnesses", "resident", "residents", "survivor",
    "survivors", "commander", "commanders", "fighter", "fighters", "soldier", "soldiers",
    "doctor", "doctors", "medic", "medics", "nurse", "nurses", "paramedic", "villager",
    "villagers", "refugee", "refugees", "victim", "victims", "participant", "rescuer",
    "rescuers", "firefighter", "firefighters", "officer", "pilot", "crew", "patient", "worker",
    "workers", "farmer", "teacher", "parent", "passenger", "passengers", "player", "coach",
})

# First-person words: in a direct quote they mark the speaker as part of what it describes.
FIRST_PERSON_WORDS = frozenset({"i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves"})

# Phrases of first-hand observation.
EYEWITNESS_PHRASES = (
    "i saw", "we saw", "i watched", "we watched", "i heard", "we heard", "witnessed",
    "with my own eyes", "i was there", "we were there", "i counted", "we counted",
)

# Phrases showing a claim passes on what someone else reported.
RELAY_PHRASES = (
    "according to", "reportedly", "citing", "cited", "quoted", "quoting", "reports said",
    "was reported", "were reported", "it was reported", "media reported", "reports say",
    "reported that", "said it had been told", "sources said", "activists said",
)

# Cue verbs whose force marks relaying rather than asserting.
RELAY_FORCES = frozenset({"report"})

# What a side says about itself: its victories and its losses (anything else is its conduct).
VICTORY_WORDS = frozenset({
    "captured", "capture", "seized", "seize", "took", "taken", "control", "controls", "won",
    "win", "wins", "victory", "victorious", "liberated", "liberate", "recaptured", "retook",
    "advanced", "advance", "repelled", "routed", "defeated", "success", "succeeded", "gained",
    "triumph", "record", "profit", "growth",
})
LOSS_WORDS = frozenset({
    "withdrew", "withdrawn", "withdrawal", "retreated", "retreat", "lost", "loss", "losses",
    "killed", "dead", "died", "wounded", "injured", "casualties", "fled", "fell", "defeat",
    "collapse", "collapsed", "shortage", "short", "lack", "ran", "failed", "failure",
    "resigned", "bankrupt", "deficit", "decline",
})

# Verbs whose object does what the participle after it says ("left voters wondering", "kept
# donors guessing"): the object, not the subject, holds that view.
OBJECT_CONTROL_VERBS = frozenset({"leave", "keep", "have", "get", "set", "find", "catch", "hear", "see"})

# Topic questions (claims/topics.py): verbs whose dispute is about who holds or took something
# ("Who controls the airport?"), and units that make a figure an amount rather than a count.
CONTROL_VERBS = frozenset({
    "control", "hold", "seize", "capture", "take", "retake", "recapture", "occupy", "run", "lead",
    "own", "command", "govern", "win", "storm", "overrun", "acquire", "buy", "claim",
})
AMOUNT_UNITS = frozenset({
    "percent", "%", "per", "dollar", "dollars", "euro", "euros", "pound", "pounds", "yuan", "yen",
    "rupee", "rupees", "franc", "francs", "cent", "cents", "$", "€", "£", "million", "billion",
    "trillion", "tonne", "tonnes", "ton", "tons", "kilogram", "kilograms", "kg", "litre", "litres",
    "barrel", "barrels",
})
# Nouns counted without a plural ending ("12 people", "40 police"): a count, like "12 workers".
COLLECTIVE_NOUNS = frozenset({"people", "staff", "police", "personnel", "crew", "cattle", "livestock", "troops"})
QUANTITY_NOUNS = frozenset({
    "number", "lot", "part", "rest", "half", "majority", "minority", "dozen", "dozens", "hundreds",
    "thousands", "millions", "share", "portion", "percentage", "bulk", "most", "some", "all",
    "trio", "pair", "couple", "handful", "host", "slew", "score", "scores",
})
MEASURE_UNITS = frozenset({
    "metre", "metres", "meter", "meters", "mile", "miles", "kilometre", "kilometres", "kilometer",
    "kilometers", "km", "feet", "foot", "inch", "inches", "degree", "degrees", "kilogram", "kilograms",
    "kg", "tonne", "tonnes", "ton", "tons", "litre", "litres", "liter", "liters", "acre", "acres",
    "hectare", "hectares", "mph", "percent", "times", "time",
})
# The questions a news claim answers, each with the words that mark a claim as answering it
# (lower-case; a cue ending in "*" matches any word starting with it). Claims of one event that
# answer the same question become candidate pairs however differently they are worded.
QUESTION_CUES = {
    "toll": ("kill*", "dead", "death*", "die", "died", "dies", "dying", "injur*", "wound*", "casualt*", "toll", "victim*",
             "missing", "hurt", "fatalit*", "bodies", "body", "perish*", "surviv*", "hospitali*", "sick*", "ill", "illness*"),
    "cause": ("because", "due", "caus*", "blame*", "reason*", "result*", "led", "lead", "triggered", "sparked", "owing",
              "why", "after", "since", "explain*", "responsib*", "fault*", "defect*", "error*", "failure*", "lack*", "short*",
              "low", "ran out", "running out", "without"),
    "time": ("when", "began", "begin*", "start*", "started", "ended", "end", "until", "opened", "closed", "clos*", "hour*",
             "morning", "evening", "night", "noon", "midnight", "a.m.", "p.m.", "am", "pm", "o'clock", "deadline", "date*",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ago", "earlier", "later"),
    "control": ("control*", "seiz*", "captur*", "took", "taken", "held", "hold*", "retook", "recaptur*", "fell", "fall",
                "occup*", "liberat*", "overran", "siege", "besieg*", "surrender*", "withdr*", "retreat*", "hands"),
    "amount": ("percent", "per", "%", "votes", "ballot*", "count*", "tally", "number*", "million*", "billion*", "thousand*",
               "hundred*", "dozen*", "units", "total*", "majority", "margin", "turnout", "rate*", "price*", "cost*", "fine*"),
    "occurrence": ("deny", "denied", "denies", "false", "untrue", "hoax", "fake", "rumo*", "confirm*", "no evidence",
                   "never", "not true", "did not", "didn't", "has not", "hasn't", "dismiss*", "refut*", "reject*", "debunk*",
                   "alleg*", "doubt*", "question*"),
    "outcome": ("won", "win*", "lost", "lose*", "result*", "verdict", "ban*", "banned", "suspend*", "sentenc*", "convict*",
                "acquit*", "elected", "defeat*", "approv*", "recall*", "cleared", "guilty", "positive", "negative", "test*"),
}
