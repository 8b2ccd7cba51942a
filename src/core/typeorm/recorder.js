// Strata's TypeORM recorder (shipped inside libstrata_core, run by
// TypeOrmNodeRecorder with `node <this file> <project dir> <migration file>...`).
//
// It asks the project's own TypeORM what SQL its migrations issue: each file is
// loaded the way TypeORM loads migrations, each migration's up() runs on
// TypeORM's real PostgreSQL query runner against a scratch ("shadow") database,
// and every statement the migration's code issues is recorded with its
// parameters as node-postgres sends them, then executed for real so that the
// schema-builder calls which read the live table (dropColumn, changeColumn...)
// see the state they would see. After all ups, the downs run newest first.
//
// Connection: PGHOST, PGPORT, PGUSER, PGDATABASE (PGSSLMODE is read by pg) from
// the environment; the password is the whole of stdin, never an argument or a
// file. Output: one JSON document on stdout; anything the migrations print goes
// to stderr.
"use strict";

const path = require("path");
const fs = require("fs");

const stdoutWrite = process.stdout.write.bind(process.stdout);
// A migration's console.log must not corrupt the JSON document.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

function fail(kind, message) {
    stdoutWrite(JSON.stringify({ fatal: { kind, message } }) + "\n", () => process.exit(3));
}

function readStdin() {
    return new Promise((resolve) => {
        const chunks = [];
        process.stdin.on("data", (c) => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", () => resolve(""));
    });
}

function resolveFrom(projectDir, request) {
    try {
        return require.resolve(request, { paths: [projectDir] });
    } catch (e) {
        return null;
    }
}

// Read-only catalog queries TypeORM issues on its own (table loading, existence
// checks, version and schema look-ups): not part of what the migration does.
const INTROSPECTION = [
    "loadTables", "loadViews", "getCurrentDatabase", "getCurrentSchema", "hasDatabase", "hasSchema",
    "hasTable", "hasColumn", "hasEnumType", "getUserDefinedTypeName", "getVersion",
    "getTableNameWithSchema", "hasSupportForPartitionedTables", "getCachedTable", "getTables", "getTable",
    "getViews", "getView",
];
// Transaction control is Strata's runner's business, not the migration's SQL.
const TRANSACTION = ["startTransaction", "commitTransaction", "rollbackTransaction"];

function isReadOnly(sql) {
    return /^\s*(select|show|with\s[\s\S]*\bselect\b)/i.test(sql) && !/\b(insert|update|delete)\b/i.test(sql);
}

// The position of the call in the migration's own file, from the stack (ts-node
// maps .ts positions through source maps).
function callSite(file) {
    // Schema-builder calls go through many frames (TypeORM 0.2 more than 10, V8's default).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    const stack = new Error().stack.split("\n");
    Error.stackTraceLimit = limit;
    for (const frame of stack) {
        const at = frame.lastIndexOf(file + ":");
        if (at < 0)
            continue;
        const m = /:(\d+):(\d+)\)?\s*$/.exec(frame.slice(at + file.length));
        if (m)
            return { line: parseInt(m[1], 10), column: parseInt(m[2], 10) };
    }
    return null;
}

function errorInfo(err, file, direction) {
    const driver = (err && err.driverError) || err || {};
    const info = {
        message: String((err && err.message) || err),
        code: driver.code || (err && err.code) || "",
        position: driver.position ? parseInt(driver.position, 10) : 0,
        migrationFile: file,
        direction,
    };
    if (err && typeof err.query === "string")
        info.query = err.query;
    if (driver.detail)
        info.detail = driver.detail;
    if (driver.hint)
        info.hint = driver.hint;
    return info;
}

