// Seeds a workshop database for `npm run bench:workshop` with set-based SQL as
// the table owner (RLS is forced, so each tenant's rows go in under its own
// app.org_id). Every id is a UUIDv7 computed from a row's number, so a repair
// order can name its vehicle, and a line its job, without reading them back.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { vinCheckDigit } from "@/lib/vehicles/vin";

export interface TenantSize {
  customers: number;
  vehicles: number;
  repairOrders: number;
  /** the newest repair orders still on the job board; a few stale estimates come on top */
  openOrders: number;
}

export interface SeededTenant {
  orgId: string;
  slug: string;
  ownerUserId: string;
  technicianUserIds: string[];
  size: TenantSize;
}

const HISTORY_MS = 5 * 365 * 24 * 60 * 60 * 1000;

const FIRST_NAMES = [
  "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Thomas", "Oscar", "William", "James", "Henry", "Leo", "Alfie",
  "Joshua", "Freddie", "Archie", "Ethan", "Isaac", "Alexander", "Joseph", "Edward", "Samuel", "Max", "Daniel", "Arthur", "Lucas",
  "Mohammed", "Benjamin", "Theo", "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella", "Lily",
  "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Harper", "Willow", "Charlotte", "Jessica", "Daisy", "Florence", "Sienna", "Ruby",
  "Matilda", "Phoebe", "Rosie", "Evelyn", "Eleanor", "Priya",
];
const LAST_NAMES = [
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson",
  "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
  "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James",
  "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
  "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson",
  "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali",
];
const TOWNS = ["Leeds", "York", "Bristol", "Reading", "Derby", "Norwich", "Exeter", "Bath", "Chester", "Lincoln", "Durham", "Carlisle"];
const CONCERNS = [
  "Annual service", "MOT due", "Grinding noise when braking", "Engine management light on", "Knocking from front suspension",
  "Air conditioning not cold", "Clutch slipping", "Vibration at motorway speed", "Battery keeps going flat", "Oil leak on driveway",
  "Squeal from engine bay on start-up", "Pulls to the left", "Exhaust blowing", "Coolant warning light", "Tyre pressure warning",
];
const JOB_TITLES = [
  "Full service", "Interim service", "MOT test", "Front brake pads and discs", "Rear brake pads", "Diagnose engine light",
  "Replace battery", "Wheel alignment", "Air conditioning recharge", "Replace clutch kit", "Replace timing belt",
  "Replace front shock absorbers", "Exhaust repair", "Coolant flush", "Replace wiper blades", "Replace cabin filter",
  "Two front tyres", "Replace auxiliary belt", "Replace glow plugs", "Brake fluid change",
];
const PARTS = [
  "Oil filter", "Engine oil 5W-30 (5 l)", "Brake pad set", "Brake disc", "Battery 070", "Clutch kit", "Timing belt kit", "Shock absorber",
  "Air filter", "Cabin filter", "Wiper blade", "Tyre 205/55 R16", "Auxiliary belt", "Glow plug", "Brake fluid DOT 4", "Coolant (5 l)",
];
/** [first eight VIN characters, make, model, engine, fuel]; the seventh character is a letter (2010+ model years) */
const VIN_TEMPLATES: [string, string, string, string, string][] = [
  ["WVWZZZAU", "Volkswagen", "Golf", "1.5 TSI", "PETROL"], ["WBA5R1C0", "BMW", "3 Series", "320d", "DIESEL"],
  ["WF0XXXGC", "Ford", "Focus", "1.0 EcoBoost", "PETROL"], ["SB1K93BE", "Toyota", "Corolla", "1.8 Hybrid", "HYBRID"],
  ["VF1RFBAA", "Renault", "Clio", "1.0 TCe", "PETROL"], ["W0LBD6EA", "Vauxhall", "Corsa", "1.2", "PETROL"],
  ["TMBJJ7NE", "Škoda", "Octavia", "2.0 TDI", "DIESEL"], ["SJNFAAJ1", "Nissan", "Qashqai", "1.3 DIG-T", "PETROL"],
  ["KNADN5AC", "Kia", "Sportage", "1.6 T-GDi", "PLUG_IN_HYBRID"], ["WDDWJ8DB", "Mercedes-Benz", "C-Class", "C220d", "DIESEL"],
  ["YV1UZBAV", "Volvo", "XC40", "Recharge", "ELECTRIC"], ["SALGA2BE", "Land Rover", "Range Rover", "3.0 SDV6", "DIESEL"],
  ["JHMFK7H5", "Honda", "Civic", "1.0 VTEC", "PETROL"], ["VF3MCYHZ", "Peugeot", "208", "1.2 PureTech", "PETROL"],
  ["WAUZZZF4", "Audi", "A4", "2.0 TFSI", "PETROL"], ["5YJ3E7EB", "Tesla", "Model 3", "Long Range", "ELECTRIC"],
];
/** model-year codes for 2014-2024 (position 10) */
const YEAR_CODES = "EFGHJKLMNPR";
const PLATE_LETTERS = "ABCDEFGHJKLMNPRSTUVWXY";

