"""`python manage.py bench_queue`: the escalation queue against a million symptom entries.

Fills a throwaway PostgreSQL database (its name must end in `_bench`) with set-based SQL, then
calls the real endpoints in-process with real bearer tokens and prints their timings, their
number of SQL queries and the plans PostgreSQL chose. Run it with `make bench-queue`.

The data stays in the database afterwards, so the plans can be explored with psql; a later run
empties it and fills it again, unless `--keep` asks to reuse what is there.
"""

import gc
import json
import math
import statistics
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from knox.models import AuthToken

from patients.models import ClinicMembership, Language, Patient, User
from symptoms import triage_text
from symptoms.models import Escalation, SymptomEntry
from symptoms.triage import Level, Observation, classify

# The tables that grow with the number of patients and entries: a sequential scan or a sort
# of one of them in a request is what this benchmark is here to catch.
BIG_TABLES = frozenset(
    {
        "symptoms_symptomentry",
        "symptoms_escalation",
        "symptoms_photo",
        "patients_patient",
        "patients_treatment",
        "patients_user",
        "patients_auditevent",
    }
)
# Reported too: sorting more rows than this, and reading more than this from a big table
# (a page of 50 from an index needs a few dozen; a deep page or a big clinic needs more).
BIG_SORT = 5_000
BIG_READ = 1_000
ENTRIES_PER_PATIENT = 20
HEAVY_LOGGERS = 10  # patients who log far more than the others (1 entry in 50 is theirs)
RESOLVED_PER_UNRESOLVED = 5


@dataclass(frozen=True)
class Sample:
    """An entry typical of a triage level; the real classifier gives its stored triage."""

    severity: tuple[int, int]  # the range entries of this level get
    observation: Observation


SAMPLES = (
    Sample((0, 3), Observation("face", 2, "improving", frozenset({"redness", "swelling"}), 2, 8)),
    Sample((4, 6), Observation("face", 5, "worsening", frozenset({"redness", "nodules"}), 70, 72)),
    Sample(
        (8, 10),
        Observation("face", 9, "worsening", frozenset({"swelling", "breathing_difficulty"}), 1, 3),
    ),
)


@dataclass(frozen=True)
class Sizes:
    clinics: int
    patients: int
    entries: int
    unresolved: int

    @property
    def treatments(self) -> int:
        return self.patients + self.patients // 4  # every fourth patient came back once

    @property
    def resolved(self) -> int:
        return self.unresolved * RESOLVED_PER_UNRESOLVED

    def clinic_ranges(self) -> tuple[list[int], list[int], list[int]]:
        """Patients 1..P in contiguous runs per clinic, sized like a Zipf law (clinic 1 biggest)."""
        weights = [1 / k for k in range(1, self.clinics + 1)]
        total, running, bounds = sum(weights), 0.0, [0]
        for weight in weights:
            running += weight
            bounds.append(round(self.patients * running / total))
        lows = [bound + 1 for bound in bounds[:-1]]
        return list(range(1, self.clinics + 1)), lows, bounds[1:]


@dataclass
class Result:
    label: str
    rows: int
    total: int
    captured: list[dict[str, Any]]  # the SQL of one request
    timings_ms: list[float]  # whole requests
    sql_ms: list[float]  # the database's share of each (execute and fetch)
    explain_in_full: bool

    @property
    def median(self) -> float:
        return statistics.median(self.timings_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.timings_ms, n=20, method="inclusive")[18]


