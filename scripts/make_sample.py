#!/usr/bin/env python3
"""Write the bundled sample catalogue and scenario of the fictional
"Republic of Arcadia" (core/src/sample/arcadia.*.json).

Everything is written by hand below; a seeded random generator only fills in
KPIs and small variations of effort and cost, so the output is reproducible:

    python3 scripts/make_sample.py

The script also runs a simple greedy schedule (blocks first, then services by
value density within capacity and budget) to check that the scenario's
targets and deadlines are reachable, and prints how much of the plan the
greedy gets done. The targets are set below what the greedy achieves, so the
scenario is feasible by construction.
"""
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "core" / "src" / "sample"
START = 2027
HORIZON = 5
rng = random.Random(20270101)

entities = [
    ("moi", "Ministry of Interior", [34, 38]),
    ("rev", "Arcadia Revenue Authority", 36),
    ("moti", "Ministry of Trade and Industry", [22, 26]),
    ("mlsp", "Ministry of Labour and Social Protection", 30),
    ("moh", "Ministry of Health", 24),
    ("moe", "Ministry of Education", 22),
    ("mot", "Ministry of Transport", 24),
    ("moj", "Ministry of Justice", 14),
    ("mlh", "Ministry of Lands and Housing", 12),
    ("moa", "Ministry of Agriculture", 14),
    ("menv", "Ministry of Environment", 10),
    ("mdig", "Ministry of Digital Affairs", [26, 30, 32]),
]

MIN_CAP = {e: (min(c) if isinstance(c, list) else c) for (e, _, c) in entities}

# (id, name, status, options) ; option = (approach, cost, lead, system)
blocks = [
    ("identity", "Identity", "available", []),
    ("registration", "Registration", "available", []),
    ("payments", "Payments", "missing", [
        ("reuse", 350000, 1, "mifos-ph-ee"),
        ("reuse", 600000, 1, "mojaloop"),
        ("tender", 1400000, 2, None),
        ("build", 900000, 2, None),
    ]),
    ("messaging", "Messaging", "available", []),
    ("information-mediator", "Information Mediator", "missing", [
        ("reuse", 500000, 1, "x-road"),
        ("tender", 2000000, 2, None),
    ]),
    ("digital-registries", "Digital Registries", "available", []),
    ("consent", "Consent", "missing", [
        ("reuse", 200000, 0, "keycloak"),
        ("build", 400000, 1, None),
    ]),
    ("workflow", "Workflow", "missing", [
        ("reuse", 250000, 1, "flowable"),
        ("tender", 900000, 1, None),
        ("build", 700000, 2, None),
    ]),
    ("scheduler", "Scheduler", "available", []),
    ("e-signature", "E-Signature", "missing", [
        ("reuse", 300000, 1, "eu-dss"),
        ("tender", 1100000, 1, None),
    ]),
    ("gis", "GIS", "available", []),
    ("content-management", "Content Management", "available", []),
    ("wallet", "Wallet", "missing", [
        ("reuse", 450000, 1, "inji"),
        ("build", 1200000, 3, None),
    ]),
    ("e-marketplace", "E-Marketplace", "missing", [
        ("tender", 1600000, 2, None),
        ("build", 1000000, 2, None),
    ]),
    ("cloud-infrastructure", "Cloud Infrastructure", "available", []),
]

