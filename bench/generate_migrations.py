#!/usr/bin/env python3
"""Generate N realistic, reversible PostgreSQL 15 migrations for benchmarking.

Usage: generate_migrations.py OUT_DIR -n N [--seed 42] [--start 1700000000000] [--step 1000] [--clean]

Each file is `<13-digit ms timestamp>-<PascalName>.sql` and holds

    -- migrate:up
    <statements>
    -- migrate:down
    <statements that undo up, in reverse order>

The kinds of migration cycle through: create a table (uuid, serial or identity
key; text/varchar/numeric/timestamptz/jsonb columns; a CHECK; a foreign key to
an earlier table; indexes), create an enum type and a table using it, insert
seed rows into an earlier table, add columns (with defaults) plus an index to an
earlier table, create a view, add a unique constraint. Applying every up in
order and then every down in reverse order leaves an empty schema. Output is
deterministic for a given seed. Standard library only.
"""

import argparse
import os
import random
import sys

NOUNS = [
    "accounts", "customers", "orders", "invoices", "products", "shipments",
    "tickets", "projects", "tasks", "comments", "payments", "subscriptions",
    "events", "devices", "sessions", "reviews", "warehouses", "suppliers",
    "categories", "tags", "teams", "members", "articles", "coupons", "carts",
    "refunds", "vendors", "contracts", "licenses", "reports",
]

PEOPLE = [
    "Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra",
    "Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Ken Thompson",
    "Frances Allen", "John O'Neil", "Radia Perlman", "Niklaus Wirth",
    "Sophie Wilson", "Dennis Ritchie", "Leslie Lamport", "Mary Kenneth Keller",
]

ENUM_SETS = [
    ("status", ["draft", "active", "suspended", "archived"]),
    ("priority", ["low", "normal", "high", "urgent"]),
    ("state", ["pending", "processing", "done", "failed"]),
    ("visibility", ["private", "internal", "public"]),
    ("tier", ["free", "basic", "pro", "enterprise"]),
]

LABELS = ["none", "legacy", "beta", "vip", "imported", "manual"]

JSON_SAMPLES = [
    '{"tier": "gold", "score": 7}',
    '{"source": "import", "tags": ["a", "b"]}',
    '{"flags": {"beta": true}, "limit": 100}',
    '{"locale": "en-GB", "tz": "Europe/London"}',
    '{}',
]


def q(text):
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def pascal(noun):
    return "".join(part.capitalize() for part in noun.split("_"))


class Column:
    def __init__(self, name, seed_value=None):
        self.name = name
        # A function (rng, row_tag) -> SQL literal, or None if seeds leave it to its default.
        self.seed_value = seed_value


