"""Coverage of the actor registry: GTD's and UCDP's names of the actors of South Asia, the
Middle East, Africa and the Sahel each resolve to the entry meant, and spelling variants too.

The GTD names are GTD's `gname` spellings of its most frequent perpetrator groups in those
regions (GTD's data is not distributed with khabar, so the list is kept here). The UCDP names
are every side name, lists split at commas, of the dev set's rows in the Middle East, Asia and
Africa (`shared/data/ucdp_dev.jsonl`), most frequent first; docs/actors.md gives the counts.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from khabar.actors.registry import Registry, is_acronym, match_key

GTD_NAMES = {
    # South Asia (44)
    "Khorasan Chapter of the Islamic State": "Islamic State Khorasan Province",
    "Taliban": "Taliban",
    "Haqqani Network": "Haqqani Network",
    "Tehrik-i-Taliban Pakistan (TTP)": "Tehrik-i-Taliban Pakistan",
    "Jamaat-ul-Ahrar": "Jamaat-ul-Ahrar",
    "Lashkar-e-Islam (Pakistan)": "Lashkar-e-Islam",
    "Lashkar-e-Jhangvi": "Lashkar-e-Jhangvi",
    "Sipah-e-Sahaba/Pakistan (SSP)": "Sipah-e-Sahaba Pakistan",
    "Lashkar-e-Taiba (LeT)": "Lashkar-e-Taiba",
    "Jaish-e-Mohammad (JeM)": "Jaish-e-Mohammed",
    "Hizbul Mujahideen (HM)": "Hizbul Mujahideen",
    "Baloch Liberation Army (BLA)": "Balochistan Liberation Army",
    "Baloch Liberation Front (BLF)": "Balochistan Liberation Front",
    "Baloch Republican Army (BRA)": "Baloch Republican Army",
    "Communist Party of India - Maoist (CPI-Maoist)": "Communist Party of India (Maoist)",
    "Maoists": "Communist Party of India (Maoist)",
    "United Liberation Front of Assam (ULFA)": "United Liberation Front of Asom",
    "National Socialist Council of Nagaland-Isak-Muivah (NSCN-IM)": "NSCN-IM",
    "Hizb-I-Islami": "Hezb-e-Islami Gulbuddin",
    "Islamic Movement of Uzbekistan (IMU)": "Islamic Movement of Uzbekistan",
    "Ahrar-ul-Hind": "Ahrar-ul-Hind",
    "Tehrik-e-Nafaz-e-Shariat-e-Mohammadi (TNSM)": "Tehrik-e-Nafaz-e-Shariat-e-Mohammadi",
    "Harakat ul-Mujahidin (HuM)": "Harkat-ul-Mujahideen",
    "Al-Badr": "Al-Badr",
    "Jammu and Kashmir Liberation Front": "Jammu and Kashmir Liberation Front",
    "Lashkar-e-Balochistan": "Lashkar-e-Balochistan",
    "United Baloch Army (UBA)": "United Baloch Army",
    "Muttahida Qami Movement (MQM)": "Muttahida Qaumi Movement",
    "Jamatul Mujahideen Bangladesh (JMB)": "Jamaat-ul-Mujahideen Bangladesh",
    "Liberation Tigers of Tamil Eelam (LTTE)": "Liberation Tigers of Tamil Eelam",
    "Communist Party of Nepal-Maoist (CPN-M)": "Communist Party of Nepal (Maoist)",
    "People's War Group (PWG)": "People's War Group",
    "Maoist Communist Center (MCC)": "Maoist Communist Centre of India",
    "National Democratic Front of Bodoland (NDFB)": "National Democratic Front of Bodoland",
    "National Liberation Front of Tripura (NLFT)": "National Liberation Front of Tripura",
    "All Tripura Tiger Force (ATTF)": "All Tripura Tiger Force",
    "Garo National Liberation Army (GNLA)": "Garo National Liberation Army",
    "Kangleipak Communist Party (KCP)": "Kangleipak Communist Party",
    "People's Liberation Army (India)": "People's Liberation Army of Manipur",
    "United National Liberation Front (UNLF)": "United National Liberation Front",
    "Khalistan Commando Force (KCF)": "Khalistan Commando Force",
    "Babbar Khalsa International (BKI)": "Babbar Khalsa International",
    "Khalistan Liberation Force": "Khalistan Liberation Force",
    "National Socialist Council of Nagaland-Khaplang (NSCN-K)": "NSCN-K",
    # Middle East and North Africa (66)
    "Islamic State of Iraq and the Levant (ISIL)": "Islamic State",
    "Islamic State of Iraq (ISI)": "Islamic State",
    "Al-Qaida in Iraq": "al-Qaeda in Iraq",
    "Tawhid and Jihad": "al-Qaeda in Iraq",
    "Sinai Province of the Islamic State": "Islamic State Sinai Province",
    "Ansar Bayt al-Maqdis (Ansar Jerusalem)": "Islamic State Sinai Province",
    "Tripoli Province of the Islamic State": "Islamic State Libya Province",
    "Barqa Province of the Islamic State": "Islamic State Libya Province",
    "Fezzan Province of the Islamic State": "Islamic State Libya Province",
    "Al-Qaida": "al-Qaeda",
    "Al-Qaida in the Arabian Peninsula (AQAP)": "al-Qaeda in the Arabian Peninsula",
    "Al-Qaida in the Islamic Maghreb (AQIM)": "al-Qaeda in the Islamic Maghreb",
    "Salafist Group for Preaching and Fighting (GSPC)": "al-Qaeda in the Islamic Maghreb",
    "Al-Mourabitoun": "al-Mourabitoun",
    "Al-Nusrah Front": "Jabhat al-Nusra",
    "Hay'at Tahrir al-Sham": "Hayat Tahrir al-Sham",
    "Jaish al-Adl": "Jaish al-Adl",
    "Houthi extremists (Ansar Allah)": "Houthis",
    "Hezbollah": "Hezbollah",
    "Hamas (Islamic Resistance Movement)": "Hamas",
    "Izz al-Din al-Qassam Brigades": "Izz ad-Din al-Qassam Brigades",
    "Palestinian Islamic Jihad (PIJ)": "Palestinian Islamic Jihad",
    "Al-Quds Brigades": "al-Quds Brigades",
    "Al-Aqsa Martyrs Brigade": "al-Aqsa Martyrs' Brigades",
    "Syrian Democratic Forces": "Syrian Democratic Forces",
    "People's Protection Units (YPG)": "People's Protection Units",
    "Kurdistan Workers' Party (PKK)": "Kurdistan Workers' Party",
    "Free Syrian Army": "Free Syrian Army",
    "Ahrar al-Sham": "Ahrar al-Sham",
    "Kata'ib Hizballah": "Kata'ib Hezbollah",
    "Asa'ib Ahl al-Haqq": "Asa'ib Ahl al-Haq",
    "Armed Islamic Group (GIA)": "Armed Islamic Group",
    "Al-Gama'at al-Islamiyya (IG)": "al-Gama'a al-Islamiyya",
    "Adan-Abyan Province of the Islamic State": "Islamic State Yemen Province",
    "Sanaa Province of the Islamic State": "Islamic State Yemen Province",
    "Hadramawt Province of the Islamic State": "Islamic State Yemen Province",
    "Najd Province of the Islamic State": "Islamic State Najd Province",
    "Al-Qaida in Saudi Arabia": "al-Qaeda in Saudi Arabia",
    "Ansar al-Islam": "Ansar al-Islam",
    "Islamic Army in Iraq (al-Jaish al-Islami fi al-Iraq)": "Islamic Army in Iraq",
    "Mahdi Army": "Mahdi Army",
    "Jaish al-Muhajireen wal-Ansar": "Jaish al-Muhajireen wal-Ansar",
    "Jund al-Aqsa": "Jund al-Aqsa",
    "Kurdistan Freedom Hawks (TAK)": "Kurdistan Freedom Hawks",
    "Revolutionary People's Liberation Party/Front (DHKP/C)": (
        "Revolutionary People's Liberation Party/Front"
    ),
    "Turkish Hizballah": "Turkish Hezbollah",
    "Free Life Party of Kurdistan (PJAK)": "Kurdistan Free Life Party",
    "Jundallah": "Jundallah",
    "Mujahedin-e Khalq (MEK)": "People's Mujahedin of Iran",
    "Popular Front for the Liberation of Palestine (PFLP)": (
        "Popular Front for the Liberation of Palestine"
    ),
    "Popular Front for the Liberation of Palestine, Gen Cmd (PFLP-GC)": (
        "Popular Front for the Liberation of Palestine – General Command"
    ),
    "Democratic Front for the Liberation of Palestine (DFLP)": (
        "Democratic Front for the Liberation of Palestine"
    ),
    "Popular Resistance Committees": "Popular Resistance Committees",
    "Abu Nidal Organization (ANO)": "Abu Nidal Organization",
    "Fatah": "Fatah",
    "Palestine Liberation Organization (PLO)": "Palestine Liberation Organization",
    "Fatah al-Islam": "Fatah al-Islam",
    "Abdullah Azzam Brigades": "Abdullah Azzam Brigades",
    "Muslim Brotherhood": "Muslim Brotherhood",
    "Hasm Movement": "Hasm Movement",
    "Ajnad Misr": "Ajnad Misr",
    "Ansar al-Sharia (Libya)": "Ansar al-Sharia (Libya)",
    "Ansar al-Sharia (Tunisia)": "Ansar al-Sharia (Tunisia)",
    "Okba Ibn Nafaa Brigade": "Okba Ibn Nafaa Brigade",
    "Polisario Front": "Polisario Front",
    "Southern Mobility Movement (Yemen)": "Southern Movement",
    # Sub-Saharan Africa and the Sahel (45)
    "Islamic State West Africa Province (ISWAP)": "Islamic State West Africa Province",
    "Islamic State in the Greater Sahara (ISGS)": "Islamic State Sahel Province",
    "Islamic State Central Africa Province (ISCAP)": "Islamic State Central Africa Province",
    "Jamaat Nusrat al-Islam wal Muslimin (JNIM)": "Jama'at Nusrat al-Islam wal-Muslimin",
    "Macina Liberation Front (FLM)": "Katiba Macina",
    "Ansar al-Dine (Mali)": "Ansar Dine",
    "Movement for Oneness and Jihad in West Africa (MUJAO)": (
        "Movement for Oneness and Jihad in West Africa"
    ),
    "Ansaroul Islam": "Ansarul Islam",
    "Al-Shabaab": "al-Shabaab",
    "Boko Haram": "Boko Haram",
    "Ansaru (Jama'atu Ansarul Muslimina Fi Biladis Sudan)": "Ansaru",
    "Indigenous People of Biafra (IPOB)": "Indigenous People of Biafra",
    "Allied Democratic Forces (ADF)": "Allied Democratic Forces",
    "March 23 Movement (M23)": "March 23 Movement",
    "Democratic Forces for the Liberation of Rwanda (FDLR)": (
        "Democratic Forces for the Liberation of Rwanda"
    ),
    "Lord's Resistance Army (LRA)": "Lord's Resistance Army",
    "Union for Peace in the Central African Republic (UPC)": (
        "Union for Peace in the Central African Republic"
    ),
    "Return, Reclamation, Rehabilitation (3R)": "Return, Reclamation, Rehabilitation",
    "Anti-Balaka Militia": "Anti-balaka",
    "Seleka": "Séléka",
    "Mozambique National Resistance Movement (MNR)": "Renamo",
    "Sudan People's Liberation Movement in Opposition (SPLM-IO)": "SPLM/A In Opposition",
    "Tigray People's Liberation Front (TPLF)": "Tigray People's Liberation Front",
    "Fulani extremists": "Fulani militias",
    "Movement for the Emancipation of the Niger Delta (MEND)": (
        "Movement for the Emancipation of the Niger Delta"
    ),
    "Niger Delta Avengers (NDA)": "Niger Delta Avengers",
    "Al-Itihaad al-Islami (AIAI)": "Al-Itihaad al-Islamiya",
    "Hizbul Islam (Somalia)": "Hizbul Islam",
    "Ogaden National Liberation Front (ONLF)": "Ogaden National Liberation Front",
    "Oromo Liberation Front": "Oromo Liberation Front",
    "Sudan People's Liberation Army (SPLA)": "Sudan People's Liberation Movement/Army",
    "Janjaweed": "Janjaweed",
    "Justice and Equality Movement (JEM)": "Justice and Equality Movement",
    "Sudan Liberation Army (SLA)": "Sudan Liberation Movement/Army",
    "National Union for the Total Independence of Angola (UNITA)": (
        "National Union for the Total Independence of Angola"
    ),
    "Front for the Liberation of the Enclave of Cabinda (FLEC)": (
        "Front for the Liberation of the Enclave of Cabinda"
    ),
    "Revolutionary United Front (RUF)": "Revolutionary United Front",
    "National Patriotic Front of Liberia (NPFL)": "National Patriotic Front of Liberia",
    "African National Congress (South Africa)": "African National Congress",
    "Inkatha Freedom Party (IFP)": "Inkatha Freedom Party",
    "Party for the Liberation of the Hutu People (PALIPEHUTU)": "Palipehutu-FNL",
    "Mayi Mayi": "Mai-Mai",
    "Popular Front for the Renaissance of the Central African Republic (FPRC)": (
        "Popular Front for the Renaissance of the Central African Republic"
    ),
    "National Movement for the Liberation of Azawad (MNLA)": (
        "National Movement for the Liberation of Azawad"
    ),
    "Dan Na Ambassagou": "Dan Na Ambassagou",
    # Elsewhere: the Philippines and Myanmar (9)
    "Kachin Independence Army (KIA)": "Kachin Independence Army",
    "Karen National Union": "Karen National Union",
    "Arakan Rohingya Salvation Army (ARSA)": "Arakan Rohingya Salvation Army",
    "New People's Army (NPA)": "Communist Party of the Philippines",
    "Abu Sayyaf Group (ASG)": "Abu Sayyaf Group",
    "Moro Islamic Liberation Front (MILF)": "Moro Islamic Liberation Front",
    "Bangsamoro Islamic Freedom Movement (BIFM)": "Bangsamoro Islamic Freedom Fighters",
    "Moro National Liberation Front (MNLF)": "Moro National Liberation Front",
    "Maute Group": "Maute Group",
}
"""GTD `gname` → the registry entry it names."""

UCDP_SIDES = {
    "Government of Syria": "Government of Syria",
    "Syrian insurgents": "Syrian insurgents",
    "IS": "Islamic State",
    "Government of Myanmar (Burma)": "Government of Myanmar (Burma)",
    "SDF": "Syrian Democratic Forces",
    "Civilians": "Civilians",
    "KIO": "Kachin Independence Army",
    "SNA": "Syrian National Army",
    "PSLF": "Ta'ang National Liberation Army",
    "HTS": "Hayat Tahrir al-Sham",
    "MNDAA": "Myanmar National Democratic Alliance Army",
    "Hawar Kilis Operations Room": "Hawar Kilis Operations Room",
    "Ahrar al-Sham": "Ahrar al-Sham",
    "Government of Turkey": "Government of Turkey",
    "RCSS": "Restoration Council of Shan State",
    "KNU": "Karen National Union",
    "Syrian Liberation Front": "Syrian Liberation Front",
    "Sham Legion": "Sham Legion",
    "Jabhat Fateh al-Sham": "Jabhat Fateh al-Sham",
    "23rd Division": "23rd Division",
    "Jaysh al Nasr": "Jaysh al-Nasr",
    "Jaysh al-Nukhba": "Jaysh al-Nukhba",
    "Southern Front": "Southern Front",
    "National Front for Liberation": "National Front for Liberation",
    "Jaysh al-Islam": "Jaysh al-Islam",
    "ARSA": "Arakan Rohingya Salvation Army",
    "Government of Israel": "Government of Israel",
    "AA": "Arakan Army",
    "PKK": "Kurdistan Workers' Party",
    "NSCN-K": "NSCN-K",
    "KNPP": "Karenni National Progressive Party",
    "Government of Philippines": "Government of Philippines",
    "Rahman Corps": "Rahman Corps",
    "Al-Shabaab": "al-Shabaab",
    "SSPP": "Shan State Progress Party",
    "Nour al-Din al-Zenki": "Nour al-Din al-Zenki Movement",
    "Government of Somalia": "Government of Somalia",
    "Government of Iraq": "Government of Iraq",
    "DKBA 5": "Democratic Karen Buddhist Army – Brigade 5",
    "Jaysh Asoud al-Sharqiya": "Jaysh Asoud al-Sharqiya",
    "Martyr Lieutenant Ahmed Abdou Brigades": "Martyr Lieutenant Ahmed Abdou Brigades",
    "Government of Algeria": "Government of Algeria",
    "Government of Rwanda": "Government of Rwanda",
    "Fatah Halab": "Fatah Halab",
    "Suqour al-Sham Brigades": "Suqour al-Sham Brigades",
    "Government of Nigeria": "Government of Nigeria",
    "Government of Yemen (North Yemen)": "Government of Yemen (North Yemen)",
    "Forces of the Presidential Leadership Council": (
        "Forces of the Presidential Leadership Council"
    ),
    "CPP": "Communist Party of the Philippines",
    "Government of Iran": "Government of Iran",
    "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad": "Boko Haram",
    "AQIM": "al-Qaeda in the Islamic Maghreb",
    "ASG": "Abu Sayyaf Group",
    "FSA": "Free Syrian Army",
    "Aknaf Bait al-Maqdis": "Aknaf Bait al-Maqdis",
    "JNIM": "Jama'at Nusrat al-Islam wal-Muslimin",
    "Government of Cameroon": "Government of Cameroon",
    "Government of Angola": "Government of Angola",
    "UNITA": "National Union for the Total Independence of Angola",
    "RSO": "Rohingya Solidarity Organisation",
    "Hezbollah": "Hezbollah",
    "Government of Sudan": "Government of Sudan",
    "Government of Ethiopia": "Government of Ethiopia",
    "Hamas": "Hamas",
    "Mare' Operations Room": "Mare' Operations Room",
    "Ambazonia insurgents": "Ambazonian separatists",
    "NMSP": "New Mon State Party",
    "Government of Egypt": "Government of Egypt",
    "Government of Burundi": "Government of Burundi",
    "FDLR-FOCA": "Democratic Forces for the Liberation of Rwanda",
    "Government of Mali": "Government of Mali",
    "Sons of Yarmouk Movement": "Sons of Yarmouk Movement",
    "Jaysh al-Asha’er": "Jaysh al-Asha'er",
    "Hamza Division": "Hamza Division",
    "Liwa al-Sultan Murad": "Sultan Murad Division",
    "Fulani": "Fulani militias",
    "Government of Eritrea": "Government of Eritrea",
    "Supporters of IFP": "Inkatha Freedom Party",
    "AIS": "Islamic Salvation Army",
    "CNDD-FDD": "CNDD-FDD",
    "Government of Indonesia": "Government of Indonesia",
    "UWSA": "United Wa State Army",
    "PIJ": "Palestinian Islamic Jihad",
    "Government of DR Congo (Zaire)": "Government of DR Congo (Zaire)",
    "Government of Uganda": "Government of Uganda",
    "LRA": "Lord's Resistance Army",
    "SRF": "Sudan Revolutionary Front",
    "Islamic Front": "Islamic Front",
    "ADF": "Allied Democratic Forces",
    "Tahrir al- Sham Army": "Jaysh Tahrir al-Sham",
    "Government of Libya": "Government of Libya",
    "Liwa al-Aqsa": "Liwa al-Aqsa",
    "Ahrar al-Sharqiya": "Ahrar al-Sharqiya",
    "Government of Central African Republic": "Government of Central African Republic",
    "NUG": "National Unity Government of Myanmar",
    "Government of Mozambique": "Government of Mozambique",
    "Renamo": "Renamo",
    "Supporters of UDF": "United Democratic Front (South Africa)",
    "RUF": "Revolutionary United Front",
    "al-Gama'a al-Islamiyya": "al-Gama'a al-Islamiyya",
    "Supporters of ANC": "African National Congress",
    "Government of Sierra Leone": "Government of Sierra Leone",
    "Kamajors": "Kamajors",
    "GIA": "Armed Islamic Group",
    "Government of Tajikistan": "Government of Tajikistan",
    "Forces of Khudoberdiyev": "Forces of Khudoberdiyev",
    "Palipehutu-FNL": "Palipehutu-FNL",
    "PNA": "Palestinian National Authority",
    "SPLM/A": "Sudan People's Liberation Movement/Army",
    "GAM": "Free Aceh Movement",
    "Government of Ivory Coast": "Government of Ivory Coast",
    "MPCI": "Patriotic Movement of Côte d'Ivoire",
    "ONLF": "Ogaden National Liberation Front",
    "SLM/A": "Sudan Liberation Movement/Army",
    "Janjaweed": "Janjaweed",
    "SLDF": "Sabaot Land Defence Force",
    "DKBA": "Democratic Karen Buddhist Army",
    "Fatah": "Fatah",
    "CNDP": "National Congress for the Defence of the People",
    "Patani insurgents": "Patani insurgents",
    "APCLS": "Alliance of Patriots for a Free and Sovereign Congo",
    "NDC": "Nduma Defence of Congo",
    "Government of United States of America": "Government of United States of America",
    "al-Qaida": "al-Qaeda",
    "al-Qa'qa Brigade": "al-Qa'qa Brigade",
    "Army of Ahl al-Sunni wal Jamaa": "Army of Ahl al-Sunni wal Jamaa",
    "Army of al-Ikhlas": "Army of al-Ikhlas",
    "Army of Maoata al-Islami": "Army of Maoata al-Islami",
    "Authenticity and Development Front": "Authenticity and Development Front",
    "Bayareq al-Shaaitat": "Bayareq al-Shaaitat",
    "Jaish al-Muhajireen wal-Ansar": "Jaish al-Muhajireen wal-Ansar",
    "Liwa al-Qadisiya": "Liwa al-Qadisiya",
    "Ansarallah": "Houthis",
    "FPRC": "Popular Front for the Renaissance of the Central African Republic",
    "Ansar Dine": "Ansar Dine",
    "BIFM": "Bangsamoro Islamic Freedom Fighters",
    "PFLP-GC": "Popular Front for the Liberation of Palestine – General Command",
    "PLO": "Palestine Liberation Organization",
    "Mujahideen Army": "Mujahideen Army",
    "al-Harakat al-Islamiyah": "Abu Sayyaf Group",
    "Government of Jordan": "Government of Jordan",
    "SDB": "Benghazi Defense Brigades",
    "Forces of the House of Representatives": "Libyan National Army",
    "Fistaqim Kama Umirat": "Fastaqim Kama Umirt",
    "NSA": "New Syrian Army",
    "First Regiment": "First Regiment",
    "13th Division": "13th Division",
    "Jund al-Malahem": "Jund al-Malahem",
    "anti-Balaka": "Anti-balaka",
    "Harakit Sawa'id Misr": "Hasm Movement",
    "Koglweogo": "Koglweogo",
    "Humat al-Aqida": "Humat al-Aqida",
    "al-Majd Legion": "al-Majd Legion",
    "BDK": "Bundu dia Kongo",
    "OPM": "Free Papua Movement",
    "URDPC": "CODECO",
    "TPLF": "Tigray People's Liberation Front",
    "GATIA": "GATIA",
    "MSA": "Movement for the Salvation of Azawad",
    "CPC": "Coalition of Patriots for Change",
    "Giants Brigade": "Giants Brigades",
    "STC": "Southern Transitional Council",
    "Islah": "Al-Islah",
    "IPOB": "Indigenous People of Biafra",
    "OLA": "Oromo Liberation Army",
    "Government of Burkina Faso": "Government of Burkina Faso",
}
"""UCDP side name → the registry entry it names, in the dev set's order of frequency."""

