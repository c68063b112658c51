"""The fictional world the sample data is drawn from: employers, names and places.

Every name here is invented for coffeechat's synthetic sample; any resemblance to a real organisation
or person is accidental.
"""

from __future__ import annotations

# Employer -> (career field keys its people work in, city). Lakeshore State University is the
# sample student's school.
EMPLOYERS: dict[str, tuple[tuple[str, ...], str]] = {
    # software and technology
    "Bluefin Software": (("software_engineering", "product_management", "ux_research", "ux_design"), "Chicago, IL"),
    "Lumen Labs": (("ux_research", "ux_design", "data_science", "product_management"), "San Francisco, CA"),
    "Quillstone Systems": (("software_engineering", "data_engineering", "it_support"), "Austin, TX"),
    "Parallax Cloud": (("software_engineering", "data_engineering", "product_management"), "Seattle, WA"),
    "Brightloop": (("product_management", "ux_design", "marketing"), "Chicago, IL"),
    "Cobalt Ridge Technologies": (("software_engineering", "cybersecurity", "project_management"), "Denver, CO"),
    "Tidewater Data": (("data_science", "data_analytics", "data_engineering"), "Boston, MA"),
    "Foxglove AI": (("data_science", "software_engineering", "ux_research"), "New York, NY"),
    "Meridian Apps": (("ux_design", "ux_research", "software_engineering"), "Chicago, IL"),
    "Kestrel Security": (("cybersecurity", "it_support"), "Washington, DC"),
    "Ironbark Networks": (("it_support", "software_engineering", "sales"), "Minneapolis, MN"),
    "Sparrowhawk Games": (("game_design", "software_engineering", "ux_research"), "Seattle, WA"),
    "Halcyon Interactive": (("game_design", "graphic_design", "ux_design"), "Austin, TX"),
    "Nimbus Works": (("product_management", "sales", "data_analytics"), "Chicago, IL"),
    "Ember Analytics": (("data_analytics", "data_science", "management_consulting"), "Milwaukee, WI"),
    "Pinegrove Digital": (("marketing", "ux_design", "writing"), "Chicago, IL"),
    "Learnwell": (("instructional_design", "ux_research", "product_management"), "Boston, MA"),
    "Brightpath Learning": (("instructional_design", "education", "sales"), "Minneapolis, MN"),
    # health
    "Northwind Health": (("ux_research", "data_analytics", "health_administration", "nursing"), "Chicago, IL"),
    "Lakeshore Medical Center": (("nursing", "medicine", "health_administration"), "Chicago, IL"),
    "Cedar Valley Hospital": (("nursing", "medicine", "social_work"), "Milwaukee, WI"),
    "Saint Brigid Health System": (("health_administration", "data_analytics", "nursing"), "Minneapolis, MN"),
    "Riverbend Clinics": (("medicine", "nursing", "psychology"), "Madison, WI"),
    "Harborview Children's Hospital": (("medicine", "nursing", "social_work"), "Chicago, IL"),
    "Evergreen Community Health": (("public_health", "social_work", "nursing"), "Chicago, IL"),
    "Lakeshore County Public Health": (("public_health", "data_analytics", "communications"), "Chicago, IL"),
    # life sciences
    "Helixway Therapeutics": (("pharma_biotech", "lab_science", "data_science"), "Boston, MA"),
    "Corvid Biosciences": (("lab_science", "pharma_biotech"), "San Diego, CA"),
    "Ambergen Pharma": (("pharma_biotech", "marketing", "sales"), "Chicago, IL"),
    "Clearwater Diagnostics": (("lab_science", "ux_research", "electrical_engineering"), "Minneapolis, MN"),
    # finance
    "Granite Peak Capital": (("investment_banking", "asset_management", "finance"), "New York, NY"),
    "Harbor & Finch Bank": (("finance", "data_analytics", "sales"), "Chicago, IL"),
    "Larkspur Investments": (("asset_management", "finance"), "Boston, MA"),
    "Ridgeline Securities": (("investment_banking", "finance"), "New York, NY"),
    "Copperleaf Financial": (("finance", "product_management", "ux_research"), "Chicago, IL"),
    "Summit Mutual Insurance": (("data_science", "finance", "operations"), "Milwaukee, WI"),
    "Westbrook Asset Management": (("asset_management", "data_science"), "Chicago, IL"),
    # consulting and accounting
    "Aldercrest Consulting": (("management_consulting", "data_analytics", "project_management"), "Chicago, IL"),
    "Brightwater Partners": (("management_consulting", "finance"), "New York, NY"),
    "Fennimore & Vale Advisory": (("management_consulting", "human_resources"), "Boston, MA"),
    "Oakhaven Strategy Group": (("management_consulting", "public_policy"), "Washington, DC"),
    "Thistle Accounting LLP": (("accounting",), "Chicago, IL"),
    "Marlowe Keane Audit": (("accounting", "finance"), "Minneapolis, MN"),
    # consumer, retail and marketing
    "Juniper & Rye": (("marketing", "retail", "ux_design"), "Chicago, IL"),
    "Marigold Foods": (("marketing", "operations", "sales"), "Minneapolis, MN"),
    "Cascade Outfitters": (("retail", "marketing", "operations"), "Seattle, WA"),
    "Pennywhistle Toys": (("marketing", "product_management", "graphic_design"), "Milwaukee, WI"),
    "Sunbeam Home Goods": (("retail", "operations", "data_analytics"), "Chicago, IL"),
    "Redfern Beverage Co": (("marketing", "sales", "operations"), "Denver, CO"),
    "Orchard Lane Retail": (("retail", "ux_research", "data_analytics"), "Chicago, IL"),
    "Bellweather Brands": (("marketing", "communications"), "New York, NY"),
    # media and creative
    "The Lakeshore Ledger": (("journalism", "writing", "data_analytics"), "Chicago, IL"),
    "Northlight Media": (("film_media", "journalism", "marketing"), "New York, NY"),
    "Kitefly Studios": (("film_media", "graphic_design"), "Los Angeles, CA"),
    "Riverstone Publishing": (("writing", "journalism", "marketing"), "New York, NY"),
    "Open Sky Radio": (("journalism", "communications"), "Chicago, IL"),
    "Paper Lantern Films": (("film_media", "writing"), "Los Angeles, CA"),
    "Fieldnote Design Studio": (("ux_design", "ux_research", "graphic_design"), "Chicago, IL"),
    "Copper Kettle Creative": (("graphic_design", "marketing", "writing"), "Milwaukee, WI"),
    "Studio Wrenfield": (("ux_design", "graphic_design", "architecture"), "Minneapolis, MN"),
    # government and policy
    "City of Lakeshore": (("urban_planning", "public_policy", "it_support"), "Chicago, IL"),
    "Midland State Department of Transportation": (("civil_engineering", "urban_planning", "data_analytics"), "Springfield, IL"),
    "Midland Environmental Agency": (("environmental", "public_policy", "lab_science"), "Springfield, IL"),
    "Center for Civic Futures": (("public_policy", "data_science", "writing"), "Washington, DC"),
    "Brookfield Policy Institute": (("public_policy", "public_health"), "Washington, DC"),
    # nonprofit
    "Open Door Food Network": (("nonprofit", "operations", "communications"), "Chicago, IL"),
    "Greenway Conservancy": (("environmental", "nonprofit"), "Madison, WI"),
    "Bright Futures Mentoring": (("nonprofit", "social_work", "education"), "Chicago, IL"),
    "Harbor Literacy Project": (("nonprofit", "education", "instructional_design"), "Milwaukee, WI"),
    "Riverside Youth Alliance": (("social_work", "nonprofit"), "Chicago, IL"),
    # education
    "Lakeshore State University": (("higher_education", "ux_research", "psychology", "data_science"), "Chicago, IL"),
    "Cedar Hill High School": (("education",), "Evanston, IL"),
    "Maple Grove School District": (("education", "social_work"), "Naperville, IL"),
    "Northgate Community College": (("higher_education", "instructional_design"), "Chicago, IL"),
    # law
    "Whitlock & Amari LLP": (("law",), "Chicago, IL"),
    "Castellan Legal Aid": (("law", "nonprofit"), "Chicago, IL"),
    "Dunmore Price LLP": (("law",), "New York, NY"),
    # engineering and manufacturing
    "Kinetic Forge Robotics": (("mechanical_engineering", "electrical_engineering", "software_engineering"), "Pittsburgh, PA"),
    "Stonebridge Engineering": (("civil_engineering", "project_management"), "Chicago, IL"),
    "Arclight Semiconductors": (("electrical_engineering", "operations"), "Austin, TX"),
    "Tamarack Automotive": (("mechanical_engineering", "ux_research", "operations"), "Detroit, MI"),
    "Bluewater Infrastructure": (("civil_engineering", "environmental"), "Milwaukee, WI"),
    "Halden Aerospace": (("mechanical_engineering", "electrical_engineering", "ux_research"), "Seattle, WA"),
    # energy and environment
    "Sunspire Energy": (("environmental", "electrical_engineering", "data_analytics"), "Denver, CO"),
    "Windrow Renewables": (("environmental", "project_management"), "Minneapolis, MN"),
    "Clearbrook Water Utility": (("civil_engineering", "environmental"), "Chicago, IL"),
    # real estate, hospitality, logistics
    "Keystone Property Group": (("real_estate", "finance"), "Chicago, IL"),
    "Lakeside Grand Hotel": (("hospitality", "marketing"), "Chicago, IL"),
    "Harborfront Events": (("hospitality", "sales"), "Milwaukee, WI"),
    "Swiftline Logistics": (("operations", "data_analytics", "software_engineering"), "Chicago, IL"),
    "Northstar Freight": (("operations", "sales"), "Minneapolis, MN"),
    # architecture, counseling, HR services
    "Atelier Moss Architects": (("architecture",), "Chicago, IL"),
    "Linden Row Architects": (("architecture", "urban_planning"), "Minneapolis, MN"),
    "Pathways Counseling Center": (("psychology", "social_work"), "Chicago, IL"),
    "Lakeshore Family Services": (("social_work", "nonprofit"), "Chicago, IL"),
    "Talentbridge Staffing": (("human_resources", "sales"), "Chicago, IL"),
    "Peoplecraft HR": (("human_resources", "software_engineering"), "Denver, CO"),
    # more technology and research
    "Signalpath Research": (("ux_research", "data_analytics", "psychology"), "Chicago, IL"),
    "Wayfarer Maps": (("software_engineering", "ux_research", "data_science"), "San Francisco, CA"),
    "Alder Health Tech": (("product_management", "ux_research", "software_engineering"), "Boston, MA"),
    "Vantage Point Insights": (("data_analytics", "marketing", "ux_research"), "New York, NY"),
    "Greenlight Fintech": (("product_management", "software_engineering", "finance"), "Chicago, IL"),
    "Mosaic Civic Tech": (("ux_research", "public_policy", "software_engineering"), "Washington, DC"),
    "Trellis Robotics": (("mechanical_engineering", "software_engineering"), "Boston, MA"),
    "Blue Heron Biologics": (("pharma_biotech", "lab_science"), "Madison, WI"),
    "Quarry Lane Capital": (("asset_management", "investment_banking"), "Chicago, IL"),
}

