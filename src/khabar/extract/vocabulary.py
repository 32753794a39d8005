"""Word lists that several readings of a sentence share (triggers, the harm headline, actors,
events, the prefilter), and the reading of a word as one of them.

They are kept apart from `triggers` so that the modules `triggers` imports (`harm_headline`) can
use them without a circular import.
"""

from __future__ import annotations

from spacy.tokens import Token

from khabar.nlp.model import armed_group_ids

AIRCRAFT = frozenset(
    {"jet", "warplane", "aircraft", "plane", "helicopter", "gunship", "drone", "air", "aerial"}
)
ARMED = frozenset(
    {
        "soldier", "troop", "police", "policeman", "policemen", "force", "army",
        "military", "checkpoint", "post", "outpost", "base", "barracks", "garrison", "convoy",
        "patrol", "militant", "fighter", "rebel", "insurgent", "guard", "personnel", "militia",
        "militiaman", "jihadist", "terrorist", "commando", "cop", "officer", "position", "camp",
        "unit", "gunman", "jawan", "paramilitary", "ranger", "sentry", "battalion", "brigade",
        "regiment", "platoon", "guerrilla", "guerilla", "enforcer",
    }
)  # fmt: skip
FIGHTERS = ARMED - {
    "police",
    "policeman",
    "policemen",
    "cop",
    "officer",
    "enforcer",
    "guard",
    "checkpoint",
    "post",
    "outpost",
    "base",
    "barracks",
    "camp",
    "position",
    "unit",
}
"""Who wage war, of `ARMED`: not the police, and no place."""
OFFICIALS = frozenset(
    {
        "governor", "minister", "judge", "mayor", "lawmaker", "legislator", "mp", "senator",
        "official", "cleric", "imam", "elder", "politician", "candidate", "journalist",
        "activist", "commander", "chief", "leader", "president", "prosecutor",
    }
)  # fmt: skip
PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "marcher"})
INTERVENTION = frozenset(
    {"tear", "disperse", "baton", "cannon", "arrest", "detain", "rubber", "charge"}
)
# Governors of a trigger noun that say it did not happen ("foiled an attack", "fears of attacks");
# negation, modals and "threatened to"/"plans to" are `casualties.is_asserted`'s job.
AVERTED = frozenset(
    {"foil", "thwart", "prevent", "avert", "fear", "risk", "possibility", "warning", "deter",
     "search", "hunt"}
)  # fmt: skip
"""What an act is the object of when it did not happen: foiled, feared, searched for ("police
are searching for the bomb")."""
CEASED = frozenset(
    {"cessation", "halt", "stop", "suspend", "suspension", "cease", "ceasing", "truce", "lull"}
)  # fmt: skip
"""What fighting is the object of when it is told as stopped ("a cessation of hostilities");
"end" too, as a verb or with "to" (`triggers._ceased`)."""
ENTRY = frozenset({"attack", "assault", "storm", "raid"})
"""Attack verbs that tell the attackers came, not what they did to the people there."""
SIEGE = frozenset({"storm", "siege", "standoff", "barricade"})
"""Words that make a hostage-taking a Barricade Incident rather than a Kidnapping."""
ARMED_WITH = frozenset({"arm", "equip"})
ATTEMPTS = frozenset({"attempt", "bid"})
"""Nouns a trigger modifies that still tell the act: an "assassination attempt" happened, and
GTD and ACLED code failed attacks too."""
TRIED = frozenset({"try", "attempt"})
"""Verbs whose infinitive still tells the act, for the same reason ("tried to assassinate")."""
PERFORMING = frozenset(
    {"launch", "carry", "conduct", "mount", "stage", "execute", "perpetrate", "commit",
     "unleash", "wage", "begin", "start", "step", "intensify", "resume"}
)  # fmt: skip
"""Verbs whose object is the act they perform ("launch an attack", "carry out attacks"): the
act is told as done only where the verb is ("plans to launch an attack" is not)."""
MEDICAL = frozenset(
    {"heart", "panic", "asthma", "anxiety", "epileptic", "allergic", "cardiac", "seizure"}
)
"""Words that make an "attack" an illness ("a heart attack", "Panic Attack Hits ...")."""
RESPONSIBILITY = frozenset(
    {"claim", "blame", "attribute", "responsibility", "responsible", "suspect", "accuse",
     "condemn", "deny", "credit"}
)  # fmt: skip
"""Words under which "the attack" only refers back to the incident told."""
CONVEYANCES = frozenset(
    {"car", "vehicle", "convoy", "motorcade", "house", "home", "residence", "office", "bus"}
)
"""What a bomb aimed at a person is put in or near: "the car of a district governor"."""
STRUCK = (ARMED - {"unit", "personnel"}) | CONVEYANCES | frozenset(
    {"village", "town", "city", "market", "mosque", "church", "school", "hospital", "civilian",
     "people", "area", "site", "headquarters", "station", "bridge", "airport", "facility",
     "pipeline", "home", "district", "region"}
)  # fmt: skip
"""What a headline verb read as a noun modifier strikes (`triggers.misread_headline_verb`)."""
WAR_MACHINES = frozenset({"tank", "apc", "humvee", "bmp", "btr"})
"""Vehicles that are weapons of war whoever is said to own them."""
VEHICLES = frozenset(
    {"vehicle", "car", "truck", "lorry", "jeep", "pickup", "bulldozer", "carrier", "helicopter",
     "aircraft", "plane", "jet", "boat", "vessel"}
)  # fmt: skip
"""Vehicles that are a side's arms only when said to be military or the side's own."""
ARMOURED = frozenset({"military", "armoured", "armored", "army", "tactical", "combat"})
"""Words that make a vehicle a military one ("armoured vehicles", "a military truck")."""
NOT_VIOLENCE = frozenset(
    {"accident", "crash", "collision", "flood", "flooding", "earthquake", "storm", "cyclone",
     "disease", "illness", "cholera", "covid", "virus", "pandemic", "epidemic", "heatwave",
     "drown", "drowning", "landslide", "overdose", "cancer", "natural"}
)  # fmt: skip
"""Causes of death that are no violence: harm told with them is no event
(`triggers.harm_trigger`)."""
HEADLINE_TRIGGERS = frozenset(
    {"clash", "clashes", "attack", "attacks", "fighting", "battle", "battles", "offensive",
     "offensives", "bomb", "bombs", "bombing", "bombings", "shelling", "landmine", "landmines",
     "killing", "killings", "raid", "raids", "ambush", "ambushes", "massacre", "massacres",
     "explosion", "explosions", "blast", "blasts", "airstrike", "airstrikes", "skirmish",
     "skirmishes", "gunfight", "firefight", "shootout", "hostilities", "mortars"}
)  # fmt: skip
"""Trigger words that are no name and no adjective: in a Title-Case or all-capitals headline
they are triggers even where the tagger reads them as names ("Rebels Clash with ...")."""
HEADLINE_VERBS = frozenset(
    {"target", "rock", "rattle", "hit", "shake", "kill", "rise", "claim", "leave", "wound"}
)
"""Headline verbs the tagger reads as nouns after a trigger ("Bombardment targets X")."""
NOT_FOUGHT = frozenset(
    {"corruption", "poverty", "crime", "disease", "virus", "pandemic", "epidemic", "fire",
     "wildfire", "blaze", "inflation", "hunger", "cancer", "drug", "climate", "impunity",
     "fraud", "illiteracy", "malaria", "covid", "case", "charge", "extradition", "ban", "law",
     "ruling", "decision", "discrimination", "racism", "injustice", "terrorism", "terror",
     "extremism"}
)  # fmt: skip
"""What "fighting" is waged against when it is no battle ("fighting corruption")."""
VERBAL = frozenset({"verbal", "political", "diplomatic", "opinion", "view", "idea", "word"})
"""What makes a "clash" one of words ("a verbal clash", "clashes of opinion")."""
NOT_TRIGGER_ENTS = frozenset(
    {"DATE", "TIME", "PERSON", "GPE", "LOC", "FAC", "ORG", "WORK_OF_ART", "LAW", "NORP"}
)
NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def armed_word(tok: Token) -> bool:
    """Whether `tok` is one of `ARMED`, read as a Title-Case plural too ("Soldiers")."""
    return tok.lemma_.lower() in ARMED or plural_of(tok) in ARMED


