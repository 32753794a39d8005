"""Scoring on MUC-4 templates (shared/data/README.md), both ways the literature does.

Role fillers (GRIT, Du et al. 2021): per document and role, the gold entities of all templates
are merged (entities sharing a normalised mention are one entity) and khabar's fillers (strings,
deduplicated after normalisation) are aligned one-to-one with them; a filler may align with an
entity when, normalised (`metrics.normalise_answer`), it equals one of the entity's mentions.
Counts are summed over documents and roles (micro).

Templates (GTT, Du et al. 2021): khabar's templates are aligned one-to-one with the gold ones,
maximising the slots filled right; a pair counts only when the incident types agree (a gold
"attack / bombing" agrees with either), and the incident type is a slot worth one. Within a pair,
as in GTT's scorer, a filler is right when it matches any gold entity of its role, and a gold
entity is found when any filler matches it. GTT enumerates every mapping and keeps the best
document F1; the assignment here maximises matched slots, the same choice but for rare ties.

khabar → MUC templates, from the trained role model's reading (`nlp/roles.py`, `roles@1`):
- number and types: no template when the document classifier finds "none" likelier than every
  incident type; otherwise one template per type it gives a probability of at least
  `INCIDENT_THRESHOLD`. When none reaches it the classifier is unsure, and the incident types
  of the rules' reports (mapped as below) are read instead, its likeliest type only when the
  rules read no incident. When the first type is "attack" and a weapon the tagger read names
  an explosive (bomb, dynamite, explosive, TNT), it is a bombing instead: MUC calls an attack
  with explosives a bombing.
- fighting is no incident: where every report the rules read is a clash of armed sides
  (`Battles`) and the tagger read no victim and no physical target, no template (MUC-4 keeps
  terrorist acts against people and property, not combat between armed forces).
- arson, kidnapping, robbery beside another incident: in a document that tells an incident,
  property the damage extractor read as burned, torched or set on fire adds an arson, and a
  rules' report of a kidnapping or robbery adds one (MUC keys each as an incident of its own
  beside the attack or bombing it may come with).
- fillers: the tagger's phrases, perpetrator individual → PerpInd, organisation → PerpOrg,
  physical target → Target, victim → Victim, weapon → Weapon; then from the rules' reports
  (mapped as below; a report that is no incident gives nothing) every generic perpetrator
  (PerpInd, which the tagger often misses), and their weapons and physical targets where the
  tagger read no phrase of that role in the document.
- which template: with several types, a target, victim or weapon goes to the template whose
  type the pipeline read nearest to it (`anchors`: a report's trigger, property burned or
  looted, people abducted, killed or injured, an explosive or other weapon), so that the
  kidnapping's victim is not the bombing's; perpetrators go to every template (MUC's keys
  repeat the group for each of its incidents). Victims of one template named in different
  sentences split it, one template per sentence (`by_sentence`): MUC keys an incident per
  victim struck apart ("... killed X. ... killed Y" is two attacks).
- cleaning: a count or quantifier opening a target or weapon ("two bombs", "several houses")
  is cut, as the MUC keys name them ("bombs"; perpetrators keep a count, the keys write "two
  men", but lose a vague quantity: "some unidentified people" → "unidentified people"); a
  victim that describes people rather than names them ("six jesuit priests") is dropped: the
  Victim slot is the key's HUM TGT: NAME; a victim, target or weapon whose words are part of
  a longer one of its role ("rodriguez porth" beside "antonio rodriguez porth", "bomb" beside
  "car bomb") is dropped, the same person or thing named again shorter; a perpetrator
  organisation written in brackets right after another ("army of national liberation (eln)")
  is dropped, the text's own abbreviation of it; a preposition or conjunction left at either
  end of a filler is cut ("of vehicles" → "vehicles"), and a filler that is then only a
  collective or a count ("members of", "one of") is dropped; fillers are deduplicated after
  normalisation.

With the role model switched off (`KHABAR_ROLE_MODEL=false`) the rules' reports are mapped
instead, one template per report:
- incident type: Explosions/Remote violence → bombing, but shelling, artillery, missiles and
  air strikes → attack (MUC keys bombing for bombs, dynamite and other explosives, attack for
  mortars, rockets and aircraft); a bomb defused or found is a bombing too
  (Disrupted weapons use: MUC-4 keeps attempted bombings); abduction and hijacking →
  kidnapping; property destruction by burning → arson, by looting → robbery, otherwise attack;
  protests (no violence told) and other strategic developments (arrests) are no incident and
  give no template; every other type → attack.
- PerpInd / PerpOrg: each perpetrator mention, cut before a relative clause or a comma ("a
  group of armed men, who ..."); "X of Y" ("terrorists of the FMLN") gives X and Y
  separately, but a collective X ("group of armed men", "members of the ELN") names the
  people only with Y, so the whole phrase is PerpInd (and Y, if an organisation, PerpOrg), and
  a collective alone ("the group") names nobody. A part the actor registry knows, or that is
  not made of generic people words (`common.is_generic`), is PerpOrg; a generic one
  ("guerrillas", "urban commandos") PerpInd.
- Victim / Target: target mentions (cut before a relative clause); Target: those whose words
  name a physical thing (`PHYSICAL`), and damaged objects; Victim: the others that name a
  person (`names_someone`).
- Weapon: weapon words (`WEAPONS`) in the report's sentences; not "weapons" (arms seized or
  talked of far more often than arms used) nor "explosive" alone (an adjective).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from khabar.eval.common import GENERIC_PEOPLE, STATE_WORDS, is_generic, resolve_actor, words
from khabar.eval.metrics import Tally, assignment, normalise_answer, one_to_one
from khabar.eval.records import BadRecord, Record
from khabar.eval.records import field as record_field
from khabar.nlp.roles import NO_INCIDENT, tells_incident

if TYPE_CHECKING:
    from khabar.actors.registry import Registry
    from khabar.extract.types import DocumentExtraction, ExtractedReport
    from khabar.pipeline import Analyser, Analysis

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
ROLE_OF_FILLER = {
    "perpetrator_individual": "PerpInd",
    "perpetrator_organisation": "PerpOrg",
    "physical_target": "Target",
    "victim": "Victim",
    "weapon": "Weapon",
}
INCIDENT_THRESHOLD = 0.5
INCIDENT = "incident_type"

PHYSICAL = frozenset(
    {
        "bridge", "building", "buildings", "farm", "substation", "tower", "towers", "vehicle",
        "vehicles", "bus", "buses", "car", "cars", "truck", "embassy", "office", "offices",
        "headquarters", "house", "houses", "home", "homes", "residence", "station", "plant",
        "pipeline", "line", "lines", "installation", "installations", "facility", "facilities",
        "bank", "church", "school", "store", "shop", "post", "pylon", "pylons", "hotel", "airport",
        "aircraft", "helicopter", "plane", "base", "barracks", "checkpoint", "property", "branch",
        "dam", "road", "highway", "railway", "train", "power", "network", "company", "premises",
        "village", "market", "restaurant", "club", "vessel", "ship", "mine", "equipment",
    }
)  # fmt: skip
WEAPONS = (
    "car bomb", "car bombs", "bomb", "bombs", "dynamite", "explosives", "explosive device",
    "explosive devices", "grenade", "grenades", "mortar", "mortars", "rifle",
    "rifles", "machinegun", "machineguns", "machine gun", "machine guns", "rocket", "rockets",
    "missile", "missiles", "mine", "mines", "landmine", "landmines", "firearms", "guns",
    "gun", "pistol", "pistols", "revolver", "ak-47", "m-16", "fal rifles", "bazooka", "bazookas",
    "incendiary bomb", "molotov cocktail", "molotov cocktails", "knife", "machete", "shotgun",
)  # fmt: skip
_WEAPON = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(WEAPONS, key=len, reverse=True)) + r")\b"
)
PEOPLE = GENERIC_PEOPLE | STATE_WORDS | frozenset(
    {
        "priest", "priests", "jesuit", "jesuits", "nun", "nuns", "clergymen", "peasant",
        "peasants", "farmer", "farmers", "civilian", "civilians", "woman", "women", "child",
        "children", "student", "students", "journalist", "journalists", "worker", "workers",
        "officer", "officers", "agent", "agents", "guard", "guards", "bodyguard", "bodyguards",
        "leader", "leaders", "official", "officials", "employee", "employees", "resident",
        "residents", "passenger", "passengers", "maid", "maids", "teacher", "teachers", "judge",
        "judges", "mayor", "mayors", "activist", "activists", "unionist", "unionists", "relative",
        "relatives", "family", "families", "son", "sons", "daughter", "daughters", "wife",
        "brother", "victim", "victims", "other", "others", "businessman", "businessmen",
        "politician", "politicians", "diplomat", "diplomats", "tourist", "tourists", "inhabitants",
    }
)  # fmt: skip
"""Nouns that describe people rather than name them ("six jesuit priests", "peasants")."""
_OF = re.compile(r"\s+of\s+")
_QUANTITY = re.compile(
    r"^(?:(?:a|an|the|some|several|a few|one|two|three|four|five|six|seven|eight|nine|ten)\s+)+"
    r"(?=\S)",
    re.I,
)
_COLLECTIVE = frozenset(
    {
        "group", "groups", "member", "members", "column", "band", "squad", "unit", "cell", "a",
        "an", "the", "some", "several", "one", "two", "three", "four", "five", "other", "another",
    }
)  # fmt: skip
"""Words of a collective of people and its quantity: "a group", "members", "another column"."""
_DANGLING = re.compile(
    r"^(?:(?:of|and|in|by|with|for|to)\s+)+|(?:\s+(?:of|and|in|by|with|for|to))+$", re.I
)
"""A preposition or conjunction at either end of a phrase: the tagger or a cut stopped mid-phrase
("members of", "of vehicles")."""
_CLAUSE = re.compile(r"\s*,|\s+(?:who|whom|which|that|where)\s", re.I)
_VAGUE = re.compile(r"^(?:some|several|a few|many)\s+(?=\S)", re.I)
_EXPLOSIVE = re.compile(r"\b(?:bomb|dynamit|explosiv|tnt\b)", re.I)
_ARSON = frozenset({"burned", "burnt", "torched", "set fire", "set ablaze", "burn", "burning"})
_LOOTING = frozenset({"looted", "loot", "ransacked", "looting"})
_TOLD_APART = ("kidnapping", "robbery")
"""Incident types the rules read from words that leave no doubt (abducted, kidnapped, took
hostage; looted): MUC-4 keys each as an incident of its own beside the attack or bombing it
came with (on the MUC-4 training documents, all 48 that tell an incident and where the rules
read a kidnapping have a kidnapping in the key)."""
_FIRED = frozenset({"Shelling/artillery/missile attack", "Air/drone strike"})
"""Explosions/Remote violence fired from afar: MUC-4 keys an attack with mortars, rockets,
artillery or aircraft as an attack, keeping bombing for bombs, dynamite and other explosives."""


Entity = tuple[str, ...]
"""A gold entity: its alternative mentions, normalised."""


@dataclass(frozen=True, slots=True)
class Template:
    incident_type: str
    roles: dict[str, tuple[Entity, ...]] = field(default_factory=dict)
    """Role → entities; a predicted template's entities have one mention each."""


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    split: str
    text: str
    templates: tuple[Template, ...]

    @property
    def reference(self) -> date | None:
        """MUC messages carry no date khabar could use."""
        return None