/** One row per VIN template and model year, with what its fixed characters add to the check-digit sum (mod 11). */
function vinCombos() {
  return VIN_TEMPLATES.flatMap(([prefix, make, model, engine, fuel], t) =>
    [...YEAR_CODES].map((yearCode, y) => {
      const digit = vinCheckDigit(`${prefix}0${yearCode}A000000`);
      return { i: t * YEAR_CODES.length + y + 1, prefix, yearCode, make, model, engine, fuel, year: 2014 + y, rem: digit === "X" ? 10 : Number(digit) };
    }),
  );
}

/** A UUIDv7 (48-bit millisecond time, version 7, variant 10) from a time and a unique seed string. */
const uuid7 = (ms: string, seed: string) =>
  `left(overlay(overlay(lpad(to_hex(${ms}), 12, '0') || md5(${seed}) placing '7' from 13) placing '8' from 17), 32)::uuid`;

/** SQL for one tenant's timeline: row number -> creation time in ms since the epoch. */
function timeline(size: TenantSize, now: number) {
  const start = now - HISTORY_MS;
  const customerStep = Math.floor((HISTORY_MS * 0.95) / size.customers);
  const vehicleStep = Math.floor((HISTORY_MS * 0.95) / size.vehicles);
  const orderStep = Math.floor((HISTORY_MS - 60_000) / size.repairOrders);
  const customerMs = (c: string) => `(${start}::bigint + (${c})::bigint * ${customerStep})`;
  const vehicleMs = (v: string) => `(${start}::bigint + (${v})::bigint * ${vehicleStep} + 1000)`;
  const orderMs = (n: string) => `(${start}::bigint + (${n})::bigint * ${orderStep})`;
  return {
    customerMs,
    vehicleMs,
    orderMs,
    customerId: (c: string) => uuid7(customerMs(c), `'c' || (${c})`),
    vehicleId: (v: string) => uuid7(vehicleMs(v), `'v' || (${v})`),
    orderId: (n: string) => uuid7(orderMs(n), `'r' || (${n})`),
    jobId: (n: string, pos: string) => uuid7(`${orderMs(n)} + (${pos}) * 1000`, `'j' || (${n}) || '.' || (${pos})`),
    /** vehicle v belongs to customer 1 + (v - 1) * C / V: each customer has V / C vehicles */
    customerOfVehicle: (v: string) => `(1 + ((${v}) - 1)::bigint * ${size.customers} / ${size.vehicles})`,
    /** repair order n is for one of the vehicles that existed by then, picked by a multiplicative hash */
    vehicleOfOrder: (n: string) =>
      `(1 + ((${n})::bigint * 2654435761) % greatest(1, (${n})::bigint * ${size.vehicles} / ${size.repairOrders}))`,
  };
}