systems = [
    ("mosip", "MOSIP", ["identity"], "https://mosip.io"),
    ("esignet", "eSignet", ["identity", "consent"], "https://esignet.io"),
    ("opencrvs", "OpenCRVS", ["registration", "digital-registries"], "https://www.opencrvs.org"),
    ("openimis", "openIMIS", ["registration", "digital-registries"], "https://openimis.org"),
    ("openg2p", "OpenG2P", ["registration", "digital-registries", "payments"], "https://openg2p.org"),
    ("openspp", "OpenSPP", ["registration", "digital-registries"], "https://openspp.org"),
    ("dhis2", "DHIS2", ["digital-registries"], "https://dhis2.org"),
    ("mifos-ph-ee", "Mifos Payment Hub EE", ["payments"], "https://mifos.org"),
    ("mojaloop", "Mojaloop", ["payments"], "https://mojaloop.io"),
    ("x-road", "X-Road", ["information-mediator"], "https://x-road.global"),
    ("camunda", "Camunda 7 Community Edition", ["workflow"], "https://camunda.com"),
    ("flowable", "Flowable", ["workflow"], "https://www.flowable.com"),
    ("keycloak", "Keycloak", ["identity", "consent"], "https://www.keycloak.org"),
    ("rapidpro", "RapidPro", ["messaging"], "https://rapidpro.io"),
    ("easy-appointments", "Easy!Appointments", ["scheduler"], "https://easyappointments.org"),
    ("eu-dss", "EU Digital Signature Service (DSS)", ["e-signature"], "https://github.com/esig/dss"),
    ("geonode", "GeoNode", ["gis"], "https://geonode.org"),
    ("drupal", "Drupal", ["content-management"], "https://www.drupal.org"),
    ("decidim", "Decidim", ["content-management"], "https://decidim.org"),
    ("inji", "Inji", ["wallet"], "https://docs.mosip.io/inji"),
    ("openstack", "OpenStack", ["cloud-infrastructure"], "https://www.openstack.org"),
]

workflows = [
    ("wf-register", "Register an event or a person", ["identity", "registration", "digital-registries", "messaging"]),
    ("wf-certificate", "Request a certificate or an official copy", ["identity", "payments", "digital-registries", "e-signature"]),
    ("wf-permit", "Apply for a permit or licence", ["identity", "registration", "workflow", "payments", "messaging"]),
    ("wf-benefit", "Apply for a benefit", ["identity", "registration", "workflow", "consent", "information-mediator", "payments"]),
    ("wf-declaration", "File a declaration or return", ["identity", "registration", "information-mediator", "payments"]),
    ("wf-booking", "Book an appointment", ["identity", "scheduler", "messaging"]),
    ("wf-payment", "Pay a fee, fine or tax", ["identity", "payments", "messaging"]),
    ("wf-procurement", "Bid for a public contract", ["identity", "e-marketplace", "e-signature", "payments"]),
    ("wf-information", "Look up information", ["content-management"]),
    ("wf-notify", "Notify or report to an authority", ["identity", "registration", "messaging"]),
]

# Base person-months per level climbed, by workflow (plus noise).
WF_EFFORT = {
    "wf-register": 6, "wf-certificate": 5, "wf-permit": 7, "wf-benefit": 8,
    "wf-declaration": 7, "wf-booking": 4, "wf-payment": 4, "wf-procurement": 9,
    "wf-information": 2, "wf-notify": 4, None: 5,
}

# id, name, entity, level, demand, interactions, workflow, extra blocks,
# depends_on, extras (dict: target_level, earliest_year, deadline_year, value)
S = []


def svc(i, name, ent, level, demand, inter, wf, blocks=(), deps=(), **extra):
    S.append((i, name, ent, level, demand, inter, wf, list(blocks), list(deps), extra))


# Interior: civil registration, identity, travel documents
svc("birth-registration", "Birth registration", "moi", 2, 310000, 3, "wf-register", deadline_year=2029)
svc("death-registration", "Death registration", "moi", 2, 140000, 3, "wf-register")
svc("marriage-registration", "Marriage registration", "moi", 1, 85000, 4, "wf-register")
svc("national-id-card", "National ID card application", "moi", 2, 600000, 3, "wf-certificate")
svc("passport-application", "Passport application", "moi", 3, 420000, 2, "wf-permit", deps=["national-id-card"])
svc("passport-renewal", "Passport renewal", "moi", 3, 260000, 2, "wf-permit", deps=["passport-application"])
svc("change-of-address", "Change of address notification", "moi", 3, 380000, 2, "wf-notify")
svc("residence-permit", "Residence permit for foreign nationals", "moi", 2, 45000, 4, "wf-permit")
svc("birth-certificate-copy", "Copy of a birth certificate", "moi", 4, 520000, 2, "wf-certificate")
svc("voter-registration", "Voter registration", "moi", 4, 210000, 1, "wf-register")
svc("civil-status-certificate", "Civil status certificate", "moi", 2, 160000, 2, "wf-certificate")
svc("firearm-licence", "Firearm licence", "moi", 1, 6000, 3, "wf-permit")