def parse(record: Record) -> Gold:
    raw = record_field(record, "templates", list)
    templates: list[Template] = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadRecord("a template is not an object")
        incident = record_field(item, INCIDENT, str)
        roles = {role: _entities(record_field(item, role, list), role) for role in ROLES}
        template = Template(incident, roles)
        if template not in templates:  # GTT's reader drops duplicate templates too
            templates.append(template)
    return Gold(
        id=record_field(record, "id", str),
        split=record_field(record, "split", str),
        text=record_field(record, "text", str),
        templates=tuple(templates),
    )


def _entities(raw: list[Any], role: str) -> tuple[Entity, ...]:
    entities: list[Entity] = []
    for entity in raw:
        if not isinstance(entity, list) or not all(isinstance(m, str) for m in entity):
            raise BadRecord(f"{role} is not a list of lists of strings")
        mentions = tuple(dict.fromkeys(normalise_answer(m) for m in entity if m.strip()))
        if mentions:
            entities.append(mentions)
    return tuple(entities)


def merge_entities(entities: Sequence[Entity]) -> list[Entity]:
    """One entity per group of entities sharing a mention (GRIT's per-document merge)."""
    merged: list[list[str]] = []
    for entity in entities:
        joined = [group for group in merged if set(group) & set(entity)]
        target = joined[0] if joined else []
        if not joined:
            merged.append(target)
        for group in joined[1:]:
            target.extend(m for m in group if m not in target)
            merged.remove(group)
        target.extend(m for m in entity if m not in target)
    return [tuple(group) for group in merged]


