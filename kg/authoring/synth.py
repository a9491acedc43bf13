"""Synthetic Hamkori projects for scale tests: authoring files and the book text they quote.

``synthesize`` writes a complete project folder (``data/registry``, ``data/cases``, ``data/source``)
that ``kg.authoring.load_corpus`` accepts and that maps and validates like the real data: case studies of
village organizations, public associations, NGOs and support centres; government bodies at every
level; donors, businesses and media; places in a hierarchy; projects with contributions in USD and
TJS (cash, loans, labour, in kind), participants, results, partnerships, notes, and evidence on
every record, each quote a sentence of a generated book written in the style of the real one.

Counts are heavy-tailed as in the field: a few donors fund most projects (Zipf) and a few
organizations have most of the partnerships (Pareto). Everything is drawn from one
``random.Random(seed)``, so the same arguments give byte-identical files.

    from pathlib import Path
    from kg.authoring.synth import synthesize, cases_for_triples
    stats = synthesize(Path("/tmp/big"), cases=cases_for_triples(1_000_000))   # 1,724 cases
    # then: kg build --project /tmp/big
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import UsageError

T = TypeVar("T")
Records = list[dict[str, Any]]  # records of one section of an authoring file, as written

# Mapped triples per case study (registry share included), fitted on seed 1 between 200 cases (116,368
# triples) and 2,000 (1,156,542); small projects carry more registry per case, hence the offset.
TRIPLES_PER_CASE = 578
FIXED_TRIPLES = 3_600

SOURCE_FILE = "source/synthetic-book.txt"
REGIONS = (  # id, name, type, weight of its case studies
    ("soghd", "Soghd Oblast", "oblast", 30),
    ("khatlon", "Khatlon Oblast", "oblast", 35),
    ("gbao", "Gorno-Badakhshan Autonomous Oblast", "oblast", 15),
    ("rrs", "Regions of Republican Subordination", "region", 20),
)
OF_RT = "of the Republic of Tajikistan"
NATIONAL_BODIES = (  # id, name, body kind
    ("government-of-tajikistan", f"Government {OF_RT}", "unspecified"),
    ("majlisi-oli", f"Majlisi Oli {OF_RT}", "parliament"),
    ("ministry-of-justice", f"Ministry of Justice {OF_RT}", "ministry"),
    ("ministry-of-health", f"Ministry of Health {OF_RT}", "ministry"),
    ("ministry-of-education", f"Ministry of Education {OF_RT}", "ministry"),
    ("ministry-of-agriculture", f"Ministry of Agriculture {OF_RT}", "ministry"),
    ("ministry-of-labour", f"Ministry of Labour and Social Protection {OF_RT}", "ministry"),
    ("ministry-of-economy", f"Ministry of Economy and Trade {OF_RT}", "ministry"),
    ("ministry-of-finance", f"Ministry of Finance {OF_RT}", "ministry"),
    ("ministry-of-water", f"Ministry of Melioration and Water Resources {OF_RT}", "ministry"),
    ("ministry-of-internal-affairs", f"Ministry of Internal Affairs {OF_RT}", "ministry"),
    ("committee-on-women", "State Committee on Women and Family Affairs", "state-committee"),
    ("committee-on-youth", "State Committee on Youth, Sport and Tourism", "state-committee"),
    ("committee-on-environment", "State Committee for Environmental Protection", "state-committee"),
    ("central-electoral-commission", "Central Commission on Elections and Referenda", "electoral-commission"),
    ("state-fund-for-children", "State Fund for the Support of Children", "state-fund"),
    ("national-aids-centre", "National Centre for the Prevention of AIDS", "state-institution"),
    ("institute-of-public-health", "Republican Institute of Public Health", "state-institution"),
)
DEPARTMENTS = (  # id word, name, the state institution under it
    ("education", "Department of Education", "School"),
    ("health", "Department of Health", "Rural Health Centre"),
    ("agriculture", "Department of Agriculture", "Seed Station"),
    ("social-protection", "Department of Social Protection", "Home for the Elderly"),
    ("women-affairs", "Committee on Women and Family Affairs", ""),
    ("youth", "Department of Youth Affairs", "Youth House"),
)


def words(text: str, separator: str = " ") -> tuple[str, ...]:
    return tuple(text.split(separator))


COUNTRIES = tuple(
    tuple(pair.split("/"))
    for pair in words(
        "Swedish/Sweden; Canadian/Canada; Swiss/Switzerland; German/Germany; Japanese/Japan; Dutch/the "
        "Netherlands; Norwegian/Norway; Danish/Denmark; Finnish/Finland; British/the United Kingdom; "
        "French/France; Italian/Italy; Austrian/Austria; Irish/Ireland; Korean/the Republic of Korea; "
        "Turkish/Turkey; Czech/the Czech Republic; Polish/Poland; Spanish/Spain; Belgian/Belgium; "
        "Australian/Australia; American/the United States of America; Chinese/China; Indian/India; "
        "Iranian/Iran; Kazakh/Kazakhstan; Russian/Russia; Estonian/Estonia; Latvian/Latvia; "
        "Lithuanian/Lithuania; Slovak/Slovakia; Hungarian/Hungary; Kuwaiti/Kuwait; Qatari/Qatar",
        "; ",
    )
)
AGENCY_FORMS = (
    "{} International Development Agency",
    "{} Agency for Development and Cooperation",
    "{} Fund for Technical Cooperation",
)
NGO_FORMS = ("{} Foundation", "{} International", "{} Relief Fund", "{} Alliance", "{} Aid")
NGO_WORDS = words(
    "Mercy, Hope, Bridge, Mountain, Children, Open Society, Future, Harvest, Unity, Horizon, Silk Road, "
    "Pamir, Oasis, Spring, Light, Care, Partners, Peace, Water, Family, Village, Earth, Youth, Women, Health",
    ", ",
)
IO_TOPICS = words(
    "Migration, Food Security, Development, Children, Refugees, Labour, Environment, Democracy, Health, "
    "Education, Disaster Relief, Gender Equality, Water, Trade, Culture",
    ", ",
)
SYLLABLES = words(
    "Navo Sari Shuro Kala Dashti Obi Chor Boghi Sang Ganji Kuhi Yakka Zar Nuri Sabz Tut Deh Khush Mehr "
    "Oftob Gul Bahor Pista Vakhsh Surkh Safed Kabud Jar Langar Shahr Anjir Bodom Sebi Toshi Khoja Mir Shoh "
    "Dusti Zafar Nav Darai Chei Yal Vich Andar Sov Isfa"
)
ENDINGS = words(
    "obod kent dara sor zor don kand bogh mazor chashma rud kul tepa khona ob garm bast ravon dasht kut "
    "pivol muhtor buli shan"
)
SECOND = words("Bolo Poyon Nav Kuhna Sabz Ravshan Andarob Surkh Kalon Khurd")
WORDS = words(
    "Nur Ravshan Kelajak Umed Dusti Mehr Bonuvon Javonon Taraqqiyot Oila Sarchashma Zamin Obod Vatan "
    "Sitora Bahor Ittifoq Najot Imdod Saodat Tabiat Dastgiri Rushd Fidokor Khazina Ilhom Chashma Orzu "
    "Shafqat Tamos"
)
SURNAMES = words(
    "Rahimov Saidov Nazarov Karimov Sharipov Davlatov Rajabov Safarov Odinaev Mirzoev Qurbonov Ismoilov "
    "Yusufov Boboev Aliev Hakimov Sultonov Zoirov Ashurov Naimov Jurayev Kholov Sodiqov Hudojbahshov "
    "Buribekov Shodmonov"
)
MEN = words(
    "Habibullo Rustam Farrukh Bakhtiyor Jamshed Firuz Anvar Davron Sherali Umed Zafar Ilhom Nurullo "
    "Saidali Buribek Khurshed"
)
WOMEN = words(
    "Gulnora Zarina Malika Nodira Mavzuna Shahnoza Dilorom Manzura Sitora Tahmina Firuza Mehrinisso "
    "Nigina Rukhshona"
)
# Sector of work: the word in its projects' ids, project titles (| between), results (what/kind/typical).
SECTOR_TABLE = """
water-sanitation; water; Drinking water supply for {place}|Rehabilitation of the irrigation canal in {place};
  households with drinking water/direct-beneficiaries/120|metres of pipeline laid/materials/1500