/** Most history is closed or invoiced; the newest `openOrders` are on the board, plus a stale estimate now and then. */
function statusSql(n: string, size: TenantSize) {
  return `(CASE
    WHEN ${n} > ${size.repairOrders - size.openOrders} THEN (ARRAY['ESTIMATE','ESTIMATE','AWAITING_APPROVAL','AWAITING_APPROVAL','APPROVED','APPROVED',
      'IN_PROGRESS','IN_PROGRESS','IN_PROGRESS','WAITING_PARTS','WAITING_PARTS','READY','READY'])[1 + (${n} * 7) % 13]
    WHEN ${n} % 1009 = 0 THEN 'ESTIMATE'
    WHEN ${n} % 29 = 0 THEN 'CANCELLED'
    WHEN ${n} > ${size.repairOrders - 2 * size.openOrders} OR ${n} % 23 = 0 THEN 'INVOICED'
    ELSE 'CLOSED' END)::"RepairOrderStatus"`;
}

const jobsOfOrder = (n: string) => `(1 + (${n} * 7) % 3)`;
const linesOfJob = (n: string, pos: string) => `(1 + (${n} + ${pos}) % 3)`;

async function seedUsers(client: pg.Client, tenant: number, orgId: string, count: { advisors: number; technicians: number }) {
  const roles = ["OWNER", ...Array<string>(count.advisors).fill("SERVICE_ADVISOR"), ...Array<string>(count.technicians).fill("TECHNICIAN")];
  const ids = roles.map(() => randomUUID());
  await client.query(
    `INSERT INTO "User" (id, email, name, "updatedAt")
     SELECT id, 'bench-' || $2::int || '-' || i || '@example.test', 'Bench member ' || i, now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i)`,
    [ids, tenant],
  );
  await client.query(
    `INSERT INTO "Membership" ("organizationId", id, "userId", role, "updatedAt")
     SELECT $1, gen_random_uuid(), m.id, m.role::"Role", now() FROM unnest($2::uuid[], $3::text[]) AS m(id, role)`,
    [orgId, ids, roles],
  );
  const byRole = (role: string) => ids.filter((_, i) => roles[i] === role);
  return { ownerUserId: ids[0]!, advisorUserIds: byRole("SERVICE_ADVISOR"), technicianUserIds: byRole("TECHNICIAN") };
}