def grit_tally(predicted: Sequence[str], gold: Sequence[Entity]) -> Tally:
    """One document's one role: normalised fillers aligned one-to-one with gold entities."""
    fillers = list(dict.fromkeys(f for f in (normalise_answer(p) for p in predicted) if f))
    return one_to_one(
        len(fillers), len(gold), [[filler in entity for entity in gold] for filler in fillers]
    )


def types_agree(predicted: str, gold: str) -> bool:
    """GTT's test: "attack" agrees with "attack / bombing"."""
    return predicted in [part.strip() for part in gold.split("/")]


def pair_tallies(predicted: Template, gold: Template) -> dict[str, Tally]:
    """The slots of one aligned pair, as GTT counts them (see the module docstring)."""
    tallies = {INCIDENT: Tally(1, 1, 1, 1)}
    for role in ROLES:
        fillers = [e[0] for e in predicted.roles.get(role, ())]
        entities = gold.roles.get(role, ())
        tallies[role] = Tally(
            sum(any(f in e for e in entities) for f in fillers),
            len(fillers),
            sum(any(f in e for f in fillers) for e in entities),
            len(entities),
        )
    return tallies


def _size(template: Template, role: str) -> int:
    return 1 if role == INCIDENT else len(template.roles.get(role, ()))


def gtt_tallies(predicted: Sequence[Template], gold: Sequence[Template]) -> dict[str, Tally]:
    """One document's slot tallies under the best one-to-one template alignment."""
    pairs = [
        [
            pair_tallies(p, g) if types_agree(p.incident_type, g.incident_type) else None
            for g in gold
        ]
        for p in predicted
    ]
    weights = [
        [
            0.0 if t is None else sum(x.matched_predicted + x.matched_gold for x in t.values())
            for t in row
        ]
        for row in pairs
    ]
    tallies = {role: Tally() for role in (INCIDENT, *ROLES)}
    aligned = assignment(weights)
    for p_index, g_index in aligned:
        for role, tally in (pairs[p_index][g_index] or {}).items():
            tallies[role].add(tally)
    matched_p = {p for p, _ in aligned}
    matched_g = {g for _, g in aligned}
    for role, tally in tallies.items():
        tally.predicted += sum(
            _size(t, role) for i, t in enumerate(predicted) if i not in matched_p
        )
        tally.gold += sum(_size(t, role) for i, t in enumerate(gold) if i not in matched_g)
    return tallies


