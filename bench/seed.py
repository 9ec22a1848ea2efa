"""Seed a benchmark database: one account with 10,000 sessions, 50 more accounts, pools of
active sessions for the write endpoints, and one more active session, followed through an
invitation, for the polls. Writes bench/results/pools.json.

Run through bench/run.py (it sets up the environment); rows are bulk-inserted.
"""

import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decompress.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from decompress.models import Partner  # noqa: E402
from screening.models import Outcome, Screening  # noqa: E402
from sessions.invites import invite_create  # noqa: E402
from sessions.models import CheckIn, GuidedSession, Routine, SessionState, StepKind  # noqa: E402
from sessions.steps import step_snapshot  # noqa: E402

PASSWORD = "bench-Passphrase-2026"
User = get_user_model()
rng = random.Random(42)


def make_account(username: str, partner_names: list[str]) -> tuple:
    user = User.objects.create(username=username, password=make_password(PASSWORD))
    partners = Partner.objects.bulk_create(
        [Partner(account=user, name=name) for name in partner_names]
    )
    screenings = Screening.objects.bulk_create(
        [Screening(partner=p, outcome=Outcome.CLEARED) for p in partners]
    )
    return user, partners, screenings


def completed_sessions(partner, screening, routine, steps, count: int, now) -> None:
    lean_index = next(i for i, s in enumerate(steps) if s["kind"] == StepKind.LEAN)
    baseline_index = next(i for i, s in enumerate(steps) if s["kind"] == StepKind.CHECK_IN)
    sessions, starts, leans = [], [], []
    for n in range(count):
        started = now - timedelta(hours=12 * (count - n))
        starts.append(started)
        baseline = rng.randint(4, 8)
        after = min(10, baseline + rng.randint(-1, 3))
        leans.append([rng.randint(5, 9) for _ in (1, 2, 3)])
        sessions.append(
            GuidedSession(
                partner=partner,
                routine=routine,
                screening=screening,
                state=SessionState.COMPLETED,
                steps=steps,
                repetitions=3,
                position=len(steps) - 1,
                baseline_comfort=baseline,
                after_comfort=after,
                lowest_comfort=min(leans[-1]),  # the lean check-ins only
                started_at=started,
                last_activity_at=started + timedelta(minutes=4),
                ended_at=started + timedelta(minutes=4),
            )
        )
    created = GuidedSession.objects.bulk_create(sessions, batch_size=2000)
    # auto_now_add overrides started_at on insert: put the history back in time.
    for session, started in zip(created, starts, strict=True):
        session.started_at = started
    GuidedSession.objects.bulk_update(created, ["started_at"], batch_size=2000)
    check_ins = []
    for s, ratings in zip(created, leans, strict=True):
        check_ins.append(CheckIn(session=s, step_index=baseline_index, comfort=s.baseline_comfort))
        for rep, comfort in enumerate(ratings, start=1):
            check_ins.append(
                CheckIn(session=s, step_index=lean_index, repetition=rep, comfort=comfort)
            )
        check_ins.append(CheckIn(session=s, step_index=len(steps) - 1, comfort=s.after_comfort))
    CheckIn.objects.bulk_create(check_ins, batch_size=5000)


def active_pool(user_partners, screening_by_partner, routine, steps, position, awaiting) -> list:
    sessions = GuidedSession.objects.bulk_create(
        [
            GuidedSession(
                partner=p,
                routine=routine,
                screening=screening_by_partner[p.pk],
                steps=steps,
                repetitions=3,
                position=position,
                repetition=1 if steps[position]["kind"] == StepKind.LEAN else 0,
                awaiting_check_in=awaiting,
                baseline_comfort=6,
            )
            for p in user_partners
        ],
        batch_size=2000,
    )
    return [s.pk for s in sessions]


def main() -> None:
    pool_size = int(os.environ.get("BENCH_POOL", "10000"))
    routine = Routine.objects.get(is_default=True)
    steps = [step_snapshot(s) for s in routine.steps.order_by("position", "pk")]
    now = timezone.now()

    big, big_partners, big_screenings = make_account("bench-big", ["Robin"])
    completed_sessions(big_partners[0], big_screenings[0], routine, steps, 10_000, now)
    _small, small_partners, small_screenings = make_account("bench-small", ["Sam"])
    completed_sessions(small_partners[0], small_screenings[0], routine, steps, 10, now)
    for i in range(50):
        _u, ps, ss = make_account(f"bench-other-{i}", ["Alex", "Kim"])
        completed_sessions(ps[0], ss[0], routine, steps, 20, now)

    # Write pools: each partner of the runner account has one active session.
    runner, runner_partners, runner_screenings = make_account(
        "bench-runner", [f"P{i}" for i in range(2 * pool_size)]
    )
    screening_by_partner = {s.partner_id: s for s in runner_screenings}
    lean_index = next(i for i, s in enumerate(steps) if s["kind"] == StepKind.LEAN)
    prepare_index = next(i for i, s in enumerate(steps) if s["kind"] == StepKind.PREPARE)
    check_in_pool = active_pool(
        runner_partners[:pool_size], screening_by_partner, routine, steps, lean_index, True
    )
    advance_pool = active_pool(
        runner_partners[pool_size:], screening_by_partner, routine, steps, prepare_index, False
    )
    # The polls' session: active, on a partner of its own, so no write of the run changes
    # its version and every poll is answered 204 (until it goes idle, SESSION_ABANDON_MINUTES
    # after this seed). The invitation bumps the version: read it after.
    poll_partner = Partner.objects.create(account=runner, name="Poll")
    poll_screening = Screening.objects.create(partner=poll_partner, outcome=Outcome.CLEARED)
    (poll_session_id,) = active_pool(
        [poll_partner], {poll_partner.pk: poll_screening}, routine, steps, prepare_index, False
    )
    poll_session = GuidedSession.objects.get(pk=poll_session_id)
    _invite, poll_token = invite_create(session=poll_session)
    poll_session.refresh_from_db(fields=["version"])
    big_sessions = list(
        GuidedSession.objects.filter(partner__account=big).values_list("pk", flat=True)[:2000]
    )
    pools = {
        "password": PASSWORD,
        "lean_index": lean_index,
        "prepare_index": prepare_index,
        "check_in_pool": check_in_pool,
        "advance_pool": advance_pool,
        "big_sessions": big_sessions,
        "poll_session": poll_session.pk,
        "poll_token": poll_token,
        "poll_version": poll_session.version,
        "small_account": "bench-small",
        "big_account": "bench-big",
        "runner_account": "bench-runner",
    }
    # PostgreSQL plans from table statistics, which its autovacuum gathers a while after a
    # bulk load; a benchmark that starts at once must gather them itself, or it measures a
    # planner that believes the tables are empty (history list: 13 instead of ~60 req/s).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out = Path(os.environ.get("BENCH_POOLS", "bench/results/pools.json"))
    out.write_text(json.dumps(pools))
    print(
        f"seeded: 10,000 sessions for bench-big, 10 for bench-small, 50 more accounts, "
        f"{len(check_in_pool)} + {len(advance_pool)} active sessions for the write endpoints, "
        f"session {poll_session.pk} at version {poll_session.version} for the polls"
    )


if __name__ == "__main__":
    main()