basic-education; school; Repair of school No. {n} in {place}|Kindergarten for {place};
  pupils in the repaired school/direct-beneficiaries/300|teachers trained/people-trained/25
health; health; Repair of the medical point in {place}|Health education for mothers in {place};
  patients served a year/people-reached/900|hospital beds delivered/materials/20
hiv-aids; hiv; HIV prevention among young people of {place};
  young people reached by peer educators/people-reached/2000|leaflets published/publications/5000
livestock; cattle; Horned cattle for needy families of {place}|Goats for poor households in {place};
  families given cattle/direct-beneficiaries/20|heads of cattle bought/materials/40
agriculture; farming; Greenhouses for women farmers in {place}|Seed fund for {place};
  farmers supported/direct-beneficiaries/60|hectares sown/other/30
agricultural-services; mts; Machinery and tractor station in {place};
  tractors bought/materials/2|farms served/people-reached/150
microfinance; credit; Micro-credit for small business in {place};
  loans given/direct-beneficiaries/40|loans repaid on time/other/95
vocational-training; courses; Sewing courses for women of {place}|Training of young carpenters in {place};
  people trained in a trade/people-trained/30
womens-rights; women; Legal consultations for women in {place};
  women consulted/people-reached/400|seminars held/events/12
human-rights; legal-aid; Legal aid centre in {place};
  people given legal aid/direct-beneficiaries/350
elections; voters; Voter education in {place};
  voters reached/people-reached/5000|meetings with voters/events/30
democratic-participation; hearings; Public hearings on the budget of {place};
  public hearings held/events/6|citizens taking part/people-reached/600
civil-society-capacity; training; Training of village organizations of {place} in project management;
  leaders of organizations trained/people-trained/45|organizations registered/projects/8
legislation; law; Comments on the draft law on public associations;
  proposals taken into the law/other/7|round tables held/events/4
disability; disability; Support for children with disabilities in {place};
  children with disabilities supported/direct-beneficiaries/60
forestry; forest; Community forest in {place};
  trees planted/materials/3000
roads-transport; road; Repair of the road to {place}|Bridge over the river at {place};
  kilometres of road repaired/other/6|villagers served/indirect-beneficiaries/2500
employment; jobs; Jobs for returning migrants in {place};
  new workplaces/direct-beneficiaries/25
youth; youth; Youth centre in {place};
  young people in clubs/people-reached/200
business-policy; business; Round table on small business taxes in {place};
  entrepreneurs taking part/people-reached/80
environment; environment; Cleaning the riverbanks of {place};
  volunteers taking part/people-reached/150|tons of waste removed/other/12