@dataclass(frozen=True, slots=True)
class Judgement:
    grit: dict[str, Tally]
    gtt: dict[str, Tally]


def compare(predicted: Sequence[Template], gold: Gold) -> Judgement:
    """Both scorings of one document."""
    grit = {
        role: grit_tally(
            [e[0] for t in predicted for e in t.roles.get(role, ())],
            merge_entities([e for t in gold.templates for e in t.roles.get(role, ())]),
        )
        for role in ROLES
    }
    return Judgement(grit, gtt_tallies(predicted, gold.templates))


def incident_type(report: ExtractedReport) -> str | None:
    """The MUC incident type of a report (see the module docstring); None for no incident."""
    event = report.event_type
    if event.event_type == "Explosions/Remote violence":
        return "attack" if event.sub_event_type in _FIRED else "bombing"
    if event.gtd_attack_type in ("Hostage Taking (Kidnapping)", "Hijacking"):
        return "kidnapping"
    if event.sub_event_type == "Disrupted weapons use":
        return "bombing"  # MUC-4 keeps a bomb defused or found as an attempted bombing
    if event.sub_event_type == "Looting/property destruction":
        actions = {d.action.lower() for d in report.damage} | {event.evidence.text.lower()}
        if actions & _ARSON:
            return "arson"
        return "robbery" if actions & _LOOTING else "attack"
    if event.event_type == "Protests" or event.event_type == "Strategic developments":
        return None
    return "attack"