UCDP_COMMUNAL = (
    "Buddhists (Myanmar)",
    "Muslims (Myanmar)",
    "Turkana",
    "Hema",
    "Lendu",
    "Tiv",
    "Banyarwanda",
    "Hunde",
    "Nyanga",
    "Christians (Indonesia)",
    "Muslims (Indonesia)",
    "Burkinabé",
    "Guéré",
    "Toposa",
    "Christians (Nigeria)",
    "Muslims (Nigeria)",
    "Christians (CAR)",
    "Muslims (CAR)",
    "Luba",
    "Batwa",
    "Agatu",
    "Pokot",
    "Jukun",
    "Ahali",
    "Toubou",
    "Birom",
)
"""UCDP sides that are communal identity groups, not organisations: "Hema" or "Muslims
(Nigeria)" in a text are people, so the registry keeps them provisional."""

SCOPE_COUNTRIES = (
    "AF", "PK", "IN", "BD", "NP", "LK",
    "IQ", "SY", "YE", "LB", "IL", "TR", "IR", "SA", "JO", "EG", "LY", "DZ", "TN", "MA",
    "SO", "KE", "ET", "SD", "SS", "NG", "CM", "TD", "NE", "ML", "BF", "MR", "BJ", "TG", "CI",
    "CD", "CF", "UG", "RW", "BI", "MZ", "AO", "SL", "TZ", "ER",
)  # fmt: skip
"""Countries of South Asia, the Middle East, Africa and the Sahel with a state in conflict
in GTD or UCDP."""


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    raw = resources.files("khabar.actors").joinpath("data/actors.json").read_text("utf-8")
    loaded: list[dict[str, Any]] = json.loads(raw)
    return loaded


