// The line added to a sandboxed command's failure when its output looks like the sandbox stopped
// it, so the model knows why and how to ask for more (the user is asked; nothing is bypassed).

const BLOCKED = [
  /read-only file system/i,
  /permission denied/i,
  /operation not permitted/i,
  /network is unreachable/i,
  /could not resolve host/i,
  /temporary failure in name resolution/i,
  /name or service not known/i,
  /getaddrinfo (EAI_AGAIN|ENOTFOUND)/i,
  /ENETUNREACH|EROFS|EACCES|ECONNREFUSED/,
];

export function sandboxHint(output: string, mode: string): string {
  if (!BLOCKED.some((pattern) => pattern.test(output))) return "";
  return (
    `\nThis command ran in the sandbox (${mode}): it can write only the working directory and the temp ` +
    "directory (not .git, .agenix or .claude), cannot read secret files and has no network except " +
    'the allowed domains. If it failed because of that, run it again with "sandbox": false; the user ' +
    "will be asked to approve it."
  );
}