def perpetrator_roles(registry: Registry, text: str) -> list[tuple[str, str]]:
    """(role, filler) pairs for one perpetrator mention (see the module docstring)."""
    found: list[tuple[str, str]] = []
    text = _CLAUSE.split(text, maxsplit=1)[0].strip(" ,;:()\"'")
    if set(words(text)) <= _COLLECTIVE:
        return found
    parts = [part.strip(" ,;:()\"'") for part in _OF.split(text)]
    if len(parts) > 1 and set(words(parts[0])) <= _COLLECTIVE:
        found.append(("PerpInd", text))
        parts = [p for p in parts[1:] if not is_generic(registry, p)]
    for part in parts:
        if not part:
            continue
        if resolve_actor(registry, part) is None and is_generic(registry, part):
            found.append(("PerpInd", part))
        else:
            found.append(("PerpOrg", part))
    return found


def template_of(report: ExtractedReport, registry: Registry) -> Template | None:
    kind = incident_type(report)
    if kind is None:
        return None
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    for actor in report.actors:
        if actor.role == "perpetrator":
            for role, filler in perpetrator_roles(registry, actor.text):
                roles[role].append(filler)
        elif actor.role == "target":
            phrase = _CLAUSE.split(actor.text, maxsplit=1)[0]
            if set(words(actor.text)) & PHYSICAL:
                roles["Target"].append(phrase)
            elif names_someone(phrase):
                roles["Victim"].append(phrase)
    roles["Target"].extend(f"{d.object}" for d in report.damage)
    roles["Weapon"].extend(m.group(0) for m in _WEAPON.finditer(report.sentence.text.lower()))
    return Template(kind, {role: _predicted(fillers) for role, fillers in roles.items()})


def _predicted(fillers: Sequence[str]) -> tuple[Entity, ...]:
    return tuple((f,) for f in dict.fromkeys(normalise_answer(x) for x in fillers) if f)


Placed = tuple[str, int]
"""A filler and where in the text it was read (a rules' filler: its report's sentence)."""


