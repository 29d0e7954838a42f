import { parseArgs } from 'node:util';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem, ROLES, userCreate, type Role } from '@yilian/domain';
import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { auditCheckpointCommand, auditVerifyCommand } from './audit-commands.js';
import { createUserFromShell } from './create-user.js';
import { createClientFromShell } from './create-client.js';
import { backupCommand, restoreCommand } from './backup-commands.js';
import { generateCommand, GENERATE_USAGE } from '../generate/generate-command.js';

// `npm run yilian -- <command>`: operations from the shell, on the database the config names.
const USAGE = `Usage: npm run yilian -- <command>
  migrate                                   apply pending migrations
  create-user --username U --password P --role ROLE [--consortium CODE] [--institution CODE] [--region CODE] [--name NAME]
  create-client --name NAME --institution CODE --scopes "SCOPES" --jwks FILE
                                            register a hospital system (SMART Backend Services) with its public
                                            keys; prints the client id
  audit verify [--checkpoints FILE]         check the audit trail's hash chain and its signed checkpoints
  audit checkpoint                          sign the chain's head, append it to the checkpoint file, print it
  backup FILE                               write every record and document to FILE (gzip JSON lines)
  restore FILE [--yes]                      replace this database's records and documents with FILE's
${GENERATE_USAGE}
Roles: ${ROLES.join(', ')}`;

async function withDb<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (command === 'migrate') {
    const database = await openDatabase(loadConfig());
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'create-user') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        consortium: { type: 'string' },
        institution: { type: 'string' },
        region: { type: 'string' },
        name: { type: 'string' },
      },
    });
    if (!values.username || !values.password || !values.role || !ROLES.includes(values.role as Role)) {
      console.error(USAGE);
      return 2;
    }
    const parsed = userCreate.pick({ username: true, password: true }).safeParse(values);
    if (!parsed.success) {
      for (const i of parsed.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
      return 2;
    }
    const weak = passwordProblem(values.password, { username: values.username, demo: loadConfig().demo });
    if (weak) {
      console.error(`password: ${PASSWORD_PROBLEM_MESSAGES[weak]}`);
      return 2;
    }
    return withDb(async ({ db }) => {
      const result = await createUserFromShell(db, {
        username: values.username!,
        password: values.password!,
        role: values.role as Role,
        consortiumCode: values.consortium,
        institutionCode: values.institution,
        regionCode: values.region,
        displayName: values.name,
      });
      if ('error' in result) {
        console.error(result.error);
        return 1;
      }
      console.log(`Created ${values.role} ${values.username} (${result.id})`);
      return 0;
    });
  }
  if (command === 'create-client') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        name: { type: 'string' },
        institution: { type: 'string' },
        scopes: { type: 'string' },
        jwks: { type: 'string' },
      },
    });
    if (!values.name || !values.institution || !values.scopes || !values.jwks) {
      console.error(USAGE);
      return 2;
    }
    return withDb(async ({ db }) => {
      const result = await createClientFromShell(db, {
        name: values.name,
        institutionCode: values.institution,
        scopes: values.scopes,
        jwksFile: values.jwks,
      });
      if ('error' in result) {
        console.error(result.error);
        return 1;
      }
      // The id alone on stdout, for scripts: CLIENT_ID=$(npm run -s yilian -- create-client …)
      console.error(`Registered system client ${values.name} at ${values.institution}:`);
      console.log(result.id);
      return 0;
    });
  }
  if (command === 'audit' && sub === 'verify') {
    const { values } = parseArgs({ args: argv.slice(2), options: { checkpoints: { type: 'string' } } });
    return withDb(({ db }) => auditVerifyCommand(db, loadConfig(), values.checkpoints));
  }
  if (command === 'audit' && sub === 'checkpoint')
    return withDb(({ db }) => auditCheckpointCommand(db, loadConfig()));
  if (command === 'generate') return generateCommand(argv.slice(1), withDb);
  if (command === 'backup' && sub) return withDb((d) => backupCommand(d, loadConfig(), sub));
  if (command === 'restore' && sub)
    return withDb((d) => restoreCommand(d, loadConfig(), sub, argv.includes('--yes')));
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