def armed_group(tok: Token) -> bool:
    """Whether `tok` is in the name of an armed group the reviewed entity patterns know
    (`nlp/data/entity_patterns.jsonl`, the EntityRuler's, whose organisations are mostly the
    armed groups the news names most: "SDF", "Taliban"; `armed_group_ids` leaves out the
    others, "TLP", a party); the statistical model's ORG spans carry no pattern id, and may be
    any organisation ("the Red Cross")."""
    return tok.ent_type_ == "ORG" and tok.ent_id_ in armed_group_ids()


def plural_of(tok: Token) -> str:
    """The singular of a Title-Case plural the tagger reads as a name ("Soldiers"). Only an
    "-s" is stripped ("Clashes" gives "clashe"): reading "-es" as `triggers._singular_of` and
    `headline_stems` do would change what the lists it is asked about match ("clash" is one of
    `harm_headline`'s wars), so the three stay apart."""
    form = tok.lower_
    return form[:-1] if form.endswith("s") else form


def headline_stems(form: str) -> tuple[str, ...]:
    """What a lower-cased word may be inflected from when a Title-Case headline's tagger reads
    it as a name and leaves it as written ("Operations", "Shells", "Kills", "Killed",
    "Seized"): the lemmatizer only strips a common noun's or a verb's ending, so the
    singular of a plural ("-s", "-es", "-ies") and the stem of a verb's "-s" or "-ed" are
    guessed here, to be looked up in a word list."""
    if form.endswith("ies"):
        return (form[:-3] + "y",)
    if form.endswith("es"):
        return form[:-2], form[:-1]
    if form.endswith("ed"):
        return form[:-2], form[:-1]
    if form.endswith("s") and not form.endswith("ss"):
        return (form[:-1],)
    return ()