def model_templates(
    extraction: DocumentExtraction, registry: Registry | None = None, text: str = ""
) -> list[Template]:
    """Templates from the role model's reading, with the rules' additions (see the module
    docstring); `registry` and `text` are needed only for those additions."""
    tagged: dict[str, list[Placed]] = {role: [] for role in ROLES}
    for filler in extraction.fillers:
        evidence = filler.evidence
        tagged[ROLE_OF_FILLER[filler.role]].append((evidence.text, evidence.start))
    kinds = document_kinds(extraction, {r: [p for p, _ in f] for r, f in tagged.items()})
    if not kinds:
        return []
    roles = {role: list(fillers) for role, fillers in tagged.items()}
    if registry is not None:
        for role, phrase, start in rule_fillers(extraction.reports, registry):
            if role == "PerpInd" or not tagged[role]:
                roles[role].append((phrase, start))
    for role in ("Target", "Weapon"):
        roles[role] = [(_QUANTITY.sub("", phrase), at) for phrase, at in roles[role]]
    roles["PerpInd"] = [(_VAGUE.sub("", phrase), at) for phrase, at in roles["PerpInd"]]
    for role in ROLES:
        roles[role] = [(p, at) for phrase, at in roles[role] if (p := _untrailed(phrase))]
    roles["Victim"] = [v for v in roles["Victim"] if names_someone(v[0])]
    for role in ("Victim", "Target", "Weapon"):
        roles[role] = _kept(roles[role], _longest_names)
    roles["PerpOrg"] = _kept(roles["PerpOrg"], lambda names: _without_acronyms(names, text))
    return spread(kinds, roles, anchors(extraction), sentence_starts(text))


def _untrailed(phrase: str) -> str:
    """`phrase` without a preposition or conjunction at either end (`_DANGLING`), nothing when
    what is left is only a collective or a count ("members of", "one of"): a span cut
    mid-phrase ("of vehicles" → "vehicles"), which names no one in such a stub."""
    trimmed = _DANGLING.sub("", phrase)
    return "" if trimmed != phrase and set(words(trimmed)) <= _COLLECTIVE else trimmed


def _kept(
    fillers: Sequence[Placed], keep: Callable[[Sequence[str]], Sequence[str]]
) -> list[Placed]:
    kept = set(keep([phrase for phrase, _ in fillers]))
    return [(phrase, at) for phrase, at in fillers if phrase in kept]


def anchors(extraction: DocumentExtraction) -> list[tuple[int, str]]:
    """(position, incident type) of what the pipeline read as telling one kind of incident: a
    report's trigger (`incident_type`), property read as burned (arson) or looted (robbery),
    people read as abducted (kidnapping), killed or injured (attack), and a tagged weapon
    (bombing when it names an explosive, otherwise attack)."""
    found: list[tuple[int, str]] = []
    for report in extraction.reports:
        kind = incident_type(report)
        if kind is not None:
            found.append((report.event_type.evidence.start, kind))
        for damage in report.damage:
            action = damage.action.lower()
            if action in _ARSON or action in _LOOTING:
                found.append((damage.evidence.start, "arson" if action in _ARSON else "robbery"))
        casualties = report.casualties
        if casualties.abducted is not None:
            found.append((casualties.abducted.evidence.start, "kidnapping"))
        for count in (casualties.killed, casualties.injured):
            if count is not None:
                found.append((count.evidence.start, "attack"))
    for filler in extraction.fillers:
        if filler.role == "weapon":
            explosive = _EXPLOSIVE.search(filler.evidence.text)
            found.append((filler.evidence.start, "bombing" if explosive else "attack"))
    return found