def test_coverage_resolves_every_gtd_name_to_its_entry(registry: Registry) -> None:
    assert len(set(GTD_NAMES.values())) >= 150
    wrong = {
        name: registry.resolve(name).name
        for name, entry in GTD_NAMES.items()
        if registry.resolve(name).name != entry
    }
    assert wrong == {}


def test_coverage_resolves_every_ucdp_side_to_its_entry(registry: Registry) -> None:
    wrong = {
        name: registry.resolve(name).name
        for name, entry in UCDP_SIDES.items()
        if registry.resolve(name).name != entry
    }
    assert wrong == {}


def test_coverage_records_gtd_and_ucdp_names_as_external_names(registry: Registry) -> None:
    external = {
        (dataset, name): entry.name
        for entry in registry.entries.values()
        for dataset, name in entry.external_names
    }
    assert {n: e for n, e in GTD_NAMES.items() if external.get(("gtd", n)) != e} == {}
    assert {n: e for n, e in UCDP_SIDES.items() if external.get(("ucdp", n)) != e} == {}


def test_coverage_keeps_communal_groups_and_factions_provisional(registry: Registry) -> None:
    assert [n for n in UCDP_COMMUNAL if not registry.resolve(n).provisional] == []
    faction = registry.resolve("Rahman Corps - “Abu al-Joud al-Arbini” faction")
    assert faction.provisional
    assert faction.affiliate is not None
    assert faction.affiliate.name == "Rahman Corps"


