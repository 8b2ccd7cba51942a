#!/usr/bin/env node
// The TypeORM side of the corpus run (tests/typeorm/corpus/run-corpus.sh):
// one Node process per run instead of one `typeorm` CLI process per command,
// because every ts-node start costs seconds.
//
// Usage:
//   node typeorm-driver.js --chain DIR --install DIR [--schema NAME] COMMAND [ARG]
//
//   --chain DIR     a corpus project folder; its migrations/*.ts|*.js are the chain
//   --install DIR   a TypeORM install: DIR/node_modules holds typeorm, pg, ts-node,
//                   typescript (scripts/typeorm-compat-setup.sh makes them)
//   --schema NAME   the data source's `schema` option (default: none)
//
// Commands (each prints one JSON document on stdout):
//   run             runMigrations(): every pending migration; with the history rows after
//   run-first N     the first N migrations in TypeORM's own order; with the rows after
//   show            what migration:show says: each migration and whether applied
//   revert-all      undoLastMigration() until none is left; stops at the first
//                   down that fails and names it with its error
//   history         the rows of the migrations table (id, timestamp, name)
//
// The connection comes from the libpq environment: PGHOST (a socket folder or a
// host), PGPORT, PGUSER, PGDATABASE. The password is never an argument: node-postgres
// reads PGPASSWORD or the PGPASSFILE / ~/.pgpass file itself.
//
// Exit status: 0 when the command did what it was asked, 1 when TypeORM failed
// (the JSON says where and why), 2 on bad usage.
'use strict';

const fs = require('fs');
const path = require('path');
const Module = require('module');

function usage(message) {
    process.stderr.write(`typeorm-driver: ${message}\n`);
    process.stderr.write('usage: typeorm-driver.js --chain DIR --install DIR [--schema NAME] ' +
        'run|run-first N|show|revert-all|history\n');
    process.exit(2);
}

function parseArgs(argv) {
    const opts = { chain: null, install: null, schema: null, command: null, arg: null };
    for (let i = 0; i < argv.length; ++i) {
        const a = argv[i];
        if (a === '--chain' || a === '--install' || a === '--schema') {
            if (i + 1 >= argv.length)
                usage(`${a} needs a value`);
            opts[a.slice(2)] = argv[++i];
        } else if (opts.command === null) {
            opts.command = a;
        } else if (opts.arg === null) {
            opts.arg = a;
        } else {
            usage(`unexpected argument '${a}'`);
        }
    }
    if (!opts.chain || !opts.install || !opts.command)
        usage('--chain, --install and a command are required');
    const known = ['run', 'run-first', 'show', 'revert-all', 'history'];
    if (!known.includes(opts.command))
        usage(`unknown command '${opts.command}'`);
    if (opts.command === 'run-first' && !/^[0-9]+$/.test(opts.arg || ''))
        usage('run-first needs a count');
    return opts;
}

const opts = parseArgs(process.argv.slice(2));

// stdout carries one JSON document only: TypeORM's own messages ("Migration X
// failed, error: ...") and whatever migrations print go to stderr.
console.log = (...args) => console.error(...args);
const chainDir = path.resolve(opts.chain);
const migrationsDir = path.join(chainDir, 'migrations');
const modulesDir = path.join(path.resolve(opts.install), 'node_modules');
if (!fs.existsSync(migrationsDir))
    usage(`no migrations folder in ${chainDir}`);
if (!fs.existsSync(path.join(modulesDir, 'typeorm')))
    usage(`no typeorm in ${modulesDir} (run scripts/typeorm-compat-setup.sh)`);

// The migrations `import ... from "typeorm"` from the corpus folder, which has no
// node_modules: resolve bare names from the install, so they get the very same
// typeorm module instance as this script.
process.env.NODE_PATH = [modulesDir, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();

// Decorators, `import x = require()`, ESM syntax in .js data modules (Medusa's
// utils/countries.js) and TypeScript 3-era code: transpile only, no type checks,
// no tsconfig search (the corpus is not a TypeScript project).
require(path.join(modulesDir, 'ts-node')).register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: {
        module: 'commonjs',
        target: 'es2019',
        allowJs: true,
        esModuleInterop: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
    },
});
require(path.join(modulesDir, 'reflect-metadata'));