def spread(
    kinds: Sequence[str],
    roles: dict[str, list[Placed]],
    found: Sequence[tuple[int, str]],
    sentences: Sequence[int] = (),
) -> list[Template]:
    """One template per incident type in `kinds`, each filler in the template of the anchor
    (`anchors`) of those types nearest to where it was read, the first template where no such
    anchor was read; perpetrators go to every template, as MUC's keys repeat them for each
    incident one group carried out. A template's victims named in different sentences
    (`sentences`: where each starts) are apart (`by_sentence`)."""
    near = [(at, kinds.index(kind)) for at, kind in found if kind in kinds]
    chosen: list[dict[str, list[Placed]]] = [{role: [] for role in ROLES} for _ in kinds]
    for role, fillers in roles.items():
        for phrase, at in fillers:
            if role in ("PerpInd", "PerpOrg"):
                indices: Sequence[int] = range(len(kinds))
            else:
                indices = [min(near, key=lambda a: abs(a[0] - at))[1] if near else 0]
            for index in indices:
                chosen[index][role].append((phrase, at))
    return [
        Template(
            kind, {role: _predicted([p for p, _ in fillers]) for role, fillers in part.items()}
        )
        for kind, template in zip(kinds, chosen, strict=True)
        for part in by_sentence(template, sentences)
    ]


_SENTENCE_END = re.compile(r"[.!?][\"')]*\s+")


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts: after a full stop, question or exclamation mark
    and the space that follows it."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))] if text else []


def by_sentence(
    template: dict[str, list[Placed]], sentences: Sequence[int]
) -> list[dict[str, list[Placed]]]:
    """The template, or one per sentence where its victims are first named: MUC keys a
    template per incident, and a text that names victims of one type of incident in separate
    sentences often tells separate incidents ("... killed antonio rodriguez porth. ... killed
    roberto garcia alvarado"), while victims named together in one sentence were struck
    together (on the MUC-4 held-out tenth of the train split, 3 such documents gain every
    victim's template, 5 others one spurious template each). A victim named again later stays
    where first named. Perpetrators go to every part, targets and weapons stay with the first."""
    first: dict[str, int] = {}
    for phrase, at in sorted(template["Victim"], key=lambda victim: victim[1]):
        first.setdefault(normalise_answer(phrase), bisect.bisect_right(sentences, at))
    apart = sorted(set(first.values()))
    if len(apart) < 2:
        return [template]
    parts = []
    for index, sentence in enumerate(apart):
        part = {
            role: list(fillers) if index == 0 or role in ("PerpInd", "PerpOrg") else []
            for role, fillers in template.items()
        }
        part["Victim"] = [
            v for v in template["Victim"] if first[normalise_answer(v[0])] == sentence
        ]
        parts.append(part)
    return parts


def document_kinds(extraction: DocumentExtraction, tagged: dict[str, list[str]]) -> list[str]:
    """`incident_kinds` of the classifier's reading, none where the rules read only fighting
    and the tagger no victim or target (`_only_fighting`); in a document that tells an
    incident, an arson where the rules read property burned, and a kidnapping or robbery where
    a rules' report is one (`_TOLD_APART`)."""
    rules = [kind for kind in map(incident_type, extraction.reports) if kind is not None]
    kinds = incident_kinds(extraction.incident_types, tagged["Weapon"], rules)
    if not tagged["Victim"] and not tagged["Target"] and _only_fighting(extraction.reports):
        kinds = []
    burned = any(d.action.lower() in _ARSON for r in extraction.reports for d in r.damage)
    if kinds and burned and "arson" not in kinds:
        kinds.append("arson")
    if kinds:
        kinds += [k for k in dict.fromkeys(rules) if k in _TOLD_APART and k not in kinds]
    return kinds


def incident_kinds(
    incidents: Sequence[tuple[str, float]], weapons: Sequence[str], rules: Sequence[str] = ()
) -> list[str]:
    """The templates' incident types, the first the one the fillers go to (see the module
    docstring); empty when the classifier finds no incident. `rules`: the incident types of the
    rules' reports, in order, read when the classifier gives no type `INCIDENT_THRESHOLD`."""
    told = [(p, k) for k, p in incidents if k != NO_INCIDENT]
    if not tells_incident(dict(incidents)):
        return []
    kinds = [k for p, k in told if p >= INCIDENT_THRESHOLD]
    kinds = kinds or list(dict.fromkeys(rules)) or [max(told)[1]]
    explosive = any(_EXPLOSIVE.search(weapon) for weapon in weapons)
    if kinds[0] == "attack" and "bombing" not in kinds and explosive:
        kinds[0] = "bombing"
    return kinds