def test_coverage_has_government_and_forces_for_every_scope_country(
    items: list[dict[str, Any]],
) -> None:
    kinds: dict[str, set[str]] = {}
    for item in items:
        for country in item.get("countries") or ():
            kinds.setdefault(country, set()).add(item["kind"])
    missing = [
        c for c in SCOPE_COUNTRIES if not {"government", "state_force"} <= kinds.get(c, set())
    ]
    assert missing == []


def test_coverage_sources_every_entry_with_external_names(items: list[dict[str, Any]]) -> None:
    named = [i["name"] for i in items if i.get("external_names") and not i.get("sources")]
    assert named == []


def test_coverage_match_keys_name_one_entry_each(items: list[dict[str, Any]]) -> None:
    """No two entries share an alias once punctuation, case and apostrophes are gone."""
    owner: dict[str, str] = {}
    shared = []
    for item in items:
        external = [n for names in item.get("external_names", {}).values() for n in names]
        for alias in {item["name"], *item.get("aliases", []), *external}:
            key = alias if is_acronym(alias) else match_key(alias)
            if owner.setdefault(key, item["name"]) != item["name"]:
                shared.append((alias, owner[key], item["name"]))
    assert shared == []


@pytest.mark.parametrize(
    ("variant", "entry"),
    [
        ("Taleban", "Taliban"),
        ("the Taliban's", "Taliban"),
        ("Daish", "Islamic State"),
        ("Da'esh", "Islamic State"),
        ("Da’ish", "Islamic State"),
        ("Isis", "Islamic State"),
        ("Al Shabaab", "al-Shabaab"),
        ("Shabaab", "al-Shabaab"),
        ("Al-Shabab fighters", "al-Shabaab"),
        ("Harakat al-Shabaab al-Mujahidin", "al-Shabaab"),
        ("ISIS-K", "Islamic State Khorasan Province"),
        ("IS-KP", "Islamic State Khorasan Province"),
        ("ISIS-KP militants", "Islamic State Khorasan Province"),
        ("TTP", "Tehrik-i-Taliban Pakistan"),
        ("Tahreek-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan"),
        ("Lashkar-i-Tayyiba", "Lashkar-e-Taiba"),
        ("Jaysh-i-Muhammad", "Jaish-e-Mohammed"),
        ("Hizb-ul-Mujahidin", "Hizbul Mujahideen"),
        ("Baluch Liberation Army", "Balochistan Liberation Army"),
        ("Jamāʿat Nuṣrat al-Islām wal-Muslimīn", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("Jama'a Nusrat ul-Islam wa al-Muslimin", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("Hay'at Tahrir ash-Sham", "Hayat Tahrir al-Sham"),
        ("Kataib Hizbullah", "Kata'ib Hezbollah"),
        ("Lords Resistance Army", "Lord's Resistance Army"),
        ("Huthi rebels", "Houthis"),
        ("Ansarullah", "Houthis"),
        ("Jamaatu Ahlus-Sunnah Lidda'Awati Wal Jihad", "Boko Haram"),
        ("Islamic State in West Africa Province", "Islamic State West Africa Province"),
        ("Fulani gunmen", "Fulani militias"),
        ("Mujahedeen-e-Khalq", "People's Mujahedin of Iran"),
        ("Hizb-i-Islami Gulbuddin", "Hezb-e-Islami Gulbuddin"),
    ],
)
def test_coverage_resolves_spelling_variants(registry: Registry, variant: str, entry: str) -> None:
    resolved = registry.resolve(variant)
    assert not resolved.provisional
    assert resolved.name == entry


@pytest.mark.parametrize(
    "name",
    [
        "Communist Party of Bhutan (Maoist)",
        "Kachin National Liberation Army",
        "Islamic State Iraq Province",
        "National Front for Liberation, SNA",
    ],
)
def test_coverage_never_reads_another_word_or_a_tie_as_a_variant(
    registry: Registry, name: str
) -> None:
    assert registry.resolve(name).provisional