async function seedCustomersAndVehicles(client: pg.Client, orgId: string, size: TenantSize, t: ReturnType<typeof timeline>) {
  await client.query(
    `INSERT INTO "Customer" ("organizationId", id, kind, "displayName", email, phone, "marketingConsent", "smsConsent",
                             "addressLine1", city, postcode, "paymentTermsDays", "createdAt", "updatedAt")
     SELECT $1, ${t.customerId("i")}, kind::"CustomerKind",
            CASE kind WHEN 'FLEET' THEN town || ' ' || (ARRAY['Taxis','Couriers','Van Hire','Council Fleet'])[1 + i % 4]
                      WHEN 'BUSINESS' THEN last || (ARRAY[' Plumbing Ltd',' Builders',' & Sons',' Electrical'])[1 + i % 4]
                      ELSE first || ' ' || last END,
            CASE WHEN i % 9 = 0 THEN NULL ELSE lower(first) || '.' || lower(last) || i || '@example.com' END,
            '07' || substr(p, 1, 3) || ' ' || substr(p, 4, 6),
            i % 3 = 0, i % 4 = 0, (1 + i % 180) || ' ' || last || ' Road', town,
            (ARRAY['LS','YO','BS','RG','DE','NR','EX','BA','CH','LN','DH','CA'])[1 + i % 12] || (1 + i % 20) || ' ' || (i % 10) || 'AB',
            CASE kind WHEN 'FLEET' THEN 30 WHEN 'BUSINESS' THEN 14 ELSE 0 END,
            to_timestamp(${t.customerMs("i")} / 1000.0), to_timestamp(${t.customerMs("i")} / 1000.0)
       FROM generate_series(1, ${size.customers}) AS i,
            LATERAL (SELECT ($2::text[])[1 + i % cardinality($2::text[])] AS first,
                            ($3::text[])[1 + (i / cardinality($2::text[])) % cardinality($3::text[])] AS last,
                            ($4::text[])[1 + (i / 7) % cardinality($4::text[])] AS town,
                            lpad(((i::bigint * 104729) % 1000000000)::text, 9, '0') AS p,
                            CASE WHEN i % 100 = 0 THEN 'FLEET' WHEN i % 20 = 0 THEN 'BUSINESS' ELSE 'PERSON' END AS kind) AS x`,
    [orgId, FIRST_NAMES, LAST_NAMES, TOWNS],
  );
  // VIN: template (8) + check digit + model year + plant 'A' + serial (6 digits = the vehicle's number).
  // Plate: UK style "AB14 CDE"; the five letters are a bijection of the vehicle's number, so plates never repeat.
  await client.query(
    `INSERT INTO "Vehicle" ("organizationId", id, "customerId", vin, registration, make, model, year, engine, fuel, odometer,
                            "nextServiceDue", "nextServiceOdometer", "inspectionDue", "createdAt", "updatedAt")
     SELECT $1, ${t.vehicleId("v")}, ${t.customerId(t.customerOfVehicle("v"))},
            k.prefix || CASE WHEN s.chk = 10 THEN 'X' ELSE s.chk::text END || k."yearCode" || 'A' || lpad(v::text, 6, '0'),
            substr($3, 1 + (s.h % 22)::int, 1) || substr($3, 1 + (s.h / 22 % 22)::int, 1)
              || lpad((k.year % 100 + (v % 2) * 50)::text, 2, '0') || ' '
              || substr($3, 1 + (s.h / 484 % 22)::int, 1) || substr($3, 1 + (s.h / 10648 % 22)::int, 1) || substr($3, 1 + (s.h / 234256 % 22)::int, 1),
            k.make, k.model, k.year, k.engine, k.fuel::"FuelType", 5000 + (v * 37) % 120000,
            (now() + ((v % 365) - 60) * interval '1 day')::date, 5000 + (v * 37) % 120000 + 10000,
            CASE WHEN k.year <= 2021 THEN (now() + ((v * 7) % 365 - 30) * interval '1 day')::date END,
            to_timestamp(${t.vehicleMs("v")} / 1000.0), to_timestamp(${t.vehicleMs("v")} / 1000.0)
       FROM generate_series(1, ${size.vehicles}) AS v
       JOIN jsonb_to_recordset($2::jsonb) AS k(i int, prefix text, "yearCode" text, make text, model text, engine text, fuel text, year int, rem int)
         ON k.i = 1 + (v * 7) % ${VIN_TEMPLATES.length * YEAR_CODES.length},
            LATERAL (SELECT (k.rem + 7 * (v / 100000 % 10) + 6 * (v / 10000 % 10) + 5 * (v / 1000 % 10)
                                   + 4 * (v / 100 % 10) + 3 * (v / 10 % 10) + 2 * (v % 10)) % 11 AS chk,
                            (v::bigint * 7919) % 5153632 AS h) AS s`,
    [orgId, JSON.stringify(vinCombos()), PLATE_LETTERS],
  );
}