"""
Sector = tuple[str, tuple[str, ...], tuple[tuple[str, str, int], ...]]


def _sectors(table: str) -> dict[str, Sector]:
    found: dict[str, Sector] = {}
    for row in table.strip().replace(";\n  ", "; ").splitlines():
        code, word, titles, results = row.split("; ")
        parsed = tuple((what, kind, int(n)) for what, kind, n in (r.split("/") for r in results.split("|")))
        found[code] = (word, tuple(titles.split("|")), parsed)
    return found


SECTORS = _sectors(SECTOR_TABLE)
FORMS = (  # collaboration form, weight, what the book says about it
    ("endorsement", 22, "{state} supported the initiative of the {cso} and gave its approval"),
    ("advocacy", 14, "together with {state} the {cso} prepared proposals on the rights of villagers"),
    ("joint-implementation", 12, "the {cso} carried out the work jointly with {state}"),
    ("joint-planning", 10, "the {cso} developed the plan in cooperation with {state}"),
    ("co-financing", 8, "{state} co-financed the work of the {cso}"),
    ("roundtable-forum", 8, "the {cso} and {state} held a round table on local problems"),
    ("community-mobilisation", 8, "{state} helped the {cso} to mobilise the community"),
    ("training-of-officials", 5, "the {cso} trained officials of {state}"),
    ("information-campaign", 5, "the {cso} and {state} ran an information campaign"),
    ("registration", 3, "{state} helped the {cso} with its registration"),
    ("advisory-council", 3, "a representative of the {cso} sits on the advisory council of {state}"),
    ("in-kind-support", 4, "{state} supported the {cso} in kind"),
    ("land-allocation", 4, "{state} allocated land to the {cso}"),
    ("premises", 3, "{state} gave the {cso} premises free of charge"),
    ("equipment", 2, "{state} gave the {cso} equipment"),
    ("firewood", 1, "{state} provided firewood for the {cso}"),
    ("hospital-beds", 1, "{state} provided hospital beds for the {cso}"),
)
CSO_CLASSES = (  # class, weight, name form, alias form, id prefix
    ("village-organization", 45, "Village Organization {}", "VO {}", "vo"),
    ("public-association", 20, "Public Association {}", "PA {}", "pa"),
    ("ngo", 19, "Non-governmental Organization {}", "NGO {}", "ngo"),
    ("cssc", 6, "Civil Society Support Centre {}", "CSSC {}", "cssc"),
    ("society", 5, "Society {}", "Society {}", "society"),
    ("cso", 5, "Initiative Group {}", "IG {}", "ig"),
)
SECTIONS = ("places", "organizations", "communities", "projects", "partnerships", "results", "notes")
CASE_TITLES = words(
    "Working together for {place}|Social partnership in {unit}|Improving the lives of villagers in {place}|"
    "From a village meeting to a partnership with the state|A voice for the people of {unit}",
    "|",
)
DONOR_CLASSES = ("development-agency", "international-ngo", "embassy", "international-organization")
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.()'/&$%+-]*$")
LINES = re.compile(r"^[1-9][0-9]*-[1-9][0-9]*$")
RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})


def cases_for_triples(triples: int) -> int:
    """About how many case studies map to ``triples`` triples (at least 1)."""
    return max(1, round((triples - FIXED_TRIPLES) / TRIPLES_PER_CASE))


@dataclass(frozen=True)
class SynthStats:
    """What ``synthesize`` wrote: counts of each kind of record, and the heavy-tailed distributions.

    ``results`` counts project and organization results; ``evidence`` the evidence items of all
    records; ``projects_per_donor`` the projects each registry donor funds (contributions in the
    funding role); ``partnerships_per_cso`` the partnerships of each CSO that has any.
    """

    folder: Path
    seed: int
    cases: int
    places: int
    organizations: int
    organization_classes: Mapping[str, int]
    government_levels: Mapping[str, int]
    communities: int
    projects: int
    contributions: int
    contributions_with_amount: int
    contribution_kinds: Mapping[str, int]
    currencies: Mapping[str, int]
    participants: int
    results: int
    partnerships: int
    collaboration_forms: Mapping[str, int]
    notes: int
    evidence: int
    source_lines: int
    files: int
    bytes: int
    projects_per_donor: Mapping[str, int]
    partnerships_per_cso: Mapping[str, int]


# --- YAML written by hand: PyYAML's emitter would take most of the time ---------------------------


class Flow(dict[str, Any]):
    """A mapping written on one line: ``{amount: 3244, currency: USD}``."""


def scalar(value: object, *, in_flow: bool = False) -> str:
    """A YAML scalar that reads back as the same string or number: plain when safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    plain = PLAIN.match(text) and text.lower() not in RESERVED and not (in_flow and "," in text)
    return text if plain or LINES.match(text) else json.dumps(text, ensure_ascii=False)


def flow(node: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, in_flow=True)}" for k, v in node.items()) + "}"


def emit(node: Mapping[str, Any], indent: int, out: list[str], *, item: bool = False) -> None:
    """Append the block-style lines of a mapping; ``item`` starts it as a list item (``- key: …``)."""
    pad = " " * indent
    for number, (key, value) in enumerate(node.items()):
        head = f"{' ' * (indent - 2)}- " if item and number == 0 else pad
        if isinstance(value, Flow):
            out.append(f"{head}{key}: {flow(value)}")
        elif isinstance(value, dict):
            out.append(f"{head}{key}:")
            emit(value, indent + 2, out)
        elif isinstance(value, list) and not any(isinstance(v, dict) for v in value):
            out.append(f"{head}{key}: [{', '.join(scalar(v, in_flow=True) for v in value)}]")
        elif isinstance(value, list):
            out.append(f"{head}{key}:")
            for entry in value:
                if isinstance(entry, Flow):
                    out.append(f"{pad}  - {flow(entry)}")
                else:
                    emit(entry, indent + 4, out, item=True)
        else:
            out.append(f"{head}{key}: {scalar(value)}")


def document(comment: str, sections: Sequence[tuple[str, Any]]) -> str:
    """An authoring file: a comment, then each non-empty section (a mapping or a list of records)."""
    out = [f"# {comment}"]
    for name, value in sections:
        if value:
            out += ["", f"{name}:"]
            if isinstance(value, dict):
                emit(value, 2, out)
            else:
                for entry in value:
                    emit(entry, 4, out, item=True)
    return "\n".join(out) + "\n"


# --- The generator ---------------------------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def name_key(name: str) -> str:
    """A name reduced as the loader compares look-alike names."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def wrap(text: str, width: int = 90) -> list[str]:
    """Greedy line breaking at spaces, as the book's extracted text is broken."""
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for word in text.split(" "):
        if current and size + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, size = [], 0
        size += len(word) + (1 if current else 0)
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def money(amount: int, currency: str) -> str:
    return f"${amount:,}" if currency == "USD" else f"{amount:,} Somoni"


@dataclass
class Unit:
    """A rayon or city: its place, its Khukumat and departments, and its jamoats."""

    id: str
    name: str
    type: str
    region: str
    khukumat: str = ""
    departments: list[str] = field(default_factory=list)
    jamoats: list[tuple[str, str, str]] = field(default_factory=list)  # place id, name, administration


@dataclass
class Case:
    """One case study while it is made: its setting and its records, by section of its file."""

    short: str
    unit: Unit
    settlement_name: str
    jamoat: tuple[str, str, str] | None
    org: str = ""
    settlement: str = ""
    community: str = ""
    local: list[tuple[str, str]] = field(default_factory=list)  # (level, body) of its own state bodies
    pending: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (body, project, forms)
    places: Records = field(default_factory=list)
    organizations: Records = field(default_factory=list)
    communities: Records = field(default_factory=list)
    projects: Records = field(default_factory=list)
    partnerships: Records = field(default_factory=list)
    results: Records = field(default_factory=list)
    notes: Records = field(default_factory=list)

    @property
    def state_pool(self) -> list[str]:
        """The state bodies near the organization: Khukumat, departments, Jamoat and its own bodies."""
        jamoat = [self.jamoat[2]] if self.jamoat else []
        return [self.unit.khukumat, *self.unit.departments, *jamoat, *(body for _, body in self.local)]