FIRST_NAMES = (
    "Aaliyah Aaron Abena Adaeze Aditi Adrian Aiko Alejandro Alexis Amara Amir Ana Andrea Anika Arjun Asha "
    "Ayesha Bao Beatriz Benjamin Bilal Camila Carmen Chen Chiara Chinedu Chloe Chris Daniela Darius Deepa "
    "Diego Dmitri Efua Elena Elif Elijah Emeka Emma Esther Fatima Felix Fiona Gabriel Grace Hana Hassan "
    "Hiroshi Ibrahim Ines Isaac Isabel Jada Jamal James Jasmine Javier Jin Jordan Joseph Julia Kai Kamala "
    "Keisha Kenji Kofi Laila Lars Layla Leah Liam Lucia Luis Malik Maren Maria Mateo Maya Mei Mihai Min-jun "
    "Mohammed Nadia Naomi Nia Nikhil Noah Nora Olga Omar Oscar Priya Rafael Rania Ravi Rosa Ruth Samir Sara "
    "Sean Sina Sofia Soo-ah Tariq Tess Thabo Tomás Uma Valentina Victor Wei Xavier Yara Yusuf Zainab Zoë"
).split()

LAST_NAMES = (
    "Abara Acheampong Adeyemi Alvarez Andersen Bakshi Banerjee Barros Becker Bianchi Bondarenko Brennan "
    "Castillo Chandra Chowdhury Costa Dahl Delgado Diallo Dubois Eriksen Esposito Farouk Fernandes Fischer "
    "Fitzgerald Garcia Gomez Gupta Haddad Hansen Hayashi Herrera Hoang Hussain Ibarra Ito Iyer Jablonski "
    "Jensen Kamau Kaplan Kaur Kim Kowalski Kruger Lambert Larsen Lee Lindqvist Liu Lopez Mahlangu Marino "
    "Martins Mbeki Mendoza Mensah Moreau Morrison Mukherjee Nakamura Nguyen Novak Nwosu Obi Okafor Okonkwo "
    "Olsen Ortiz Osei Park Patel Pereira Petrov Quinn Rahman Ramirez Rao Reyes Rossi Sato Schmidt Shah "
    "Silva Singh Sokolova Suzuki Tanaka Teo Torres Tran Ueda Varga Vasquez Wagner Walker Wang Watanabe "
    "Weber Wiśniewski Yamamoto Yilmaz Young Zhang Zhou Zielinski Ødegaard"
).split()

