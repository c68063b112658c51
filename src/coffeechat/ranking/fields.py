"""A vocabulary of career fields: names, synonyms and typical titles.

The ranker uses it to expand a target ("UX research") into the words people in that field actually put
in their titles ("human factors engineer", "usability analyst"), and decides which titles are evidence
for a target and which belong to other work (see evidence.py). Written by hand for coffeechat.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CareerField:
    """One career field: how people name it and what they are called when they work in it."""

    key: str
    name: str
    synonyms: tuple[str, ...]
    titles: tuple[str, ...]
    industries: tuple[str, ...] = ()
    # Other names for the whole field (not for a part of it, as most synonyms are): a target that
    # says one of these, or the name, makes every title of the field evidence.
    aliases: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Everything that describes the field, as one document."""
        return " ; ".join((self.name, *self.synonyms, *self.titles, *self.industries))


def _f(
    key: str, name: str, synonyms: str, titles: str, industries: str = "", aliases: str = ""
) -> CareerField:
    split = lambda s: tuple(p.strip() for p in s.split(";") if p.strip())  # noqa: E731
    return CareerField(key, name, split(synonyms), split(titles), split(industries), split(aliases))


FIELDS: tuple[CareerField, ...] = (
    _f(
        "ux_research",
        "UX research",
        "user research; user experience research; usability; human factors; human-computer interaction; HCI; design research; ergonomics",
        "UX researcher; user researcher; usability analyst; human factors engineer; design researcher; research ops specialist; usability specialist",
        "software; consumer technology",
        aliases="user research; user experience research; human factors; usability",
    ),
    _f(
        "ux_design",
        "UX and product design",
        "user experience design; interaction design; product design; UI design; visual design; information architecture",
        "UX designer; product designer; interaction designer; UI designer; visual designer; design lead; information architect",
        "software; digital agency",
        aliases="UX design; user experience design; product design",
    ),
    _f(
        "data_science",
        "Data science",
        "machine learning; statistics; predictive modeling; analytics; artificial intelligence; AI",
        "data scientist; machine learning engineer; applied scientist; statistician; quantitative analyst; research scientist",
        "technology; analytics",
    ),
    _f(
        "data_analytics",
        "Data analytics",
        "business intelligence; reporting; dashboards; SQL analysis; insights",
        "data analyst; business intelligence analyst; analytics manager; insights analyst; reporting analyst",
        "analytics; consulting",
    ),
    _f(
        "data_engineering",
        "Data engineering",
        "data pipelines; data platform; ETL; data infrastructure; big data",
        "data engineer; analytics engineer; data architect; ETL developer; data platform engineer",
        "technology",
    ),
    _f(
        "software_engineering",
        "Software engineering",
        "software development; programming; coding; backend; frontend; full stack; web development",
        "software engineer; software developer; backend engineer; frontend developer; full stack developer; programmer; staff engineer; web developer; software architect",
        "software; technology",
        aliases="software development; programming; coding",
    ),
    _f(
        "product_management",
        "Product management",
        "product strategy; roadmap; product owner; product development",
        "product manager; associate product manager; product owner; group product manager; director of product; product lead",
        "software; technology",
        aliases="product management",
    ),
    _f(
        "project_management",
        "Project and program management",
        "program management; project delivery; PMO; scrum; agile delivery",
        "project manager; program manager; scrum master; project coordinator; delivery manager; technical program manager",
        "",
        aliases="project management; program management",
    ),
    _f(
        "cybersecurity",
        "Cybersecurity",
        "information security; infosec; security operations; penetration testing; cyber",
        "security analyst; security engineer; penetration tester; SOC analyst; information security manager; CISO",
        "technology; defense",
        aliases="information security; infosec; cyber security",
    ),
    _f(
        "it_support",
        "IT and systems administration",
        "information technology; help desk; systems administration; networking; cloud operations; document management; document imaging",
        "IT specialist; systems administrator; network engineer; help desk technician; site reliability engineer; cloud engineer; database administrator; systems architect; cloud architect; solutions architect; document management specialist; document imaging specialist",
        "technology",
        aliases="information technology; IT",
    ),
    _f(
        "management_consulting",
        "Management consulting",
        "strategy consulting; business consulting; advisory services; operations consulting",
        "consultant; management consultant; strategy analyst; business analyst; associate consultant; engagement manager",
        "consulting; professional services",
        aliases="strategy consulting; consulting",
    ),
    _f(
        "investment_banking",
        "Investment banking",
        "mergers and acquisitions; M&A; capital markets; corporate finance advisory",
        "investment banking analyst; associate; M&A analyst; capital markets analyst; vice president investment banking",
        "banking; financial services",
    ),
    _f(
        "finance",
        "Corporate finance",
        "financial planning and analysis; FP&A; treasury; budgeting; financial analysis",
        "financial analyst; FP&A analyst; finance manager; treasury analyst; controller; CFO",
        "financial services",
        aliases="corporate finance; finance",
    ),
    _f(
        "accounting",
        "Accounting and audit",
        "audit; tax accounting; bookkeeping; audit and assurance; CPA",
        "accountant; auditor; staff accountant; tax associate; audit senior; bookkeeper; controller",
        "accounting; professional services",
        aliases="accounting; audit; accountancy",
    ),
    _f(
        "asset_management",
        "Investment management",
        "asset management; portfolio management; equity research; wealth management; hedge funds",
        "portfolio manager; investment analyst; equity research associate; wealth advisor; financial advisor",
        "financial services",
        aliases="investment management; asset management",
    ),
    _f(
        "marketing",
        "Marketing",
        "brand management; digital marketing; growth marketing; content marketing; SEO; campaigns",
        "marketing manager; brand manager; digital marketing specialist; growth marketer; content strategist; SEO specialist; marketing coordinator",
        "consumer goods; advertising",
    ),
    _f(
        "sales",
        "Sales and business development",
        "business development; account management; partnerships; customer success",
        "account executive; sales representative; business development manager; account manager; customer success manager; sales director",
        "",
        aliases="sales; business development",
    ),
    _f(
        "communications",
        "Communications and public relations",
        "public relations; PR; corporate communications; media relations",
        "communications manager; public relations specialist; communications associate; press officer; spokesperson",
        "media; nonprofit",
        aliases="communications; public relations; PR",
    ),
    _f(
        "journalism",
        "Journalism and media",
        "news; news reporting; editorial; broadcast journalism",
        "journalist; reporter; editor; producer; copy editor; correspondent",
        "media; publishing",
        aliases="journalism",
    ),
    _f(
        "writing",
        "Writing and content",
        "copywriting; technical writing; content writing; editing",
        "copywriter; technical writer; technical communicator; content writer; editor; content designer; UX writer",
        "media; software",
        aliases="writing",
    ),
    _f(
        "human_resources",
        "Human resources",
        "HR; people operations; talent acquisition; recruiting; compensation and benefits",
        "HR generalist; recruiter; talent acquisition specialist; HR business partner; people operations manager; compensation analyst",
        "",
        aliases="HR; people operations",
    ),
    _f(
        "operations",
        "Operations and supply chain",
        "supply chain; logistics; procurement; operations management",
        "operations manager; supply chain analyst; logistics coordinator; buyer; procurement specialist; operations analyst",
        "manufacturing; retail; logistics",
        aliases="supply chain; operations",
    ),
    _f(
        "nursing",
        "Nursing",
        "registered nursing; clinical nursing; patient care",
        "registered nurse; nurse practitioner; charge nurse; clinical nurse specialist; nurse manager",
        "healthcare; hospitals",
        aliases="nurse",
    ),
    _f(
        "medicine",
        "Medicine",
        "physician; clinical medicine; residency; surgery",
        "physician; resident physician; surgeon; internist; pediatrician; medical director",
        "healthcare; hospitals",
        aliases="physician; doctor",
    ),
    _f(
        "public_health",
        "Public health",
        "epidemiology; global health; community health; health policy",
        "epidemiologist; public health analyst; health educator; program officer; community health worker",
        "government; nonprofit; healthcare",
    ),
    _f(
        "health_administration",
        "Healthcare administration",
        "hospital administration; health management; healthcare operations",
        "healthcare administrator; practice manager; health services manager; clinical operations manager",
        "healthcare",
    ),
    _f(
        "pharma_biotech",
        "Biotech and pharmaceuticals",
        "biotechnology; life sciences; drug development; clinical research",
        "research associate; scientist; clinical research coordinator; clinical trial manager; regulatory affairs specialist",
        "biotechnology; pharmaceuticals",
    ),
    _f(
        "lab_science",
        "Laboratory science",
        "chemistry; biology; laboratory research; lab",
        "lab technician; research technician; chemist; biologist; laboratory manager",
        "research; biotechnology",
    ),
    _f(
        "mechanical_engineering",
        "Mechanical engineering",
        "mechanical design; manufacturing engineering; CAD",
        "mechanical engineer; design engineer; manufacturing engineer; product development engineer",
        "manufacturing; automotive",
    ),
    _f(
        "marine_engineering",
        "Marine engineering and naval architecture",
        "marine engineering; naval architecture; ship design; shipbuilding",
        "marine engineer; naval architect; ship designer",
        "shipbuilding; maritime",
        aliases="marine engineering; naval architecture",
    ),
    _f(
        "electrical_engineering",
        "Electrical and hardware engineering",
        "hardware engineering; electronics; embedded systems; circuits; telecommunications; RF engineering",
        "electrical engineer; hardware engineer; embedded systems engineer; electronics engineer; telecommunications engineer; communications engineer; RF engineer",
        "semiconductors; electronics",
    ),
    _f(
        "civil_engineering",
        "Civil and environmental engineering",
        "structural engineering; infrastructure; transportation engineering; environmental engineering",
        "civil engineer; structural engineer; environmental engineer; transportation planner",
        "construction; infrastructure",
    ),
    _f(
        "architecture",
        "Architecture",
        "building design; architectural design; urban design",
        "architect; architectural designer; project architect; design architect",
        "architecture and planning",
    ),
    _f(
        "urban_planning",
        "Urban planning",
        "city planning; regional planning; land use; housing policy",
        "urban planner; city planner; land use planner; housing policy analyst",
        "government",
        aliases="city planning; regional planning",
    ),
    _f(
        "environmental",
        "Environment and sustainability",
        "sustainability; climate; environmental conservation; ESG; renewable energy",
        "sustainability analyst; environmental scientist; climate policy analyst; conservation scientist; ESG analyst; energy analyst; energy auditor",
        "energy; nonprofit",
        aliases="environment; sustainability",
    ),
    _f(
        "law",
        "Law",
        "legal; litigation; corporate law; paralegal; attorney",
        "attorney; lawyer; associate attorney; paralegal; legal counsel; law clerk",
        "legal services",
        aliases="legal; lawyer; attorney",
    ),
    _f(
        "public_policy",
        "Public policy and government",
        "government; policy analysis; legislative affairs; public administration",
        "policy analyst; legislative aide; program analyst; budget analyst; public affairs specialist",
        "government; think tanks",
        aliases="public policy; policy; government",
    ),
    _f(
        "nonprofit",
        "Nonprofit management",
        "nonprofit; philanthropy; fundraising; development; social impact",
        "program manager; development officer; grant writer; fundraising manager; executive director",
        "nonprofit",
    ),
    _f(
        "education",
        "K-12 teaching",
        "teaching; education; classroom; curriculum",
        "teacher; high school teacher; elementary school teacher; special education teacher; instructional coach",
        "education",
        aliases="teaching; K-12",
    ),
    _f(
        "higher_education",
        "Higher education and academia",
        "academia; university; research; student affairs",
        "professor; assistant professor; lecturer; academic advisor; postdoctoral researcher; student affairs coordinator",
        "higher education",
        aliases="academia",
    ),
    _f(
        "instructional_design",
        "Instructional design and learning",
        "learning and development; e-learning; training; curriculum design",
        "instructional designer; learning experience designer; training specialist; curriculum developer",
        "education technology",
        aliases="instructional design; learning and development",
    ),
    _f(
        "social_work",
        "Social work and counseling",
        "mental health counseling; family counseling; mental health; case management; therapy",
        "social worker; case manager; therapist; mental health counselor; family counselor; substance abuse counselor; licensed professional counselor",
        "healthcare; nonprofit",
        aliases="social work",
    ),
    _f(
        "skilled_trades",
        "Skilled trades and manufacturing",
        "machining; CNC machining; welding; manufacturing production; maintenance; quality control",
        "machinist; CNC machinist; CNC programmer; welder; electrician; maintenance technician; production supervisor; quality inspector; quality auditor; pattern maker",
        "manufacturing; construction",
        aliases="skilled trades; trades",
    ),
    _f(
        "rehabilitation",
        "Rehabilitation and allied health",
        "physical therapy; occupational therapy; speech therapy; respiratory therapy; creative arts therapy; massage therapy",
        "physical therapist; occupational therapist; speech-language pathologist; respiratory therapist; radiation therapist; recreational therapist; art therapist; music therapist; massage therapist",
        "healthcare",
        aliases="rehabilitation; allied health",
    ),
    _f(
        "psychology",
        "Psychology",
        "clinical psychology; behavioral science; research psychology",
        "psychologist; behavioral scientist; research assistant; clinical psychologist",
        "healthcare; research",
    ),
    _f(
        "game_design",
        "Game design",
        "video games; game development; level design",
        "game designer; level designer; gameplay programmer; narrative designer",
        "video games; entertainment",
        aliases="game development",
    ),
    _f(
        "film_media",
        "Film, TV and entertainment",
        "entertainment; film production; television; post-production",
        # Not "production coordinator" or "production assistant": plants have production too,
        # and those titles on their own place nobody in film.
        "producer; film editor; video editor; film director; assistant director; line producer; "
        "post-production coordinator; script supervisor; casting director",
        "entertainment; media",
        aliases="film; film production; television",
    ),
    _f(
        "graphic_design",
        "Graphic design and art direction",
        "visual arts; illustration; art direction; branding design",
        "graphic designer; art director; illustrator; creative director; brand designer",
        "advertising; media",
        aliases="graphic design",
    ),
    _f(
        "real_estate",
        "Real estate",
        "property management; commercial real estate; real estate development",
        "real estate agent; property manager; development associate; acquisitions analyst; broker",
        "real estate",
        aliases="real estate",
    ),
    _f(
        "agriculture",
        "Agriculture and animal science",
        "agriculture; agronomy; animal science; animal nutrition; livestock; dairy; crop science; farming",
        "agronomist; animal scientist; farm manager; livestock manager; agricultural technician; extension agent",
        "agriculture; farming; food production",
        aliases="agriculture; animal science",
    ),
    _f(
        "veterinary",
        "Veterinary medicine",
        "veterinary; veterinary science; veterinary practice",
        "veterinarian; veterinary surgeon; veterinary technician; veterinary nurse; vet nurse; veterinary assistant",
        "veterinary services; animal hospitals",
        aliases="veterinary medicine; veterinary science",
    ),
    _f(
        "hospitality",
        "Hospitality and events",
        "hotels; event planning; tourism; food service",
        "event planner; hotel manager; guest services manager; event coordinator; night auditor; front desk agent",
        "hospitality",
        aliases="hospitality",
    ),
    _f(
        "dispatch",
        "Emergency dispatch",
        "emergency dispatch; 911 dispatch; public safety communications",
        "dispatcher; emergency dispatcher; 911 dispatcher; police dispatcher; communications operator; emergency communications operator",
        "public safety; government",
        aliases="emergency dispatch",
    ),
    _f(
        "retail",
        "Retail and merchandising",
        "merchandising; e-commerce; store management; buying",
        "merchandiser; buyer; store manager; e-commerce manager; category manager",
        "retail; consumer goods",
        aliases="retail",
    ),
)

BY_KEY: dict[str, CareerField] = {f.key: f for f in FIELDS}