async function seedRepairOrders(
  client: pg.Client,
  orgId: string,
  size: TenantSize,
  t: ReturnType<typeof timeline>,
  staff: { advisors: string[]; technicians: string[] },
) {
  const orders = `(SELECT n, ${t.orderMs("n")} AS ms, ${statusSql("n", size)} AS status FROM generate_series(1, ${size.repairOrders}) AS n) AS r`;
  const technician = (param: string) => `(${param}::uuid[])[1 + r.n % cardinality(${param}::uuid[])]`;
  await client.query(
    `INSERT INTO "RepairOrder" ("organizationId", id, number, status, "customerId", "billToCustomerId", "vehicleId", "advisorUserId",
                                "technicianUserId", "odometerIn", "odometerOut", "promisedAt", concerns, "createdAt", "updatedAt")
     SELECT $1, ${t.orderId("r.n")}, r.n, r.status, ${t.customerId("x.c")},
            CASE WHEN r.n % 50 = 0 THEN ${t.customerId(`100 * (1 + r.n % greatest(1, ${size.customers} / 100))`)} ELSE ${t.customerId("x.c")} END,
            ${t.vehicleId("x.v")}, ($2::uuid[])[1 + r.n % cardinality($2::uuid[])],
            CASE WHEN r.status = 'ESTIMATE' THEN NULL ELSE ${technician("$3")} END,
            x.odo, CASE WHEN r.status IN ('READY', 'INVOICED', 'CLOSED') THEN x.odo + 4 END,
            CASE WHEN r.status IN ('INVOICED', 'CLOSED', 'CANCELLED') THEN to_timestamp((r.ms + 8 * 3600000) / 1000.0)
                 WHEN r.n <= ${size.repairOrders - size.openOrders} OR r.n % 5 = 0 THEN NULL
                 ELSE now() + ((r.n % 72) - 12) * interval '1 hour' END,
            ($4::text[])[1 + r.n % cardinality($4::text[])], to_timestamp(r.ms / 1000.0), to_timestamp(r.ms / 1000.0)
       FROM ${orders},
            LATERAL (SELECT ${t.vehicleOfOrder("r.n")} AS v) AS y,
            LATERAL (SELECT y.v, ${t.customerOfVehicle("y.v")} AS c, 1000 + (r.n * 13) % 150000 AS odo) AS x`,
    [orgId, staff.advisors, staff.technicians, CONCERNS],
  );
  await client.query(
    `INSERT INTO "Job" ("organizationId", id, "repairOrderId", position, title, approval, "createdAt", "updatedAt")
     SELECT $1, ${t.jobId("r.n", "pos")}, ${t.orderId("r.n")}, pos, ($2::text[])[1 + (r.n * 3 + pos) % cardinality($2::text[])],
            (CASE WHEN r.status IN ('ESTIMATE', 'AWAITING_APPROVAL') THEN 'PENDING'
                  WHEN r.status = 'CANCELLED' OR (pos = 2 AND r.n % 9 = 0) THEN 'DECLINED'
                  WHEN pos = 3 AND r.n % 4 = 0 THEN 'DEFERRED'
                  ELSE 'APPROVED' END)::"JobApproval",
            to_timestamp((r.ms + pos * 1000) / 1000.0), to_timestamp((r.ms + pos * 1000) / 1000.0)
       FROM ${orders}, generate_series(1, ${jobsOfOrder("r.n")}) AS pos`,
    [orgId, JOB_TITLES],
  );
  // Lines: labour, then a part, then (on every third job) shop supplies or a loyalty discount.
  // The per-line trigger that keeps RepairOrder.labourTechnicianIds would update an order per line;
  // in bulk it is off, and the column is filled once, set-based, below (as the owner, inside this transaction).
  await client.query(`ALTER TABLE "JobLine" DISABLE TRIGGER job_line_labour_technicians`);
  await client.query(
    `INSERT INTO "JobLine" ("organizationId", id, "jobId", kind, description, "quantityMilli", "unitPriceMinor", "unitCostMinor",
                            "taxRateBp", "technicianUserId", "partStatus", "createdAt", "updatedAt")
     SELECT $1, ${uuid7("r.ms + pos * 1000 + l * 10", "'l' || r.n || '.' || pos || '.' || l")}, ${t.jobId("r.n", "pos")},
            kind::"JobLineKind",
            CASE kind WHEN 'LABOUR' THEN ($2::text[])[1 + (r.n * 3 + pos) % cardinality($2::text[])]
                      WHEN 'PART' THEN ($3::text[])[1 + (r.n + pos) % cardinality($3::text[])]
                      WHEN 'FEE' THEN 'Shop supplies' ELSE 'Loyalty discount' END,
            CASE kind WHEN 'LABOUR' THEN 500 * (1 + (r.n + pos) % 6) WHEN 'PART' THEN 1000 * (1 + r.n % 4) ELSE 1000 END,
            CASE kind WHEN 'LABOUR' THEN 8500 WHEN 'PART' THEN 500 + (r.n * 37 % 200) * 100 WHEN 'FEE' THEN 495 ELSE -1000 END,
            CASE WHEN kind = 'PART' THEN (500 + (r.n * 37 % 200) * 100) * 6 / 10 END,
            2000,
            CASE WHEN kind = 'LABOUR' THEN ${technician("$4")} END,
            CASE WHEN kind <> 'PART' THEN NULL
                 WHEN r.status IN ('READY', 'INVOICED', 'CLOSED') THEN 'FITTED'
                 WHEN r.status = 'IN_PROGRESS' THEN 'RECEIVED'
                 WHEN r.status = 'WAITING_PARTS' THEN 'ORDERED'
                 ELSE 'NEEDED' END::"PartStatus",
            to_timestamp((r.ms + pos * 1000 + l * 10) / 1000.0), to_timestamp((r.ms + pos * 1000 + l * 10) / 1000.0)
       FROM ${orders}, generate_series(1, ${jobsOfOrder("r.n")}) AS pos, generate_series(1, ${linesOfJob("r.n", "pos")}) AS l,
            LATERAL (SELECT CASE l WHEN 1 THEN 'LABOUR' WHEN 2 THEN 'PART' WHEN 3 THEN CASE WHEN r.n % 7 = 0 THEN 'DISCOUNT' ELSE 'FEE' END END AS kind) AS k`,
    [orgId, JOB_TITLES, PARTS, staff.technicians],
  );
  await client.query(
    `UPDATE "RepairOrder" ro SET "labourTechnicianIds" = t.ids
       FROM (SELECT j."repairOrderId", array_agg(DISTINCT l."technicianUserId" ORDER BY l."technicianUserId") AS ids
               FROM "Job" j JOIN "JobLine" l ON l."organizationId" = j."organizationId" AND l."jobId" = j.id
              WHERE j."organizationId" = $1 AND l.kind = 'LABOUR' AND l."technicianUserId" IS NOT NULL
              GROUP BY j."repairOrderId") t
      WHERE ro."organizationId" = $1 AND ro.id = t."repairOrderId"`,
    [orgId],
  );
  await client.query(`ALTER TABLE "JobLine" ENABLE TRIGGER job_line_labour_technicians`);
}