# Revenue authority
svc("tax-registration", "Taxpayer registration (TIN)", "rev", 3, 150000, 2, "wf-register")
svc("income-tax-return", "Personal income tax return", "rev", 4, 900000, 1, "wf-declaration")
svc("vat-registration", "VAT registration", "rev", 3, 25000, 2, "wf-register", deps=["company-registration"])
svc("vat-return", "VAT return", "rev", 3, 300000, 2, "wf-declaration")
svc("corporate-tax-return", "Corporate income tax return", "rev", 2, 60000, 3, "wf-declaration")
svc("payroll-tax-declaration", "Payroll tax declaration", "rev", 2, 240000, 2, "wf-declaration")
svc("tax-clearance-certificate", "Tax clearance certificate", "rev", 2, 120000, 3, "wf-certificate")
svc("customs-declaration", "Customs declaration", "rev", 3, 800000, 2, "wf-declaration")
svc("property-tax-payment", "Property tax payment", "rev", 2, 500000, 1, "wf-payment")
svc("excise-licence", "Excise licence", "rev", 1, 3000, 4, "wf-permit")

# Trade and industry
svc("company-registration", "Company registration", "moti", 2, 40000, 4, "wf-register", blocks=["e-signature"])
svc("business-name-search", "Business name search", "moti", 4, 150000, 1, "wf-information")
svc("business-licence", "General business licence", "moti", 1, 55000, 4, "wf-permit", deps=["company-registration"])
svc("annual-return-filing", "Company annual return", "moti", 2, 90000, 2, "wf-declaration")
svc("beneficial-ownership", "Beneficial ownership declaration", "moti", 1, 30000, 2, "wf-declaration", earliest_year=2028)
svc("trademark-registration", "Trademark registration", "moti", 2, 7000, 3, "wf-register", blocks=["payments"])
svc("export-licence", "Export licence", "moti", 2, 12000, 3, "wf-permit")
svc("sme-grant", "Small business grant application", "moti", 1, 9000, 3, "wf-benefit")
svc("business-closure", "Closing a business", "moti", 1, 8000, 4, "wf-notify")
svc("import-permit", "Import permit", "moti", 2, 26000, 3, "wf-permit")

# Labour and social protection
svc("unemployment-benefit", "Unemployment benefit claim", "mlsp", 2, 160000, 4, "wf-benefit")
svc("jobseeker-registration", "Jobseeker registration", "mlsp", 2, 190000, 2, "wf-register")
svc("job-vacancy-search", "Job vacancy search", "mlsp", 4, 1200000, 1, "wf-information")
svc("work-permit", "Work permit", "mlsp", 2, 35000, 4, "wf-permit", deps=["residence-permit"])
svc("employer-registration", "Employer registration for social security", "mlsp", 2, 22000, 3, "wf-register", deps=["company-registration"])
svc("social-security-contributions", "Social security contribution return", "mlsp", 3, 260000, 2, "wf-declaration")
svc("child-benefit", "Child benefit application", "mlsp", 2, 140000, 3, "wf-benefit", deps=["birth-registration"])
svc("old-age-pension", "Old-age pension application", "mlsp", 2, 70000, 4, "wf-benefit")
svc("disability-allowance", "Disability allowance", "mlsp", 1, 28000, 5, "wf-benefit")
svc("pension-statement", "Pension entitlement statement", "mlsp", 3, 330000, 1, "wf-certificate")
svc("workplace-accident-report", "Workplace accident report", "mlsp", 1, 14000, 2, "wf-notify")

# Health
svc("health-insurance-enrolment", "Health insurance enrolment", "moh", 2, 350000, 3, "wf-register", blocks=["consent"])
svc("gp-registration", "Register with a family doctor", "moh", 1, 280000, 2, "wf-register")
svc("appointment-booking", "Hospital appointment booking", "moh", 2, 2500000, 1, "wf-booking")
svc("prescription-renewal", "Repeat prescription", "moh", 1, 1800000, 1, "wf-notify", blocks=["consent", "e-signature"])
svc("vaccination-record", "Vaccination certificate", "moh", 3, 400000, 1, "wf-certificate", blocks=["wallet"])
svc("medical-certificate", "Medical fitness certificate", "moh", 1, 90000, 2, "wf-certificate")
svc("health-facility-licence", "Private health facility licence", "moh", 1, 1500, 5, "wf-permit")
svc("medical-reimbursement", "Medical expense reimbursement", "moh", 2, 600000, 2, "wf-benefit", deps=["health-insurance-enrolment"])