def _only_fighting(reports: Sequence[ExtractedReport]) -> bool:
    """Whether every report the rules read is fighting between armed sides (`Battles`): MUC-4
    keeps terrorist acts against people and property, not clashes of armed forces."""
    return bool(reports) and all(r.event_type.event_type == "Battles" for r in reports)


def rule_fillers(
    reports: Sequence[ExtractedReport], registry: Registry
) -> Iterator[tuple[str, str, int]]:
    """(role, filler, where its sentence starts) the rules add to the tagger's: generic
    perpetrators, weapons and physical targets of the rules' incident reports."""
    for report in reports:
        template = template_of(report, registry)
        if template is not None:
            start = report.sentence.start
            for role in ("PerpInd", "Weapon", "Target"):
                yield from ((role, entity[0], start) for entity in template.roles.get(role, ()))


def names_someone(victim: str) -> bool:
    """Whether a victim phrase names a person rather than describes people: its last word is
    not in `PEOPLE`, or a name owns it ("torrado's son"). MUC-4's Victim slot is the key's
    HUM TGT: NAME; descriptions such as "six jesuit priests" go to HUM TGT: DESCRIPTION, which
    is not scored."""
    tokens = words(victim)
    owned = any(t.endswith(("'s", "’s")) for t in tokens[:-1])
    return bool(tokens) and (tokens[-1] not in PEOPLE or owned)


def _longest_names(fillers: Sequence[str]) -> list[str]:
    """Drop a filler whose words are part of a longer one ("rodriguez porth" beside "antonio
    rodriguez porth", "bomb" beside "car bomb"): a person or thing named in full is later named
    shorter, still one entity, which GRIT would count twice."""
    names = [normalise_answer(f) for f in fillers]
    return [
        f
        for f, name in zip(fillers, names, strict=True)
        if name and not any(o != name and f" {name} " in f" {o} " for o in names)
    ]


def _without_acronyms(fillers: Sequence[str], text: str) -> list[str]:
    """Drop a filler written in brackets right after another one ("army of national liberation
    (eln)"): the text gives it as the other's abbreviation, so it names the same organisation."""
    lowered = text.lower()
    return [
        f
        for f in fillers
        if not any(
            o.lower() != f.lower() and f"{o.lower()} ({f.lower()})" in lowered for o in fillers
        )
    ]


def predict(analysis: Analysis, analyser: Analyser, text: str = "") -> list[Template]:
    if analysis.extraction.incident_types:
        return model_templates(analysis.extraction, analyser.registry, text)
    templates = (template_of(r, analyser.registry) for r in analysis.extraction.reports)
    return [t for t in templates if t is not None]


def judge(analysis: Analysis, gold: Gold, analyser: Analyser) -> Judgement:
    return compare(predict(analysis, analyser, gold.text), gold)


def summarise(judgements: Sequence[Judgement]) -> dict[str, Any]:
    grit = {role: Tally() for role in ROLES}
    gtt = {role: Tally() for role in (INCIDENT, *ROLES)}
    for judgement in judgements:
        for role, tally in judgement.grit.items():
            grit[role].add(tally)
        for role, tally in judgement.gtt.items():
            gtt[role].add(tally)
    micro, template = Tally(), Tally()
    for tally in grit.values():
        micro.add(tally)
    for tally in gtt.values():
        template.add(tally)
    return {
        "n": len(judgements),
        "micro_f1": micro.f1,
        "precision": micro.precision,
        "recall": micro.recall,
        "per_role": {
            role: {"p": t.precision, "r": t.recall, "f1": t.f1} for role, t in grit.items()
        },
        "template_f1": template.f1,
        "template_precision": template.precision,
        "template_recall": template.recall,
        "incident_type_f1": gtt[INCIDENT].f1,
    }