STUDENT = {
    "first": "Riley",
    "last": "Tan",
    "email": "riley.tan@example.edu",
    "location": "Chicago, IL",
    "headline": "M.S. Information (HCI) candidate at Lakeshore State University | UX research and data",
    "industry": "Higher Education",
}

# The student's own history: (company, title, started, finished).
STUDENT_POSITIONS = (
    ("Lakeshore State University", "Graduate Research Assistant, Human-Centered Computing Lab", "Sep 2025", ""),
    ("Northwind Health", "UX Research Intern", "Jun 2025", "Aug 2025"),
    ("Tidewater Data", "Data Analyst Intern", "Jun 2024", "Aug 2024"),
    ("Open Door Food Network", "Volunteer Data Coordinator", "Jan 2022", "May 2024"),
    ("Orchard Lane Retail", "Sales Associate", "Jun 2020", "Aug 2021"),
)
STUDENT_EDUCATION = (
    ("Lakeshore State University", "2025", "2027", "Master of Science - MS, Information (Human-Computer Interaction)"),
    ("Lakeshore State University", "2020", "2024", "Bachelor of Science - BS, Cognitive Science; minor in Statistics"),
    ("Cedar Hill High School", "2016", "2020", "High School Diploma"),
)

TARGETS = (
    ("UX research", "user research, usability testing, interviewing users, human factors, research for product design"),
    ("Data science", "statistics, machine learning and analytics applied to real products"),
    ("Product management", "deciding what to build: product strategy, roadmaps, working with design and engineering"),
)

WILLING_TOPICS = (
    "Informational interviews", "Resume review", "Mock interviews", "Career exploration",
    "Job shadowing", "Networking advice", "Graduate school advice", "Industry insights",
)  # fmt: skip