class Generator:
    """Draws a whole project from one ``random.Random``; ``run`` fills ``files`` (path → text)."""

    def __init__(self, cases: int, seed: int) -> None:
        self.cases = cases
        self.seed = seed
        self.rng = random.Random(seed)
        self.lines: list[str] = []  # the book
        self.files: dict[str, str] = {}
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.labels: dict[str, str] = {}
        self.count: Counter[str] = Counter()
        self.classes: Counter[str] = Counter()
        self.levels: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.currencies: Counter[str] = Counter()
        self.forms: Counter[str] = Counter()
        self.partners: Counter[str] = Counter()
        self.funded: dict[str, set[str]] = {}
        self.registry_places: dict[str, Records] = {}
        self.registry_orgs: dict[str, Records] = {}
        self.units: list[Unit] = []
        self.capital = Unit("", "Dushanbe", "city", "")
        self.ministries: list[str] = []
        self.regional_bodies: dict[str, list[str]] = {}
        self.donors: list[str] = []
        self.hubs: list[str] = []  # CSOs of the registry that several case studies name
        self.media: list[str] = []
        self.businesses: list[str] = []
        self.case_orgs: list[str] = []
        self.cumulative: dict[str, list[float]] = {}  # Zipf weights for rng.choices
        self.donor_set: frozenset[str] = frozenset()

    # -- small helpers ---------------------------------------------------------------------

    def new_id(self, text: str) -> str:
        base = slug(text) or "x"
        candidate, number = base, 1
        while candidate in self.ids or candidate in RESERVED:
            number += 1
            candidate = f"{base}-{number}"
        self.ids.add(candidate)
        return candidate

    def taken(self, name: str) -> bool:
        return name_key(name) in self.names

    def claim(self, name: str) -> str:
        """``name``, or ``name 2``, ``name 3``… when another record has it already."""
        candidate, number = name, 1
        while self.taken(candidate):
            number += 1
            candidate = f"{name} {number}"
        self.names.add(name_key(candidate))
        return candidate

    def fresh(self, make: Callable[[], str]) -> str:
        """A name from ``make`` that is not taken, after a few draws (``claim`` numbers it otherwise)."""
        name = make()
        for _ in range(10):
            if not self.taken(name):
                break
            name = make()
        return name

    def place_name(self) -> str:
        rng = self.rng

        def make() -> str:
            first = rng.choice(SYLLABLES) + rng.choice(ENDINGS)
            return first if rng.random() < 0.7 else f"{first} {rng.choice(SECOND)}"

        return self.fresh(make)

    def person(self) -> tuple[str, bool]:
        """A name as the book prints it (surname first), and whether she is a woman."""
        surname, woman = self.rng.choice(SURNAMES), self.rng.random() < 0.45
        return (
            f"{surname}a {self.rng.choice(WOMEN)}" if woman else f"{surname} {self.rng.choice(MEN)}"
        ), woman

    def pick(self, items: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(items, weights=weights)[0]

    def zipf(self, name: str, items: Sequence[T]) -> T:
        return self.rng.choices(items, cum_weights=self.cumulative[name])[0]

    def pareto(self, alpha: float, cap: int) -> int:
        """A whole number ≥ 1 with a power-law tail, P(X ≥ x) = x^-alpha, at most ``cap``."""
        return min(cap, int((1.0 - self.rng.random()) ** (-1.0 / alpha)))

    def amount(self, median: float, currency: str) -> int:
        """A log-normal amount as books print them: rounded to tens, or to hundreds above 10,000."""
        value = self.rng.lognormvariate(math.log(median), 1.1) * (3.0 if currency == "TJS" else 1.0)
        step = 10 if value < 10_000 else 100
        return max(step, round(value / step) * step)

    def date(self, first_year: int = 1996) -> str:
        rng = self.rng
        return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(first_year, 2006)}"

    def passage(self, text: str) -> Flow:
        """Add a passage to the book and return the evidence item that quotes it."""
        start = len(self.lines) + 1
        self.lines.extend(wrap(text))
        self.count["evidence"] += 1  # each passage is the evidence of one record (a note may reuse it)
        return Flow(lines=f"{start}-{len(self.lines)}", quote=text)

    def place(self, group: Records, name: str, type_: str, within: str, text: str = "", id_: str = "") -> str:
        name = self.claim(name)
        place = self.new_id(id_ or name)
        entry: dict[str, Any] = {"id": place, "name": name, "type": type_}
        if within:
            entry["in"] = within
        entry["evidence"] = self.passage(text or f"{name} is a {type_} of {self.labels[within]}.")
        group.append(entry)
        self.labels[place] = name
        self.count["places"] += 1
        return place

    def organization(
        self,
        group: Records,
        cls: str,
        name: str,
        fields: dict[str, Any],
        text: str,
        id_: str = "",
    ) -> str:
        """Add an organization of class ``cls`` to ``group``; the passage ``text`` is its evidence."""
        name = self.claim(name)
        org = self.new_id(id_ or name)
        group.append({"id": org, "name": name, "class": cls, **fields, "evidence": self.passage(text)})
        self.labels[org] = name
        self.count["organizations"] += 1
        self.classes[cls] += 1
        if cls == "government-body":
            self.levels[str(fields["level"])] += 1
        return org

    def body(
        self,
        group: Records,
        name: str,
        level: str,
        kind: str,
        where: str,
        id_: str = "",
        part: str = "",
    ) -> str:
        """A government body governing the place ``where``, part of the body ``part`` if given."""
        fields: dict[str, Any] = {"level": level, "body_kind": kind, "jurisdiction": where}
        if part:
            fields["part_of"] = part
        text = f"The {name} is a body of state power in {self.labels[where]}."
        return self.organization(group, "government-body", name, fields, text, id_)

    # -- the registry: places, state bodies, donors and shared organizations --------------------

    def registry(self) -> None:
        rng = self.rng
        self.lines += ["Civil Society Partnerships in Tajikistan", "A synthetic book of case studies", ""]
        self.lines += ["Part I. The country and its partners", ""]
        national = self.registry_places.setdefault("national", [])
        self.place(
            national, "Republic of Tajikistan", "country", "", "Tajikistan has four regions.", "tajikistan"
        )
        for region, name, type_, _ in REGIONS:
            self.place(self.registry_places.setdefault(region, []), name, type_, "tajikistan", id_=region)
        self.capital = Unit(self.place(national, "Dushanbe", "city", "tajikistan"), "Dushanbe", "city", "")
        for _ in range(6 + self.cases // 6):
            region = self.pick([r[0] for r in REGIONS], [r[3] for r in REGIONS])
            type_ = "city" if rng.random() < 0.2 else "rayon"
            name = self.place_name()
            group = self.registry_places[region]
            unit = Unit(self.place(group, name, type_, region), name, type_, region)
            for _ in range(rng.randint(2, 5) if type_ == "rayon" else 0):
                jamoat = self.place_name()
                place = self.place(group, f"Jamoat {jamoat}", "jamoat", unit.id, id_=f"{jamoat}-jamoat")
                unit.jamoats.append((place, jamoat, ""))
            self.units.append(unit)
        self.state_bodies()
        self.donor_bodies()
        self.shared_organizations()

    def state_bodies(self) -> None:
        rng = self.rng
        national = self.registry_orgs.setdefault("state-national", [])
        for body, name, kind in NATIONAL_BODIES:
            self.ministries.append(self.body(national, name, "national", kind, "tajikistan", body))
        self.cumulative["ministry"] = list(
            accumulate(1.0 / (r + 1) ** 1.2 for r in range(len(self.ministries)))
        )
        for region, name, _, _ in REGIONS:
            group = self.registry_orgs.setdefault(f"state-{region}", [])
            khukumat = self.body(group, f"Khukumat of {name}", "oblast", "khukumat", region)
            self.regional_bodies[region] = [khukumat] + [
                self.body(
                    group, f"{what} of {name}", "oblast", "department", region, f"{word}-{region}", khukumat
                )
                for word, what, _ in rng.sample(DEPARTMENTS, 3)
            ]
        for unit in [*self.units, self.capital]:
            group = self.registry_orgs.setdefault(f"state-{unit.region or 'national'}", [])
            suffix = "city" if unit.type == "city" else "rayon"
            unit.khukumat = self.body(
                group,
                f"Khukumat of {unit.name} {suffix}",
                "city-rayon",
                "khukumat",
                unit.id,
                f"khukumat-{unit.name}",
            )
            for word, what, institution in rng.sample(DEPARTMENTS, rng.randint(0, 3)):
                name = f"{what} of the Khukumat of {unit.name}"
                dept = self.body(
                    group, name, "city-rayon", "department", unit.id, f"{word}-{unit.name}", unit.khukumat
                )
                unit.departments.append(dept)
                if institution and rng.random() < 0.4:
                    name = f"{institution} of {unit.name}"
                    unit.departments.append(
                        self.body(group, name, "city-rayon", "state-institution", unit.id, part=dept)
                    )
            for number, (place, name, _) in enumerate(unit.jamoats):
                admin = self.body(
                    group, f"Jamoat {name} administration", "jamoat", "jamoat-administration", place
                )
                unit.jamoats[number] = (place, name, admin)
        # A body of each local level in the registry, so that every level exists at any size.
        makhalla = self.place(self.registry_places["national"], "Navruz", "makhalla", self.capital.id)
        self.body(national, "Makhalla committee Navruz", "makhalla", "makhalla-committee", makhalla)
        name = "Local authorities of Dushanbe (unnamed)"
        self.body(
            national, name, "local-unspecified", "unspecified", self.capital.id, "local-authorities-dushanbe"
        )

    def donor_bodies(self) -> None:
        rng, group = self.rng, self.registry_orgs.setdefault("donors", [])
        makers: dict[str, Callable[[], str]] = {
            "development-agency": lambda: rng.choice(AGENCY_FORMS).format(rng.choice(COUNTRIES)[0]),
            "international-ngo": lambda: rng.choice(NGO_FORMS).format(rng.choice(NGO_WORDS)),
            "embassy": lambda: f"Embassy of {rng.choice(COUNTRIES)[1]} in Tajikistan",
            "international-organization": lambda: f"International Organization for {rng.choice(IO_TOPICS)}",
        }
        for _ in range(12 + self.cases // 8):
            cls = self.pick(DONOR_CLASSES, (35, 35, 18, 12))
            name = self.fresh(makers[cls])
            acronym = "".join(w[0] for w in name.split() if w[0].isupper() and w != "Tajikistan")
            fields: dict[str, Any] = {"sector": "donor"} if cls in DONOR_CLASSES[1::2] else {}
            if len(acronym) > 2:
                fields["aliases"] = [acronym]
            if self.donors and rng.random() < 0.08:
                fields["part_of"] = rng.choice(self.donors)  # a programme of another donor
            text = f"The {name} has supported civil society in Tajikistan since {rng.randint(1993, 2003)}."
            self.donors.append(
                self.organization(group, cls, name, fields, text, acronym if len(acronym) > 2 else "")
            )
        # Zipf weights over a shuffled order: which donor is the busiest is itself drawn.
        ranks = list(range(len(self.donors)))
        rng.shuffle(ranks)
        self.cumulative["donor"] = list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in ranks))

    def shared_organizations(self) -> None:
        rng, group = self.rng, self.registry_orgs.setdefault("shared", [])
        forms = {c[0]: c for c in CSO_CLASSES}
        shared = {
            "cssc": 2 + self.cases // 25,
            "ngo": 1 + self.cases // 40,
            "public-association": 1 + self.cases // 40,
        }
        for cls, number in {**shared, "village-organization": 1, "society": 1, "cso": 1}.items():
            _, _, form, alias, prefix = forms[cls]
            for _ in range(number):
                core, town = rng.choice(WORDS), rng.choice(self.units)
                if self.taken(form.format(core)):
                    core = f"{core} {town.name}"
                registration = Flow(status="registered", by="ministry-of-justice", date=self.date())
                fields = {"aliases": [alias.format(core)], "based_in": town.id, "registration": registration}
                text = f"{form.format(core)} works with organizations in {town.name} and beyond."
                self.hubs.append(
                    self.organization(group, cls, form.format(core), fields, text, f"{prefix}-{core}")
                )
        self.cumulative["hub"] = list(accumulate(1.0 / (rank + 1) for rank in range(len(self.hubs))))
        for _ in range(3 + self.cases // 15):
            name = rng.choice(("{} Ltd", "Dehkan farm {}", "{} Construction LLC")).format(rng.choice(WORDS))
            text = f"The company {name} works with village organizations."
            self.businesses.append(self.organization(group, "business", name, {}, text))
        for _ in range(2 + self.cases // 30):
            name = rng.choice(("Radio {}", "Newspaper {}", "TV {}")).format(rng.choice(WORDS))
            text = f"{name} reports on the life of communities."
            self.media.append(self.organization(group, "media", name, {}, text))

    # -- case studies ----------------------------------------------------------------------

    def case(self, number: int) -> None:
        rng, start = self.rng, len(self.lines) + 1
        cls, _, form, alias, prefix = self.pick(CSO_CLASSES, [c[1] for c in CSO_CLASSES])
        nationwide = cls in ("ngo", "public-association") and rng.random() < 0.1
        unit = self.capital if nationwide else rng.choice(self.units)
        settlement = self.place_name()
        core = settlement if cls == "village-organization" else rng.choice(WORDS)
        if self.taken(form.format(core)):
            core = f"{core} {unit.name}"
        case = Case(alias.format(core), unit, settlement, rng.choice(unit.jamoats) if unit.jamoats else None)
        title = rng.choice(CASE_TITLES).format(place=settlement, unit=unit.name)
        self.lines += [title, "", case.short.upper(), "Summary"]
        self.lines += wrap(
            f"Through social partnership, {case.short} and the authorities of {unit.name} improved the "
            f"living conditions of the people of {settlement}."
        )
        self.lines.append("General Information")
        if case.jamoat:
            where = f"village {settlement}, Jamoat {case.jamoat[1]}, {unit.name} rayon"
            text = f"{case.short} is located in {where}."
            case.settlement = self.place(case.places, settlement, "village", case.jamoat[0], text)
        else:
            where = f"makhalla {settlement} of {unit.name}"
            text = f"{case.short} is located in {where}."
            case.settlement = self.place(
                case.places, settlement, "makhalla", unit.id, text, f"{settlement}-makhalla"
            )
        case.org = self.main_organization(case, cls, form.format(core), f"{prefix}-{core}")
        self.local_bodies(case)
        self.lines.append("Background")
        self.lines += wrap(
            f"Before the project many families of {settlement} had no income and the infrastructure was in "
            f"a poor state. {case.short} held meetings with residents and asked the authorities for help."
        )
        self.lines += ["Activity", f"{case.short} has implemented the following projects:"]
        for project in range(1, self.pick((1, 2, 3, 4, 5, 6, 8, 10), (20, 24, 21, 13, 9, 6, 4, 3)) + 1):
            self.project(case, project)
        self.lines.append("Partnership with state bodies")
        self.partnerships(case)
        self.lines.append("Results")
        self.closing(case)
        self.lines += ["Contact information:", f"Organization: {case.short}", f"Address: {where}", ""]
        region = "tajikistan" if nationwide else unit.region
        record: dict[str, Any] = {"id": case.org, "number": number, "title": title, "region": region}
        record["lines"] = f"{start}-{len(self.lines)}"
        if rng.random() < 0.03:
            record["partial"] = True
        record["organization"] = case.org
        sections = [("case_study", record), *((name, getattr(case, name)) for name in SECTIONS)]
        self.count["cases"] += 1
        comment = f"Synthetic case study {number} (kg.synth, seed {self.seed}): generated, not from a book."
        self.files[f"cases/{number:04d}-{case.org}.yaml"] = document(comment, sections)

    def main_organization(self, case: Case, cls: str, name: str, id_: str) -> str:
        rng = self.rng
        fields: dict[str, Any] = {"aliases": [case.short], "based_in": case.settlement}
        founded = rng.randint(1995, 2005)
        if rng.random() < 0.9:
            fields["founded"] = self.date(founded)[:6] + str(founded) if rng.random() < 0.65 else str(founded)
        helper = self.donor() if rng.random() < (0.7 if cls == "village-organization" else 0.15) else ""
        if helper:
            fields["founded_with_help_of"] = [helper]
        status = rng.random()
        if status < 0.65:
            by = "ministry-of-justice" if cls != "village-organization" else case.unit.khukumat
            number = str(rng.randint(10, 2999))
            fields["registration"] = Flow(status="registered", by=by, date=self.date(founded), number=number)
        elif status < 0.85:
            fields["registration"] = Flow(status="not-registered")
        head, woman = self.person()
        heads = [
            Flow(name=head, role=rng.choice(("Chairwoman" if woman else "Chairman", "Director", "Head")))
        ]
        if rng.random() < 0.15:
            heads.append(Flow(name=self.person()[0], role="Deputy"))
        fields["heads"] = heads
        text = f"{case.short} was created in {fields.get('founded', 'the early years')}"
        text += f" with the assistance of {self.labels[helper]}." if helper else " by active residents."
        org = self.organization(case.organizations, cls, name, fields, text, id_)
        case.organizations[-1]["evidence"] = [
            case.organizations[-1]["evidence"],
            self.passage(f"{heads[0]['role']}: {head}"),
        ]
        self.case_orgs.append(org)
        return org

    def local_bodies(self, case: Case) -> None:
        """The case's own state bodies (a makhalla committee, unnamed local authorities) and community."""
        rng, name = self.rng, case.settlement_name
        if not case.jamoat:
            body = self.body(
                case.organizations,
                f"Makhalla committee {name}",
                "makhalla",
                "makhalla-committee",
                case.settlement,
            )
            case.local.append(("makhalla", body))
        if rng.random() < 0.35:
            body = self.body(
                case.organizations,
                f"Local authorities of {name} (unnamed)",
                "local-unspecified",
                "unspecified",
                case.settlement,
                f"local-authorities-{name}",
            )
            case.local.append(("local-unspecified", body))
        if rng.random() < 0.6:
            label = f"{'Villagers' if case.jamoat else 'Residents'} of {name}"
            case.community = self.new_id(f"community-{name}")
            text = f"About {rng.randint(80, 900)} households live in {name}."
            case.communities.append(
                {"id": case.community, "name": label, "of": case.settlement, "evidence": self.passage(text)}
            )
            self.labels[case.community] = label
            self.count["communities"] += 1

    def project(self, case: Case, number: int) -> None:
        rng = self.rng
        sectors = rng.sample(list(SECTORS), 2 if rng.random() < 0.25 else 1)
        word, titles, results = SECTORS[sectors[0]]
        if rng.random() < 0.7:
            place, place_name = case.settlement, case.settlement_name
        elif case.jamoat:
            place, place_name = case.jamoat[0], f"Jamoat {case.jamoat[1]}"
        else:
            place, place_name = case.unit.id, case.unit.name
        title = rng.choice(titles).format(place=place_name, n=rng.randint(1, 60))
        project_id = self.new_id(f"{case.org}-{word}")
        project: dict[str, Any] = {"id": project_id, "title": title}
        if rng.random() < 0.3:
            project["description"] = f"A project of {case.short} on {sectors[0].replace('-', ' ')}."
        started, when = rng.randint(1998, 2007), rng.random()
        if when < 0.55:
            project["year"], said = started, f"In {started}"
        elif when < 0.75:
            ended = started + rng.randint(1, 3)
            project["period"], said = f"{started}-{ended}", f"From {started} to {ended}"
        else:
            said = "Then"
        project.update(sectors=sectors, places=[place], led_by=case.org)
        evidence = [self.passage(f"{number}. {said} {case.short} carried out the project {title}.")]
        currency = "USD" if rng.random() < 0.8 else "TJS"
        odd = rng.random() < 0.03  # one sum printed in the other currency: a data-quality note
        contributions = self.contributions(case, project_id, sectors, currency, odd)
        priced = [c for c in contributions if "amount" in c]
        same = sum(int(c["amount"]) for c in priced if c["currency"] == currency)
        total: int | None = None
        note = ""
        if priced and len(priced) == len(contributions):
            roll = rng.random()
            total = None if roll >= 0.8 and not odd else same
            if roll < 0.05 and len(priced) >= 2 and not odd:
                # The book contradicts itself: keep what is printed and say so in a note.
                total = same + rng.choice((-1, 1)) * max(4, same // rng.randint(8, 60))
                parts = " + ".join(money(int(c["amount"]), currency) for c in priced)
                how = "exceed" if same > total else "fall short of"
                note = f"The contributions ({parts} = {money(same, currency)}) {how} the printed total."
        elif priced and rng.random() < 0.5:
            total = same + self.amount(800, currency)  # the unpriced contributions make up the rest
        if total is not None:
            project["total"] = Flow(amount=total, currency=currency)
            evidence.append(self.passage(f"The total sum of the project was {money(total, currency)}."))
        project["evidence"] = evidence[0] if len(evidence) == 1 else evidence
        if contributions:
            project["contributions"] = contributions
        if participants := self.participants(case, {c["by"] for c in contributions}):
            project["participants"] = participants
        found = []
        for what, kind, typical in rng.sample(results, min(len(results), self.pick((0, 1, 2), (25, 50, 25)))):
            result: dict[str, Any] = {"what": what, "kind": kind}
            if rng.random() < 0.1:
                result.update(count=rng.randint(5, 100), unit="percent")
                sentence = f"As a result, {result['count']}% of the {what} were reached."
            else:
                result["count"] = max(1, int(typical * rng.lognormvariate(0, 0.7)))
                sentence = f"As a result, there are {result['count']} {what}."
            result = {"count": result.pop("count"), **result, "evidence": self.passage(sentence)}
            found.append(result)
        if found:
            project["results"] = found
            self.count["results"] += len(found)
        if note:
            self.inconsistency(case, project_id, note, evidence[-1])
        if odd and "total" in project:
            mismatched = next(c for c in priced if c["currency"] != currency)
            text = f"This sum is printed in {mismatched['currency']}, the project's total in {currency}."
            about = f"{project_id}-{mismatched['by']}"  # a contribution's id: project and contributor
            self.inconsistency(case, about, text, mismatched["evidence"])
        self.count["projects"] += 1
        case.projects.append(project)

    def inconsistency(self, case: Case, about: str, text: str, evidence: Flow) -> None:
        """A note where the book contradicts itself, quoting again the passage of the fact it is about."""
        case.notes.append({"about": about, "kind": "inconsistency", "text": text, "evidence": evidence})
        self.count["evidence"] += 1

    def contributions(
        self, case: Case, project: str, sectors: list[str], currency: str, odd: bool
    ) -> Records:
        """Funders (Zipf-chosen donors), the organization itself, its community and the state."""
        rng = self.rng
        found: Records = []

        def give(by: str, kind: str, role: str, median: float, text: str, cur: str = currency) -> None:
            if any(c["by"] == by for c in found):
                return
            entry: dict[str, Any] = {"by": by}
            said = ""
            if median:
                amount = self.amount(median, cur)
                entry.update(amount=amount, currency=cur)
                said = money(amount, cur)
                self.currencies[cur] += 1
                self.count["contributions_with_amount"] += 1
            entry.update(
                kind=kind, role=role, evidence=self.passage(text.format(who=self.labels[by], amount=said))
            )
            found.append(entry)
            self.kinds[kind] += 1
            self.count["contributions"] += 1
            if role == "funding" and by in self.donor_set:
                self.funded.setdefault(by, set()).add(project)

        for _ in range(self.pick((0, 1, 2, 3), (10, 55, 27, 8))):
            kind = (
                "loan" if "microfinance" in sectors else self.pick(("cash", "in-kind", "mixed"), (82, 12, 6))
            )
            if rng.random() < 0.8:
                phrase = {
                    "cash": "{who} provided {amount} for the project.",
                    "loan": "{who} allocated {amount} as loans.",
                    "in-kind": "{who} supplied materials worth {amount}.",
                    "mixed": "{who} gave materials and money worth {amount}.",
                }[kind]
                give(self.donor(), kind, "funding", 6000, phrase)
            else:
                give(self.donor(), kind, "funding", 0, "The project was supported by {who}.")
        if odd or rng.random() < 0.5:
            kind = self.pick(("unspecified", "cash", "labour"), (5, 3, 2))
            if odd or rng.random() < 0.7:
                other = "TJS" if currency == "USD" else "USD"
                text = "The contribution of the organization was {amount}."
                give(case.org, kind, "implementing", 600, text, other if odd else currency)
            else:
                give(case.org, kind, "implementing", 0, "The organization also contributed to the work.")
        if case.community and rng.random() < 0.5:
            kind = self.pick(("labour", "in-kind", "cash"), (6, 3, 1))
            text = {
                "labour": "The villagers contributed their labour",
                "in-kind": "The community gave local materials",
                "cash": "The residents collected money",
            }[kind]
            priced = rng.random() < 0.6
            give(
                case.community,
                kind,
                "implementing",
                400 if priced else 0,
                text + (" worth {amount}." if priced else "."),
            )
        if rng.random() < 0.22:
            body = rng.choice(case.state_pool)
            role = "funding" if rng.random() < 0.5 else "implementing"
            if rng.random() < 0.5:
                give(body, "in-kind", role, 0, "{who} allocated land and equipment for the project.")
                forms = [
                    self.pick(("land-allocation", "equipment", "in-kind-support", "premises"), (4, 2, 2, 1))
                ]
            else:
                give(body, "cash", role, 1500, "{who} co-financed the project with {amount}.")
                forms = ["co-financing"]
            if rng.random() < 0.7:
                case.pending.append((body, project, forms))
        return found

    def donor(self) -> str:
        return self.zipf("donor", self.donors)

    def participants(self, case: Case, contributors: set[str]) -> Records:
        """Media, businesses and other CSOs that took part without a stated contribution."""
        found: Records = []
        for _ in range(self.pick((0, 1, 2), (60, 30, 10))):
            by = self.rng.choice(
                self.pick((self.media, self.businesses, self.hubs, self.case_orgs), (3, 2, 3, 2))
            )
            if by in contributors or by == case.org or any(p["by"] == by for p in found):
                continue
            text = f"Representatives of {self.labels[by]} took part in the project."
            found.append({"by": by, "evidence": self.passage(text)})
            self.count["participants"] += 1
        return found

    def partnerships(self, case: Case) -> None:
        """The state bodies the case's CSOs work with; how many is Pareto-distributed, as in the field."""
        rng = self.rng
        wanted = list(case.pending)
        levels = [("national", 15), ("oblast", 10), ("city-rayon", 30)] + (
            [("jamoat", 22)] if case.jamoat else []
        )
        levels += [(level, 18 if level == "local-unspecified" else 10) for level, _ in case.local]
        for _ in range(self.pareto(1.25, 40) - (1 if rng.random() < 0.35 else 0)):
            level = self.pick([lv for lv, _ in levels], [w for _, w in levels])
            if level == "national":
                body = self.zipf("ministry", self.ministries)
            elif level == "oblast":
                body = rng.choice(self.regional_bodies.get(case.unit.region) or self.regional_bodies["rrs"])
            elif level == "city-rayon":
                body = rng.choice([case.unit.khukumat, *case.unit.departments])
            elif level == "jamoat" and case.jamoat:
                body = case.jamoat[2]
            else:
                body = next(b for lv, b in case.local if lv == level)
            forms: list[str] = []
            for _ in range(self.pick((1, 2, 3), (60, 30, 10))):
                form = self.pick([f[0] for f in FORMS], [f[1] for f in FORMS])
                if form not in forms:
                    forms.append(form)
            wanted.append((body, rng.choice(case.projects)["id"] if rng.random() < 0.5 else "", forms))
        phrases = {f[0]: f[2] for f in FORMS}
        for body, project, forms in wanted:
            cso = case.org if rng.random() < 0.85 else self.zipf("hub", self.hubs)
            entry: dict[str, Any] = {
                "id": self.new_id(f"{cso}-{body}"),
                "cso": cso,
                "state": body,
                "forms": forms,
            }
            if project:
                entry["project"] = project
            said = phrases[forms[0]].format(
                state=self.labels[body], cso=self.labels[cso] if cso != case.org else case.short
            )
            entry["evidence"] = self.passage(said[0].upper() + said[1:] + ".")
            case.partnerships.append(entry)
            self.partners[cso] += 1
            self.count["partnerships"] += 1
            self.forms.update(forms)

    def closing(self, case: Case) -> None:
        """Results of the organization as a whole, and data-quality notes."""
        rng = self.rng
        outcomes = (
            ("people who benefited indirectly", "indirect-beneficiaries", 1500),
            ("members of the organization", "other", 40),
            ("projects carried out since its founding", "projects", 8),
        )
        for _ in range(self.pick((0, 1, 2), (50, 35, 15))):
            what, kind, typical = self.pick(outcomes, (4, 3, 3))
            value = max(1, int(typical * rng.lognormvariate(0, 0.6)))
            evidence = self.passage(f"In all, {value} {what}.")
            case.results.append(
                {"of": case.org, "count": value, "what": what, "kind": kind, "evidence": evidence}
            )
            self.count["results"] += 1
        notes = (
            ("omission", case.org, f"The case study does not say how many members {case.short} has."),
            ("ambiguity", case.org, f"It is not clear whether {case.short} is registered as a legal entity."),
            (
                "interpretation",
                case.projects[0]["id"],
                "The first project's place is read as the settlement.",
            ),
        )
        for _ in range(self.pick((0, 1, 2), (45, 40, 15))):
            kind, about, text = self.pick(notes, (5, 3, 2))
            evidence = self.passage(f"The activity of {case.short} continues in {case.settlement_name}.")
            case.notes.append({"about": about, "kind": kind, "text": text, "evidence": evidence})
        self.count["notes"] += len(case.notes)

    # -- the whole project -----------------------------------------------------------------

    def run(self) -> None:
        self.registry()
        self.donor_set = frozenset(self.donors)
        self.lines += ["", "Part II. Case studies", ""]
        for number in range(1, self.cases + 1):
            self.case(number)
        comment = (
            f"Synthetic registry (kg.synth, seed {self.seed}, {self.cases} case studies): generated data."
        )
        book = {
            "id": f"synthetic-book-{self.seed}",
            "title": "Civil Society Partnerships in Tajikistan (synthetic)",
            "authors": ["Hamkori synthetic data"],
            "publisher": "Hamkori",
            "place_of_publication": "Dushanbe",
            "year": 2007,
            "isbn": f"synthetic-{self.seed}-{self.cases}",
            "source_text": SOURCE_FILE,
            "note": "Generated by kg.synth for scale tests: every quote is a sentence of the generated text.",
        }
        self.files["registry/book.yaml"] = document(comment, [("book", book)])
        for name, places in self.registry_places.items():
            self.files[f"registry/places-{name}.yaml"] = document(comment, [("places", places)])
        for name, orgs in self.registry_orgs.items():
            self.files[f"registry/organizations-{name}.yaml"] = document(comment, [("organizations", orgs)])
        self.files[SOURCE_FILE] = "\n".join(self.lines) + "\n"


def synthesize(folder: Path, *, cases: int, seed: int = 1) -> SynthStats:
    """Write a synthetic project of ``cases`` case studies into ``folder`` (``folder/data`` must not exist).

    The same ``cases`` and ``seed`` give byte-identical files. A project maps to about
    ``TRIPLES_PER_CASE`` triples per case study; ``cases_for_triples`` inverts that.

    Raises:
        UsageError: ``cases`` is below 1, or ``folder/data`` exists already.
    """
    if cases < 1:
        raise UsageError(f"the number of case studies must be at least 1, not {cases}")
    data = Path(folder) / "data"
    if data.exists():
        raise UsageError(f"{data} exists already: choose a new folder, or remove it first")
    generator = Generator(cases, seed)
    generator.run()
    written = 0
    for relative, text in sorted(generator.files.items()):
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = text.encode("utf-8")
        path.write_bytes(payload)
        written += len(payload)
    g, count = generator, generator.count
    return SynthStats(
        folder=Path(folder),
        seed=seed,
        cases=count["cases"],
        places=count["places"],
        organizations=count["organizations"],
        organization_classes=dict(sorted(g.classes.items())),
        government_levels=dict(sorted(g.levels.items())),
        communities=count["communities"],
        projects=count["projects"],
        contributions=count["contributions"],
        contributions_with_amount=count["contributions_with_amount"],
        contribution_kinds=dict(sorted(g.kinds.items())),
        currencies=dict(sorted(g.currencies.items())),
        participants=count["participants"],
        results=count["results"],
        partnerships=count["partnerships"],
        collaboration_forms=dict(sorted(g.forms.items())),
        notes=count["notes"],
        evidence=count["evidence"],
        source_lines=len(g.lines),
        files=len(g.files),
        bytes=written,
        projects_per_donor={donor: len(g.funded.get(donor, ())) for donor in g.donors},
        partnerships_per_cso=dict(sorted(g.partners.items())),
    )
