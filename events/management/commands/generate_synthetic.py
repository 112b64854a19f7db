import time

from django.core.management.base import BaseCommand, CommandError

from events import synthetic


class Command(BaseCommand):
    help = (
        "Generate synthetic records for benchmarks: --events N events with about four participants each, and "
        "people, organisations, places, posts and positions, sources with verbatim citations, alternate names "
        "and initiatives scaled from N. The same --seed gives the same rows. Every synthetic record's slug "
        f"begins '{synthetic.SLUG_PREFIX}' (sources' references '{synthetic.REFERENCE_PREFIX}'); --clear deletes "
        "those rows and nothing else. Bulk writes: COPY on PostgreSQL, executemany on SQLite; no history rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, help="How many events (100,000 → about 400,000 participations).")
        parser.add_argument("--people", type=int, help="How many people (default: events / 5).")
        parser.add_argument("--organisations", type=int, help="How many organisations (default: events / 50).")
        parser.add_argument("--sources", type=int, help="How many sources (default: events / 20).")
        parser.add_argument("--initiatives", type=int, help="How many initiatives (default: events / 100).")
        parser.add_argument("--participants", type=float, default=4.0, help="Mean participants per event (default 4).")
        parser.add_argument("--drafts", type=float, default=0.05, help="Share of drafts (default 0.05).")
        parser.add_argument(
            "--skew", type=float, default=1.0, help="Zipf exponent of who takes part in events (default 1.0)."
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="Random seed (default 0): the same seed, the same rows."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Delete the synthetic rows first (alone: delete them and stop)."
        )

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else None
        events = options["events"]
        if events is None and not options["clear"]:
            raise CommandError("Give --events N (or --clear to delete the synthetic rows).")
        if events is not None and events < 1:
            raise CommandError("--events must be 1 or more.")
        if not 0 <= options["drafts"] < 1:
            raise CommandError("--drafts is a share: from 0 to less than 1.")
        if options["clear"]:
            began = time.monotonic()
            deleted = synthetic.clear(log=log)
            self.stdout.write(
                f"Cleared {sum(deleted.values()):,} synthetic rows in {time.monotonic() - began:.1f}s "
                "(seed records untouched)."
            )
        if events is None:
            return
        existing = synthetic.synthetic_count()
        if existing:
            raise CommandError(f"There are {existing:,} synthetic events already: add --clear to replace them.")
        sizes = synthetic.Sizes.from_events(
            events,
            people=options["people"],
            organisations=options["organisations"],
            sources=options["sources"],
            initiatives=options["initiatives"],
        )
        sizes.participants_per_event = options["participants"]
        if min(sizes.people, sizes.organisations, sizes.sources, sizes.initiatives) < 1:
            raise CommandError("--people, --organisations, --sources and --initiatives must be 1 or more.")
        self.stdout.write(
            f"Generating {sizes.events:,} events, {sizes.people:,} people, {sizes.organisations:,} organisations, "
            f"{sizes.sources:,} sources, {sizes.initiatives:,} initiatives, {sizes.places:,} places (seed "
            f"{options['seed']}, {options['drafts']:.0%} drafts)."
        )
        began = time.monotonic()
        counts = synthetic.generate(
            sizes, seed=options["seed"], drafts=options["drafts"], skew=options["skew"], log=log
        )
        written = time.monotonic() - began
        synthetic.analyze()
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {sum(counts.values()):,} rows in {written:.1f}s "
                f"(+{time.monotonic() - began - written:.1f}s for vacuum and statistics)."
            )
        )
