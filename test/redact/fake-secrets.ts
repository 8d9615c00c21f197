// Deterministic FAKE secrets in realistic formats (right prefixes, lengths and alphabets), each with the
// text it would appear in. `secret` is the part that must not survive redaction.

export interface FakeSecret {
  format: string;
  secret: string;
  /** The secret inside realistic surrounding text (a line of a file, a command, a header). */
  text: string;
  /** For structured tool arguments: the argument key that holds it, when it is a bare value. */
  argKey?: string;
}

import { prng } from "../support/prng.js";

export { prng };

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

type Gen = (pick: (alphabet: string, n: number) => string, r: () => number) => FakeSecret;

const GENERATORS: Gen[] = [
  (p) => {
    const s = `sk-${p(ALNUM, 48)}`;
    return { format: "openai-legacy", secret: s, text: `export OPENAI_API_KEY=${s}` };
  },
  (p) => {
    const s = `sk-proj-${p(B64URL, 64)}T3BlbkFJ${p(B64URL, 64)}`;
    return { format: "openai-project", secret: s, text: `my key is ${s}, can you check why it fails?` };
  },
  (p) => {
    const s = `sk-ant-api03-${p(B64URL, 93)}AA`;
    return { format: "anthropic", secret: s, text: `ANTHROPIC_API_KEY="${s}"` };
  },
  (p) => {
    const s = `sk-or-v1-${p(HEX, 64)}`;
    return {
      format: "openrouter",
      secret: s,
      text: `curl https://openrouter.ai/api/v1/models -H "X-Key: ${s}"`,
    };
  },
  (p, r) => {
    const prefix = ["ghp", "gho", "ghu", "ghs", "ghr"][Math.floor(r() * 5)];
    const s = `${prefix}_${p(ALNUM, 36)}`;
    return {
      format: "github-classic",
      secret: s,
      text: `git remote set-url origin https://${s}@github.com/acme/app.git`,
    };
  },
  (p) => {
    const s = `github_pat_${p(ALNUM, 22)}_${p(ALNUM, 59)}`;
    return { format: "github-fine-grained", secret: s, text: `GH_TOKEN=${s} gh pr list` };
  },
  (p) => {
    const s = `AKIA${p(`${UPPER}234567`, 16)}`;
    return { format: "aws-access-key-id", secret: s, text: `aws_access_key_id = ${s}` };
  },
  (p, r) => {
    const s = p(B64, 40);
    const forms = [
      `aws_secret_access_key = ${s}`,
      `AWS_SECRET_ACCESS_KEY=${s}`,
      `    "SecretAccessKey": "${s}",`,
    ];
    return { format: "aws-secret-key", secret: s, text: forms[Math.floor(r() * forms.length)]! };
  },
  (p) => {
    const s = `AIza${p(B64URL, 35)}`;
    return {
      format: "google-api-key",
      secret: s,
      text: `const url = "https://maps.googleapis.com/maps/api/geocode/json?key=${s}";`,
    };
  },
  (p) => {
    const s = `xoxb-${p(DIGITS, 12)}-${p(DIGITS, 13)}-${p(ALNUM, 24)}`;
    return { format: "slack-bot-token", secret: s, text: `SLACK_BOT_TOKEN: ${s}` };
  },
  (p) => {
    const s = `T${p(UPPER + DIGITS, 8)}/B${p(UPPER + DIGITS, 10)}/${p(ALNUM, 24)}`;
    return {
      format: "slack-webhook",
      secret: s,
      text: `curl -X POST -d '{"text":"deploy done"}' https://hooks.slack.com/services/${s}`,
    };
  },
  (p) => {
    const s = `hf_${p(ALNUM, 34)}`;
    return { format: "huggingface", secret: s, text: `huggingface-cli login --token ${s}` };
  },
  (p) => {
    const s = `sk_live_${p(ALNUM, 99)}`;
    return { format: "stripe", secret: s, text: `stripe.api_key = "${s}"` };
  },
  (p, r) => {
    const kind = ["RSA ", "EC ", "OPENSSH ", ""][Math.floor(r() * 4)];
    const lines = Array.from({ length: 6 }, () => p(B64, 64));
    const body = lines.join("\n");
    return {
      format: "private-key",
      secret: body,
      text: `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n${p(B64, 20)}==\n-----END ${kind}PRIVATE KEY-----`,
    };
  },
  (p) => {
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: p(DIGITS, 10), name: "Test User", iat: 1700000000 }),
    ).toString("base64url");
    const s = `${header}.${payload}.${p(B64URL, 43)}`;
    return { format: "jwt", secret: s, text: `session cookie: ${s}` };
  },
  (p) => {
    const s = p(`${ALNUM}._-`, 40);
    return {
      format: "bearer-token",
      secret: s,
      text: `> GET /v1/me HTTP/1.1\n> Authorization: Bearer ${s}\n> Accept: */*`,
    };
  },
  (p, r) => {
    const s = p(`${ALNUM}-_.~!*`, 16);
    const scheme = ["postgres", "mysql", "mongodb+srv", "redis", "https"][Math.floor(r() * 5)];
    return {
      format: "url-password",
      secret: s,
      text: `DATABASE_URL=${scheme}://app_user:${s}@db.internal:5432/app`,
    };
  },
  (p) => {
    const s = p(LOWER, 1) + p(`${ALNUM}!@#%^*-_`, 19);
    return { format: "env-password", secret: s, text: `DB_HOST=localhost\nDB_PASSWORD=${s}\nDB_PORT=5432` };
  },
  (p) => {
    const s = p(HEX, 32);
    return {
      format: "json-api-key",
      secret: s,
      text: `{\n  "api_key": "${s}",\n  "region": "eu-west-1"\n}`,
      argKey: "api_key",
    };
  },
  (p) => {
    const s = p(ALNUM, 32);
    return {
      format: "yaml-client-secret",
      secret: s,
      text: `oauth:\n  client_id: my-app\n  client_secret: ${s}\n`,
    };
  },
  (p) => {
    const s = `npm_${p(ALNUM, 36)}`;
    return { format: "npm-token", secret: s, text: `//registry.npmjs.org/:_authToken=${s}` };
  },
  (p) => {
    const s = `SG.${p(B64URL, 22)}.${p(B64URL, 43)}`;
    return { format: "sendgrid", secret: s, text: `SENDGRID_API_KEY=${s}` };
  },
  (p) => {
    const s = `glpat-${p(B64URL, 20)}`;
    return { format: "gitlab-pat", secret: s, text: `git clone https://oauth2:${s}@gitlab.com/acme/app.git` };
  },
  (p) => {
    const s = p(HEX, 40);
    return { format: "cli-token-flag", secret: s, text: `vercel deploy --prod --token ${s}` };
  },
  // Issue 8: header forms, URL query tokens, connection-string keys and password flags.
  (p) => {
    const s = `${p(ALNUM, 8)}${p(DIGITS, 2)}${p(ALNUM, 22)}`;
    return {
      format: "x-api-key-header",
      secret: s,
      text: `curl -sS https://api.acme.dev/v2/orders -H "x-api-key: ${s}" -H "Accept: application/json"`,
    };
  },
  (p) => {
    const s = `${p(HEX, 12)}-${p(HEX, 20)}`;
    return {
      format: "x-auth-token-header",
      secret: s,
      text: `< HTTP/1.1 200 OK\n< X-Auth-Token: ${s}\n< Content-Type: application/json`,
    };
  },
  (p) => {
    const s = `ya29.${p(B64URL, 6)}${p(DIGITS, 2)}${p(B64URL, 40)}`;
    return {
      format: "url-access-token",
      secret: s,
      text: `GET https://www.googleapis.com/drive/v3/files?pageSize=10&access_token=${s} HTTP/1.1`,
    };
  },
  (p) => {
    const s = `${p(HEX, 8)}${p(DIGITS, 2)}${p(HEX, 22)}`;
    return {
      format: "url-token-param",
      secret: s,
      text: `fetch("https://hooks.acme.dev/notify?channel=ops&token=${s}&retry=3")`,
    };
  },
  (p) => {
    const s = `${p(B64, 62)}${p(DIGITS, 2)}==`;
    return {
      format: "azure-account-key",
      secret: s,
      text: `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${s};EndpointSuffix=core.windows.net`,
    };
  },
  (p) => {
    const s = `${p(ALNUM, 10)}${p(DIGITS, 2)}`;
    return {
      format: "postgres-url-password",
      secret: s,
      text: `psql postgres://admin:${s}@db.acme.internal:5432/orders -c "select 1"`,
    };
  },
  (p) => {
    const s = `${p(ALNUM, 12)}${p(DIGITS, 2)}`;
    return { format: "mysql-p-flag", secret: s, text: `mysqldump -h db -u root -p${s} shop > shop.sql` };
  },
  (p) => {
    const s = `${p(ALNUM, 11)}${p(DIGITS, 2)}`;
    return {
      format: "sshpass-p-flag",
      secret: s,
      text: `sshpass -p '${s}' ssh -o StrictHostKeyChecking=no deploy@10.0.0.7`,
    };
  },
  (p) => {
    const s = `${p(ALNUM, 12)}${p(DIGITS, 2)}`;
    return {
      format: "pgpassword-env",
      secret: s,
      text: `PGPASSWORD=${s} pg_dump -h db -U app app > app.sql`,
    };
  },
  (p) => {
    const s = `${p(ALNUM, 12)}${p(DIGITS, 2)}`;
    return {
      format: "curl-user-password",
      secret: s,
      text: `curl -u admin:${s} https://ci.acme.dev/api/json`,
    };
  },
];

/** `count` fake secrets cycling through every format, generated from `seed`. */
export function fakeSecrets(count: number, seed = 1234): FakeSecret[] {
  const r = prng(seed);
  const pick = (alphabet: string, n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(r() * alphabet.length)];
    return out;
  };
  return Array.from({ length: count }, (_, i) => GENERATORS[i % GENERATORS.length]!(pick, r));
}

export const FORMAT_COUNT = GENERATORS.length;