/** Seeds one workshop: its members, customers, vehicles and repair order history. */
export async function seedTenant(client: pg.Client, tenant: number, size: TenantSize, now: number): Promise<SeededTenant> {
  const slug = `bench-workshop-${tenant}`;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Organization" (id, slug, name, country, currency, timezone, plan, "nextRepairOrderNumber", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'GB', 'GBP', 'Europe/London', 'ENTERPRISE', $3, now()) RETURNING id`,
    [slug, `Bench Workshop ${tenant}`, size.repairOrders + 1],
  );
  const orgId = rows[0]!.id;
  await client.query("BEGIN");
  try {
    await client.query("SET LOCAL synchronous_commit = off");
    await client.query("SELECT set_config('app.org_id', $1, true)", [orgId]);
    await client.query(`INSERT INTO "Location" ("organizationId", id, name, timezone, "updatedAt") VALUES ($1, gen_random_uuid(), $2, 'Europe/London', now())`, [
      orgId,
      `Bench Workshop ${tenant}`,
    ]);
    const staff = await seedUsers(client, tenant, orgId, tenant === 0 ? { advisors: 3, technicians: 8 } : { advisors: 1, technicians: 3 });
    const t = timeline(size, now);
    await seedCustomersAndVehicles(client, orgId, size, t);
    await seedRepairOrders(client, orgId, size, t, {
      advisors: [staff.ownerUserId, ...staff.advisorUserIds],
      technicians: staff.technicianUserIds,
    });
    await client.query("COMMIT");
    return { orgId, slug, ownerUserId: staff.ownerUserId, technicianUserIds: staff.technicianUserIds, size };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