class Table:
    def __init__(self, name, noun, key_type):
        self.name = name
        self.noun = noun
        self.key_type = key_type  # the SQL type a foreign key to this table must use
        self.columns = []         # Column, in order; id excluded
        self.parent = None        # (Table, fk column name) or None
        self.has_created_at = True
        self.unique_code = False
        self.enum_column = None   # (column, values) or None


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tables = []
        self.views = []

    # -- helpers -------------------------------------------------------------

    def pick_table(self):
        # Favour recent tables, as real projects do, but reach back sometimes.
        if self.rng.random() < 0.6:
            return self.rng.choice(self.tables[-6:])
        return self.rng.choice(self.tables)

    def noun(self):
        return self.rng.choice(NOUNS)

    def key_clause(self):
        kind = self.rng.choice(["uuid", "serial", "identity"])
        if kind == "uuid":
            return "id uuid PRIMARY KEY DEFAULT gen_random_uuid()", "uuid"
        if kind == "serial":
            return "id serial PRIMARY KEY", "integer"
        return "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "bigint"

    def common_seed_columns(self, table, num):
        table.columns.append(Column("code", lambda rng, tag: q(tag)))
        table.columns.append(Column("name", lambda rng, tag: q(rng.choice(PEOPLE))))

    def fk_clause(self, table, num, up_after):
        """Adds a foreign key column to an earlier table; returns the column line."""
        if not self.tables:
            return None
        parent = self.pick_table()
        col = parent.noun.rstrip("s") + "_id"
        if col in ("id", "code", "name"):
            col = "parent_id"
        action = self.rng.choice(["ON DELETE SET NULL", "ON DELETE CASCADE", "ON DELETE RESTRICT"])
        table.parent = (parent, col)
        parent_name = parent.name
        table.columns.append(
            Column(col, lambda rng, tag, p=parent_name: "(SELECT id FROM %s ORDER BY id LIMIT 1)" % p))
        up_after.append("CREATE INDEX ix%04d_%s_%s ON %s (%s);" % (num, table.noun, col, table.name, col))
        return "    %s %s REFERENCES %s (id) %s" % (col, parent.key_type, parent.name, action)

    # -- kinds ---------------------------------------------------------------

    def create_table(self, num):
        noun = self.noun()
        name = "t%04d_%s" % (num, noun)
        key_line, key_type = self.key_clause()
        t = Table(name, noun, key_type)
        lines = [key_line,
                 "code varchar(64) NOT NULL",
                 "name text NOT NULL"]
        self.common_seed_columns(t, num)
        if self.rng.random() < 0.7:
            lines.append("email varchar(255)")
            t.columns.append(Column("email", lambda rng, tag: q(tag.lower() + "@example.com")))
        lines.append("amount numeric(12,2) NOT NULL DEFAULT 0")
        t.columns.append(Column("amount", lambda rng, tag: "%d.%02d" % (rng.randint(0, 9999), rng.randint(0, 99))))
        lines.append("metadata jsonb NOT NULL DEFAULT '{}'::jsonb")
        t.columns.append(Column("metadata", lambda rng, tag: q(rng.choice(JSON_SAMPLES)) + "::jsonb"))
        lines.append("description text")
        lines.append("created_at timestamptz NOT NULL DEFAULT now()")
        lines.append("updated_at timestamptz")
        up_after = []
        checks = []
        fk = self.fk_clause(t, num, up_after)
        if fk:
            lines.append(fk.strip())
        checks.append("CONSTRAINT %s_amount_check CHECK (amount >= 0)" % name)
        if self.rng.random() < 0.5:
            checks.append("CONSTRAINT %s_code_check CHECK (char_length(code) BETWEEN 1 AND 64)" % name)
        up = ["CREATE TABLE %s (\n%s\n);" % (name, ",\n".join("    " + l for l in lines + checks))]
        indexes = ["CREATE INDEX ix%04d_%s_created_at ON %s (created_at DESC);" % (num, noun, name)]
        if self.rng.random() < 0.4:
            indexes.append("CREATE INDEX ix%04d_%s_metadata ON %s USING gin (metadata);" % (num, noun, name))
        up += up_after + indexes
        up.append("COMMENT ON TABLE %s IS %s;" % (name, q("Benchmark table %d (%s)" % (num, noun))))
        # Undo in reverse order: the indexes (newest first), then the table.
        down = ["DROP TABLE %s;" % name]
        down += ["DROP INDEX %s;" % stmt.split()[2] for stmt in up_after + indexes]
        down.reverse()
        self.tables.append(t)
        return "Create%sT%04d" % (pascal(noun), num), up, down

    def create_enum_table(self, num):
        noun = self.noun()
        name = "t%04d_%s" % (num, noun)
        label, values = self.rng.choice(ENUM_SETS)
        type_name = "e%04d_%s_%s" % (num, noun, label)
        key_line, key_type = self.key_clause()
        t = Table(name, noun, key_type)
        self.common_seed_columns(t, num)
        t.columns.append(Column(label, lambda rng, tag, v=values: q(rng.choice(v))))
        t.enum_column = (label, values)
        t.columns.append(Column("payload", lambda rng, tag: q(rng.choice(JSON_SAMPLES)) + "::jsonb"))
        t.columns.append(Column("starts_at", lambda rng, tag: q("2024-%02d-%02d 09:00:00+00" % (rng.randint(1, 6), rng.randint(1, 28)))))
        t.columns.append(Column("ends_at", lambda rng, tag: q("2024-%02d-%02d 17:30:00+00" % (rng.randint(7, 12), rng.randint(1, 28)))))
        lines = [key_line,
                 "code varchar(64) NOT NULL",
                 "name text NOT NULL",
                 "%s %s NOT NULL DEFAULT %s" % (label, type_name, q(values[0])),
                 "payload jsonb",
                 "starts_at timestamptz NOT NULL DEFAULT now()",
                 "ends_at timestamptz",
                 "created_at timestamptz NOT NULL DEFAULT now()"]
        up_after = []
        fk = self.fk_clause(t, num, up_after)
        if fk:
            lines.append(fk.strip())
        lines.append("CONSTRAINT %s_period_check CHECK (ends_at IS NULL OR ends_at > starts_at)" % name)
        up = ["CREATE TYPE %s AS ENUM (%s);" % (type_name, ", ".join(q(v) for v in values)),
              "CREATE TABLE %s (\n%s\n);" % (name, ",\n".join("    " + l for l in lines))]
        indexes = ["CREATE INDEX ix%04d_%s_%s ON %s (%s) WHERE %s <> %s;"
                   % (num, noun, label, name, label, label, q(values[-1]))]
        up += up_after + indexes
        down = ["DROP TYPE %s;" % type_name, "DROP TABLE %s;" % name]
        down += ["DROP INDEX %s;" % stmt.split()[2] for stmt in up_after + indexes]
        down.reverse()
        self.tables.append(t)
        return "Create%sWith%sT%04d" % (pascal(noun), pascal(label), num), up, down

    def add_columns(self, num):
        t = self.pick_table()
        options = [
            ("priority", "integer NOT NULL DEFAULT 0", lambda rng, tag: str(rng.randint(0, 5))),
            ("is_archived", "boolean NOT NULL DEFAULT false", lambda rng, tag: rng.choice(["true", "false"])),
            ("label", "varchar(80) DEFAULT 'none'", lambda rng, tag: q(rng.choice(LABELS))),
            ("settings", "jsonb NOT NULL DEFAULT '{}'::jsonb", lambda rng, tag: q(rng.choice(JSON_SAMPLES)) + "::jsonb"),
            ("verified_at", "timestamptz", None),
            ("score", "numeric(6,2) DEFAULT 0.0", lambda rng, tag: "%d.%d" % (rng.randint(0, 99), rng.randint(0, 9))),
            ("external_ref", "text", lambda rng, tag: q("ext-" + tag.lower())),
        ]
        chosen = self.rng.sample(options, self.rng.randint(2, 3))
        cols = [("c%04d_%s" % (num, c), typ, seed) for c, typ, seed in chosen]
        up = ["ALTER TABLE %s\n%s;" % (t.name, ",\n".join("    ADD COLUMN %s %s" % (c, typ) for c, typ, _ in cols))]
        index = "ix%04d_%s_%s" % (num, t.noun, cols[0][0][6:])
        up.append("CREATE INDEX %s ON %s (%s);" % (index, t.name, cols[0][0]))
        down = ["DROP INDEX %s;" % index,
                "ALTER TABLE %s\n%s;" % (t.name, ",\n".join("    DROP COLUMN %s" % c for c, _, _ in reversed(cols)))]
        for c, _, seed in cols:
            t.columns.append(Column(c, seed))
        return "Add%sTo%sT%04d" % ("".join(pascal(c) for c, _, _ in chosen[:2]), pascal(t.noun), num), up, down

    def seed_rows(self, num):
        t = self.pick_table()
        cols = [c for c in t.columns if c.seed_value is not None]
        rows = []
        codes = []
        for i in range(1, self.rng.randint(3, 6) + 1):
            tag = "%s-s%04d-%d" % (t.name[:5], num, i)
            codes.append(tag)
            rows.append("(" + ", ".join(c.seed_value(self.rng, tag) for c in cols) + ")")
        up = ["INSERT INTO %s (%s) VALUES\n%s;" % (t.name, ", ".join(c.name for c in cols),
                                                   ",\n".join("    " + r for r in rows))]
        down = ["DELETE FROM %s WHERE code IN (%s);" % (t.name, ", ".join(q(c) for c in codes))]
        return "Seed%sT%04d" % (pascal(t.noun), num), up, down

    def create_view(self, num):
        children = [t for t in self.tables if t.parent is not None]
        if children and self.rng.random() < 0.7:
            child = self.rng.choice(children[-8:])
            parent, fk = child.parent
            name = "v%04d_%s_%s_summary" % (num, parent.noun, child.noun)
            sql = ("CREATE VIEW %s AS\n"
                   "SELECT p.id, p.code, p.name,\n"
                   "       count(c.id) AS %s_count,\n"
                   "       max(c.created_at) AS last_%s_at\n"
                   "FROM %s p\n"
                   "LEFT JOIN %s c ON c.%s = p.id\n"
                   "GROUP BY p.id, p.code, p.name;"
                   % (name, child.noun, child.noun.rstrip("s"), parent.name, child.name, fk))
        else:
            t = self.pick_table()
            name = "v%04d_recent_%s" % (num, t.noun)
            where = "t.created_at > now() - interval '30 days'"
            if t.enum_column:
                label, values = t.enum_column
                where += " AND t.%s <> %s" % (label, q(values[-1]))
            sql = ("CREATE VIEW %s AS\n"
                   "SELECT t.id, t.code, t.name, t.created_at\n"
                   "FROM %s t\n"
                   "WHERE %s\n"
                   "ORDER BY t.created_at DESC;" % (name, t.name, where))
        self.views.append(name)
        return "CreateView%sV%04d" % (pascal(name.split("_", 1)[1]), num), [sql], ["DROP VIEW %s;" % name]

    def add_unique(self, num):
        candidates = [t for t in self.tables if not t.unique_code]
        if candidates:
            t = self.rng.choice(candidates[-10:])
            t.unique_code = True
            cols = "code"
        else:
            t = self.pick_table()
            cols = "code, name"
        cname = "uq%04d_%s_%s" % (num, t.noun, cols.replace(", ", "_"))
        up = ["ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s);" % (t.name, cname, cols)]
        down = ["ALTER TABLE %s DROP CONSTRAINT %s;" % (t.name, cname)]
        return "AddUnique%sCodeT%04d" % (pascal(t.noun), num), up, down

    CYCLE = ["create_table", "create_enum_table", "seed_rows", "add_columns",
             "create_table", "create_view", "add_unique", "seed_rows"]

    def migration(self, num):
        kind = self.CYCLE[(num - 1) % len(self.CYCLE)]
        return getattr(self, kind)(num)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", help="folder to write the migrations into (created if missing)")
    ap.add_argument("-n", "--count", type=int, required=True, help="number of migrations")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--start", type=int, default=1700000000000, help="first timestamp in ms (default 1700000000000)")
    ap.add_argument("--step", type=int, default=1000, help="timestamp increment in ms (default 1000)")
    ap.add_argument("--clean", action="store_true", help="delete *.sql files already in out_dir first")
    args = ap.parse_args(argv)
    if args.count < 1 or args.count > 9999:
        ap.error("--count must be between 1 and 9999")
    if len(str(args.start + args.step * (args.count - 1))) != 13 or len(str(args.start)) != 13:
        ap.error("timestamps must stay 13 digits")

    os.makedirs(args.out_dir, exist_ok=True)
    existing = sorted(f for f in os.listdir(args.out_dir) if f.endswith(".sql"))
    if existing:
        if not args.clean:
            ap.error("%s already holds %d .sql files (use --clean to remove them)" % (args.out_dir, len(existing)))
        for f in existing:
            os.remove(os.path.join(args.out_dir, f))

    gen = Generator(args.seed)
    for num in range(1, args.count + 1):
        name, up, down = gen.migration(num)
        ts = args.start + args.step * (num - 1)
        text = "-- migrate:up\n%s\n\n-- migrate:down\n%s\n" % ("\n".join(up), "\n".join(down))
        with open(os.path.join(args.out_dir, "%d-%s.sql" % (ts, name)), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
