// `npm start`: the demo host app, seeded on first run, printing how to sign in.
import { resolve } from 'node:path';
import { createDemoApp } from './app.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from './seed.ts';

const started = performance.now();
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? './data');
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

const { app, gatehouse } = await createDemoApp({
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  publicUrl,
  overrides: {
    mail: {
      // The demo sends no real mail: print what would be sent, with the code or link picked out
      // on a line of its own so it can be copied straight into the sign-in page or the browser.
      onMessage: (message) => {
        const code = message.kind === 'sign-in-code' ? /\b(\d{6})\b/.exec(message.text)?.[1] : undefined;
        const links = message.text.match(/https?:\/\/\S+/g) ?? [];
        console.log(`\n[mail to ${message.to}] ${message.subject}\n${message.text}`);
        if (code) console.log(`  >> sign-in code for ${message.to}: ${code}`);
        for (const link of links) console.log(`  >> link for ${message.to}: ${link}`);
        console.log('');
      },
    },
  },
});
const seeded = await seedDemo(gatehouse);

const server = app.listen(port, () => {
  const accounts = demoAccounts(gatehouse);
  const width = Math.max(...accounts.map((account) => account.email.length));
  console.log(`\nGatehouse demo ready in ${Math.round(performance.now() - started)} ms${seeded ? ' (seeded the demo data)' : ''}`);
  console.log(`  host app:   ${publicUrl}/`);
  console.log(`  panel:      ${publicUrl}/admin`);
  console.log(`  REST API:   ${publicUrl}/admin/api/v1/openapi.json`);
  console.log(`  data:       ${dataDir}`);
  console.log(`\nSign in with any of these (password ${DEMO_PASSWORD}):`);
  for (const account of accounts) console.log(`  ${account.email.padEnd(width)}  ${account.role} — ${account.organization}`);
  console.log('');
});

async function shutdown() {
  server.close();
  await gatehouse.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
