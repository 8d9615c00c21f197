// Settings `tools.todo`: true (every model), false (none), or the models that get todo_write, by
// name with `*` wildcards (`claude-*`), matched against the model id without its provider prefix.
// Some models plan better without a checklist; this turns it off for them alone.

export function todoEnabled(setting: boolean | string[], model: string): boolean {
  if (typeof setting === "boolean") return setting;
  const name = model.toLowerCase();
  return setting.some((pattern) => {
    const body = pattern
      .toLowerCase()
      .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*");
    return new RegExp(`^${body}$`).test(name);
  });
}
