// The environment tool processes see: the user's, minus anything that looks like a credential
// (names containing KEY, SECRET, TOKEN, PASSWORD or CREDENTIAL, any case) and minus the API key
// agenix itself uses, whatever its name. `shell.env.passThrough` names variables to keep anyway.

const SENSITIVE_NAME = /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

export interface ToolEnvOptions {
  /** Variable names let through even though they look sensitive (settings shell.env.passThrough). */
  passThrough?: readonly string[];
  /** Values that must never reach a tool (the API key in use), whichever variable holds them. */
  secretValues?: readonly string[];
}

export function filterToolEnv(
  env: Record<string, string | undefined>,
  options: ToolEnvOptions = {},
): Record<string, string> {
  const keep = new Set(options.passThrough ?? []);
  const secrets = new Set((options.secretValues ?? []).filter((v) => v.length >= 8));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (secrets.has(value)) continue;
    if (SENSITIVE_NAME.test(name) && !keep.has(name)) continue;
    out[name] = value;
  }
  return out;
}