const typeorm = require(path.join(modulesDir, 'typeorm'));
const MigrationExecutor = typeorm.MigrationExecutor
    || require(path.join(modulesDir, 'typeorm', 'migration', 'MigrationExecutor')).MigrationExecutor;

function errorText(e) {
    if (!e)
        return 'unknown error';
    // TypeORM wraps driver errors in QueryFailedError; the server's message is the useful part.
    const parts = [e.message || String(e)];
    if (typeof e.code === 'string')
        parts.push(/^[0-9A-Z]{5}$/.test(e.code) ? `(SQLSTATE ${e.code})` : `(${e.code})`);
    return parts.join(' ');
}

function print(doc) {
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

// TypeORM's own name and timestamp rule (MigrationExecutor.getMigrations):
// the `name` property if set, else the class name; the timestamp is the
// class/name's last 13 characters read with parseInt.
function migrationName(instance) {
    return instance.name || instance.constructor.name;
}
function migrationTimestamp(instance) {
    return parseInt(migrationName(instance).substr(-13), 10);
}

function dataSourceOptions() {
    const options = {
        type: 'postgres',
        host: process.env.PGHOST || 'localhost',
        port: process.env.PGPORT ? Number(process.env.PGPORT) : 5432,
        username: process.env.PGUSER,
        database: process.env.PGDATABASE,
        entities: [],
        migrations: [path.join(migrationsDir, '*.ts'), path.join(migrationsDir, '*.js')],
        migrationsTableName: 'migrations',
        synchronize: false,
        migrationsRun: false,
        logging: false,
    };
    if (opts.schema)
        options.schema = opts.schema;
    // migration:show prints its lines through the logger's schema-build channel.
    if (opts.command === 'show')
        options.logging = ['schema'];
    return options;
}

async function open() {
    const options = dataSourceOptions();
    if (typeorm.DataSource) {
        const ds = new typeorm.DataSource(options);
        await ds.initialize();
        return ds;
    }
    // TypeORM 0.2: Connection instead of DataSource.
    const connection = new typeorm.Connection(options);
    await connection.connect();
    return connection;
}

async function close(ds) {
    if (ds.destroy)
        await ds.destroy();
    else
        await ds.close();
}

function tablePath(ds) {
    const schema = opts.schema;
    return schema ? `"${schema}"."migrations"` : '"migrations"';
}

async function historyRows(ds) {
    const exists = await ds.query(
        'SELECT to_regclass($1) IS NOT NULL AS present', [opts.schema ? `"${opts.schema}".migrations` : 'migrations']);
    if (!exists[0].present)
        return [];
    const rows = await ds.query(`SELECT id, timestamp, name FROM ${tablePath(ds)} ORDER BY id`);
    return rows.map((r) => ({ id: Number(r.id), timestamp: String(r.timestamp), name: r.name }));
}

// The migration whose up or down ran last: a promise it did not await may
// reject after TypeORM has moved on (a down calling dropTable() without await
// fails once its query runner is released), which would kill the process.
let lastEntered = null;
let progress = null;
process.on('unhandledRejection', (e) => {
    print(Object.assign({}, progress || {}, {
        ok: false,
        failed: lastEntered,
        error: `a promise the migration did not await was rejected after TypeORM went on: ${errorText(e)}`,
        typeorm: require(path.join(modulesDir, 'typeorm', 'package.json')).version,
    }));
    process.exit(1);
});

// Records which migration TypeORM is inside, so a failure names it.
function instrument(ds, log) {
    for (const m of ds.migrations) {
        const name = migrationName(m);
        for (const method of ['up', 'down']) {
            const original = m[method];
            if (typeof original !== 'function')
                continue;
            m[method] = async function (...args) {
                lastEntered = name;
                log.current = { name, direction: method };
                await original.apply(this, args);
                log.done.push({ name, direction: method });
                log.current = null;
            };
        }
    }
}

async function commandRun(ds, limit) {
    const log = { current: null, done: [] };
    if (limit !== null) {
        // TypeORM has no "first N": keep the first N in its own order (stable sort
        // by timestamp, as MigrationExecutor sorts) and let it run those.
        const ordered = ds.migrations
            .map((m, i) => ({ m, i }))
            .sort((a, b) => (migrationTimestamp(a.m) - migrationTimestamp(b.m)) || (a.i - b.i))
            .map((x) => x.m);
        ds.migrations.splice(0, ds.migrations.length, ...ordered.slice(0, limit));
    }
    instrument(ds, log);
    // The history rows come with the answer: one ts-node start fewer per run.
    try {
        await ds.runMigrations();
    } catch (e) {
        return { ok: false, applied: log.done.map((d) => d.name), failed: log.current ? log.current.name : null,
            error: errorText(e), rows: await historyRows(ds) };
    }
    return { ok: true, applied: log.done.map((d) => d.name), rows: await historyRows(ds) };
}

async function commandShow(ds) {
    const executor = new MigrationExecutor(ds);
    // getMigrations() is TypeORM's own list (name and timestamp as it derives
    // them, in its order); 0.2 and 0.3 also expose it as getAllMigrations().
    const all = executor.getAllMigrations ? await executor.getAllMigrations() : executor.getMigrations();
    // Not executor.getExecutedMigrations(): in 0.2.45 it releases its query
    // runner before the query resolves and never returns. The table is the same.
    const executed = await historyRows(ds);
    const executedNames = new Set(executed.map((m) => m.name));
    // showMigrations() is what `migration:show` calls; it prints its own lines,
    // which are captured here so stdout stays one JSON document.
    const lines = [];
    const originalLog = console.log;  // (already rerouted to stderr)
    console.log = (...args) => lines.push(args.join(' '));
    let hasPending;
    try {
        hasPending = await ds.showMigrations();
    } finally {
        console.log = originalLog;
    }
    return {
        ok: true,
        hasPending,
        migrations: all.map((m) => ({ name: m.name, timestamp: String(m.timestamp), applied: executedNames.has(m.name) })),
        unknownApplied: executed.filter((e) => !all.some((m) => m.name === e.name)).map((e) => e.name),
        output: lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')),
    };
}

async function commandRevertAll(ds) {
    const log = { current: null, done: [] };
    instrument(ds, log);
    const reverted = [];
    progress = { reverted };
    for (;;) {
        const rows = await historyRows(ds);
        if (rows.length === 0)
            return { ok: true, reverted };
        const last = rows[rows.length - 1];
        try {
            await ds.undoLastMigration();
        } catch (e) {
            return { ok: false, reverted, failed: log.current ? log.current.name : last.name, error: errorText(e) };
        }
        const after = await historyRows(ds);
        if (after.length >= rows.length) {
            // undoLastMigration found nothing it knows to revert (a row whose
            // migration is not in the chain): stop instead of looping.
            return { ok: false, reverted, failed: last.name, error: 'TypeORM did not revert the last applied migration' };
        }
        reverted.push(last.name);
    }
}

async function main() {
    let ds;
    try {
        ds = await open();
    } catch (e) {
        print({ ok: false, phase: 'load', error: errorText(e) });
        return 1;
    }
    let result;
    try {
        switch (opts.command) {
        case 'run':
            result = await commandRun(ds, null);
            break;
        case 'run-first':
            result = await commandRun(ds, Number(opts.arg));
            break;
        case 'show':
            result = await commandShow(ds);
            break;
        case 'revert-all':
            result = await commandRevertAll(ds);
            break;
        case 'history':
            result = { ok: true, rows: await historyRows(ds) };
            break;
        }
    } catch (e) {
        result = { ok: false, error: errorText(e) };
    } finally {
        await close(ds).catch(() => {});
    }
    result.typeorm = require(path.join(modulesDir, 'typeorm', 'package.json')).version;
    print(result);
    return result.ok ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
    print({ ok: false, error: errorText(e) });
    process.exit(1);
});