# Education
svc("school-enrolment", "Primary school enrolment", "moe", 2, 220000, 3, "wf-register", deps=["birth-registration"])
svc("university-application", "University application", "moe", 3, 120000, 2, "wf-permit")
svc("student-grant", "Student grant and loan", "moe", 2, 80000, 3, "wf-benefit")
svc("diploma-recognition", "Recognition of a foreign diploma", "moe", 1, 11000, 4, "wf-certificate", blocks=["wallet"])
svc("exam-results", "National exam results", "moe", 4, 300000, 1, "wf-information")
svc("transcript-request", "Academic transcript request", "moe", 2, 95000, 2, "wf-certificate")
svc("teacher-registration", "Teacher registration", "moe", 2, 9000, 3, "wf-register")
svc("school-transfer", "School transfer", "moe", 1, 40000, 3, "wf-notify")

# Transport
svc("driving-licence-application", "Driving licence application", "mot", 2, 180000, 4, "wf-permit", deps=["national-id-card"])
svc("driving-licence-renewal", "Driving licence renewal", "mot", 3, 310000, 2, "wf-permit", blocks=["wallet"])
svc("vehicle-registration", "Vehicle registration", "mot", 2, 230000, 3, "wf-register", blocks=["payments"])
svc("vehicle-ownership-transfer", "Vehicle ownership transfer", "mot", 1, 170000, 3, "wf-permit", deps=["vehicle-registration"])
svc("road-tax-payment", "Road tax payment", "mot", 3, 900000, 1, "wf-payment")
svc("vehicle-inspection-booking", "Vehicle inspection booking", "mot", 2, 600000, 1, "wf-booking")
svc("parking-permit", "Residential parking permit", "mot", 1, 75000, 2, "wf-permit")
svc("traffic-fine-payment", "Traffic fine payment", "mot", 4, 1100000, 1, "wf-payment")
svc("commercial-transport-licence", "Commercial transport licence", "mot", 1, 8000, 4, "wf-permit")

# Justice
svc("small-claims-filing", "Small claims filing", "moj", 1, 26000, 4, "wf-notify", blocks=["e-signature"], target_level=3)
svc("court-fee-payment", "Court fee payment", "moj", 2, 70000, 2, "wf-payment")
svc("case-status-tracking", "Court case status tracking", "moj", 3, 150000, 2, "wf-information", target_level=3)
svc("criminal-record-certificate", "Criminal record certificate", "moj", 2, 210000, 2, "wf-certificate")
svc("legal-aid-application", "Legal aid application", "moj", 1, 18000, 3, "wf-benefit")
svc("judgment-enforcement", "Enforcement of a judgment", "moj", 1, 9000, 4, "wf-permit", deps=["small-claims-filing"])
svc("power-of-attorney", "Power of attorney registration", "moj", 1, 40000, 2, "wf-register", blocks=["e-signature"])

# Lands and housing
svc("land-title-search", "Land title search", "mlh", 3, 140000, 2, "wf-information", blocks=["gis", "payments"])
svc("land-title-transfer", "Land title transfer", "mlh", 1, 60000, 5, "wf-permit", blocks=["gis", "e-signature"], deps=["land-title-search"], earliest_year=2029)
svc("building-permit", "Building permit", "mlh", 1, 38000, 5, "wf-permit", blocks=["gis"])
svc("mortgage-registration", "Mortgage registration", "mlh", 1, 45000, 3, "wf-register", blocks=["e-signature"])
svc("housing-subsidy", "Housing subsidy application", "mlh", 2, 25000, 3, "wf-benefit")
svc("cadastral-map", "Cadastral map viewer", "mlh", 4, 220000, 1, "wf-information", blocks=["gis"])

