//! The OpenAPI 3.1 document of `/api/v1`, written out by hand (no macro
//! crate: it would cost more build time than this file). A test checks that
//! every API route of the router is described here and nothing else.

use axum::Json;
use serde_json::{Value, json};

fn problem_ref() -> Value {
    json!({ "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Problem" } } } })
}

fn errors(codes: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for c in codes {
        let desc = match *c {
            "401" => "Not signed in",
            "403" => "The role lacks the permission, or CSRF/origin check failed",
            "404" => "Not found or outside the caller's jurisdiction",
            "409" => "Duplicate (e.g. ID number already registered)",
            "422" => "Invalid input; `fields` lists each problem",
            "429" => "Rate limited",
            _ => "Error",
        };
        let mut r = problem_ref();
        r["description"] = json!(desc);
        m.insert((*c).to_string(), r);
    }
    Value::Object(m)
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

fn json_body(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn ok_schema(schema: &str) -> Value {
    json!({ "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn q(name: &str, ty: &str, desc: &str) -> Value {
    let schema = match ty {
        "date" => json!({ "type": "string", "format": "date" }),
        t => json!({ "type": t }),
    };
    json!({ "name": name, "in": "query", "required": false, "schema": schema, "description": desc })
}

fn path_param(name: &str, ty: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": ty } })
}

/// The support sub-kind codes (domain::support::SupportSubKind).
const SUB_KINDS: [&str; 14] = [
    "medical_treatment",
    "maintenance",
    "rehab_training",
    "counselling",
    "group_sessions",
    "psych_assessment",
    "minimum_allowance",
    "medical_aid",
    "temporary_aid",
    "housing_aid",
    "job_referral",
    "skills_training",
    "job_placement",
    "other",
];

pub fn document() -> Value {
    let mut doc = base_document();
    if let Some(paths) = doc.get_mut("paths") {
        *paths = merge(merge(paths.take(), visit_paths()), import_paths());
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas") {
        *schemas = merge(merge(schemas.take(), visit_schemas()), import_schemas());
    }
    doc
}

fn base_document() -> Value {
    let paging = [
        q("page", "integer", "Page number, from 1"),
        q("per_page", "integer", "Items per page, 1–100 (default 20)"),
    ];
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Jindu API (禁毒综合治理平台)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every call is authorized against the caller's role and jurisdiction and audited. Protected fields are masked unless revealed with a reason. Unsafe calls with a session cookie need the `X-CSRF-Token` header from `POST /session`; calls with an API token (`Authorization: Bearer`) do not."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "cookieAuth": [] }, { "bearerAuth": [] }],
        "paths": {
            "/openapi.json": { "get": { "summary": "This document", "security": [], "responses": { "200": { "description": "OpenAPI document" } } } },
            "/session": {
                "post": { "summary": "Sign in (username, password, TOTP for administrators)", "security": [], "requestBody": json_body("SessionRequest"),
                    "responses": merge(json!({ "201": ok_schema("SessionResponse") }), errors(&["401", "422", "429"])) },
                "delete": { "summary": "Sign out", "responses": merge(json!({ "204": { "description": "Signed out" } }), errors(&["401", "403"])) }
            },
            "/suspects": {
                "get": { "summary": "Strong suspects (重嫌必检) in scope", "parameters": [q("page", "integer", "Page"), q("per_page", "integer", "Per page"), q("pending", "boolean", "Only those awaiting a result")],
                    "responses": merge(json!({ "200": { "description": "Suspects (masked)" } }), errors(&["401", "403"])) },
                "post": { "summary": "Record a suspect ordered to test", "requestBody": json_body("SuspectInput"), "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "422"])) }
            },
            "/suspects/{id}": { "get": { "summary": "One suspect (masked; audited)", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "Suspect" } }), errors(&["401", "403", "404"])) } },
            "/suspects/{id}/result": { "post": { "summary": "Record the test result; a positive result needs the evidence of use", "parameters": [path_param("id", "string")], "requestBody": json_body("SuspectResult"),
                "responses": merge(json!({ "200": { "description": "Recorded" } }), errors(&["401", "403", "404", "422"])) } },
            "/suspects/{id}/register": { "post": { "summary": "Register a positive suspect (source: strong-suspect test); the body is a person registration without name and ID number", "parameters": [path_param("id", "string")], "requestBody": json_body("PersonInput"),
                "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "409", "422"])) } },
            "/persons/{id}/attachments": {
                "get": { "summary": "Documents of the person's file (metadata)", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "Documents" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Upload a document (multipart: kind, title, file; PDF, JPEG or PNG by content; at most 10 MB; encrypted at rest)", "parameters": [path_param("id", "string")],
                    "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object", "properties": { "kind": { "type": "string", "enum": ["decision", "agreement", "warning", "test_record", "assessment", "other"] }, "title": { "type": "string" }, "file": { "type": "string", "format": "binary" } } } } } },
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
            },
            "/attachments/{id}": { "get": { "summary": "Download a document (audited)", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "The file" } }), errors(&["401", "403", "404"])) } },
            "/queue": { "get": { "parameters": [q("unit", "integer", "Only the items of this org unit and below")], "summary": "The caller's work queue (with `by_unit`: for township, county and city offices, the counts per unit directly below theirs — total, overdue, and per column of `groups`): deadlines, tests and visits due and overdue (visit_due, visit_overdue), persons possibly lost contact (lost_contact_hint), matters to report to the police, terms ending, leave requests to decide, returns from leave overdue, persons three years abstinent to confirm (abstinence_candidate), persons transferred in to receive (transfer_to_receive, with `link`), and for the police the open 双逢双查 traces (trace_source, trace_up_down_line, with `link`)", "responses": merge(json!({ "200": { "description": "Queue items" } }), errors(&["401", "403"])) } },
            "/measures/{id}/transfer": { "post": { "summary": "Record a change of execution place (JDTL 22) of a running community measure to another township of the city (to_unit: the township's code, or a village or grid in it); the person reports there within 15 days and the term continues. 422 org.unknown, transfer.not_a_township, transfer.same_township, or the state machine's code", "parameters": [path_param("id", "string")], "requestBody": json_body("TransferInput"),
                "responses": merge(json!({ "200": { "description": "The measure" } }), errors(&["401", "403", "404", "422"])) } },
            "/transfers": { "get": { "summary": "Measures on their way to a township in the caller's capture scope (person masked), by report deadline", "responses": merge(json!({ "200": { "description": "Incoming transfers" } }), errors(&["401", "403"])) } },
            "/transfers/{id}": { "get": { "summary": "One incoming transfer (by measure id): person masked, measure kind, from and to units, the day of the change and the report deadline with how it was computed", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "Incoming transfer" } }), errors(&["401", "403", "404"])) } },
            "/transfers/{id}/receive": { "post": { "summary": "The person reported at the new place: records it on the measure and moves the person and the measure to the village or grid given (inside the destination township; 422 transfer.outside_destination). The assigned social worker is cleared for the new office to assign", "parameters": [path_param("id", "string")], "requestBody": json_body("ReceiveInput"),
                "responses": merge(json!({ "200": { "description": "The person's id, now in the caller's scope" } }), errors(&["401", "403", "404", "422"])) } },
            "/cases": {
                "get": { "summary": "Drug cases in the caller's search scope, newest accepted first (police, county and city offices; audited as case.search)", "parameters": [q("stage", "string", "accepted, filed, investigation, prosecution, judged, closed"), q("person_id", "string", "Only the cases with this person among the suspects"), q("page", "integer", "Page"), q("per_page", "integer", "10, 20, 50 or 100")], "responses": merge(json!({ "200": { "description": "A page of cases" } }), errors(&["401", "403", "422"])) },
                "post": { "summary": "Record a case in the caller's capture scope (police) with its first suspects (persons on the register). A trafficking case (manufacturing, selling, transporting, smuggling; Criminal Law Art 347) opens an up/down-line trace task for each suspect whose role is not buyer; suspects of one case are linked as co-offenders. 409 case.duplicate_number", "requestBody": json_body("CaseInput"), "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "409", "422"])) }
            },
            "/cases/{id}": { "get": { "summary": "One case with its suspects (names masked); audited as case.view", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "The case" } }), errors(&["401", "403", "404"])) } },
            "/cases/{id}/subjects": { "post": { "summary": "Add a suspect who is not on the drug users' register (name, id_number, role): stored with the ID number encrypted; counted among the case's suspects and in the minors' share; not in the link graph. A person on the register is refused (422 case.on_register: add them as a suspect by person_id). 409 case.suspect_twice for the same ID number twice. Audited as case.subject", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["name", "id_number", "role"] } } } }, "responses": merge(json!({ "201": { "description": "Added: id" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/cases/{id}/objects": { "post": { "summary": "Tie a phone, vehicle, venue or place (kind: phone|vehicle|venue|place; label; on_date, default today) to a case in the caller's capture scope, as used in the offence (role used_in_case, source the case). The object is found by kind and normalised label (a phone as digits, a plate in capitals without separators) or recorded, its label encrypted. 422 object.label_length, object.label_format, date.future; 409 object.tied_twice. Audited as case.object", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["kind", "label"] } } } }, "responses": merge(json!({ "201": { "description": "Tied: object_id" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/persons/{id}/objects": {
                "get": { "summary": "The objects tied to a person of the caller's search scope (POLE), latest first: id, kind, label (in full), ties (person_id and masked person_name, or case_id and case_number; role; source_kind, source_id, source_number (the source case's number when the caller may see it); on_date) the caller may see, outside_scope (ties to persons or cases outside the scope, counted only). Audited as person.objects", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "items" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Tie the person to a phone, vehicle, venue or place: kind, label, role (uses|owns for a phone or vehicle; frequents|owns|deals_at|stores_at for a venue; lives_at|frequents|deals_at|stores_at|owns for a place), source_kind (case|lead|trace_task) and source_id of a record in the caller's capture scope, on_date (default today). One object per kind and label city-wide, so a phone shared across counties joins their networks. 422 field.invalid_code, object.role_kind, object.label_length, object.label_format, object.unknown_source, date.future; 409 object.tied_twice. Audited as person.object", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["kind", "label", "role", "source_kind", "source_id"] } } } }, "responses": merge(json!({ "201": { "description": "Tied: object_id" } }), errors(&["401", "403", "404", "409", "422"])) }
            },
            "/objects/{id}": { "get": { "summary": "One object with the ties the caller may see (as in /persons/{id}/objects); 404 when none of its ties is in the caller's search scope. Audited as object.read", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "The object" } }), errors(&["401", "403", "404"])) } },
            "/cases/{id}/suspects": { "post": { "summary": "Add a suspect to a case (as on creation: co-offender links, and the up/down-line trace of a trafficking case). 409 case.suspect_twice", "parameters": [path_param("id", "string")], "requestBody": json_body("SuspectRef"), "responses": merge(json!({ "204": { "description": "Added" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/cases/{id}/stage": { "post": { "summary": "Move a case to a later stage (stages only move forward; 422 case.stage_backwards, case.closed, case.stage_before_last)", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["stage"], "properties": { "stage": { "type": "string" }, "on": { "type": "string", "format": "date" } } } } } }, "responses": merge(json!({ "204": { "description": "Moved" } }), errors(&["401", "403", "404", "422"])) } },
            "/cases/{id}/seizures": { "post": { "summary": "Record what a case seized: a drug (kind drug, substance a register drug type code, quantity in grams) or a precursor chemical (kind precursor, substance its name, quantity in kilograms); kept exactly in milligrams. 422 seizure.quantity, seizure.too_large. Audited as case.seizure", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false, "required": ["kind", "substance", "quantity"], "properties": { "kind": { "type": "string", "enum": ["drug", "precursor"] }, "substance": { "type": "string" }, "quantity": { "type": "number" }, "seized_date": { "type": "string", "format": "date" }, "place": { "type": "string" } } } } } }, "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) } },
            "/leads": {
                "get": { "summary": "Leads (线索) in the caller's search scope, open ones by deadline first, without their narratives (audited as lead.search)", "parameters": [q("state", "string", "new, verifying, confirmed, case_filed, dismissed"), q("page", "integer", "Page"), q("per_page", "integer", "10, 20, 50 or 100")], "responses": merge(json!({ "200": { "description": "A page of leads" } }), errors(&["401", "403", "422"])) },
                "post": { "summary": "Record a lead in the caller's capture scope (police): source (intelligence, public_report, logistics, venue, other_region, superior, other), reliability (reliable, probable, unverified), summary (what lists show), content (the narrative, encrypted at rest), org_unit_id (default the caller's unit), received_date (default today), due_date (default a month later), assignee_id (a police officer of the unit's line), cooperation (none, outgoing, incoming) with partner (the other region's unit). Audited as lead.create", "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false, "required": ["source", "reliability", "summary", "content"], "properties": { "source": { "type": "string" }, "reliability": { "type": "string" }, "summary": { "type": "string" }, "content": { "type": "string" }, "org_unit_id": { "type": "integer" }, "received_date": { "type": "string", "format": "date" }, "due_date": { "type": "string", "format": "date" }, "assignee_id": { "type": "integer" }, "cooperation": { "type": "string" }, "partner": { "type": "string" } } } } } }, "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "422"])) }
            },
            "/leads/{id}": { "get": { "summary": "One lead with its narrative decrypted; audited as lead.view", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "The lead" } }), errors(&["401", "403", "404"])) } },
            "/leads/{id}/state": { "post": { "summary": "Move a lead: new → verifying → confirmed → case_filed (with case_id, a case the caller can see), or dismissed from any open state (with a reason of at least 4 characters). 422 lead.transition, lead.missing_reason, lead.missing_case, lead.unknown_case; 409 lead.changed. Audited as lead.state", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false, "required": ["state"], "properties": { "state": { "type": "string" }, "reason": { "type": "string" }, "case_id": { "type": "string" } } } } } }, "responses": merge(json!({ "204": { "description": "Moved" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/trace-tasks": { "get": { "summary": "双逢双查 trace tasks in the caller's search scope, open ones by deadline first: source traces opened by each new registration (first registered within the last 30 days), up/down-line traces opened by trafficking cases; audited as trace.search", "parameters": [q("kind", "string", "source or up_down_line"), q("state", "string", "open or closed"), q("person_id", "string", "Only this person's"), q("case_id", "string", "Only this case's"), q("page", "integer", "Page"), q("per_page", "integer", "10, 20, 50 or 100")], "responses": merge(json!({ "200": { "description": "A page of trace tasks" } }), errors(&["401", "403", "422"])) } },
            "/trace-tasks/{id}/close": { "post": { "summary": "Close a trace task in the caller's capture scope with the supplier identified (a person in the caller's search scope; linked supplier → person, sourced to the task) or the reason none was (at least 4 characters). 409 trace.closed; 422 trace.self_link, trace.missing_reason, trace.unknown_supplier", "parameters": [path_param("id", "string")], "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "additionalProperties": false, "properties": { "supplier_id": { "type": "string" }, "reason": { "type": "string" } } } } } }, "responses": merge(json!({ "200": { "description": "The closed task" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/persons/{id}/path": { "get": { "summary": "How two persons of the caller's search scope are connected: the k shortest simple paths over links of any kind, either direction, shortest first (Yen's algorithm; connected, paths: each a list of steps); persons on them outside the scope have no person_id and no name. Audited as person.path", "parameters": [path_param("id", "string"), { "name": "to", "in": "query", "required": true, "schema": { "type": "string" } }, q("k", "integer", "paths, 1 to 10, default 1")], "responses": merge(json!({ "200": { "description": "The path" } }), errors(&["401", "403", "404", "422"])) } },
            "/persons/{id}/group": { "get": { "summary": "The group (connected component) a person of the caller's search scope belongs to, for drawing: size, in_scope, and up to 500 nodes (the person first; persons outside the scope without person_id or name, with their degree) and edges (from, to: node indexes; kind). Each node carries its community (Louvain, split into linked pieces; communities: their number). profile: the cases of the visible members the caller may see and their home villages; timeline: the latest 60 events (case accepted, seizure, trace opened or closed). Visible nodes carry their register status. objects: up to 60 objects (phones, vehicles, venues, places) tied to two or more drawn members, at least one visible: object_id, kind, masked label, members (node indexes). A larger group is summarised (summarised: true, no nodes). Audited as person.group", "parameters": [path_param("id", "string")], "responses": merge(json!({ "200": { "description": "The group" } }), errors(&["401", "403", "404"])) } },
            "/analysis/groups": { "get": { "summary": "Groups (connected components of the link graph) of at least min_size persons (default 3) reaching into the caller's search scope, largest first (limit 1–100, default 20): size, the members in scope (masked, most linked first), how many are outside, the communities inside (Louvain), the cases of the visible members the caller may see and their home villages (most members first). Audited as analysis.groups", "parameters": [q("min_size", "integer", "At least this many persons (2 or more)"), q("limit", "integer", "1 to 100")], "responses": merge(json!({ "200": { "description": "Groups" } }), errors(&["401", "403", "422"])) } },
            "/analysis/key-persons": { "get": { "summary": "Key persons of the caller's search scope by betweenness over the whole link graph (exact up to 2,000 persons or after a finished exact run over the graph as it stands, estimated from 200 sources beyond: exact, sources, nodes), with their degree and closeness (limit 1–100, default 20); exact_run: the background run's state (none, running, done, stale), done and total sources. Audited as analysis.key_persons", "parameters": [q("limit", "integer", "1 to 100")], "responses": merge(json!({ "200": { "description": "Key persons" } }), errors(&["401", "403", "422"])) } },
            "/outflow": {
                "get": { "summary": "Outflow notices (外流贩毒: local people caught trafficking in other regions) at home villages in the caller's search scope, the latest caught first, masked (name, family_name, village, caught_region, caught_date, offence, their_case, person_id when on the register). Audited as outflow.search", "parameters": [q("page", "integer", "From 1"), q("per_page", "integer", "1 to 100")], "responses": merge(json!({ "200": { "description": "A page of notices" } }), errors(&["401", "403", "422"])) },
                "post": { "summary": "Records another region's notice: name, id_number, org_unit_id (the home village, in the caller's capture scope), caught_region, caught_date (default today, not in the future), offence (a case type), their_case. A person on the register with the ID number is linked; the notice counts toward outflow_traffickers. Audited as outflow.create", "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["name", "id_number", "org_unit_id", "caught_region", "offence"] } } } }, "responses": merge(json!({ "201": { "description": "Recorded: id" } }), errors(&["401", "403", "422"])) }
            },
            "/outflow/groups": { "get": { "summary": "Villages of the caller's search scope that outflow traffickers come from in numbers (three or more: 区域性) or as a family (two of one family name: 家族式), largest first: village, members, families (family_name, member indexes). Audited as outflow.groups", "responses": merge(json!({ "200": { "description": "Groups" } }), errors(&["401", "403"])) } },
            "/analysis/key-persons/exact": { "post": { "summary": "Starts the exact betweenness run over the whole link graph in the background, unless one is running or finished over the graph as it stands; answers its state (state, done, total, started_at, finished_at). Audited as analysis.exact_start", "responses": merge(json!({ "200": { "description": "The run's state" } }), errors(&["401", "403"])) } },
            "/persons/{id}/chain": { "get": { "summary": "A person's supply chain from the link graph: down-line (whom they supplied, and on) or up-line (their suppliers), to 1–6 hops; persons outside the caller's search scope are only counted (outside_scope). Audited as person.chain", "parameters": [path_param("id", "string"), q("direction", "string", "down (default) or up"), q("hops", "integer", "1 to 6 (default 3)")], "responses": merge(json!({ "200": { "description": "The chain" } }), errors(&["401", "403", "404", "422"])) } },
            "/dashboard": { "get": { "summary": "The leadership dashboard of the caller's analysis scope: per indicator its definition and target (with the target's source), the year-to-date figure (num, den, value, rag), the last 12 months, the units directly below (worst first against the target) and a year-end forecast from the 12-month trend. Read from the monthly sums kept on write", "responses": merge(json!({ "200": { "description": "Dashboard" } }), errors(&["401", "403"])) } },
            "/indicators/{code}/members": { "get": { "summary": "The records behind a figure: the indicator's members (masked persons, their unit and month, whether each is in the numerator; for strike statistics the case or lead — number or summary — to readers of strike data only, and a seizure's amount) from..to (YYYY-MM; default this year so far) under a unit (default the caller's analysis scope). Audited as indicator.drill", "parameters": [path_param("code", "string"), q("unit", "integer", "Org unit id"), q("from", "string", "YYYY-MM"), q("to", "string", "YYYY-MM")],
                "responses": merge(json!({ "200": { "description": "Members" } }), errors(&["401", "403", "404", "422"])) } },
            "/settings": { "get": { "summary": "The local-practice settings of the people module (drug_test_schedule, caseload, risk_levels, assessment_schedule, visit_cadence), each with all its versions (value, source, effective_from, who set it) and the version in force today", "responses": merge(json!({ "200": { "description": "Settings" } }), errors(&["401", "403"])) } },
            "/settings/{key}": { "post": { "summary": "Put a new version of a setting in force (city office, whole-city capture scope): from today or later, after the latest version's date; results computed earlier keep naming the version they used. 422 setting.out_of_range, setting.phases_invalid, setting.risk_levels_empty, setting.retroactive, setting.not_after_previous, setting.invalid_value; 409 setting.concurrent_change", "parameters": [path_param("key", "string")], "requestBody": json_body("SettingAmend"),
                "responses": merge(json!({ "201": { "description": "The key and the new version number" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/me": { "get": { "summary": "The signed-in user", "responses": merge(json!({ "200": ok_schema("Me") }), errors(&["401"])) } },
            "/persons": {
                "get": { "summary": "List persons in the caller's search scope (masked)",
                    "parameters": [paging[0].clone(), paging[1].clone(), q("name", "string", "Name prefix"), q("id_number", "string", "Exact ID number"), q("sex", "string", "M or F"), q("unit", "integer", "Org unit id: that unit and below"), q("registered_from", "date", "First registered on or after"), q("registered_to", "date", "First registered on or before"), q("sort", "string", "newest (default), name, registered")],
                    "responses": merge(json!({ "200": ok_schema("PersonPage") }), errors(&["401", "403", "422"])) },
                "post": { "summary": "Register a person", "requestBody": json_body("PersonInput"),
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "409", "422"])) }
            },
            "/persons/export": { "get": { "summary": "The list as a masked spreadsheet (audited, at most 50,000 rows)",
                "parameters": [q("format", "string", "xlsx (default) or csv"), q("name", "string", "Name prefix"), q("id_number", "string", "Exact ID number"), q("sex", "string", "M or F"), q("unit", "integer", "Org unit id: that unit and below"), q("registered_from", "date", "First registered on or after"), q("registered_to", "date", "First registered on or before"), q("sort", "string", "newest (default), name, registered")],
                "responses": merge(json!({ "200": { "description": "The file", "content": { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}, "text/csv": {} } } }), errors(&["401", "403", "422"])) } },
            "/persons/{id}": {
                "get": { "summary": "One person (masked); the view is audited", "parameters": [path_param("id", "string")],
                    "responses": merge(json!({ "200": ok_schema("Person") }), errors(&["401", "403", "404"])) },
                "patch": { "summary": "Change some register fields (status, source, risk, drugs, tags, worker): a field left out keeps its value; identity and first registration are fixed. Answers the names of the fields that changed", "parameters": [path_param("id", "string")], "requestBody": json_body("RegisterPatch"),
                    "responses": merge(json!({ "200": { "description": "The names of the fields changed" } }), errors(&["401", "403", "404", "422"])) }
            },
            "/persons/{id}/measures": {
                "get": { "summary": "The person's measures with legal deadlines (how each was computed) and events", "parameters": [path_param("id", "string")],
                    "responses": merge(json!({ "200": { "description": "Measures" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Order a measure (community detox, rehabilitation, compulsory isolation, voluntary, maintenance); answers warnings to weigh (JDF 39)", "parameters": [path_param("id", "string")], "requestBody": json_body("MeasureOrder"),
                    "responses": merge(json!({ "201": { "description": "The measure's id and warnings" } }), errors(&["401", "403", "404", "409", "422"])) }
            },
            "/measures/{id}/events": { "post": { "summary": "Record an event of a measure (report-in, agreement, pause, transfer, escape, extension, early release, completion …), checked by the legal state machine", "parameters": [path_param("id", "string")], "requestBody": json_body("MeasureEvent"),
                "responses": merge(json!({ "200": { "description": "The measure after the event" } }), errors(&["401", "403", "404", "422"])) } },
            "/persons/{id}/tests": {
                "get": { "summary": "The person's drug tests, the schedule of the running community measure (overdue items), the JDTL 20 counters and the police flags", "parameters": [path_param("id", "string")],
                    "responses": merge(json!({ "200": { "description": "Tests" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Record a drug test", "parameters": [path_param("id", "string")], "requestBody": json_body("TestInput"),
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
            },
            "/persons/{id}/police-reports": {
                "post": { "summary": "Record that a flag shown on the tests view (police_flags) was reported to the police (JDTL 21); the flag then leaves the file's alerts and the work queue", "parameters": [path_param("id", "string")], "requestBody": json_body("PoliceReportInput"),
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
            },
            "/persons/{id}/assessments": {
                "get": { "summary": "The person's assessments and self-reports (notes included) and, under a community measure, the due dates of each kind (review, annual, self_report) with their state; audited as a view of the person", "parameters": [path_param("id", "string")],
                    "responses": merge(json!({ "200": { "description": "Assessments" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Record an assessment or self-report under the running measure (422 assessment.no_measure without one); notes encrypted at rest", "parameters": [path_param("id", "string")], "requestBody": json_body("AssessmentInput"),
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
            },
            "/persons/{id}/leave": {
                "get": { "summary": "The person's leave requests (JDTL 19) with state, departure and return, unreported absences, the unauthorised absences of the running community measure with their days, and the JDTL 20 counters (tests and absences)", "parameters": [path_param("id", "string")],
                    "responses": merge(json!({ "200": { "description": "Leave" } }), errors(&["401", "403", "404"])) },
                "post": { "summary": "Record a written leave report under the running community measure (the destination is encrypted at rest)", "parameters": [path_param("id", "string")], "requestBody": json_body("LeaveInput"),
                    "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
            },
            "/persons/{id}/addiction": { "post": { "summary": "Record the police's addiction determination (CYRD 4, 6): level addicted or severe, its day (default today, never later), and for a severe one at least one CYRD 8 ground; the person's place in 应收尽收 (severe_under_measure) follows at once; audited person.addiction", "parameters": [path_param("id", "string")], "requestBody": json_body("AddictionInput"),
                "responses": merge(json!({ "204": { "description": "Recorded" } }), errors(&["401", "403", "404", "422"])) } },
            "/persons/{id}/absences": { "post": { "summary": "Record an absence of 3 days or more found without any leave report (an unauthorised absence, JDTL 20)", "parameters": [path_param("id", "string")], "requestBody": json_body("AbsenceInput"),
                "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) } },
            "/leave/{id}/decision": { "post": { "summary": "Approve or refuse a leave request: township, county or city officers only, never the user who filed it", "parameters": [path_param("id", "string")], "requestBody": json_body("LeaveDecision"),
                "responses": merge(json!({ "200": { "description": "The request after the decision" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/leave/{id}/departure": { "post": { "summary": "Record the departure (approved or not: leaving without approval counts as unauthorised)", "parameters": [path_param("id", "string")], "requestBody": json_body("LeaveDate"),
                "responses": merge(json!({ "200": { "description": "The request after the departure" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/leave/{id}/return": { "post": { "summary": "Record the return; days past the approved return count as an unauthorised absence", "parameters": [path_param("id", "string")], "requestBody": json_body("LeaveDate"),
                "responses": merge(json!({ "200": { "description": "The request after the return, with any unauthorised days" } }), errors(&["401", "403", "404", "409", "422"])) } },
            "/persons/{id}/history": { "get": { "summary": "Change history: who, when, which fields (never values)", "parameters": [path_param("id", "string")],
                "responses": merge(json!({ "200": { "description": "History entries" } }), errors(&["401", "403", "404"])) } },
            "/persons/{id}/reveal": { "post": { "summary": "Full ID number, phone and addresses, with a reason (audited, rate-limited)", "parameters": [path_param("id", "string")], "requestBody": json_body("RevealRequest"),
                "responses": merge(json!({ "200": ok_schema("Revealed") }), errors(&["401", "403", "404", "422", "429"])) } },
            "/org-units": { "get": { "summary": "Children of an org unit (or the top units)", "parameters": [q("parent", "integer", "Parent unit id")],
                "responses": merge(json!({ "200": ok_schema("OrgUnitList") }), errors(&["401", "403", "404"])) } },
            "/org-units/{id}": { "get": { "summary": "One org unit", "parameters": [path_param("id", "integer")],
                "responses": merge(json!({ "200": ok_schema("OrgUnit") }), errors(&["401", "403", "404"])) } },
            "/audit": { "get": { "summary": "Search the audit trail (audit administrator)",
                "parameters": [paging[0].clone(), paging[1].clone(), q("username", "string", "Actor"), q("event", "string", "Event type, e.g. person.view"), q("object_type", "string", "e.g. person"), q("object_id", "string", "Object id"), q("from_ms", "integer", "From, UTC ms"), q("to_ms", "integer", "To (exclusive), UTC ms")],
                "responses": merge(json!({ "200": ok_schema("AuditPage") }), errors(&["401", "403"])) } }
        },
        "components": {
            "securitySchemes": {
                "cookieAuth": { "type": "apiKey", "in": "cookie", "name": "jd_session" },
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "API token created on the account page" }
            },
            "schemas": {
                "Problem": { "type": "object", "required": ["error", "message", "request_id"], "properties": {
                    "error": { "type": "string" }, "message": { "type": "string" }, "request_id": { "type": "string" },
                    "fields": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" } } } },
                    "existing": { "type": "string" } } },
                "SessionRequest": { "type": "object", "additionalProperties": false, "required": ["username", "password"], "properties": {
                    "username": { "type": "string" }, "password": { "type": "string" }, "totp": { "type": ["string", "null"] } } },
                "SessionResponse": { "type": "object", "properties": { "csrf_token": { "type": "string" }, "idle_timeout_minutes": { "type": "integer" },
                    "user": { "type": "object", "properties": { "id": { "type": "integer" }, "username": { "type": "string" }, "display_name": { "type": "string" }, "role": { "type": "string" } } } } },
                "Me": { "type": "object", "properties": { "id": { "type": ["integer", "null"] }, "username": { "type": "string" }, "display_name": { "type": "string" }, "role": { "type": "string" },
                    "permissions": { "type": "array", "items": { "type": "string" } }, "org_unit_id": { "type": ["integer", "null"] }, "locale": { "type": "string" } } },
                "PersonInput": { "type": "object", "additionalProperties": false, "required": ["name", "id_number", "residence_unit_id"], "properties": {
                    "name": { "type": "string", "maxLength": 50 }, "id_number": { "type": "string", "description": "GB 11643, 18 or 15 digits" },
                    "phone": { "type": "string" }, "household_unit_id": { "type": ["integer", "null"] }, "household_address": { "type": "string" },
                    "residence_unit_id": { "type": ["integer", "null"], "description": "Village/community" }, "residence_grid_id": { "type": ["integer", "null"] },
                    "residence_address": { "type": "string" }, "first_reg_unit_id": { "type": ["integer", "null"] }, "first_reg_officer": { "type": "string" },
                    "first_reg_date": { "type": ["string", "null"], "format": "date" } } },
                "Person": { "type": "object", "required": ["id", "name", "id_number"], "properties": {
                    "id": { "type": "string" }, "name": { "type": "string" }, "sex": { "type": "string", "enum": ["M", "F"] }, "birth_date": { "type": "string", "format": "date" }, "age": { "type": "integer" },
                    "id_number": { "type": "string", "description": "Masked: 990101********1234" }, "phone": { "type": ["string", "null"], "description": "Masked: 154****1234" },
                    "household_unit_id": { "type": "integer" }, "household_unit": { "type": "string" }, "household_address": { "type": ["string", "null"] },
                    "residence_unit_id": { "type": "integer" }, "residence_unit": { "type": "string" }, "residence_grid_id": { "type": ["integer", "null"] }, "residence_grid": { "type": ["string", "null"] },
                    "residence_address": { "type": ["string", "null"] }, "first_reg_unit_id": { "type": "integer" }, "first_reg_unit": { "type": "string" },
                    "first_reg_officer": { "type": "string" }, "first_reg_date": { "type": "string", "format": "date" }, "org_unit_id": { "type": "integer" }, "created_at": { "type": "integer" } } },
                "Created": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
                "PersonPage": { "type": "object", "required": ["items", "total"], "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Person" } },
                    "total": { "type": "integer" }, "page": { "type": "integer" }, "per_page": { "type": "integer" } } },
                "RegisterPatch": { "type": "object", "additionalProperties": false, "properties": {
                    "status": { "type": "string", "description": "registered, under_measure, abstinent_3y, in_custody, lost_contact, fugitive, transferred_out, emigrated, deceased" },
                    "registration_source": { "type": "string" }, "risk_level": { "type": "string", "enum": ["", "A", "B", "C1", "C2"] },
                    "drug_types": { "type": "array", "items": { "type": "string" } }, "tags": { "type": "array", "items": { "type": "string" } },
                    "assigned_worker_id": { "type": ["integer", "null"], "description": "null clears the assignment" } } },
                "MeasureOrder": { "type": "object", "additionalProperties": false, "required": ["kind", "decided_on"], "properties": {
                    "kind": { "type": "string", "enum": ["community_detox", "community_rehab", "compulsory_isolation", "voluntary_detox", "maintenance_therapy"] },
                    "decided_on": { "type": "string", "format": "date" }, "served_on": { "type": ["string", "null"], "format": "date" },
                    "term_months": { "type": ["integer", "null"] }, "after_rehab_refusal": { "type": "boolean" } } },
                "MeasureEvent": { "type": "object", "required": ["event", "on"], "properties": {
                    "event": { "type": "string", "description": "transfer and report_at_new_place have their own routes (/measures/{id}/transfer, /transfers/{id}/receive)", "enum": ["report_in", "deem_refused", "report_refusal_to_police", "sign_agreement", "pause", "resume", "complete", "notify_police_of_release", "escape", "return", "extend", "early_release", "file_with_police", "terminate"] },
                    "on": { "type": "string", "format": "date" }, "late_reason": { "type": ["string", "null"] }, "cause": { "type": "string" },
                    "recaptured": { "type": "boolean" }, "by": { "type": "object", "description": "For extend: {\"months\": n}" } } },
                "TestInput": { "type": "object", "additionalProperties": false, "required": ["method", "setting", "result"], "properties": {
                    "test_date": { "type": ["string", "null"], "format": "date" }, "method": { "type": "string", "enum": ["urine", "hair", "blood", "saliva"] },
                    "setting": { "type": "string", "enum": ["on_site", "lab", "retest"] }, "result": { "type": "string", "enum": ["negative", "positive", "refused", "evaded"] },
                    "substances": { "type": "array", "items": { "type": "string" } }, "unannounced": { "type": "boolean" } } },
                "CaseInput": { "type": "object", "additionalProperties": false, "required": ["number", "case_type", "title", "org_unit_id"], "properties": {
                    "number": { "type": "string", "description": "Case number, unique" },
                    "case_type": { "type": "string", "enum": ["manufacturing", "selling", "transporting", "smuggling", "possession", "harbouring", "precursors", "cultivation"] },
                    "title": { "type": "string" },
                    "org_unit_id": { "type": "integer" },
                    "accepted_date": { "type": "string", "format": "date" },
                    "place": { "type": "string" },
                    "handling_unit": { "type": "string" },
                    "campaigns": { "type": "array", "items": { "type": "string" }, "description": "e.g. 两打两控" },
                    "organised_crime": { "type": "boolean" },
                    "suspects": { "type": "array", "items": { "$ref": "#/components/schemas/SuspectRef" } } } },
                "SuspectRef": { "type": "object", "additionalProperties": false, "required": ["person_id", "role"], "properties": {
                    "person_id": { "type": "string" },
                    "role": { "type": "string", "enum": ["organiser", "manufacturer", "seller", "courier", "buyer", "harbourer", "other"] } } },
                "SuspectInput": { "type": "object", "additionalProperties": false, "required": ["name", "id_number"], "properties": {
                    "name": { "type": "string" }, "id_number": { "type": "string" }, "unit_id": { "type": ["integer", "null"] },
                    "found_date": { "type": ["string", "null"], "format": "date" }, "circumstances": { "type": "string" } } },
                "SuspectResult": { "type": "object", "additionalProperties": false, "required": ["result"], "properties": {
                    "test_date": { "type": ["string", "null"], "format": "date" }, "result": { "type": "string", "enum": ["negative", "positive", "refused"] }, "evidence": { "type": "string" } } },
                "PoliceReportInput": { "type": "object", "additionalProperties": false, "required": ["reason", "raised_on", "police_unit"], "properties": {
                    "reason": { "type": "string", "enum": ["refused_measure", "drug_use_during_measure", "serious_violation"] }, "raised_on": { "type": "string", "format": "date", "description": "The flag's date" },
                    "reported_on": { "type": ["string", "null"], "format": "date", "description": "Default today; not before the flag, not in the future" }, "police_unit": { "type": "string", "maxLength": 100 } } },
                "AssessmentInput": { "type": "object", "additionalProperties": false, "required": ["kind", "conclusion"], "properties": {
                    "done_date": { "type": ["string", "null"], "format": "date", "description": "Default today; not in the future" },
                    "kind": { "type": "string", "enum": ["review", "annual", "self_report"] }, "conclusion": { "type": "string", "enum": ["stable", "needs_attention", "at_risk"] },
                    "notes": { "type": "string", "maxLength": 500 } } },
                "TransferInput": { "type": "object", "additionalProperties": false, "required": ["to_unit"], "properties": {
                    "on": { "type": ["string", "null"], "format": "date", "description": "Default today" }, "to_unit": { "type": "string", "description": "Township code, or a village or grid in it" } } },
                "ReceiveInput": { "type": "object", "additionalProperties": false, "required": ["unit"], "properties": {
                    "on": { "type": ["string", "null"], "format": "date", "description": "Default today" }, "unit": { "type": "string", "description": "Village or grid code of the new residence" } } },
                "SettingAmend": { "type": "object", "additionalProperties": false, "required": ["value", "source", "effective_from"], "properties": {
                    "value": { "type": "object", "description": "The value in the key's own shape, as `value.value` of a version in GET /settings: drug_test_schedule {phases: [{from_month, until_month|null, every_months}], tolerance_days, unannounced}; caseload {persons_per_worker}; risk_levels {levels: [A|B|C1|C2]}; assessment_schedule {review_every_months, annual_every_months, self_report_every_months, tolerance_days}; visit_cadence {every_months, due_soon_days, lost_contact_after}" },
                    "source": { "type": "string", "description": "The document or practice the value comes from" },
                    "effective_from": { "type": "string", "format": "date" } } },
                "LeaveInput": { "type": "object", "additionalProperties": false, "required": ["from", "to", "destination", "reason"], "properties": {
                    "from": { "type": "string", "format": "date", "description": "Planned departure" }, "to": { "type": "string", "format": "date", "description": "Planned return" },
                    "destination": { "type": "string", "maxLength": 100 }, "reason": { "type": "string", "maxLength": 200 },
                    "requested_on": { "type": ["string", "null"], "format": "date", "description": "Day the written report was handed in (default today); not after the planned departure" } } },
                "LeaveDecision": { "type": "object", "additionalProperties": false, "required": ["decision"], "properties": {
                    "decision": { "type": "string", "enum": ["approve", "refuse"] }, "on": { "type": ["string", "null"], "format": "date", "description": "Default today" } } },
                "LeaveDate": { "type": "object", "additionalProperties": false, "properties": {
                    "on": { "type": ["string", "null"], "format": "date", "description": "Default today; not in the future" } } },
                "AddictionInput": { "type": "object", "additionalProperties": false, "required": ["level"], "properties": {
                    "level": { "type": "string", "enum": ["addicted", "severe"] },
                    "determined_on": { "type": "string", "format": "date" },
                    "grounds": { "type": "array", "items": { "type": "string", "enum": ["relapse_after_measure", "injection", "multiple_classes", "harm_after_use"] }, "description": "CYRD 8 grounds; required for severe, refused otherwise" } } },
                "AbsenceInput": { "type": "object", "additionalProperties": false, "required": ["from", "to"], "properties": {
                    "from": { "type": "string", "format": "date", "description": "Left" }, "to": { "type": "string", "format": "date", "description": "Back; at least 3 days after leaving" } } },
                "RevealRequest": { "type": "object", "additionalProperties": false, "required": ["reason"], "properties": { "reason": { "type": "string", "minLength": 4, "maxLength": 200 } } },
                "Revealed": { "type": "object", "properties": { "id_number": { "type": "string" }, "phone": { "type": ["string", "null"] }, "household_address": { "type": ["string", "null"] }, "residence_address": { "type": ["string", "null"] } } },
                "OrgUnit": { "type": "object", "properties": { "id": { "type": "integer" }, "parent_id": { "type": ["integer", "null"] }, "level": { "type": "string", "enum": ["city", "county", "township", "village", "grid"] },
                    "code": { "type": "string" }, "name": { "type": "string" }, "active": { "type": "boolean" }, "children": { "type": "integer" } } },
                "OrgUnitList": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/OrgUnit" } }, "total": { "type": "integer" } } },
                "AuditPage": { "type": "object", "properties": { "items": { "type": "array", "items": { "type": "object" } }, "total": { "type": "integer" }, "page": { "type": "integer" }, "per_page": { "type": "integer" } } }
            }
        }
    })
}

/// Visits and support (issue 3 §5): their paths.
fn visit_paths() -> Value {
    json!({
    "/persons/{id}/visits": {
        "get": { "summary": "The person's visits (interviews, home visits, other contacts) with their notes, the next visit due under a community measure (visit-cadence setting) and the lost-contact hint; audited as a view of the person", "parameters": [path_param("id", "string")],
            "responses": merge(json!({ "200": ok_schema("Visits") }), errors(&["401", "403", "404"])) },
        "post": { "summary": "Record a visit by the caller; the notes are stored encrypted", "parameters": [path_param("id", "string")], "requestBody": json_body("VisitInput"),
            "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
    },
    "/persons/{id}/support-plan": {
        "get": { "summary": "The person's current support plan (一人一策): a goal per kind of 四位一体 support and the anti-drug poverty relief flag; `plan` is null when none was set", "parameters": [path_param("id", "string")],
            "responses": merge(json!({ "200": ok_schema("SupportPlanResponse") }), errors(&["401", "403", "404"])) },
        "put": { "summary": "Set (create or replace) the support plan; goals are stored encrypted", "parameters": [path_param("id", "string")], "requestBody": json_body("SupportPlanInput"),
            "responses": merge(json!({ "200": ok_schema("SupportPlanResponse") }), errors(&["401", "403", "404", "422"])) }
    },
    "/persons/{id}/support": {
        "get": { "summary": "Support given to the person (treatment, psychological correction, relief, employment), newest first", "parameters": [path_param("id", "string")],
            "responses": merge(json!({ "200": ok_schema("SupportRecordList") }), errors(&["401", "403", "404"])) },
        "post": { "summary": "Record support given, with its provider and outcome", "parameters": [path_param("id", "string")], "requestBody": json_body("SupportInput"),
            "responses": merge(json!({ "201": ok_schema("Created") }), errors(&["401", "403", "404", "422"])) }
    }
    })
}

/// Visits and support: their schemas.
fn visit_schemas() -> Value {
    json!({
    "VisitInput": { "type": "object", "additionalProperties": false, "required": ["kind", "place", "outcome"], "properties": {
        "visit_date": { "type": ["string", "null"], "format": "date", "description": "Today when absent; not in the future" },
        "kind": { "type": "string", "enum": ["interview", "home_visit", "phone", "other"], "description": "Only interviews and home visits that found the person satisfy the visit cadence" },
        "place": { "type": "string", "enum": ["home", "office", "workplace", "elsewhere"] },
        "outcome": { "type": "string", "enum": ["normal", "situation_changed", "not_found"], "description": "not_found counts toward the lost-contact hint" },
        "notes": { "type": "string", "maxLength": 500, "description": "Required when the situation changed; stored encrypted" } } },
    "Visit": { "type": "object", "properties": {
        "id": { "type": "string" }, "visit_date": { "type": "string", "format": "date" }, "kind": { "type": "string" }, "place": { "type": "string" }, "outcome": { "type": "string" },
        "notes": { "type": ["string", "null"] }, "during_measure": { "type": "boolean" }, "visited_by": { "type": ["string", "null"] } } },
    "Visits": { "type": "object", "properties": {
        "items": { "type": "array", "items": { "$ref": "#/components/schemas/Visit" } }, "total": { "type": "integer" },
        "next_due": { "type": ["object", "null"], "properties": { "due": { "type": "string", "format": "date" }, "last_visit": { "type": ["string", "null"], "format": "date" },
            "state": { "type": "string", "enum": ["upcoming", "due", "overdue"] }, "used": { "type": "object" } } },
        "lost_contact_hint": { "type": ["integer", "null"], "description": "Visits in a row that did not find the person, once at the threshold" },
        "cadence_setting": { "type": ["object", "null"], "properties": { "version": { "type": "integer" }, "effective_from": { "type": "string", "format": "date" } } } } },
    "SupportPlanInput": { "type": "object", "additionalProperties": false, "properties": {
        "poverty_relief": { "type": "boolean", "description": "In the anti-drug poverty relief programme (禁毒脱贫)" },
        "goals": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["kind"], "properties": {
            "kind": { "type": "string", "enum": ["treatment", "psychological", "relief", "employment"], "description": "At most one goal per kind" },
            "sub_kinds": { "type": "array", "items": { "type": "string", "enum": SUB_KINDS }, "description": "Each must belong to the kind (other fits any)" },
            "goal": { "type": "string", "maxLength": 200, "description": "Stored encrypted; a goal or a sub-kind is required" } } } } } },
    "SupportPlanResponse": { "type": "object", "properties": { "plan": { "type": ["object", "null"], "properties": {
        "id": { "type": "string" }, "poverty_relief": { "type": "boolean" },
        "goals": { "type": "array", "items": { "type": "object", "properties": { "kind": { "type": "string" }, "sub_kinds": { "type": "array", "items": { "type": "string" } }, "goal": { "type": ["string", "null"] } } } },
        "updated_by": { "type": ["string", "null"] }, "created_at": { "type": "integer" }, "updated_at": { "type": "integer" } } } } },
    "SupportInput": { "type": "object", "additionalProperties": false, "required": ["kind", "sub_kind", "provider", "outcome"], "properties": {
        "support_date": { "type": ["string", "null"], "format": "date", "description": "Today when absent; not in the future" },
        "kind": { "type": "string", "enum": ["treatment", "psychological", "relief", "employment"] },
        "sub_kind": { "type": "string", "enum": SUB_KINDS, "description": "Must belong to the kind (other fits any)" },
        "provider": { "type": "string", "maxLength": 100, "description": "Unit or organisation that gave the support" },
        "outcome": { "type": "string", "enum": ["provided", "applied", "granted", "not_granted", "placed", "declined"], "description": "applied/granted/not_granted for relief only, placed for employment only" } } },
    "SupportRecordList": { "type": "object", "properties": { "total": { "type": "integer" }, "items": { "type": "array", "items": { "type": "object", "properties": {
        "id": { "type": "string" }, "support_date": { "type": "string", "format": "date" }, "kind": { "type": "string" }, "sub_kind": { "type": "string" },
        "provider": { "type": "string" }, "outcome": { "type": "string" }, "recorded_by": { "type": ["string", "null"] } } } } } }
    })
}

/// Imports of measures and drug tests: one upload, one report.
fn import_paths() -> Value {
    let upload = |fields: &[&str]| {
        let mut props = serde_json::Map::new();
        props.insert("file".into(), json!({ "type": "string", "format": "binary", "description": ".xlsx (first sheet) or .csv (UTF-8 or GBK), header in the first row; at most 10 MB and 50,000 rows; formula cells are refused, never evaluated" }));
        props.insert("mode".into(), json!({ "type": "string", "enum": ["dry", "apply"], "default": "dry", "description": "dry checks every row and writes nothing; apply writes all rows in one transaction, only when no row has an error" }));
        for f in fields {
            props.insert(format!("map_{f}"), json!({ "type": "string", "description": "Header of the column for this field (default: the office's usual headers are recognised; empty: none)" }));
        }
        json!({ "required": true, "content": { "multipart/form-data": { "schema": { "type": "object", "required": ["file"], "properties": props } } } })
    };
    json!({
    "/persons/import": { "post": {
        "summary": "Import persons: per row a registration checked exactly as POST /persons (units by division code, inside the caller's capture scope); an ID number already on the register or twice in the file is refused; one audit entry person.import",
        "requestBody": upload(&["name", "id_number", "phone", "residence_unit", "residence_grid", "residence_address", "household_unit", "household_address", "first_reg_unit", "first_reg_officer", "first_reg_date", "registration_source", "risk_level", "drug_types"]),
        "responses": merge(json!({ "200": ok_schema("ImportReport") }), errors(&["401", "403", "422"])) } },
    "/measures/import": { "post": {
        "summary": "Import measures: per row a person of the caller's capture scope by ID number, the measure (kind as code or name, decision, service, term, report-in, agreement, and for a measure already over its end day and reason), built by the legal state machine as on the file; a person not found and one out of scope get the same error (import.person_unknown); a second open measure or overlapping periods of a person are refused; one audit entry measure.import",
        "requestBody": upload(&["id_number", "kind", "decided_on", "served_on", "term_months", "after_rehab_refusal", "reported_in_on", "agreement_on", "ended_on", "end_reason"]),
        "responses": merge(json!({ "200": ok_schema("ImportReport") }), errors(&["401", "403", "409", "422"])) } },
    "/tests/import": { "post": {
        "summary": "Import drug tests: per row a person of the caller's capture scope by ID number and one test (date, method, setting, result, substances when positive, unannounced), checked as a test recorded on the file and linked to the measure running that day; the same test twice is refused; one audit entry test.import",
        "requestBody": upload(&["id_number", "test_date", "method", "setting", "result", "substances", "unannounced"]),
        "responses": merge(json!({ "200": ok_schema("ImportReport") }), errors(&["401", "403", "422"])) } }
    })
}

fn import_schemas() -> Value {
    json!({
    "ImportReport": { "type": "object", "required": ["rows", "valid", "applied", "errors"], "properties": {
        "rows": { "type": "integer" }, "valid": { "type": "integer", "description": "Rows without an error" },
        "applied": { "type": "boolean", "description": "True only when mode was apply and every row was written" },
        "errors": { "type": "array", "items": { "type": "object", "properties": {
            "line": { "type": "integer", "description": "Row of the sheet (the header is row 1)" }, "field": { "type": "string" },
            "code": { "type": "string" }, "message": { "type": "string" } } } } } }
    })
}

pub async fn serve() -> Json<Value> {
    Json(document())
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_exactly_the_api_routes() {
        let doc = super::document();
        let paths = doc["paths"].as_object().unwrap();
        let mut documented: Vec<String> = Vec::new();
        for (p, ops) in paths {
            for m in ops.as_object().unwrap().keys() {
                documented.push(format!("{} /api/v1{}", m.to_uppercase(), p));
            }
        }
        let mut routed: Vec<String> = crate::policy::ROUTES
            .iter()
            .filter(|(_, p, _)| p.starts_with("/api/v1"))
            .map(|(m, p, _)| format!("{m} {p}"))
            .collect();
        documented.sort();
        routed.sort();
        assert_eq!(documented, routed);
    }

    #[test]
    fn sub_kind_enum_matches_the_domain() {
        let domain: Vec<&str> = jindu_domain::support::SupportSubKind::ALL
            .iter()
            .map(|s| s.code())
            .collect();
        assert_eq!(domain, super::SUB_KINDS);
    }
}