@dataclass
class SqlClock:
    """An execute wrapper adding up the time spent in the database."""

    seconds: float = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class Command(BaseCommand):
    help = "Fill a throwaway *_bench PostgreSQL database and time the escalation queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--escalations", type=int, default=10_000, help="unresolved ones")
        parser.add_argument("--clinics", type=int, default=20)
        parser.add_argument("--runs", type=int, default=50, help="requests timed per case")
        parser.add_argument(
            "--keep", action="store_true", help="reuse the data already there instead of refilling"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._refuse_unless_bench_database()
        started = time.perf_counter()
        entries, unresolved, clinics = (
            options["entries"],
            options["escalations"],
            options["clinics"],
        )
        if min(entries, unresolved, clinics) < 1:
            raise CommandError("--entries, --escalations and --clinics must be positive.")
        sizes = Sizes(
            clinics=clinics,
            patients=max(entries // ENTRIES_PER_PATIENT, unresolved * 4, HEAVY_LOGGERS),
            entries=entries,
            unresolved=unresolved,
        )
        if options["keep"] and SymptomEntry.objects.exists():
            self.stdout.write("Keeping the data already in the database (--keep).")
        else:
            self._fill(sizes)
        self._describe()
        self._measure(runs=max(options["runs"], 2))
        self.stdout.write(f"\nTotal {time.perf_counter() - started:.0f} s.")

    # --- safety ---------------------------------------------------------------------------

    def _refuse_unless_bench_database(self) -> None:
        name = str(settings.DATABASES["default"]["NAME"])
        if connection.vendor != "postgresql" or not name.endswith("_bench"):
            raise CommandError(
                f"Refusing to run against {connection.vendor} database {name!r}: this command "
                "empties the database. Point DATABASE_URL at a PostgreSQL database whose name "
                "ends in _bench (make bench-queue does)."
            )

    # --- fill -----------------------------------------------------------------------------

    def _fill(self, sizes: Sizes) -> None:
        self.stdout.write(
            f"Filling: {sizes.clinics} clinics, {sizes.patients:,} patients, "
            f"{sizes.treatments:,} treatments, {sizes.entries:,} entries, "
            f"{sizes.unresolved:,} unresolved and {sizes.resolved:,} resolved escalations."
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            self._step(cursor, "empty", EMPTY)
            self._triage_templates(cursor)
            self._step(cursor, "clinics", CLINICS, [sizes.clinics])
            self._step(cursor, "users", USERS, {"c": sizes.clinics, "p": sizes.patients})
            self._step(cursor, "memberships", MEMBERSHIPS, [sizes.clinics])
            ids, lows, highs = sizes.clinic_ranges()
            self._step(
                cursor,
                "patients",
                PATIENTS,
                {"c": sizes.clinics, "ids": ids, "lows": lows, "highs": highs},
            )
            self._step(cursor, "treatments", TREATMENTS, {"p": sizes.patients})
            self._step(
                cursor,
                "entries",
                ENTRIES,
                {"e": sizes.entries, "p": sizes.patients, "h": HEAVY_LOGGERS},
            )
            self._step(cursor, "unresolved escalations", UNRESOLVED, [sizes.unresolved])
            self._step(cursor, "their latest entries", UNRESOLVED_ENTRIES)
            self._step(cursor, "resolved escalations", RESOLVED, [sizes.resolved])
            self._step(cursor, "their entries", RESOLVED_ENTRIES)
            self._step(cursor, "photos", PHOTOS)
            # Ids above were given explicitly; move the sequences past them.
            for table, last in (
                ("patients_clinic", sizes.clinics),
                ("patients_user", sizes.clinics + sizes.patients),
                ("patients_clinicmembership", sizes.clinics),
                ("patients_patient", sizes.patients),
                ("patients_treatment", sizes.treatments),
            ):
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, last])
        with connection.cursor() as cursor:
            # As autovacuum would have: statistics, and a visibility map for index-only scans.
            self._step(cursor, "vacuum analyze", "VACUUM ANALYZE")
            try:  # write the fill out now rather than during the measurements
                self._step(cursor, "checkpoint", "CHECKPOINT")
            except DatabaseError:
                self.stdout.write("  checkpoint: not allowed for this database user, skipped")

    def _step(
        self,
        cursor: CursorWrapper,
        label: str,
        sql: str,
        params: Sequence[Any] | Mapping[str, Any] | None = None,
    ) -> None:
        started = time.perf_counter()
        cursor.execute(sql, params)
        rows = f"{cursor.rowcount:>10,} rows" if cursor.rowcount >= 0 else " " * 15
        self.stdout.write(f"  {label:<24}{rows}  {time.perf_counter() - started:6.1f} s")

    def _triage_templates(self, cursor: CursorWrapper) -> None:
        """What the classifier really says for each sample, in each language."""
        cursor.execute(TRIAGE_TABLE)
        rows = []
        for sample in SAMPLES:
            result = classify(sample.observation, risk_factors=(), history=())
            for language in Language.values:
                with translation.override(language):
                    reasons = [
                        {"rule": rule, "text": str(triage_text.REASONS[rule])}
                        for rule in result.rules
                    ]
                    advice = triage_text.advice(
                        result.level, clinic_phone="{phone}", emergency_number="{emergency}"
                    )
                rows.append(
                    [
                        result.level.value,
                        language,
                        *sample.severity,
                        sample.observation.trend,
                        json.dumps(sorted(sample.observation.symptoms)),
                        json.dumps(list(result.rules)),
                        json.dumps(reasons, ensure_ascii=False),
                        advice,
                        result.version,
                    ]
                )
        levels = {row[0] for row in rows}
        if levels != {level.value for level in Level}:
            raise CommandError(f"The samples no longer cover every triage level: {levels}")
        cursor.executemany(
            "INSERT INTO bench_triage VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows
        )

    # --- measure --------------------------------------------------------------------------

    def _describe(self) -> None:
        counts = Escalation.objects.aggregate(
            open=Count("id", filter=Q(status="open")),
            acknowledged=Count("id", filter=Q(status="acknowledged")),
            resolved=Count("id", filter=Q(status="resolved")),
        )
        self.stdout.write(
            f"\nDatabase: {SymptomEntry.objects.count():,} entries, "
            f"{Patient.objects.count():,} patients, escalations: {counts['open']:,} open, "
            f"{counts['acknowledged']:,} acknowledged, {counts['resolved']:,} resolved."
        )

    def _measure(self, *, runs: int) -> None:
        busiest = (
            Escalation.objects.filter(status=Escalation.Status.OPEN)
            .values("clinic_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            raise CommandError("No open escalation to measure.")
        clinician = _first_member(busiest["clinic_id"])
        heavy = (
            SymptomEntry.objects.values("patient_id").annotate(n=Count("id")).order_by("-n").first()
        )
        if heavy is None:
            raise CommandError("No entry to measure.")
        patient = Patient.objects.select_related("user").get(pk=heavy["patient_id"])
        self.stdout.write(
            f"Busiest clinic {busiest['clinic_id']}: {busiest['n']:,} open escalations "
            f"(clinician {clinician.username}); patient {patient.pk}: {heavy['n']:,} entries.\n"
        )
        queue, entries = reverse("escalations"), reverse("entries")
        last_page = max(math.ceil(busiest["n"] / 50), 1)
        as_clinician, as_patient = _client(clinician), _client(patient.user)
        results = [
            _run(as_clinician, "queue, page 1", f"{queue}?status=open", runs),
            _run(
                as_clinician,
                "queue, page_size=200",
                f"{queue}?status=open&page_size=200",
                runs,
                explain_in_full=False,
            ),
            _run(
                as_clinician,
                f"queue, page {last_page} (last)",
                f"{queue}?status=open&page={last_page}",
                runs,
            ),
            _run(as_patient, "patient's entries, page 1", entries, runs),
        ]
        self.stdout.write(
            f"{runs} timed requests each, in-process (django.test.Client, real bearer token); "
            "SQL = time spent executing queries:\n"
        )
        self.stdout.write(
            f"  {'request':<28}{'rows':>6}{'count':>7}{'queries':>9}"
            f"{'median ms':>11}{'p95 ms':>8}{'SQL median ms':>15}"
        )
        for r in results:
            self.stdout.write(
                f"  {r.label:<28}{r.rows:>6}{r.total:>7}{len(r.captured):>9}"
                f"{r.median:>11.1f}{r.p95:>8.1f}{statistics.median(r.sql_ms):>15.1f}"
            )
        for result in results:
            self._explain(result)

    def _explain(self, result: Result) -> None:
        self.stdout.write(f"\n=== {result.label}: the plan of every SELECT of one request")
        findings: dict[str, list[str]] = {
            "Sequential scans of a big table": [],
            f"Sorts of more than {BIG_SORT:,} rows": [],
            f"Reads of more than {BIG_READ:,} rows of a big table": [],
        }
        with connection.cursor() as cursor:
            for number, query in enumerate(result.captured, start=1):
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    self.stdout.write(f"  [{number}] {_shorten(sql)}")
                    continue
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = _json(cursor.fetchone())[0]
                nodes = list(_nodes(plan["Plan"]))
                timing = f"{plan['Planning Time']:5.2f} + {plan['Execution Time']:5.2f} ms"
                self.stdout.write(f"  [{number}] plan + run {timing}  {_shorten(sql)}")
                self.stdout.write(
                    "       " + "; ".join(_describe_node(n) for n in nodes if _notable(n))
                )
                for node in nodes:
                    for finding, hit in zip(findings, _findings(node), strict=True):
                        if hit:
                            findings[finding].append(f"[{number}] {_describe_node(node)}")
                if result.explain_in_full and _is_main(sql):
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                    self.stdout.write("\n".join(f"         {row[0]}" for row in cursor.fetchall()))
        for finding, where in findings.items():
            if where:
                self.stdout.write(self.style.WARNING(f"  {finding}: {', '.join(where)}"))
            else:
                self.stdout.write(self.style.SUCCESS(f"  {finding}: none"))


def _first_member(clinic_id: int) -> User:
    membership = ClinicMembership.objects.select_related("user").filter(clinic_id=clinic_id)
    first = membership.order_by("pk").first()
    if first is None:
        raise CommandError(f"Clinic {clinic_id} has no clinician.")
    return first.user


def _client(user: User) -> Client:
    _, token = AuthToken.objects.create(user=user)
    host = next((h for h in settings.ALLOWED_HOSTS if h[:1] not in {"*", "."}), "localhost")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST=host)


def _run(
    client: Client, label: str, url: str, runs: int, *, explain_in_full: bool = True
) -> Result:
    for _ in range(3):  # warm up: connection, caches, imports
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = list(captured.captured_queries)  # now: the next request clears the log
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code} {response.content[:300]!r}")
    body = response.json()
    timings, sql = [], []
    gc.collect()  # start each case with the same heap
    for _ in range(runs):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        sql.append(clock.seconds * 1000)
    return Result(
        label=label,
        rows=len(body["results"]),
        total=body["count"],
        captured=queries,
        timings_ms=timings,
        sql_ms=sql,
        explain_in_full=explain_in_full,
    )


def _json(row: tuple[Any, ...] | None) -> Any:
    assert row is not None  # noqa: S101 (EXPLAIN always answers one row)
    value = row[0]
    return json.loads(value) if isinstance(value, str) else value


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _notable(node: dict[str, Any]) -> bool:
    kinds = {"Sort", "Incremental Sort", "Gather", "Gather Merge"}
    return "Relation Name" in node or node["Node Type"] in kinds


def _rows(node: dict[str, Any]) -> int:
    return int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1))