# Agriculture
svc("farmer-registration", "Farmer registration", "moa", 2, 160000, 3, "wf-register", blocks=["gis"])
svc("fertiliser-subsidy", "Fertiliser subsidy", "moa", 1, 120000, 3, "wf-benefit", deps=["farmer-registration"])
svc("livestock-movement-permit", "Livestock movement permit", "moa", 1, 50000, 2, "wf-permit", blocks=["gis"])
svc("crop-insurance-claim", "Crop insurance claim", "moa", 1, 22000, 3, "wf-benefit")
svc("phytosanitary-certificate", "Phytosanitary export certificate", "moa", 2, 14000, 3, "wf-certificate")
svc("market-price-info", "Agricultural market prices", "moa", 4, 400000, 1, "wf-information")

# Environment
svc("environmental-permit", "Environmental impact permit", "menv", 1, 3500, 5, "wf-permit", blocks=["gis"])
svc("waste-collection-registration", "Household waste collection registration", "menv", 2, 90000, 1, "wf-register")
svc("fishing-licence", "Recreational fishing licence", "menv", 3, 65000, 1, "wf-payment")
svc("water-use-permit", "Water use permit", "menv", 1, 5000, 4, "wf-permit", blocks=["gis"])

# Digital affairs
svc("citizen-portal-account", "Citizen portal account", "mdig", 3, 700000, 1, "wf-register", blocks=["consent"])
svc("e-procurement-bid", "Submit a bid for a public contract", "mdig", 1, 20000, 4, "wf-procurement", earliest_year=2028, value=900000)
svc("supplier-registration", "Government supplier registration", "mdig", 2, 15000, 3, "wf-register", deps=["company-registration"])
svc("open-data-request", "Open data request", "mdig", 4, 12000, 1, "wf-information")
svc("digital-signature-certificate", "Qualified electronic signature certificate", "mdig", 1, 90000, 2, "wf-certificate")
svc("complaint-submission", "Complaint to the public service ombudsman", "mdig", 2, 30000, 2, "wf-notify")

life_events = [
    ("starting-a-business", "Starting a business", "business", 900000,
     ["company-registration", "business-name-search", "tax-registration", "vat-registration", "employer-registration", "business-licence"]),
    ("regular-business-operations", "Regular business operations", "business", 700000,
     ["vat-return", "corporate-tax-return", "payroll-tax-declaration", "social-security-contributions", "annual-return-filing"]),
    ("selling-to-government", "Selling to government", "business", 400000,
     ["supplier-registration", "tax-clearance-certificate", "criminal-record-certificate", "e-procurement-bid"]),
    ("trading-across-borders", "Trading across borders", "business", 350000,
     ["customs-declaration", "export-licence", "import-permit", "phytosanitary-certificate"]),
    ("running-a-farm", "Running a farm", "business", 250000,
     ["farmer-registration", "fertiliser-subsidy", "livestock-movement-permit", "market-price-info"]),
    ("family-life", "Family life", "citizen", 800000,
     ["birth-registration", "child-benefit", "health-insurance-enrolment", "school-enrolment", "marriage-registration"]),
    ("moving", "Moving", "citizen", 500000,
     ["change-of-address", "gp-registration", "school-transfer", "parking-permit", "waste-collection-registration"]),
    ("owning-and-driving-a-car", "Owning and driving a car", "citizen", 600000,
     ["driving-licence-application", "driving-licence-renewal", "vehicle-registration", "vehicle-ownership-transfer", "road-tax-payment", "vehicle-inspection-booking", "traffic-fine-payment"]),
    ("studying", "Studying", "citizen", 450000,
     ["university-application", "student-grant", "exam-results", "diploma-recognition"]),
    ("career", "Career", "citizen", 300000,
     ["job-vacancy-search", "transcript-request", "diploma-recognition", "criminal-record-certificate"]),
    ("health", "Health", "citizen", 700000,
     ["health-insurance-enrolment", "gp-registration", "appointment-booking", "prescription-renewal", "medical-reimbursement"]),
    ("small-claims", "Justice: starting a small claims procedure", "citizen", 200000,
     ["small-claims-filing", "court-fee-payment", "case-status-tracking", "legal-aid-application", "judgment-enforcement"]),
    ("losing-and-finding-a-job", "Losing and finding a job", "citizen", 550000,
     ["unemployment-benefit", "jobseeker-registration", "job-vacancy-search"]),
    ("retiring", "Retiring", "citizen", 300000,
     ["old-age-pension", "pension-statement"]),
    ("buying-a-home", "Buying a home", "citizen", 350000,
     ["land-title-search", "land-title-transfer", "mortgage-registration", "property-tax-payment"]),
    ("travelling-abroad", "Travelling abroad", "citizen", 150000,
     ["passport-application", "passport-renewal", "vaccination-record", "birth-certificate-copy"]),
]