async function main() {
    const args = process.argv.slice(2);
    if (args.length < 1)
        return fail("usage", "usage: recorder.js <project dir> <migration file>...");
    const projectDir = path.resolve(args[0]);
    const files = args.slice(1).map((f) => path.resolve(projectDir, f));
    const password = await readStdin();

    const typeormPath = resolveFrom(projectDir, "typeorm");
    if (!typeormPath)
        return fail("no-typeorm", `the project ${projectDir} has no typeorm package installed (node_modules)`);
    const typeormDir = path.dirname(resolveFrom(projectDir, "typeorm/package.json") || typeormPath);
    const typeorm = require(typeormPath);
    const typeormVersion = require(path.join(typeormDir, "package.json")).version;
    // The pg TypeORM itself loads (it require()s "pg" from its own folder).
    const pgPath = resolveFrom(typeormDir, "pg") || resolveFrom(projectDir, "pg");
    if (!pgPath)
        return fail("no-pg", `the project ${projectDir} has no pg package installed (TypeORM's PostgreSQL driver)`);
    const pgUtils = require(path.join(path.dirname(pgPath), "utils.js"));

    if (files.some((f) => /\.[mc]?tsx?$/.test(f))) {
        const tsNode = resolveFrom(projectDir, "ts-node");
        if (!tsNode)
            return fail("no-ts-node", `the project ${projectDir} has .ts migrations but no ts-node installed`);
        // Type checking is tsc's job; a migration runner only needs the JavaScript.
        require(tsNode).register({ transpileOnly: true, dir: projectDir, compilerOptions: { module: "commonjs" } });
    }
    const reflect = resolveFrom(projectDir, "reflect-metadata");
    if (reflect)
        require(reflect);

    let importOrRequireFile = null;
    try {
        importOrRequireFile = require(path.join(typeormDir, "util/ImportUtils.js")).importOrRequireFile;
    } catch (e) {
        // TypeORM 0.2 require()s migration files.
    }
    let InstanceChecker = null;
    try {
        InstanceChecker = require(path.join(typeormDir, "util/InstanceChecker.js")).InstanceChecker;
    } catch (e) {
        // not in 0.2
    }

    const options = {
        type: "postgres",
        host: process.env.PGHOST || undefined,
        port: process.env.PGPORT ? parseInt(process.env.PGPORT, 10) : undefined,
        username: process.env.PGUSER || undefined,
        database: process.env.PGDATABASE || undefined,
        password: password.length > 0 ? password : undefined,
        entities: [],
        migrations: [],
        synchronize: false,
        logging: false,
    };
    let dataSource;
    try {
        if (typeorm.DataSource) {
            dataSource = new typeorm.DataSource(options);
            await dataSource.initialize();
        } else {
            dataSource = new typeorm.Connection(options); // TypeORM 0.2
            await dataSource.connect();
        }
    } catch (err) {
        return fail("connection", `TypeORM could not connect: ${err && err.message}`);
    }

    // Every migration class of every file, as TypeORM's loader collects them
    // (importClassesFromDirectories: each exported function, arrays and objects
    // of exports walked), named and timestamped as MigrationExecutor does.
    const migrations = [];
    for (const file of files) {
        let exported;
        try {
            exported = importOrRequireFile ? (await importOrRequireFile(file))[0] : require(file);
        } catch (err) {
            migrations.push({ file, className: "", name: "", timestamp: 0, transaction: true, up: [], down: [],
                readsData: false, error: errorInfo(err, file, "load") });
            continue;
        }
        const classes = [];
        const walk = (value) => {
            if (typeof value === "function" || (InstanceChecker && InstanceChecker.isEntitySchema(value)))
                classes.push(value);
            else if (Array.isArray(value))
                value.forEach(walk);
            else if (value !== null && typeof value === "object")
                Object.values(value).forEach(walk);
        };
        walk(exported);
        if (!classes.some((cls) => typeof cls === "function")) {
            // TypeORM ignores such a file; said here so the caller knows it is not a migration.
            migrations.push({ file, className: "", name: "", timestamp: 0, transaction: true, up: [], down: [],
                readsData: false, noClass: true, error: { message: "the file exports no class", code: "", position: 0,
                    migrationFile: file, direction: "load" } });
            continue;
        }
        for (const cls of classes) {
            if (typeof cls !== "function")
                continue;
            const instance = new cls();
            const name = instance.name || cls.name;
            migrations.push({ file, instance, className: cls.name, name,
                timestamp: parseInt(String(name).slice(-13), 10) || 0,
                transaction: instance.transaction !== false, up: [], down: [], readsData: false });
        }
    }

    const state = { recording: null, depth: 0, txDepth: 0, api: 0, site: null, file: "" };
    // Wraps one query runner's methods: query() records, the introspection and
    // transaction methods mark what they issue as TypeORM's own.
    const instrument = (queryRunner) => {
    const originalQuery = queryRunner.query;
    queryRunner.query = async function (sql, parameters, useStructuredResult) {
        const user = state.depth === 0 && state.txDepth === 0;
        const record = state.recording && state.txDepth === 0 && (user || !isReadOnly(String(sql)));
        let entry = null;
        if (record) {
            entry = { sql: String(sql), parameters: null };
            if (Array.isArray(parameters) && parameters.length > 0) {
                entry.parameters = parameters.map((value) => {
                    const sent = pgUtils.prepareValue(value);
                    if (sent === null || sent === undefined)
                        return null;
                    if (Buffer.isBuffer(sent)) // sent in binary, a bytea
                        return { bytea: "\\x" + sent.toString("hex") };
                    return String(sent);
                });
            }
            const site = state.api > 0 && state.site ? state.site : callSite(state.file);
            if (site) {
                entry.line = site.line;
                entry.column = site.column;
            }
            state.recording.push(entry);
        }
        const result = await originalQuery.call(this, sql, parameters, true);
        // TypeORM 0.2 has no structured results: it returns rows (or [rows, count]).
        const structured = result && typeof result === "object" && !Array.isArray(result) && "records" in result;
        if (entry && user) {
            const rows = structured ? result.records : result;
            if (Array.isArray(rows) && rows.length > 0 && isReadOnly(entry.sql)) {
                entry.returnedRows = rows.length;
                state.readsData = true;
            }
        }
        if (!structured)
            return result;
        return useStructuredResult ? result : result.raw;
    };
    // Every other method: the outermost call (the one the migration's code
    // makes, e.g. createTable) notes where it was made, since TypeORM 0.2's
    // compiled awaits lose the async stack by the time query() runs.
    const names = new Set();
    for (let proto = Object.getPrototypeOf(queryRunner); proto && proto !== Object.prototype;
        proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) {
            const descriptor = Object.getOwnPropertyDescriptor(proto, name);
            if (descriptor && typeof descriptor.value === "function")
                names.add(name);
        }
    }
    for (const name of names) {
        if (name === "constructor" || name === "query" || name === "connect" || name === "release")
            continue;
        const original = queryRunner[name];
        const introspection = INTROSPECTION.includes(name);
        const transaction = TRANSACTION.includes(name);
        queryRunner[name] = function (...a) {
            const outer = state.api === 0;
            if (outer && state.recording)
                state.site = callSite(state.file);
            state.api++;
            if (introspection)
                state.depth++;
            if (transaction)
                state.txDepth++;
            const done = () => {
                state.api--;
                if (introspection)
                    state.depth--;
                if (transaction)
                    state.txDepth--;
                if (outer)
                    state.site = null;
            };
            let result;
            try {
                result = original.apply(this, a);
            } catch (err) {
                done();
                throw err;
            }
            // Synchronous helpers (escapePath, getTablePath...) stay synchronous.
            if (!result || typeof result.then !== "function") {
                done();
                return result;
            }
            return result.then((value) => {
                done();
                return value;
            }, (err) => {
                done();
                throw err;
            });
        };
    }
    return queryRunner;
    };
    const queryRunner = instrument(dataSource.createQueryRunner());
    // A migration may also query through dataSource.query() or a runner of its
    // own (queryRunner.connection.createQueryRunner()): record those too.
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    dataSource.createQueryRunner = (...a) => instrument(createQueryRunner(...a));

    async function run(m, direction) {
        state.recording = m[direction];
        state.file = m.file;
        state.readsData = false;
        const inTransaction = m.transaction;
        try {
            if (inTransaction)
                await queryRunner.startTransaction();
            await m.instance[direction](queryRunner);
            if (inTransaction)
                await queryRunner.commitTransaction();
        } catch (err) {
            m.error = errorInfo(err, m.file, direction);
            if (inTransaction && queryRunner.isTransactionActive) {
                try {
                    await queryRunner.rollbackTransaction();
                } catch (e) {
                    // the connection is gone; the error above says why
                }
            }
        } finally {
            if (state.readsData)
                m.readsData = true;
            state.recording = null;
        }
        return !m.error;
    }

    const applied = [];
    // A file that does not load stops TypeORM before any migration runs.
    let failed = migrations.some((m) => m.error && !m.noClass);
    for (const m of migrations) {
        if (m.noClass)
            continue;
        if (failed) {
            m.notRun = true;
            continue;
        }
        if (await run(m, "up"))
            applied.push(m);
        else
            failed = true;
    }
    if (!failed) {
        let downFailed = false;
        for (const m of applied.slice().reverse()) {
            // After a failed down the older ones cannot run on the schema they
            // expect: said so, never left looking like an empty down().
            if (downFailed) {
                m.downNotRun = true;
                continue;
            }
            // migration:revert starts a new process each time: no table cache
            // from the ups (migration:run keeps one across its migrations).
            queryRunner.loadedTables = [];
            queryRunner.cachedTablePaths = {};
            if (!(await run(m, "down")))
                downFailed = true;
        }
    }

    try {
        await queryRunner.release();
        await (dataSource.destroy ? dataSource.destroy() : dataSource.close());
    } catch (e) {
        // the document below is what matters
    }
    const out = {
        typeormVersion,
        nodeVersion: process.versions.node,
        migrations: migrations.map(({ instance, ...m }) => m),
    };
    stdoutWrite(JSON.stringify(out) + "\n", () => process.exit(0));
}

main().catch((err) => fail("internal", String((err && err.stack) || err)));