def _describe_node(node: dict[str, Any]) -> str:
    kind = node["Node Type"]
    if "Relation Name" in node:
        index = f" using {node['Index Name']}" if "Index Name" in node else ""
        return f"{kind}{index} on {node['Relation Name']} ({_rows(node):,} rows)"
    if kind.startswith("Gather"):
        return f"{kind} ({node.get('Workers Launched', 0)} parallel workers)"
    keys = ", ".join(node.get("Sort Key", []))
    return f"{kind} by {keys} ({node.get('Sort Method', '')}, {_rows(node):,} rows)"


def _findings(node: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(a seq scan of a big table, a big sort, many rows read from a big table's heap).

    An index-only scan (a count) reads the index alone and is not counted as a big read.
    """
    big, kind = node.get("Relation Name") in BIG_TABLES, node["Node Type"]
    return (
        big and kind == "Seq Scan",
        kind == "Sort" and _rows(node) > BIG_SORT,
        big and kind != "Index Only Scan" and _rows(node) > BIG_READ,
    )


def _is_main(sql: str) -> bool:
    """The page and count queries of the escalations or entries list."""
    return any(f'FROM "{t}"' in sql for t in ("symptoms_escalation", "symptoms_symptomentry"))


def _shorten(sql: str, width: int = 110) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# --- the fill, set-based -------------------------------------------------------------------

EMPTY = "TRUNCATE patients_clinic, patients_user RESTART IDENTITY CASCADE"

TRIAGE_TABLE = """
CREATE TEMPORARY TABLE bench_triage (
    level text, language text, severity_low int, severity_high int, trend text,
    symptoms jsonb, rules jsonb, reasons jsonb, advice text, version text,
    PRIMARY KEY (level, language)
) ON COMMIT DROP
"""

CLINICS = """
INSERT INTO patients_clinic (
    id, name, time_zone, phone, emergency_number, languages, emergency_sla_minutes,
    call_clinic_sla_minutes, procedures_without_late_checkins, created_at
)
SELECT k, 'Bench Clinic ' || k, 'Europe/Istanbul', '+90212555' || lpad(k::text, 4, '0'), '112',
       '["da", "en", "tr"]', 15, 240, '[]', now() - interval '3 years'
FROM generate_series(1, %s) AS k
"""

# Users 1..C are the clinicians (user k works at clinic k), C+1..C+P the patients.
USERS = """
INSERT INTO patients_user (
    id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
    date_joined, phone
)
SELECT g, '!bench', false,
       CASE WHEN g <= %(c)s THEN 'bench-clinician-' || g ELSE 'bench-patient-' || g END,
       '', '', '', false, true, now() - interval '1 year',
       CASE WHEN g <= %(c)s THEN '+90532555' || lpad(g::text, 4, '0') ELSE '' END
FROM generate_series(1, %(c)s + %(p)s) AS g
"""

MEMBERSHIPS = """
INSERT INTO patients_clinicmembership (id, role, on_duty, created_at, clinic_id, user_id)
SELECT k, 'clinician', true, now() - interval '1 year', k, k FROM generate_series(1, %s) AS k
"""

PATIENTS = """
INSERT INTO patients_patient (
    id, name, phone, email, language, time_zone, risk_factors, consent_data_processing_at,
    consent_photos_at, consent_reminders_at, created_at, clinic_id, user_id, reminder_channels
)
SELECT n, 'Bench Patient ' || n, '+4550' || lpad(n::text, 8, '0'), NULL,
       (ARRAY['da', 'en', 'tr'])[1 + mod(n, 3)],
       (ARRAY['Europe/Copenhagen', 'Europe/Istanbul', 'Europe/London'])[1 + mod(n, 3)],
       CASE WHEN mod(n, 10) = 0 THEN '["diabetes"]'::jsonb ELSE '[]'::jsonb END,
       now() - interval '400 days',
       CASE WHEN mod(n, 3) <> 0 THEN now() - interval '400 days' END,
       now() - interval '400 days', now() - interval '400 days',
       r.clinic_id, %(c)s + n, '["push", "sms", "email"]'
FROM unnest(%(ids)s::bigint[], %(lows)s::bigint[], %(highs)s::bigint[]) AS r (clinic_id, low, high)
CROSS JOIN LATERAL generate_series(r.low, r.high) AS n
"""

# Patient n's treatment is n, within the last 120 days; every fourth patient also had an
# earlier one, P + n/4, 200 to 350 days ago. The clinic's clinician gave it.
TREATMENTS = """
INSERT INTO patients_treatment (
    id, procedure, areas, treated_at, product, notes, created_at, clinic_id, clinician_id,
    patient_id
)
SELECT t.id, 'mesotherapy', t.areas, t.treated_at, 'hyaluronic acid, vitamins', '',
       t.treated_at, p.clinic_id, p.clinic_id, p.id
FROM (
    SELECT n AS id, n AS patient_id,
           now() - interval '12 hours' - mod(n * 37, 120) * interval '1 day'
               - mod(n, 24) * interval '1 hour' AS treated_at,
           (ARRAY['["face"]', '["scalp"]', '["face", "neck"]'])[1 + mod(n, 3)]::jsonb AS areas
    FROM generate_series(1, %(p)s) AS n
    UNION ALL
    SELECT %(p)s + m, 4 * m,
           now() - interval '200 days' - mod(m * 13, 150) * interval '1 day',
           (ARRAY['["face"]', '["scalp"]', '["face", "neck"]'])[1 + mod(4 * m, 3)]::jsonb
    FROM generate_series(1, %(p)s / 4) AS m
) AS t
JOIN patients_patient AS p ON p.id = t.patient_id
"""

# 1 entry in 50 belongs to one of a few heavy loggers, the rest go round the patients; 30 % of
# a returning patient's entries are about the earlier treatment. Entries come more often soon
# after the treatment (r1 squared), over at most 12 weeks; 90 % observe, 8 % call the clinic,
# 2 % emergency.
ENTRIES = """
INSERT INTO symptoms_symptomentry (
    client_id, onset, logged_at, area, severity, trend, symptoms, note, triage_level,
    triage_rules, triage_reasons, triage_advice, triage_call, triage_version, patient_id,
    treatment_id, escalation_id
)
SELECT gen_random_uuid(),
       greatest(x.treated_at, x.logged_at - x.r2 * interval '8 hours'),
       x.logged_at, x.area,
       tpl.severity_low + floor(x.r2 * (tpl.severity_high - tpl.severity_low + 1))::int,
       CASE WHEN x.level <> 'observe' THEN tpl.trend
            WHEN x.r3 < 0.6 THEN 'improving' WHEN x.r3 < 0.95 THEN 'unchanged'
            ELSE 'worsening' END,
       tpl.symptoms,
       CASE WHEN mod(x.g, 25) = 0 THEN 'Lidt ømt i dag, ellers fint.' ELSE '' END,
       x.level, tpl.rules, tpl.reasons,
       replace(replace(tpl.advice, '{phone}', c.phone), '{emergency}', c.emergency_number),
       CASE x.level
           WHEN 'call_clinic' THEN jsonb_build_object('kind', 'clinic', 'number', c.phone)
           WHEN 'emergency' THEN jsonb_build_object('kind', 'emergency', 'number',
                                                     c.emergency_number)
       END,
       tpl.version, x.patient_id, x.treatment_id, NULL
FROM (
    SELECT s.g, s.patient_id, s.r2, s.r3, t.id AS treatment_id, t.treated_at, t.clinic_id,
           t.areas ->> 0 AS area, p.language,
           CASE WHEN s.rl < 0.90 THEN 'observe' WHEN s.rl < 0.98 THEN 'call_clinic'
                ELSE 'emergency' END AS level,
           t.treated_at + interval '10 minutes'
               + s.r1 * s.r1 * least(now() - t.treated_at - interval '10 minutes',
                                     interval '84 days') AS logged_at
    FROM (
        SELECT g, pn AS patient_id,
               CASE WHEN mod(pn, 4) = 0 AND r0 < 0.3 THEN %(p)s + pn / 4 ELSE pn END AS t_id,
               r1, r2, r3, rl
        FROM (
            SELECT g,
                   CASE WHEN mod(g, 50) = 0 THEN 1 + mod(g / 50, %(h)s) * (%(p)s / %(h)s)
                        ELSE 1 + mod(g, %(p)s) END AS pn,
                   random() AS r0, random() AS r1, random() AS r2, random() AS r3,
                   random() AS rl
            FROM generate_series(1, %(e)s) AS g
        ) AS s0
    ) AS s
    JOIN patients_treatment AS t ON t.id = s.t_id
    JOIN patients_patient AS p ON p.id = s.patient_id
) AS x
JOIN bench_triage AS tpl ON tpl.level = x.level AND tpl.language = x.language
JOIN patients_clinic AS c ON c.id = x.clinic_id
"""

# One unresolved escalation for each of X patients picked at random over all clinics: 5 %
# emergency, 55 % call the clinic, 40 % missed check-in; 75 % open, the rest acknowledged;
# opened within 3 days (emergencies within 6 hours), due after the clinic's time limit.
UNRESOLVED = """
INSERT INTO symptoms_escalation (
    level, priority, status, opened_at, due_at, alerts_sent, acknowledged_at, resolved_at,
    outcome, note, acknowledged_by_id, assigned_to_id, clinic_id, latest_entry_id, patient_id,
    resolved_by_id, treatment_id
)
SELECT y.level,
       CASE y.level WHEN 'emergency' THEN 2 WHEN 'call_clinic' THEN 1 ELSE 0 END,
       y.status, y.opened_at,
       y.opened_at + CASE y.level WHEN 'emergency' THEN interval '15 minutes'
                                  WHEN 'call_clinic' THEN interval '240 minutes'
                                  ELSE interval '1 day' END,
       CASE WHEN y.status = 'open' THEN 1 + floor(y.r3 * 3)::int ELSE 1 END,
       CASE WHEN y.status = 'acknowledged'
            THEN least(now(), y.opened_at + interval '12 minutes') END,
       NULL, '', '',
       CASE WHEN y.status = 'acknowledged' THEN y.clinic_id END,
       CASE WHEN y.status = 'acknowledged' OR y.r3 < 0.2 THEN y.clinic_id END,
       y.clinic_id,
       CASE WHEN y.level <> 'missed_checkin' THEN y.entry_id END,
       y.patient_id, NULL, y.treatment_id
FROM (
    SELECT s.*,
           CASE WHEN s.r1 < 0.05 THEN 'emergency' WHEN s.r1 < 0.60 THEN 'call_clinic'
                ELSE 'missed_checkin' END AS level,
           CASE WHEN s.r2 < 0.75 THEN 'open' ELSE 'acknowledged' END AS status,
           greatest(s.treated_at + interval '1 hour',
                    now() - CASE WHEN s.r1 < 0.05 THEN interval '6 hours'
                                 ELSE interval '72 hours' END * s.r3) AS opened_at
    FROM (
        SELECT p.id AS patient_id, p.clinic_id, latest.id AS entry_id, t.id AS treatment_id,
               t.treated_at, random() AS r1, random() AS r2, random() AS r3
        FROM (SELECT id, clinic_id FROM patients_patient ORDER BY md5(id::text) LIMIT %s) AS p
        LEFT JOIN LATERAL (
            SELECT e.id, e.treatment_id FROM symptoms_symptomentry AS e
            WHERE e.patient_id = p.id ORDER BY e.logged_at DESC LIMIT 1
        ) AS latest ON true
        JOIN patients_treatment AS t ON t.id = coalesce(latest.treatment_id, p.id)
    ) AS s
) AS y
"""

# The entry that raised an unresolved escalation says so, and was logged when it opened.
UNRESOLVED_ENTRIES = """
UPDATE symptoms_symptomentry AS se
SET escalation_id = e.id, logged_at = e.opened_at,
    onset = greatest(t.treated_at, e.opened_at - interval '2 hours'),
    triage_level = tpl.level, trend = tpl.trend, symptoms = tpl.symptoms,
    severity = tpl.severity_low, triage_rules = tpl.rules, triage_reasons = tpl.reasons,
    triage_advice = replace(replace(tpl.advice, '{phone}', c.phone), '{emergency}',
                            c.emergency_number),
    triage_call = CASE e.level
        WHEN 'call_clinic' THEN jsonb_build_object('kind', 'clinic', 'number', c.phone)
        ELSE jsonb_build_object('kind', 'emergency', 'number', c.emergency_number) END
FROM symptoms_escalation AS e
JOIN patients_patient AS p ON p.id = e.patient_id
JOIN patients_treatment AS t ON t.id = e.treatment_id
JOIN patients_clinic AS c ON c.id = e.clinic_id
JOIN bench_triage AS tpl ON tpl.level = e.level AND tpl.language = p.language
WHERE se.id = e.latest_entry_id AND e.status <> 'resolved'
"""

# Earlier episodes: escalations raised by other call-clinic and emergency entries, worked and
# resolved by the clinic's clinician.
RESOLVED = """
INSERT INTO symptoms_escalation (
    level, priority, status, opened_at, due_at, alerts_sent, acknowledged_at, resolved_at,
    outcome, note, acknowledged_by_id, assigned_to_id, clinic_id, latest_entry_id, patient_id,
    resolved_by_id, treatment_id
)
SELECT e.triage_level, CASE e.triage_level WHEN 'emergency' THEN 2 ELSE 1 END, 'resolved',
       e.logged_at,
       e.logged_at + CASE e.triage_level WHEN 'emergency' THEN interval '15 minutes'
                                         ELSE interval '240 minutes' END,
       1, least(now(), e.logged_at + interval '9 minutes'),
       least(now(), e.logged_at + interval '3 hours'),
       (ARRAY['advised_by_phone', 'seen_in_clinic', 'referred_to_emergency',
              'no_action_needed'])[1 + mod(e.id, 4)],
       '', t.clinic_id, t.clinic_id, t.clinic_id, e.id, e.patient_id, t.clinic_id, e.treatment_id
FROM symptoms_symptomentry AS e
JOIN patients_treatment AS t ON t.id = e.treatment_id
WHERE e.triage_level <> 'observe' AND e.escalation_id IS NULL
LIMIT %s
"""

RESOLVED_ENTRIES = """
UPDATE symptoms_symptomentry AS se SET escalation_id = e.id
FROM symptoms_escalation AS e
WHERE se.id = e.latest_entry_id AND e.status = 'resolved'
"""

# A photo on 1 entry in 33, and on 2 in 5 of the entries behind an unresolved escalation.
PHOTOS = """
INSERT INTO symptoms_photo (
    image, thumbnail, width, height, byte_size, sha256, source_format, taken_at, uploaded_at,
    entry_id
)
SELECT 'photos/' || e.patient_id || '/' || md5(e.id::text) || '.jpg',
       'photos/' || e.patient_id || '/' || md5(e.id::text) || '-thumb.jpg',
       3024, 4032, 2000000 + mod(e.id, 1000000), md5(e.id::text) || md5(e.client_id::text),
       'JPEG', NULL, e.logged_at + interval '2 minutes', e.id
FROM symptoms_symptomentry AS e
WHERE mod(e.id, 33) = 0
   OR e.id IN (SELECT latest_entry_id FROM symptoms_escalation
               WHERE status <> 'resolved' AND mod(id, 5) < 2)
"""