policies = [
    ("arcadia-digital-service-standard", "Arcadia Digital Service Standard", "digital_service_standard", "in_force"),
    ("government-enterprise-architecture", "Government Enterprise Architecture Framework", "enterprise_architecture", "draft"),
    ("shared-services-policy", "Shared Digital Services Policy", "shared_service_policy", "missing"),
    ("ict-procurement-guidelines", "ICT Procurement Guidelines", "ict_procurement_policy", "in_force"),
    ("digital-skills-programme", "Public Sector Digital Skills Programme", "capacity_building", "draft"),
    ("digital-inclusion-strategy", "Digital Inclusion Strategy", "digital_inclusion", "missing"),
    ("data-protection-act", "Data Protection Act", "other", "in_force"),
]


def build():
    svcs = []
    for (i, name, ent, level, demand, inter, wf, bl, deps, extra) in S:
        target = extra.get("target_level", 4)
        climb = max(target - level, 0)
        base = WF_EFFORT[wf]
        effort = 0 if climb == 0 else round(base * (1 + climb) * rng.uniform(0.7, 1.3))
        # A service's effort is spent in its go-live year, so it must fit in
        # one year of its ministry's capacity: cap it at 3/4 of the smallest
        # yearly capacity (otherwise the service could never go live and the
        # sample would teach nothing about trade-offs).
        effort = min(effort, int(0.75 * min(MIN_CAP[ent], 10**9)))
        # cost: rough function of effort plus licences; multiples of 5000
        cost = 0 if climb == 0 else int(round(effort * rng.uniform(4000, 9000) / 5000.0)) * 5000
        s = {"id": i, "name": name, "entity": ent, "level": level}
        if target != 4:
            s["target_level"] = target
        s.update({"demand": demand, "interactions": inter, "effort": effort, "cost": cost,
                  "building_blocks": bl, "workflow": wf, "depends_on": deps})
        for k in ("earliest_year", "deadline_year", "value"):
            if k in extra:
                s[k] = extra[k]
        # KPIs for most services
        if rng.random() < 0.8:
            k = {"cost_per_transaction": round(rng.uniform(2, 45) * (5 - level) / 2, 2)}
            if level >= 2:
                k["user_satisfaction"] = round(rng.uniform(0.45, 0.9), 2)
                k["completion_rate"] = round(rng.uniform(0.4, 0.95), 2)
                k["digital_take_up"] = round(min(0.95, 0.08 * level * rng.uniform(0.5, 2.2)), 2)
            s["kpis"] = k
        svcs.append(s)

    def opt(o):
        d = {"approach": o[0], "cost": o[1], "lead_years": o[2]}
        if o[3]:
            d["system"] = o[3]
        return d

    cat = {
        "format": "scaleplan/1",
        "name": "Republic of Arcadia",
        "version": "2027-01",
        "start_year": START,
        "entities": [{"id": e, "name": n, "capacity": c} for (e, n, c) in entities],
        "building_blocks": [
            dict({"id": b, "name": n, "status": st}, **({"options": [opt(o) for o in opts]} if opts else {}))
            for (b, n, st, opts) in blocks
        ],
        "systems": [{"id": i, "name": n, "provides": p, "open_source": True, "url": u} for (i, n, p, u) in systems],
        "workflows": [{"id": i, "name": n, "building_blocks": b} for (i, n, b) in workflows],
        "services": svcs,
        "life_events": [{"id": i, "name": n, "audience": a, "services": s, "weight": w}
                        for (i, n, a, w, s) in life_events],
        "policies": [{"id": i, "name": n, "kind": k, "status": st} for (i, n, k, st) in policies],
    }
    return cat


def cap_at(c, t):
    if isinstance(c, list):
        return c[min(t - 1, len(c) - 1)]
    return c


def greedy(cat, budget):
    """A simple feasible schedule: the cheapest option of every missing block
    started in year 1, then services by value per person-month."""
    wf = {w["id"]: w["building_blocks"] for w in cat["workflows"]}
    avail = {}
    spend = [0.0] * (HORIZON + 1)
    for b in cat["building_blocks"]:
        if b["status"] == "available":
            avail[b["id"]] = 1
        else:
            o = min(b["options"], key=lambda o: (o["lead_years"], o["cost"]))
            t = 1
            while spend[t] + o["cost"] > budget[min(t - 1, len(budget) - 1)]:
                t += 1
            avail[b["id"]] = t + o["lead_years"]
            spend[t] += o["cost"]
    done = {}
    for s in cat["services"]:
        if s["level"] >= s.get("target_level", 4):
            done[s["id"]] = 0
    open_s = [s for s in cat["services"] if s["id"] not in done]
    ent_cap = {e["id"]: e["capacity"] for e in cat["entities"]}
    for t in range(1, HORIZON + 1):
        y = START + t - 1
        used = {e: 0.0 for e in ent_cap}
        order = sorted(open_s, key=lambda s: (s.get("deadline_year", 9999),
                                              -(s.get("value") or s["demand"] * s["interactions"] * (s.get("target_level", 4) - s["level"]) / 3) / max(s["effort"], 1)))
        progress = True
        while progress:
            progress = False
            for s in order:
                if s["id"] in done:
                    continue
                need = set(s["building_blocks"]) | set(wf.get(s["workflow"], []))
                if any(avail[b] > t for b in need):
                    continue
                if s.get("earliest_year", 0) > y:
                    continue
                if any(done.get(p, 99) > t for p in s["depends_on"]):
                    continue
                if used[s["entity"]] + s["effort"] > cap_at(ent_cap[s["entity"]], t):
                    continue
                if spend[t] + s["cost"] > budget[min(t - 1, len(budget) - 1)]:
                    continue
                used[s["entity"]] += s["effort"]
                spend[t] += s["cost"]
                done[s["id"]] = t
                progress = True
        yield t, dict(done), used, spend[t]


def main():
    cat = build()
    budget = [2200000, 2000000, 2000000, 2000000, 2000000]
    n = len(cat["services"])
    tot_demand = sum(s["demand"] for s in cat["services"])
    dmd = {s["id"]: s["demand"] for s in cat["services"]}
    n_open = sum(1 for s in cat["services"] if s["level"] < s.get("target_level", 4))
    print(f"services {n}, open {n_open}, entities {len(cat['entities'])}")
    print("total effort", sum(s["effort"] for s in cat["services"]),
          "capacity over horizon", sum(sum(cap_at(e["capacity"], t) for t in range(1, HORIZON + 1)) for e in cat["entities"]))
    print("total service cost", sum(s["cost"] for s in cat["services"]), "budget", sum(budget))
    shares = {}
    for t, done, used, spent in greedy(cat, budget):
        cnt = len(done) / n
        dem = sum(dmd[i] for i in done) / tot_demand
        shares[START + t - 1] = (cnt, dem)
        print(f"{START + t - 1}: at target {len(done)} ({cnt:.2f}), demand {dem:.2f}, spent {spent:.0f}")
    for s in cat["services"]:
        if "deadline_year" in s:
            t = done.get(s["id"])
            assert t is not None and START + t - 1 <= s["deadline_year"], s["id"]
    targets = [
        {"year": 2029, "share": round(shares[2029][0] * 0.9, 2), "weighted_by": "count"},
        {"year": 2031, "share": round(shares[2031][1] * 0.9, 2), "weighted_by": "demand"},
    ]
    scen = {"horizon": HORIZON, "budget": budget, "capacity_factor": 1.0, "targets": targets,
            "solver": {"time_limit_s": 30, "mip_gap": 0.0001}}
    (OUT / "arcadia.catalogue.json").write_text(json.dumps(cat, indent=1, ensure_ascii=False) + "\n")
    (OUT / "arcadia.scenario.json").write_text(json.dumps(scen, indent=1) + "\n")
    print("targets", targets)


if __name__ == "__main__":
    main()
